//! Inventories, their columns, items and cells.

use serde::Serialize;
use serde_json::Value;

use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::error::Result;
use crate::jsonapi::{Document, IncludedResource};
use crate::models::{
    Inventory, InventoryAttributes, InventoryCell, InventoryCellAttributes, InventoryColumn,
    InventoryColumnAttributes, InventoryItem, InventoryItemAttributes, Named,
};
use crate::pagination::List;

/// A team's inventories (`/teams/T/inventories`).
#[derive(Debug, Clone)]
pub struct InventoriesApi {
    pub(crate) client: SciNoteClient,
    team: String,
    pub(crate) c: Collection,
}

impl InventoriesApi {
    pub(crate) fn new(client: &SciNoteClient, team_id: &str) -> Self {
        Self {
            client: client.clone(),
            team: team_id.to_owned(),
            c: Collection::new(
                client,
                api_path(&[("teams", Some(team_id)), ("inventories", None)]),
                "inventories",
            ),
        }
    }

    /// Lists the inventories.
    pub fn list(&self) -> List<InventoryAttributes> {
        self.c.list("list_inventories")
    }

    /// One inventory.
    pub async fn get(&self, id: &str) -> Result<Inventory> {
        self.c.get("get_inventory", id).await
    }

    /// Creates an inventory.
    pub async fn create(&self, name: &str) -> Result<Inventory> {
        self.c
            .create("create_inventory", &Named::new(name), Vec::new())
            .await
    }

    /// Updates an inventory's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<Inventory> {
        self.c.update("update_inventory", id, attributes).await
    }

    /// Deletes an inventory.
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.c.delete("delete_inventory", id).await
    }

    fn sub(
        &self,
        inventory: &str,
        rest: &[(&str, Option<&str>)],
        kind: &'static str,
    ) -> Collection {
        let mut parts = vec![
            ("teams", Some(self.team.as_str())),
            ("inventories", Some(inventory)),
        ];
        parts.extend_from_slice(rest);
        Collection::new(&self.client, api_path(&parts), kind)
    }

    /// An inventory's columns.
    pub fn columns(&self, inventory_id: &str) -> InventoryColumnsApi {
        InventoryColumnsApi {
            c: self.sub(inventory_id, &[("columns", None)], "inventory_columns"),
        }
    }

    /// An inventory's items.
    pub fn items(&self, inventory_id: &str) -> InventoryItemsApi {
        InventoryItemsApi {
            c: self.sub(inventory_id, &[("items", None)], "inventory_items"),
        }
    }

    /// One item's cells.
    pub fn cells(&self, inventory_id: &str, item_id: &str) -> InventoryCellsApi {
        InventoryCellsApi {
            c: self.sub(
                inventory_id,
                &[("items", Some(item_id)), ("cells", None)],
                "inventory_cells",
            ),
        }
    }
}

/// An inventory's columns (`…/inventories/I/columns`).
#[derive(Debug, Clone)]
pub struct InventoryColumnsApi {
    pub(crate) c: Collection,
}

impl InventoryColumnsApi {
    /// Lists the columns.
    pub fn list(&self) -> List<InventoryColumnAttributes> {
        self.c.list("list_inventory_columns")
    }

    /// One column.
    pub async fn get(&self, id: &str) -> Result<InventoryColumn> {
        self.c.get("get_inventory_column", id).await
    }

    /// Creates a column of this data type (`text`, `number`, `list`, ...).
    pub async fn create(&self, name: &str, data_type: &str) -> Result<InventoryColumn> {
        let attrs = Named::new(name).with("data_type", data_type);
        self.c
            .create("create_inventory_column", &attrs, Vec::new())
            .await
    }

    /// Deletes a column.
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.c.delete("delete_inventory_column", id).await
    }
}

/// An inventory's items (`…/inventories/I/items`).
#[derive(Debug, Clone)]
pub struct InventoryItemsApi {
    pub(crate) c: Collection,
}

impl InventoryItemsApi {
    /// Lists the items (`.include(&["inventory_cells"])` to get their cells).
    pub fn list(&self) -> List<InventoryItemAttributes> {
        self.c.list("list_inventory_items")
    }

    /// One item with its cells (`include=inventory_cells`).
    pub async fn get(&self, id: &str) -> Result<Document<InventoryItem>> {
        self.c
            .get_document("get_inventory_item", id, &["inventory_cells"])
            .await
    }

    /// Creates an item with its cells (`(column id, value)` pairs), sent in
    /// the top-level `included` array as SciNote expects.
    pub async fn create(
        &self,
        name: &str,
        cells: impl IntoIterator<Item = (String, Value)>,
    ) -> Result<InventoryItem> {
        let included = cells
            .into_iter()
            .map(|(column_id, value)| {
                IncludedResource::new(
                    "inventory_cells",
                    serde_json::json!({ "column_id": column_id, "value": value }),
                )
            })
            .collect();
        self.c
            .create("create_inventory_item", &Named::new(name), included)
            .await
    }

    /// Updates an item's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<InventoryItem> {
        self.c.update("update_inventory_item", id, attributes).await
    }

    /// Deletes an item.
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.c.delete("delete_inventory_item", id).await
    }
}

/// An item's cells (`…/items/{item}/cells`).
#[derive(Debug, Clone)]
pub struct InventoryCellsApi {
    pub(crate) c: Collection,
}

impl InventoryCellsApi {
    /// Lists the cells.
    pub fn list(&self) -> List<InventoryCellAttributes> {
        self.c.list("list_inventory_cells")
    }

    /// One cell.
    pub async fn get(&self, id: &str) -> Result<InventoryCell> {
        self.c.get("get_inventory_cell", id).await
    }

    /// Creates a cell in a column.
    pub async fn create(&self, column_id: &str, value: Value) -> Result<InventoryCell> {
        self.c
            .create(
                "create_inventory_cell",
                &serde_json::json!({ "column_id": column_id, "value": value }),
                Vec::new(),
            )
            .await
    }

    /// Changes a cell's value.
    pub async fn update(&self, id: &str, value: Value) -> Result<InventoryCell> {
        self.c
            .update(
                "update_inventory_cell",
                id,
                &serde_json::json!({ "value": value }),
            )
            .await
    }

    /// Deletes a cell.
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.c.delete("delete_inventory_cell", id).await
    }
}
