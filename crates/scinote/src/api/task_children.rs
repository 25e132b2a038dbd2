//! A task's activities, user assignments, inventory items, users, tags and
//! task assignments.

use crate::api::TasksApi;
use crate::api::resource::resource_api;
use crate::ids::{ItemId, TagId, TaskAssignmentId, TaskId, UserAssignmentId, UserId};
use crate::models::{
    ActivityAttributes, NewTaskAssignment, NewTaskItem, RoleChange, TagAttributes,
    TaskAssignmentAttributes, TaskItemAttributes, TaskItemChange, UserAssignmentAttributes,
    UserAttributes,
};
use crate::pagination::List;

resource_api!(
    /// A task's members and their roles (`…/tasks/K/user_assignments`;
    /// list, get, update).
    TaskUserAssignmentsApi {
        attributes: UserAssignmentAttributes,
        id: UserAssignmentId,
        op: "task_user_assignment",
        example: "client.tasks(1, 2, 3).user_assignments(4)",
        update: (RoleChange, "RoleChange::new(\"2\")"),
        methods: [list, get, update],
    }
);

resource_api!(
    /// The inventory items assigned to a task (`…/tasks/K/items`;
    /// `include=inventory_cells`).
    TaskItemsApi {
        attributes: TaskItemAttributes,
        id: ItemId,
        op: "task_item",
        example: "client.tasks(1, 2, 3).items(4)",
        create: (NewTaskItem, "NewTaskItem::new(\"12\")"),
        update: (TaskItemChange, "TaskItemChange::new().stock_consumption(\"1\")"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// The users working on a task (`…/tasks/K/users`, read-only).
    TaskUsersApi {
        attributes: UserAttributes,
        id: UserId,
        op: "task_user",
        example: "client.tasks(1, 2, 3).users(4)",
        methods: [list, get],
    }
);

resource_api!(
    /// A task's tags (`…/tasks/K/tags`, read-only).
    TaskTagsApi {
        attributes: TagAttributes,
        id: TagId,
        op: "task_tag",
        example: "client.tasks(1, 2, 3).tags(4)",
        methods: [list, get],
    }
);

resource_api!(
    /// Who is assigned to a task (`…/tasks/K/task_assignments`; list,
    /// create, delete).
    TaskAssignmentsApi {
        attributes: TaskAssignmentAttributes,
        id: TaskAssignmentId,
        op: "task_assignment",
        example: "client.tasks(1, 2, 3).task_assignments(4)",
        create: (NewTaskAssignment, "NewTaskAssignment::new(\"3\")"),
        methods: [list, create, delete],
    }
);

impl TasksApi {
    fn child(
        &self,
        task: impl Into<TaskId>,
        segment: &str,
        kind: &'static str,
    ) -> crate::api::Collection {
        let id: TaskId = task.into();
        self.c.child(id.as_str(), segment, kind)
    }

    /// A task's activities (`GET …/tasks/K/activities`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let recent = client.tasks(1, 2, 3).activities(4).send().await?;
    /// # let _ = recent; Ok(()) }
    /// ```
    pub fn activities(&self, task: impl Into<TaskId>) -> List<ActivityAttributes> {
        self.child(task, "activities", "activities")
            .list("list_task_activities")
    }

    /// A task's user assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let members = client.tasks(1, 2, 3).user_assignments(4).list().all().await?;
    /// # let _ = members; Ok(()) }
    /// ```
    pub fn user_assignments(&self, task: impl Into<TaskId>) -> TaskUserAssignmentsApi {
        TaskUserAssignmentsApi::from_collection(self.child(
            task,
            "user_assignments",
            "user_assignments",
        ))
    }

    /// A task's inventory items.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let items = client.tasks(1, 2, 3).items(4).list().all().await?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn items(&self, task: impl Into<TaskId>) -> TaskItemsApi {
        TaskItemsApi::from_collection(self.child(task, "items", "inventory_items"))
    }

    /// A task's users.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let users = client.tasks(1, 2, 3).users(4).list().all().await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub fn users(&self, task: impl Into<TaskId>) -> TaskUsersApi {
        TaskUsersApi::from_collection(self.child(task, "users", "users"))
    }

    /// A task's tags.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let tags = client.tasks(1, 2, 3).tags(4).list().all().await?;
    /// # let _ = tags; Ok(()) }
    /// ```
    pub fn tags(&self, task: impl Into<TaskId>) -> TaskTagsApi {
        TaskTagsApi::from_collection(self.child(task, "tags", "tags"))
    }

    /// A task's assignments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let assigned = client.tasks(1, 2, 3).task_assignments(4).list().all().await?;
    /// # let _ = assigned; Ok(()) }
    /// ```
    pub fn task_assignments(&self, task: impl Into<TaskId>) -> TaskAssignmentsApi {
        TaskAssignmentsApi::from_collection(self.child(
            task,
            "task_assignments",
            "task_assignments",
        ))
    }
}
