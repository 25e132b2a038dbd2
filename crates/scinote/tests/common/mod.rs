//! Shared set-up of the route tests: an API-key client on the mock and a
//! project → experiment → task → protocol chain.

#![allow(dead_code, unreachable_pub)]

use std::path::Path;
use std::sync::Arc;

use auth_core::ManualClock;
use mock_servers::scinote::{API_KEY, CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use scinote::api::{ResultsApi, StepsApi};
use scinote::models::{NewExperiment, NewProject, NewTask};
use scinote::{SciNoteClient, SciNoteClientBuilder, SciNoteError};

pub fn client(mock: &SciNoteMock) -> SciNoteClient {
    SciNoteClient::builder()
        .server_url(mock.uri())
        .api_key(API_KEY)
        .build()
        .expect("valid config")
}

/// The ids of a fresh chain under team 1.
pub struct Chain {
    pub project: String,
    pub experiment: String,
    pub task: String,
    pub protocol: String,
}

impl Chain {
    /// The mock's collection path under the task (`.../tasks/K/{rest}`).
    pub fn task_path(&self, rest: &str) -> String {
        format!(
            "teams/1/projects/{}/experiments/{}/tasks/{}/{rest}",
            self.project, self.experiment, self.task
        )
    }
}

/// The set-up most route tests start from: a mock, an API-key client on it,
/// and a fresh chain.
pub async fn setup() -> (SciNoteMock, SciNoteClient, Chain) {
    let mock = SciNoteMock::start().await;
    let client = client(&mock);
    let chain = chain(&client).await;
    (mock, client, chain)
}

impl Chain {
    /// The steps of the chain's protocol, through `client`.
    pub fn steps(&self, client: &SciNoteClient) -> StepsApi {
        client
            .protocols(1, &self.project, &self.experiment, &self.task)
            .steps(&self.protocol)
    }

    /// The results of the chain's task, through `client`.
    pub fn results(&self, client: &SciNoteClient) -> ResultsApi {
        client.results(1, &self.project, &self.experiment, &self.task)
    }
}

pub async fn chain(client: &SciNoteClient) -> Chain {
    let project = client
        .projects(1)
        .create(&NewProject::new("Assay"))
        .await
        .expect("project")
        .id;
    let experiment = client
        .experiments(1, &project)
        .create(&NewExperiment::new("Run 1"))
        .await
        .expect("experiment")
        .id;
    let task = client
        .tasks(1, &project, &experiment)
        .create(&NewTask::new("Prep", 0, 0))
        .await
        .expect("task")
        .id;
    let protocol = client
        .protocols(1, &project, &experiment, &task)
        .list()
        .all()
        .await
        .expect("protocols")[0]
        .id
        .clone();
    Chain {
        project,
        experiment,
        task,
        protocol,
    }
}

/// Asserts a JSON:API error with this status and an `errors[]` entry
/// whose detail contains `detail`.
pub fn assert_api_error<T: std::fmt::Debug>(
    result: Result<T, SciNoteError>,
    status: u16,
    detail: &str,
) {
    match result {
        Err(SciNoteError::JsonApi {
            status: s, errors, ..
        }) => {
            assert_eq!(s.as_u16(), status, "{errors:?}");
            assert!(
                errors
                    .iter()
                    .any(|e| e.detail.as_deref().unwrap_or_default().contains(detail)
                        && e.title.is_some()
                        && e.id.is_some()),
                "no error with `{detail}` in {errors:?}"
            );
        }
        other => panic!("expected HTTP {status}, got {other:?}"),
    }
}

/// The id of a seeded user role by name.
pub async fn role(client: &SciNoteClient, name: &str) -> String {
    client
        .user_roles()
        .all()
        .await
        .expect("roles")
        .into_iter()
        .find(|r| r.attributes.name.as_deref() == Some(name))
        .map(|r| r.id)
        .expect("seeded role")
}

/// An OAuth client on the mock keeping its tokens in `file`.
pub fn oauth_client(mock: &SciNoteMock, file: &Path, clock: &ManualClock) -> SciNoteClient {
    oauth_builder(mock)
        .token_file(file)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid config")
}

/// The refresh tokens stored in a token file.
pub fn stored_refresh_tokens(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v["tokens"]
        .as_object()
        .map(|m| {
            m.values()
                .filter_map(|t| t["refresh_token"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A builder for the mock's OAuth application.
pub fn oauth_builder(mock: &SciNoteMock) -> SciNoteClientBuilder {
    SciNoteClient::builder()
        .server_url(mock.uri())
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
}
