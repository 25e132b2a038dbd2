//! Inventory item relationships in v2: an item's parents and children.

use super::Scope;
use crate::api::resource::resource_api;
use crate::ids::RelationshipId;
use crate::models::{NewChildRelationship, NewParentRelationship, RelationshipAttributes};

/// An inventory item in v2: its parents and children.
#[derive(Debug, Clone)]
pub struct V2InventoryItem {
    pub(super) path: Scope,
}

impl V2InventoryItem {
    /// The item's children (`…/items/I/child_relationships`; `include=child`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewChildRelationship;
    /// let link = client.v2().inventory_item(1, 2, 3).children().create(&NewChildRelationship::new("4")).await?;
    /// # let _ = link; Ok(()) }
    /// ```
    pub fn children(&self) -> ChildRelationshipsApi {
        ChildRelationshipsApi::from_collection(
            self.path
                .collection("child_relationships", "inventory_item_relationships"),
        )
    }

    /// The item's parents (`…/items/I/parent_relationships`; `include=parent`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let parents = client.v2().inventory_item(1, 2, 3).parents().list().all().await?;
    /// # let _ = parents; Ok(()) }
    /// ```
    pub fn parents(&self) -> ParentRelationshipsApi {
        ParentRelationshipsApi::from_collection(
            self.path
                .collection("parent_relationships", "inventory_item_relationships"),
        )
    }
}

resource_api!(
    /// An item's child relationships (v2).
    ChildRelationshipsApi {
        attributes: RelationshipAttributes,
        id: RelationshipId,
        op: "child_relationship",
        example: "client.v2().inventory_item(1, 2, 3).children()",
        create: (NewChildRelationship, "NewChildRelationship::new(\"4\")"),
        methods: [list, get, create, delete],
    }
);

resource_api!(
    /// An item's parent relationships (v2).
    ParentRelationshipsApi {
        attributes: RelationshipAttributes,
        id: RelationshipId,
        op: "parent_relationship",
        example: "client.v2().inventory_item(1, 2, 3).parents()",
        create: (NewParentRelationship, "NewParentRelationship::new(\"4\")"),
        methods: [list, get, create, delete],
    }
);
