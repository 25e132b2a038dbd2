//! API v2 (`/api/v2`, when the instance sets `CORE_API_V2_ENABLED`; check
//! with [`SciNoteClient::status`]): step elements, result elements,
//! inventory item relationships, team and user-group assignments. The
//! version is chosen per call: `client.v2()...` speaks v2, everything else
//! v1, on the same client, tokens and retries.

mod assignments;
mod elements;
mod inventory;
mod task;

pub use assignments::{
    GroupAssignmentsApi, ProjectGroupAssignmentsApi, ProjectTeamAssignmentsApi, TeamAssignmentsApi,
    V2Assignable, V2Project,
};
pub use elements::{
    FormResponsesApi, ResultElements, ResultTablesApi, ResultTextsApi, StepElements,
};
pub use inventory::{ChildRelationshipsApi, ParentRelationshipsApi, V2InventoryItem};
pub use task::{V2ResultsApi, V2StepsApi, V2Task};

use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::ids::{ExperimentId, InventoryId, ItemId, ProjectId, TaskId, TeamId};
use crate::models::UserGroupAttributes;
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
