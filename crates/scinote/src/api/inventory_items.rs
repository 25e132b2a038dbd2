//! An inventory's items and their cells.

use serde::Serialize;
use serde_json::Value;

use crate::api::Collection;
use crate::error::Result;
use crate::jsonapi::{Document, IncludedResource};
use crate::models::{
    InventoryCell, InventoryCellAttributes, InventoryItem, InventoryItemAttributes, Named,
};
use crate::pagination::List;

/// An inventory's items (`…/inventories/I/items`).
#[derive(Debug, Clone)]
pub struct InventoryItemsApi {
    pub(crate) c: Collection,
}

impl InventoryItemsApi {
    /// Lists the items (`.include(&["inventory_cells"])` to get their cells).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.inventories(1).items("2").list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<InventoryItemAttributes> {
        self.c.list("list_inventory_items")
    }

    /// One item with its cells (`include=inventory_cells`).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.inventories(1).items("2").get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::ItemId>) -> Result<Document<InventoryItem>> {
        let id: crate::ids::ItemId = id.into();
        let id = id.as_str();
        self.c
            .get_document("get_inventory_item", id, &["inventory_cells"])
            .await
    }

    /// Creates an item with its cells (`(column id, value)` pairs), sent in
    /// the top-level `included` array as SciNote expects.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.inventories(1).items("2").create("Buffer", [("5".to_owned(), serde_json::json!("A1"))]).await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
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
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.inventories(1).items("2").update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::ItemId>,
        attributes: &impl Serialize,
    ) -> Result<InventoryItem> {
        let id: crate::ids::ItemId = id.into();
        let id = id.as_str();
        self.c.update("update_inventory_item", id, attributes).await
    }

    /// Deletes an item.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.inventories(1).items("2").delete("9").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, id: impl Into<crate::ids::ItemId>) -> Result<()> {
        let id: crate::ids::ItemId = id.into();
        let id = id.as_str();
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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.inventories(1).cells("2", "3").list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<InventoryCellAttributes> {
        self.c.list("list_inventory_cells")
    }

    /// One cell.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.inventories(1).cells("2", "3").get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::CellId>) -> Result<InventoryCell> {
        let id: crate::ids::CellId = id.into();
        let id = id.as_str();
        self.c.get("get_inventory_cell", id).await
    }

    /// Creates a cell in a column.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.inventories(1).cells("2", "3").create("5", serde_json::json!("A1")).await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        column_id: impl Into<crate::ids::ColumnId>,
        value: Value,
    ) -> Result<InventoryCell> {
        let column_id: crate::ids::ColumnId = column_id.into();
        let column_id = column_id.as_str();
        self.c
            .create(
                "create_inventory_cell",
                &serde_json::json!({ "column_id": column_id, "value": value }),
                Vec::new(),
            )
            .await
    }

    /// Changes a cell's value.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.inventories(1).cells("2", "3").update("9", serde_json::json!("B2")).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::CellId>,
        value: Value,
    ) -> Result<InventoryCell> {
        let id: crate::ids::CellId = id.into();
        let id = id.as_str();
        self.c
            .update(
                "update_inventory_cell",
                id,
                &serde_json::json!({ "value": value }),
            )
            .await
    }

    /// Deletes a cell.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.inventories(1).cells("2", "3").delete("9").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, id: impl Into<crate::ids::CellId>) -> Result<()> {
        let id: crate::ids::CellId = id.into();
        let id = id.as_str();
        self.c.delete("delete_inventory_cell", id).await
    }
}
