//! Inventories and their columns (items and cells: `inventory_items`).

use serde::Serialize;

use super::inventory_items::{InventoryCellsApi, InventoryItemsApi};
use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::error::Result;
use crate::models::{
    Inventory, InventoryAttributes, InventoryColumn, InventoryColumnAttributes, Named,
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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.inventories(1).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<InventoryAttributes> {
        self.c.list("list_inventories")
    }

    /// One inventory.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.inventories(1).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::InventoryId>) -> Result<Inventory> {
        let id: crate::ids::InventoryId = id.into();
        let id = id.as_str();
        self.c.get("get_inventory", id).await
    }

    /// Creates an inventory.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.inventories(1).create("Reagents").await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, name: &str) -> Result<Inventory> {
        self.c
            .create("create_inventory", &Named::new(name), Vec::new())
            .await
    }

    /// Updates an inventory's attributes.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.inventories(1).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::InventoryId>,
        attributes: &impl Serialize,
    ) -> Result<Inventory> {
        let id: crate::ids::InventoryId = id.into();
        let id = id.as_str();
        self.c.update("update_inventory", id, attributes).await
    }

    /// Deletes an inventory.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.inventories(1).delete("9").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, id: impl Into<crate::ids::InventoryId>) -> Result<()> {
        let id: crate::ids::InventoryId = id.into();
        let id = id.as_str();
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
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let api = client.inventories(1).columns("2");
    /// # let _ = api;
    /// # }
    /// ```
    pub fn columns(&self, inventory_id: impl Into<crate::ids::InventoryId>) -> InventoryColumnsApi {
        let inventory_id: crate::ids::InventoryId = inventory_id.into();
        let inventory_id = inventory_id.as_str();
        InventoryColumnsApi {
            c: self.sub(inventory_id, &[("columns", None)], "inventory_columns"),
        }
    }

    /// An inventory's items.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let api = client.inventories(1).items("2");
    /// # let _ = api;
    /// # }
    /// ```
    pub fn items(&self, inventory_id: impl Into<crate::ids::InventoryId>) -> InventoryItemsApi {
        let inventory_id: crate::ids::InventoryId = inventory_id.into();
        let inventory_id = inventory_id.as_str();
        InventoryItemsApi {
            c: self.sub(inventory_id, &[("items", None)], "inventory_items"),
        }
    }

    /// One item's cells.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let api = client.inventories(1).cells("2", "3");
    /// # let _ = api;
    /// # }
    /// ```
    pub fn cells(
        &self,
        inventory_id: impl Into<crate::ids::InventoryId>,
        item_id: impl Into<crate::ids::ItemId>,
    ) -> InventoryCellsApi {
        let inventory_id: crate::ids::InventoryId = inventory_id.into();
        let inventory_id = inventory_id.as_str();
        let item_id: crate::ids::ItemId = item_id.into();
        let item_id = item_id.as_str();
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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.inventories(1).columns("2").list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<InventoryColumnAttributes> {
        self.c.list("list_inventory_columns")
    }

    /// One column.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.inventories(1).columns("2").get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::ColumnId>) -> Result<InventoryColumn> {
        let id: crate::ids::ColumnId = id.into();
        let id = id.as_str();
        self.c.get("get_inventory_column", id).await
    }

    /// Creates a column of this data type (`text`, `number`, `list`, ...).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.inventories(1).columns("2").create("Location", "text").await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, name: &str, data_type: &str) -> Result<InventoryColumn> {
        let attrs = Named::new(name).with("data_type", data_type);
        self.c
            .create("create_inventory_column", &attrs, Vec::new())
            .await
    }

    /// Deletes a column.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.inventories(1).columns("2").delete("9").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, id: impl Into<crate::ids::ColumnId>) -> Result<()> {
        let id: crate::ids::ColumnId = id.into();
        let id = id.as_str();
        self.c.delete("delete_inventory_column", id).await
    }
}
