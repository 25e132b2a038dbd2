//! Inventory column options (list, checklist, status, stock-unit items),
//! protocol templates, user identities, user roles, workflows and their
//! statuses.

use crate::api::resource::resource_api;
use crate::api::{Collection, InventoriesApi, TeamsApi, UsersApi, api_path};
use crate::client::SciNoteClient;
use crate::ids::{
    ColumnId, ColumnItemId, IdentityId, InventoryId, ProtocolTemplateId, TeamId, UserId, WorkflowId,
};
use crate::models::{
    ColumnItemAttributes, IdentityAttributes, NewColumnItem, NewIdentity, NewStatusItem,
    ProtocolTemplateAttributes, UserRoleAttributes, WorkflowAttributes, WorkflowStatusAttributes,
};
use crate::pagination::List;

resource_api!(
    /// The options of an inventory list, checklist or stock column
    /// (`…/columns/C/list_items`, `checklist_items`, `stock_unit_items`).
    ColumnItemsApi {
        attributes: ColumnItemAttributes,
        id: ColumnItemId,
        op: "column_item",
        example: "client.inventories(1).column_items(2, 3)",
        create: (NewColumnItem, "NewColumnItem::new(\"Freezer A\")"),
        update: (NewColumnItem, "NewColumnItem::new(\"Freezer B\")"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// The options of an inventory status column (`…/columns/C/status_items`).
    StatusItemsApi {
        attributes: ColumnItemAttributes,
        id: ColumnItemId,
        op: "status_item",
        example: "client.inventories(1).status_items(2, 3)",
        create: (NewStatusItem, "NewStatusItem::new(\"In use\", \"🟢\")"),
        update: (NewStatusItem, "NewStatusItem::new(\"Empty\", \"🔴\")"),
        methods: [list, get, create, update, delete],
    }
);

/// Which options of a column: the column's data type decides which one
/// SciNote accepts (others answer 400).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnItemKind {
    /// `list_items` of a list column (`RepositoryListValue`).
    List,
    /// `checklist_items` of a checklist column (`RepositoryChecklistValue`).
    Checklist,
    /// `stock_unit_items` of a stock column (`RepositoryStockValue`).
    StockUnit,
}

impl ColumnItemKind {
    fn segment(self) -> (&'static str, &'static str) {
        match self {
            Self::List => ("list_items", "inventory_list_items"),
            Self::Checklist => ("checklist_items", "inventory_checklist_items"),
            Self::StockUnit => ("stock_unit_items", "inventory_stock_unit_items"),
        }
    }
}

impl InventoriesApi {
    fn column(
        &self,
        inventory: InventoryId,
        column: ColumnId,
        segment: &str,
        kind: &'static str,
    ) -> Collection {
        self.columns(inventory.as_str())
            .c
            .child(column.as_str(), segment, kind)
    }

    /// The list options of a list column; see [`column_items_of`](Self::column_items_of)
    /// for checklist and stock-unit options.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let options = client.inventories(1).column_items(2, 3).list().all().await?;
    /// # let _ = options; Ok(()) }
    /// ```
    pub fn column_items(
        &self,
        inventory: impl Into<InventoryId>,
        column: impl Into<ColumnId>,
    ) -> ColumnItemsApi {
        self.column_items_of(inventory, column, ColumnItemKind::List)
    }

    /// The options of one kind of a column.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::api::ColumnItemKind;
    /// let units = client.inventories(1).column_items_of(2, 3, ColumnItemKind::StockUnit).list().all().await?;
    /// # let _ = units; Ok(()) }
    /// ```
    pub fn column_items_of(
        &self,
        inventory: impl Into<InventoryId>,
        column: impl Into<ColumnId>,
        kind: ColumnItemKind,
    ) -> ColumnItemsApi {
        let (segment, kind) = kind.segment();
        ColumnItemsApi::from_collection(self.column(inventory.into(), column.into(), segment, kind))
    }

    /// The status options of a status column.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let statuses = client.inventories(1).status_items(2, 3).list().all().await?;
    /// # let _ = statuses; Ok(()) }
    /// ```
    pub fn status_items(
        &self,
        inventory: impl Into<InventoryId>,
        column: impl Into<ColumnId>,
    ) -> StatusItemsApi {
        StatusItemsApi::from_collection(self.column(
            inventory.into(),
            column.into(),
            "status_items",
            "inventory_status_items",
        ))
    }
}

resource_api!(
    /// A team's protocol templates (`/teams/T/protocol_templates`, read-only).
    ProtocolTemplatesApi {
        attributes: ProtocolTemplateAttributes,
        id: ProtocolTemplateId,
        op: "protocol_template",
        example: "client.teams().protocol_templates(1)",
        methods: [list, get],
    }
);

impl TeamsApi {
    /// A team's protocol templates.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let templates = client.teams().protocol_templates(1).list().all().await?;
    /// # let _ = templates; Ok(()) }
    /// ```
    pub fn protocol_templates(&self, team: impl Into<TeamId>) -> ProtocolTemplatesApi {
        let id: TeamId = team.into();
        ProtocolTemplatesApi::from_collection(self.c.child(
            id.as_str(),
            "protocol_templates",
            "protocol_templates",
        ))
    }
}

resource_api!(
    /// A user's identities at external providers (`/users/U/identities`).
    IdentitiesApi {
        attributes: IdentityAttributes,
        id: IdentityId,
        op: "user_identity",
        example: "client.users().identities(1)",
        create: (NewIdentity, "NewIdentity::new(\"okta\", \"ann@example.com\")"),
        update: (NewIdentity, "NewIdentity::new(\"okta\", \"ann.smith@example.com\")"),
        methods: [list, get, create, update, delete],
    }
);

impl UsersApi {
    /// A user's identities.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let identities = client.users().identities(1).list().all().await?;
    /// # let _ = identities; Ok(()) }
    /// ```
    pub fn identities(&self, user: impl Into<UserId>) -> IdentitiesApi {
        let id: UserId = user.into();
        IdentitiesApi::from_collection(
            Collection::new(&self.client, api_path(&[("users", None)]), "users").child(
                id.as_str(),
                "identities",
                "user_identities",
            ),
        )
    }
}

resource_api!(
    /// Task-status workflows (`/workflows`, read-only).
    WorkflowsApi {
        attributes: WorkflowAttributes,
        id: WorkflowId,
        op: "workflow",
        example: "client.workflows()",
        methods: [list, get],
    }
);

impl WorkflowsApi {
    /// A workflow's statuses (`/workflows/W/statuses`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let statuses = client.workflows().statuses(1).all().await?;
    /// # let _ = statuses; Ok(()) }
    /// ```
    pub fn statuses(&self, workflow: impl Into<WorkflowId>) -> List<WorkflowStatusAttributes> {
        let id: WorkflowId = workflow.into();
        self.c
            .child(id.as_str(), "statuses", "workflow_statuses")
            .list("list_workflow_statuses")
    }
}

impl SciNoteClient {
    /// The user roles (`/user_roles`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let roles = client.user_roles().all().await?;
    /// # let _ = roles; Ok(()) }
    /// ```
    pub fn user_roles(&self) -> List<UserRoleAttributes> {
        Collection::new(self, api_path(&[("user_roles", None)]), "user_roles")
            .list("list_user_roles")
    }

    /// Task-status workflows.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let workflows = client.workflows().list().all().await?;
    /// # let _ = workflows; Ok(()) }
    /// ```
    pub fn workflows(&self) -> WorkflowsApi {
        WorkflowsApi::from_collection(Collection::new(
            self,
            api_path(&[("workflows", None)]),
            "workflows",
        ))
    }
}
