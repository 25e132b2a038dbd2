//! API v2 (`/api/v2`, when the instance sets `CORE_API_V2_ENABLED`; check
//! with [`SciNoteClient::status`]): step elements, result elements,
//! inventory item relationships, team and user-group assignments. The
//! version is chosen per call: `client.v2()...` speaks v2, everything else
//! v1, on the same client, tokens and retries.

use crate::api::resource::resource_api;
use crate::api::step_elements::{AttachmentsApi, ChecklistsApi, StepTextsApi, TablesApi};
use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::ids::{
    ChecklistId, ExperimentId, FormResponseId, InventoryId, ItemId, ProjectId, ProtocolId,
    RelationshipId, ResultId, StepId, TableId, TaskId, TeamAssignmentId, TeamId, TextId,
    UserGroupAssignmentId,
};
use crate::models::{
    AssignmentAttributes, FormResponseAttributes, NewChildRelationship, NewParentRelationship,
    NewResult, NewStep, NewTable, NewTeamAssignment, NewText, NewUserGroupAssignment,
    RelationshipAttributes, ResultAttributes, ResultTableAttributes, ResultTextAttributes,
    RoleChange, StepAttributes, StepChange, TableChange, UserGroupAttributes,
};
use crate::pagination::List;

/// The root of API v2, relative to the server URL.
pub(crate) const API_V2_ROOT: &str = "api/v2";

fn v2_path(parts: &[(&str, Option<&str>)]) -> String {
    let v1 = api_path(parts);
    format!(
        "{API_V2_ROOT}{}",
        v1.strip_prefix(crate::api::API_ROOT).unwrap_or(&v1)
    )
}

/// API v2 on this client.
#[derive(Debug, Clone)]
pub struct V2Api {
    client: SciNoteClient,
}

impl SciNoteClient {
    /// API v2 (`/api/v2`): the same client, tokens and retries; only the
    /// calls made through this handle use v2.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// if client.status().await?.supports("v2") {
    ///     let texts = client.v2().task(1, 2, 3, 4).step_elements(5, 6).texts().list().all().await?;
    ///     # let _ = texts;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn v2(&self) -> V2Api {
        V2Api {
            client: self.clone(),
        }
    }
}

impl V2Api {
    /// One task: its results, steps and their elements, assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let results = client.v2().task(1, 2, 3, 4).results().list().all().await?;
    /// # let _ = results; Ok(()) }
    /// ```
    pub fn task(
        &self,
        team: impl Into<TeamId>,
        project: impl Into<ProjectId>,
        experiment: impl Into<ExperimentId>,
        task: impl Into<TaskId>,
    ) -> V2Task {
        let (t, p, e, k) = (team.into(), project.into(), experiment.into(), task.into());
        V2Task {
            client: self.client.clone(),
            path: v2_path(&[
                ("teams", Some(t.as_str())),
                ("projects", Some(p.as_str())),
                ("experiments", Some(e.as_str())),
                ("tasks", Some(k.as_str())),
            ]),
        }
    }

    /// A project's user-group and team assignments (full CRUD).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let groups = client.v2().project(1, 2).user_group_assignments().list().all().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn project(&self, team: impl Into<TeamId>, project: impl Into<ProjectId>) -> V2Project {
        let (t, p) = (team.into(), project.into());
        V2Project {
            path: Scope::new(
                &self.client,
                v2_path(&[("teams", Some(t.as_str())), ("projects", Some(p.as_str()))]),
            ),
        }
    }

    /// An experiment's user-group and team assignments (list, get, update).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let teams = client.v2().experiment(1, 2, 3).team_assignments().list().all().await?;
    /// # let _ = teams; Ok(()) }
    /// ```
    pub fn experiment(
        &self,
        team: impl Into<TeamId>,
        project: impl Into<ProjectId>,
        experiment: impl Into<ExperimentId>,
    ) -> V2Assignable {
        let (t, p, e) = (team.into(), project.into(), experiment.into());
        V2Assignable {
            path: Scope::new(
                &self.client,
                v2_path(&[
                    ("teams", Some(t.as_str())),
                    ("projects", Some(p.as_str())),
                    ("experiments", Some(e.as_str())),
                ]),
            ),
        }
    }

    /// An inventory item's parent and child relationships.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let children = client.v2().inventory_item(1, 2, 3).children().list().all().await?;
    /// # let _ = children; Ok(()) }
    /// ```
    pub fn inventory_item(
        &self,
        team: impl Into<TeamId>,
        inventory: impl Into<InventoryId>,
        item: impl Into<ItemId>,
    ) -> V2InventoryItem {
        let (t, i, it) = (team.into(), inventory.into(), item.into());
        V2InventoryItem {
            path: Scope::new(
                &self.client,
                v2_path(&[
                    ("teams", Some(t.as_str())),
                    ("inventories", Some(i.as_str())),
                    ("items", Some(it.as_str())),
                ]),
            ),
        }
    }

    /// A team's user groups (`/api/v2/teams/T/user_groups`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let groups = client.v2().user_groups(1).all().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn user_groups(&self, team: impl Into<TeamId>) -> List<UserGroupAttributes> {
        let t: TeamId = team.into();
        Collection::new(
            &self.client,
            v2_path(&[("teams", Some(t.as_str())), ("user_groups", None)]),
            "user_groups",
        )
        .list("list_user_groups")
    }
}

/// A path prefix plus the client, to hang collections on.
#[derive(Debug, Clone)]
struct Scope {
    client: SciNoteClient,
    path: String,
}

impl Scope {
    fn new(client: &SciNoteClient, path: String) -> Self {
        Self {
            client: client.clone(),
            path,
        }
    }

    fn collection(&self, segment: &str, kind: &'static str) -> Collection {
        Collection::new(&self.client, format!("{}/{segment}", self.path), kind)
    }
}

/// A task in API v2.
#[derive(Debug, Clone)]
pub struct V2Task {
    client: SciNoteClient,
    path: String,
}

impl V2Task {
    fn scope(&self) -> Scope {
        Scope::new(&self.client, self.path.clone())
    }

    /// The task's results (with `archived` and deletion in v2).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewResult;
    /// let result = client.v2().task(1, 2, 3, 4).results().create(&NewResult::new("Yield")).await?;
    /// # let _ = result; Ok(()) }
    /// ```
    pub fn results(&self) -> V2ResultsApi {
        V2ResultsApi::from_collection(self.scope().collection("results", "results"))
    }

    /// One result's elements: texts, tables, attachments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let texts = client.v2().task(1, 2, 3, 4).result_elements(5).texts().list().all().await?;
    /// # let _ = texts; Ok(()) }
    /// ```
    pub fn result_elements(&self, result: impl Into<ResultId>) -> ResultElements {
        let r: ResultId = result.into();
        ResultElements {
            scope: Scope::new(
                &self.client,
                format!(
                    "{}/results/{}",
                    self.path,
                    auth_core::http::encode_segment(r.as_str())
                ),
            ),
        }
    }

    /// A protocol's steps (v2 steps can be skipped and deleted).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let steps = client.v2().task(1, 2, 3, 4).steps(5).list().all().await?;
    /// # let _ = steps; Ok(()) }
    /// ```
    pub fn steps(&self, protocol: impl Into<ProtocolId>) -> V2StepsApi {
        let p: ProtocolId = protocol.into();
        V2StepsApi::from_collection(Collection::new(
            &self.client,
            format!(
                "{}/protocols/{}/steps",
                self.path,
                auth_core::http::encode_segment(p.as_str())
            ),
            "steps",
        ))
    }

    /// One step's elements: texts, tables, checklists, attachments, form
    /// responses.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let lists = client.v2().task(1, 2, 3, 4).step_elements(5, 6).checklists().list().all().await?;
    /// # let _ = lists; Ok(()) }
    /// ```
    pub fn step_elements(
        &self,
        protocol: impl Into<ProtocolId>,
        step: impl Into<StepId>,
    ) -> StepElements {
        let (p, s): (ProtocolId, StepId) = (protocol.into(), step.into());
        StepElements {
            scope: Scope::new(
                &self.client,
                format!(
                    "{}/protocols/{}/steps/{}",
                    self.path,
                    auth_core::http::encode_segment(p.as_str()),
                    auth_core::http::encode_segment(s.as_str())
                ),
            ),
        }
    }

    /// The task's user-group and team assignments (list, get, update).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let groups = client.v2().task(1, 2, 3, 4).assignments().user_group_assignments().list().all().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn assignments(&self) -> V2Assignable {
        V2Assignable { path: self.scope() }
    }
}

resource_api!(
    /// A task's results in v2 (`…/tasks/K/results`; `include=comments,
    /// result_texts,tables,assets`).
    V2ResultsApi {
        attributes: ResultAttributes,
        id: ResultId,
        op: "v2_result",
        example: "client.v2().task(1, 2, 3, 4).results()",
        create: (NewResult, "NewResult::new(\"Yield\")"),
        update: (NewResult, "NewResult::new(\"Yield\").archived(true)"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A protocol's steps in v2 (`include=tables,assets,checklists,
    /// checklists.checklist_items,comments,user,form_responses`).
    V2StepsApi {
        attributes: StepAttributes,
        id: StepId,
        op: "v2_step",
        example: "client.v2().task(1, 2, 3, 4).steps(5)",
        create: (NewStep, "NewStep::new(\"Mix\")"),
        update: (StepChange, "StepChange::new().completed(true)"),
        methods: [list, get, create, update, delete],
    }
);

/// A result's elements (v2).
#[derive(Debug, Clone)]
pub struct ResultElements {
    scope: Scope,
}

impl ResultElements {
    /// The result's texts.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewText;
    /// let text = client.v2().task(1, 2, 3, 4).result_elements(5).texts().create(&NewText::new("<p>ok</p>")).await?;
    /// # let _ = text; Ok(()) }
    /// ```
    pub fn texts(&self) -> ResultTextsApi {
        ResultTextsApi::from_collection(self.scope.collection("texts", "result_texts"))
    }

    /// The result's tables.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let tables = client.v2().task(1, 2, 3, 4).result_elements(5).tables().list().all().await?;
    /// # let _ = tables; Ok(()) }
    /// ```
    pub fn tables(&self) -> ResultTablesApi {
        ResultTablesApi::from_collection(self.scope.collection("tables", "tables"))
    }

    /// The result's attachments (upload, download, delete).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::api::Upload;
    /// let file = client.v2().task(1, 2, 3, 4).result_elements(5).attachments().upload(Upload::file("gel.png")).await?;
    /// # let _ = file; Ok(()) }
    /// ```
    pub fn attachments(&self) -> AttachmentsApi {
        AttachmentsApi::from_collection(self.scope.collection("attachments", "attachments"))
    }
}

resource_api!(
    /// A result's texts (v2, `result_texts`).
    ResultTextsApi {
        attributes: ResultTextAttributes,
        id: TextId,
        op: "v2_result_text",
        example: "client.v2().task(1, 2, 3, 4).result_elements(5).texts()",
        create: (NewText, "NewText::new(\"<p>ok</p>\")"),
        update: (NewText, "NewText::new(\"<p>fine</p>\")"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A result's tables (v2, `tables`).
    ResultTablesApi {
        attributes: ResultTableAttributes,
        id: TableId,
        op: "v2_result_table",
        example: "client.v2().task(1, 2, 3, 4).result_elements(5).tables()",
        create: (NewTable, "NewTable::new(\"Plate\", r#\"{\"data\":[[\"1\"]]}\"#)"),
        update: (TableChange, "TableChange::new().name(\"Plate 2\")"),
        methods: [list, get, create, update, delete],
    }
);

/// A step's elements (v2).
#[derive(Debug, Clone)]
pub struct StepElements {
    scope: Scope,
}

impl StepElements {
    /// The step's texts (`…/steps/S/texts`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewText;
    /// let text = client.v2().task(1, 2, 3, 4).step_elements(5, 6).texts().create(&NewText::new("<p>Mix</p>").name("Notes")).await?;
    /// # let _ = text; Ok(()) }
    /// ```
    pub fn texts(&self) -> StepTextsApi {
        StepTextsApi::from_collection(self.scope.collection("texts", "step_texts"))
    }

    /// The step's tables.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let tables = client.v2().task(1, 2, 3, 4).step_elements(5, 6).tables().list().all().await?;
    /// # let _ = tables; Ok(()) }
    /// ```
    pub fn tables(&self) -> TablesApi {
        TablesApi::from_collection(self.scope.collection("tables", "tables"))
    }

    /// The step's checklists (and through them, their items).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let items = client.v2().task(1, 2, 3, 4).step_elements(5, 6).checklists().items(7).list().all().await?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn checklists(&self) -> ChecklistsApi {
        ChecklistsApi::from_collection(self.scope.collection("checklists", "checklists"))
    }

    /// The items of one checklist (`…/checklists/C/checklist_items`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let items = client.v2().task(1, 2, 3, 4).step_elements(5, 6).checklist_items(7).list().all().await?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn checklist_items(
        &self,
        checklist: impl Into<ChecklistId>,
    ) -> crate::api::step_elements::ChecklistItemsApi {
        let c: ChecklistId = checklist.into();
        crate::api::step_elements::ChecklistItemsApi::from_collection(
            self.scope.collection("checklists", "checklists").child(
                c.as_str(),
                "checklist_items",
                "checklist_items",
            ),
        )
    }

    /// The step's attachments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let files = client.v2().task(1, 2, 3, 4).step_elements(5, 6).attachments().list().all().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub fn attachments(&self) -> AttachmentsApi {
        AttachmentsApi::from_collection(self.scope.collection("attachments", "attachments"))
    }

    /// The step's form responses (read-only; `include=form_field_values,
    /// form_field_values.form_field`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let forms = client.v2().task(1, 2, 3, 4).step_elements(5, 6).form_responses().list().all().await?;
    /// # let _ = forms; Ok(()) }
    /// ```
    pub fn form_responses(&self) -> FormResponsesApi {
        FormResponsesApi::from_collection(self.scope.collection("form_responses", "form_responses"))
    }
}

resource_api!(
    /// A step's form responses (v2, read-only).
    FormResponsesApi {
        attributes: FormResponseAttributes,
        id: FormResponseId,
        op: "form_response",
        example: "client.v2().task(1, 2, 3, 4).step_elements(5, 6).form_responses()",
        methods: [list, get],
    }
);

/// A project in v2: assignments with creation and deletion.
#[derive(Debug, Clone)]
pub struct V2Project {
    path: Scope,
}

impl V2Project {
    /// The project's user-group assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewUserGroupAssignment;
    /// let a = client.v2().project(1, 2).user_group_assignments().create(&NewUserGroupAssignment::new("6", "2")).await?;
    /// # let _ = a; Ok(()) }
    /// ```
    pub fn user_group_assignments(&self) -> ProjectGroupAssignmentsApi {
        ProjectGroupAssignmentsApi::from_collection(
            self.path
                .collection("user_group_assignments", "user_group_assignments"),
        )
    }

    /// The project's team assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let teams = client.v2().project(1, 2).team_assignments().list().all().await?;
    /// # let _ = teams; Ok(()) }
    /// ```
    pub fn team_assignments(&self) -> ProjectTeamAssignmentsApi {
        ProjectTeamAssignmentsApi::from_collection(
            self.path.collection("team_assignments", "team_assignments"),
        )
    }
}

resource_api!(
    /// A project's user-group assignments (v2).
    ProjectGroupAssignmentsApi {
        attributes: AssignmentAttributes,
        id: UserGroupAssignmentId,
        op: "project_user_group_assignment",
        example: "client.v2().project(1, 2).user_group_assignments()",
        create: (NewUserGroupAssignment, "NewUserGroupAssignment::new(\"6\", \"2\")"),
        update: (RoleChange, "RoleChange::new(\"3\")"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A project's team assignments (v2).
    ProjectTeamAssignmentsApi {
        attributes: AssignmentAttributes,
        id: TeamAssignmentId,
        op: "project_team_assignment",
        example: "client.v2().project(1, 2).team_assignments()",
        create: (NewTeamAssignment, "NewTeamAssignment::new(\"2\")"),
        update: (RoleChange, "RoleChange::new(\"3\")"),
        methods: [list, get, create, update, delete],
    }
);

/// An experiment or task in v2: assignments are listed and their roles
/// changed (they follow the project's).
#[derive(Debug, Clone)]
pub struct V2Assignable {
    path: Scope,
}

impl V2Assignable {
    /// The user-group assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let groups = client.v2().experiment(1, 2, 3).user_group_assignments().list().all().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn user_group_assignments(&self) -> GroupAssignmentsApi {
        GroupAssignmentsApi::from_collection(
            self.path
                .collection("user_group_assignments", "user_group_assignments"),
        )
    }

    /// The team assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let teams = client.v2().experiment(1, 2, 3).team_assignments().list().all().await?;
    /// # let _ = teams; Ok(()) }
    /// ```
    pub fn team_assignments(&self) -> TeamAssignmentsApi {
        TeamAssignmentsApi::from_collection(
            self.path.collection("team_assignments", "team_assignments"),
        )
    }
}

resource_api!(
    /// An experiment's or task's user-group assignments (v2; list, get, update).
    GroupAssignmentsApi {
        attributes: AssignmentAttributes,
        id: UserGroupAssignmentId,
        op: "user_group_assignment",
        example: "client.v2().experiment(1, 2, 3).user_group_assignments()",
        update: (RoleChange, "RoleChange::new(\"3\")"),
        methods: [list, get, update],
    }
);

resource_api!(
    /// An experiment's or task's team assignments (v2; list, get, update).
    TeamAssignmentsApi {
        attributes: AssignmentAttributes,
        id: TeamAssignmentId,
        op: "team_assignment",
        example: "client.v2().experiment(1, 2, 3).team_assignments()",
        update: (RoleChange, "RoleChange::new(\"3\")"),
        methods: [list, get, update],
    }
);

/// An inventory item in v2: its parents and children.
#[derive(Debug, Clone)]
pub struct V2InventoryItem {
    path: Scope,
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
