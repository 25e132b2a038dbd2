//! User-group and team assignments in v2: full CRUD on a project, list
//! and role changes on an experiment or task.

use super::Scope;
use crate::api::resource::resource_api;
use crate::ids::{TeamAssignmentId, UserGroupAssignmentId};
use crate::models::{AssignmentAttributes, NewTeamAssignment, NewUserGroupAssignment, RoleChange};

/// A project in v2: assignments with creation and deletion.
#[derive(Debug, Clone)]
pub struct V2Project {
    pub(super) path: Scope,
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
    pub(super) path: Scope,
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
