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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.tasks(1, 2, 3).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<TaskAttributes> {
        self.c.list("list_tasks")
    }

    /// One task.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.tasks(1, 2, 3).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::TaskId>) -> Result<Task> {
        let id: crate::ids::TaskId = id.into();
        let id = id.as_str();
        self.c.get("get_task", id).await
    }

    /// Creates a task (a name and a canvas position are required).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.tasks(1, 2, 3).create(&scinote::models::NewTask::new("Prep", 0, 0)).await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, task: &NewTask) -> Result<Task> {
        self.c.create("create_task", task, Vec::new()).await
    }

    /// Updates a task's attributes.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.tasks(1, 2, 3).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::TaskId>,
        attributes: &impl Serialize,
    ) -> Result<Task> {
        let id: crate::ids::TaskId = id.into();
        let id = id.as_str();
        self.c.update("update_task", id, attributes).await
    }

    /// Moves a task to another workflow status (`my_module_status_id`).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when the task does not exist, 400 for an unknown status.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let task = client.tasks(1, 2, 3).set_status("9", "2").await?;
    /// # let _ = task;
    /// # Ok(()) }
    /// ```
    pub async fn set_status(
        &self,
        id: impl Into<crate::ids::TaskId>,
        status_id: &str,
    ) -> Result<Task> {
        let id: crate::ids::TaskId = id.into();
        let id = id.as_str();
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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.results(1, 2, 3, 4).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<ResultAttributes> {
        self.c.list("list_results")
    }

    /// One result.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.results(1, 2, 3, 4).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::ResultId>) -> Result<TaskResult> {
        let id: crate::ids::ResultId = id.into();
        let id = id.as_str();
        self.c.get("get_result", id).await
    }

    /// Creates a result.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.results(1, 2, 3, 4).create(&scinote::models::Named::new("Yield")).await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, result: &Named) -> Result<TaskResult> {
        self.c.create("create_result", result, Vec::new()).await
    }

    /// Updates a result's attributes.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.results(1, 2, 3, 4).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::ResultId>,
        attributes: &impl Serialize,
    ) -> Result<TaskResult> {
        let id: crate::ids::ResultId = id.into();
        let id = id.as_str();
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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.protocols(1, 2, 3, 4).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<ProtocolAttributes> {
        self.c.list("list_protocols")
    }

    /// One protocol.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.protocols(1, 2, 3, 4).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::ProtocolId>) -> Result<Protocol> {
        let id: crate::ids::ProtocolId = id.into();
        let id = id.as_str();
        self.c.get("get_protocol", id).await
    }

    /// Updates a protocol's attributes.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.protocols(1, 2, 3, 4).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::ProtocolId>,
        attributes: &impl Serialize,
    ) -> Result<Protocol> {
        let id: crate::ids::ProtocolId = id.into();
        let id = id.as_str();
        self.c.update("update_protocol", id, attributes).await
    }

    /// The steps of one protocol.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let api = client.protocols(1, 2, 3, 4).steps("2");
    /// # let _ = api;
    /// # }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.protocols(1, 2, 3, 4).steps(5).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<StepAttributes> {
        self.c.list("list_steps")
    }

    /// One step.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.protocols(1, 2, 3, 4).steps(5).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::StepId>) -> Result<Step> {
        let id: crate::ids::StepId = id.into();
        let id = id.as_str();
        self.c.get("get_step", id).await
    }

    /// Creates a step.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.protocols(1, 2, 3, 4).steps(5).create(&scinote::models::Named::new("Mix")).await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, step: &Named) -> Result<Step> {
        self.c.create("create_step", step, Vec::new()).await
    }

    /// Updates a step's attributes.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.protocols(1, 2, 3, 4).steps(5).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::StepId>,
        attributes: &impl Serialize,
    ) -> Result<Step> {
        let id: crate::ids::StepId = id.into();
        let id = id.as_str();
        self.c.update("update_step", id, attributes).await
    }

    /// Deletes a step.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.protocols(1, 2, 3, 4).steps(5).delete("9").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, id: impl Into<crate::ids::StepId>) -> Result<()> {
        let id: crate::ids::StepId = id.into();
        let id = id.as_str();
        self.c.delete("delete_step", id).await
    }
}
