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
    pub fn list(&self) -> List<ExperimentAttributes> {
        self.c.list("list_experiments")
    }

    /// One experiment.
    pub async fn get(&self, id: &str) -> Result<Experiment> {
        self.c.get("get_experiment", id).await
    }

    /// Creates an experiment.
    pub async fn create(&self, experiment: &NewExperiment) -> Result<Experiment> {
        self.c
            .create("create_experiment", experiment, Vec::new())
            .await
    }

    /// Updates an experiment's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<Experiment> {
        self.c.update("update_experiment", id, attributes).await
    }
}
