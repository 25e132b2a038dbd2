//! A project's activities, user assignments, comments and reports; an
//! experiment's user assignments, task groups and connections.

use crate::api::resource::resource_api;
use crate::api::{ExperimentsApi, ProjectsApi};
use crate::ids::{
    CommentId, ConnectionId, ExperimentId, ProjectId, ReportId, TaskGroupId, UserAssignmentId,
};
use crate::models::{
    ActivityAttributes, CommentAttributes, ConnectionAttributes, NewConnection, NewUserAssignment,
    ReportAttributes, RoleChange, TaskGroupAttributes, UserAssignmentAttributes,
};
use crate::pagination::List;

resource_api!(
    /// A project's members and their roles (`…/projects/P/users`);
    /// `include=user,user_role,assignable`.
    ProjectUserAssignmentsApi {
        attributes: UserAssignmentAttributes,
        id: UserAssignmentId,
        op: "project_user_assignment",
        example: "client.projects(1).user_assignments(2)",
        create: (NewUserAssignment, "NewUserAssignment::new(\"3\", \"1\")"),
        update: (RoleChange, "RoleChange::new(\"2\")"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A project's comments (`…/projects/P/comments`, read-only).
    CommentsApi {
        attributes: CommentAttributes,
        id: CommentId,
        op: "project_comment",
        example: "client.projects(1).comments(2)",
        methods: [list, get],
    }
);

resource_api!(
    /// A project's reports (`…/projects/P/reports`, read-only).
    ReportsApi {
        attributes: ReportAttributes,
        id: ReportId,
        op: "report",
        example: "client.projects(1).reports(2)",
        methods: [list, get],
    }
);

resource_api!(
    /// An experiment's members and their roles
    /// (`…/experiments/E/user_assignments`; list, get, update).
    ExperimentUserAssignmentsApi {
        attributes: UserAssignmentAttributes,
        id: UserAssignmentId,
        op: "experiment_user_assignment",
        example: "client.experiments(1, 2).user_assignments(3)",
        update: (RoleChange, "RoleChange::new(\"2\")"),
        methods: [list, get, update],
    }
);

resource_api!(
    /// An experiment's task groups (`…/experiments/E/task_groups`,
    /// read-only; `include=tasks`).
    TaskGroupsApi {
        attributes: TaskGroupAttributes,
        id: TaskGroupId,
        op: "task_group",
        example: "client.experiments(1, 2).task_groups(3)",
        methods: [list, get],
    }
);

resource_api!(
    /// The arrows between an experiment's tasks
    /// (`…/experiments/E/connections`; `include=from,to`).
    ConnectionsApi {
        attributes: ConnectionAttributes,
        id: ConnectionId,
        op: "connection",
        example: "client.experiments(1, 2).connections(3)",
        create: (NewConnection, "NewConnection::new(\"4\", \"5\")"),
        methods: [list, get, create, delete],
    }
);

impl ProjectsApi {
    /// A project's activities (`GET …/projects/P/activities`), newest first.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.projects(1).activities(2).send().await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub fn activities(&self, project: impl Into<ProjectId>) -> List<ActivityAttributes> {
        let id: ProjectId = project.into();
        self.c
            .child(id.as_str(), "activities", "activities")
            .list("list_project_activities")
    }

    /// A project's user assignments (`…/projects/P/users`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let members = client.projects(1).user_assignments(2).list().all().await?;
    /// # let _ = members; Ok(()) }
    /// ```
    pub fn user_assignments(&self, project: impl Into<ProjectId>) -> ProjectUserAssignmentsApi {
        let id: ProjectId = project.into();
        ProjectUserAssignmentsApi::from_collection(self.c.child(
            id.as_str(),
            "users",
            "user_assignments",
        ))
    }

    /// A project's comments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let comments = client.projects(1).comments(2).list().all().await?;
    /// # let _ = comments; Ok(()) }
    /// ```
    pub fn comments(&self, project: impl Into<ProjectId>) -> CommentsApi {
        let id: ProjectId = project.into();
        CommentsApi::from_collection(self.c.child(id.as_str(), "comments", "comments"))
    }

    /// A project's reports.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let reports = client.projects(1).reports(2).list().all().await?;
    /// # let _ = reports; Ok(()) }
    /// ```
    pub fn reports(&self, project: impl Into<ProjectId>) -> ReportsApi {
        let id: ProjectId = project.into();
        ReportsApi::from_collection(self.c.child(id.as_str(), "reports", "reports"))
    }
}

impl ExperimentsApi {
    /// An experiment's user assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let members = client.experiments(1, 2).user_assignments(3).list().all().await?;
    /// # let _ = members; Ok(()) }
    /// ```
    pub fn user_assignments(
        &self,
        experiment: impl Into<ExperimentId>,
    ) -> ExperimentUserAssignmentsApi {
        let id: ExperimentId = experiment.into();
        ExperimentUserAssignmentsApi::from_collection(self.c.child(
            id.as_str(),
            "user_assignments",
            "user_assignments",
        ))
    }

    /// An experiment's task groups.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let groups = client.experiments(1, 2).task_groups(3).list().include(&["tasks"]).all().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn task_groups(&self, experiment: impl Into<ExperimentId>) -> TaskGroupsApi {
        let id: ExperimentId = experiment.into();
        TaskGroupsApi::from_collection(self.c.child(id.as_str(), "task_groups", "task_groups"))
    }

    /// An experiment's task connections.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let arrows = client.experiments(1, 2).connections(3).list().all().await?;
    /// # let _ = arrows; Ok(()) }
    /// ```
    pub fn connections(&self, experiment: impl Into<ExperimentId>) -> ConnectionsApi {
        let id: ExperimentId = experiment.into();
        ConnectionsApi::from_collection(self.c.child(id.as_str(), "connections", "connections"))
    }
}
