//! Experiments.

use serde::Serialize;

use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::error::Result;
use crate::models::{Experiment, ExperimentAttributes, NewExperiment};
use crate::pagination::List;

/// A project's experiments (`/teams/T/projects/P/experiments`).
#[derive(Debug, Clone)]
pub struct ExperimentsApi {
    pub(crate) c: Collection,
}

impl ExperimentsApi {
    pub(crate) fn new(client: &SciNoteClient, team_id: &str, project_id: &str) -> Self {
        Self {
            c: Collection::new(
                client,
                api_path(&[
                    ("teams", Some(team_id)),
                    ("projects", Some(project_id)),
                    ("experiments", None),
                ]),
                "experiments",
            ),
        }
    }

    /// Lists the experiments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.experiments(1, 2).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<ExperimentAttributes> {
        self.c.list("list_experiments")
    }

    /// One experiment.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.experiments(1, 2).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::ExperimentId>) -> Result<Experiment> {
        let id: crate::ids::ExperimentId = id.into();
        let id = id.as_str();
        self.c.get("get_experiment", id).await
    }

    /// Creates an experiment.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.experiments(1, 2).create(&scinote::models::NewExperiment::new("Run 1")).await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, experiment: &NewExperiment) -> Result<Experiment> {
        self.c
            .create("create_experiment", experiment, Vec::new())
            .await
    }

    /// Updates an experiment's attributes.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.experiments(1, 2).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::ExperimentId>,
        attributes: &impl Serialize,
    ) -> Result<Experiment> {
        let id: crate::ids::ExperimentId = id.into();
        let id = id.as_str();
        self.c.update("update_experiment", id, attributes).await
    }
}
