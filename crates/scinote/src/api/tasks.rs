//! Tasks, their results, protocols and protocol steps.

use serde::Serialize;

use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::error::Result;
use crate::models::{
    Named, NewTask, Protocol, ProtocolAttributes, ResultAttributes, Step, StepAttributes, Task,
    TaskAttributes, TaskResult,
};
use crate::pagination::List;

/// The path of a task collection or of one task's sub-collection.
fn task_path(ids: [&str; 3], task: Option<&str>, rest: &[(&str, Option<&str>)]) -> String {
    let [team, project, experiment] = ids;
    let mut parts = vec![
        ("teams", Some(team)),
        ("projects", Some(project)),
        ("experiments", Some(experiment)),
        ("tasks", task),
    ];
    parts.extend_from_slice(rest);
    api_path(&parts)
}

/// An experiment's tasks (`…/experiments/E/tasks`).
#[derive(Debug, Clone)]
pub struct TasksApi {
    pub(crate) c: Collection,
}

impl TasksApi {
    pub(crate) fn new(client: &SciNoteClient, ids: [&str; 3]) -> Self {
        Self {
            c: Collection::new(client, task_path(ids, None, &[]), "tasks"),
        }
    }

    /// Lists the tasks.
    pub fn list(&self) -> List<TaskAttributes> {
        self.c.list("list_tasks")
    }

    /// One task.
    pub async fn get(&self, id: &str) -> Result<Task> {
        self.c.get("get_task", id).await
    }

    /// Creates a task (a name and a canvas position are required).
    pub async fn create(&self, task: &NewTask) -> Result<Task> {
        self.c.create("create_task", task, Vec::new()).await
    }

    /// Updates a task's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<Task> {
        self.c.update("update_task", id, attributes).await
    }

    /// Moves a task to another workflow status (`my_module_status_id`).
    pub async fn set_status(&self, id: &str, status_id: &str) -> Result<Task> {
        self.update(id, &serde_json::json!({ "my_module_status_id": status_id }))
            .await
    }
}

/// A task's results (`…/tasks/K/results`).
#[derive(Debug, Clone)]
pub struct ResultsApi {
    pub(crate) c: Collection,
}

impl ResultsApi {
    pub(crate) fn new(client: &SciNoteClient, ids: [&str; 3], task: &str) -> Self {
        Self {
            c: Collection::new(
                client,
                task_path(ids, Some(task), &[("results", None)]),
                "results",
            ),
        }
    }

    /// Lists the results.
    pub fn list(&self) -> List<ResultAttributes> {
        self.c.list("list_results")
    }

    /// One result.
    pub async fn get(&self, id: &str) -> Result<TaskResult> {
        self.c.get("get_result", id).await
    }

    /// Creates a result.
    pub async fn create(&self, result: &Named) -> Result<TaskResult> {
        self.c.create("create_result", result, Vec::new()).await
    }

    /// Updates a result's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<TaskResult> {
        self.c.update("update_result", id, attributes).await
    }
}

/// A task's protocols (`…/tasks/K/protocols`).
#[derive(Debug, Clone)]
pub struct ProtocolsApi {
    client: SciNoteClient,
    ids: [String; 4],
    pub(crate) c: Collection,
}

impl ProtocolsApi {
    pub(crate) fn new(client: &SciNoteClient, ids: [&str; 3], task: &str) -> Self {
        Self {
            client: client.clone(),
            ids: [ids[0], ids[1], ids[2], task].map(str::to_owned),
            c: Collection::new(
                client,
                task_path(ids, Some(task), &[("protocols", None)]),
                "protocols",
            ),
        }
    }

    /// Lists the protocols.
    pub fn list(&self) -> List<ProtocolAttributes> {
        self.c.list("list_protocols")
    }

    /// One protocol.
    pub async fn get(&self, id: &str) -> Result<Protocol> {
        self.c.get("get_protocol", id).await
    }

    /// Updates a protocol's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<Protocol> {
        self.c.update("update_protocol", id, attributes).await
    }

    /// The steps of one protocol.
    pub fn steps(&self, protocol_id: impl Into<crate::ids::ProtocolId>) -> StepsApi {
        let protocol_id: crate::ids::ProtocolId = protocol_id.into();
        let protocol_id = protocol_id.as_str();
        let [t, p, e, k] = &self.ids;
        StepsApi {
            c: Collection::new(
                &self.client,
                task_path(
                    [t, p, e],
                    Some(k),
                    &[("protocols", Some(protocol_id)), ("steps", None)],
                ),
                "steps",
            ),
        }
    }
}

/// A protocol's steps (`…/protocols/{id}/steps`).
#[derive(Debug, Clone)]
pub struct StepsApi {
    pub(crate) c: Collection,
}

impl StepsApi {
    /// Lists the steps.
    pub fn list(&self) -> List<StepAttributes> {
        self.c.list("list_steps")
    }

    /// One step.
    pub async fn get(&self, id: &str) -> Result<Step> {
        self.c.get("get_step", id).await
    }

    /// Creates a step.
    pub async fn create(&self, step: &Named) -> Result<Step> {
        self.c.create("create_step", step, Vec::new()).await
    }

    /// Updates a step's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<Step> {
        self.c.update("update_step", id, attributes).await
    }

    /// Deletes a step.
    pub async fn delete(&self, id: &str) -> Result<()> {
        self.c.delete("delete_step", id).await
    }
}
