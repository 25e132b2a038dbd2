//! Rust SDK for the [SciNote](https://www.scinote.net) electronic lab
//! notebook's API v1.
//!
//! - Authentication: the OAuth2 authorization-code flow (Doorkeeper). Build
//!   the authorize URL ([`SciNoteClient::authorize_request`]), let the user
//!   sign in and copy the code, exchange it
//!   ([`SciNoteClient::exchange_code`]). The access token (2 h) is refreshed
//!   ahead of expiry and once on a 401, one refresh at a time. SciNote
//!   **rotates** the refresh token on every refresh, so the new pair is saved
//!   to the token store (a 0600 file, replaced atomically, locked across
//!   processes) *before* the new access token is used. A refused refresh
//!   token is [`SciNoteError::is_reauthorization_required`], carrying the
//!   URL to send the user to. An `Api-Key` mode exists too.
//! - Resources: teams, projects, project folders, experiments, tasks,
//!   results, protocols and steps, inventories with columns, items and
//!   cells, users; all JSON:API ([`jsonapi`]) with string ids and
//!   `included` lookup. Listings are lazy `Stream`s following `links.next`.
//! - Errors: SciNote's `errors[]` become [`SciNoteError::JsonApi`]; a 429 is
//!   retried after waiting until its `RateLimit-Reset` (an absolute time).
//! - No secret (client secret, tokens, code, API key) is ever printed.
//!
//! # Quick start
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use scinote::SciNoteClient;
//!
//! # async fn run() -> scinote::Result<()> {
//! // SCINOTE_SERVER_URL, SCINOTE_CLIENT_ID, SCINOTE_CLIENT_SECRET.
//! let client = SciNoteClient::builder()
//!     .from_env()
//!     .token_file("scinote-tokens.json")
//!     .build()?;
//! if !client.has_stored_tokens().await? {
//!     let request = client.authorize_request()?;
//!     println!("Open {} and paste the code:", request.url());
//!     let mut code = String::new();
//!     std::io::stdin().read_line(&mut code).map_err(|e| auth_core::Error::InvalidInput(e.to_string()))?;
//!     client.exchange_code(code).await?;
//! }
//! let mut projects = client.projects("1").list().page_size(100).into_stream();
//! while let Some(project) = projects.try_next().await? {
//!     println!("{} {}", project.id, project.attributes.name.unwrap_or_default());
//! }
//! # Ok(()) }
//! ```

pub mod api;
pub mod auth;
mod client;
pub mod config;
pub mod error;
pub mod jsonapi;
pub mod models;
pub mod pagination;

pub use auth::{AuthorizeRequest, OOB_REDIRECT_URI};
pub use client::{SciNoteClient, SciNoteClientBuilder};
pub use error::{ApiErrorObject, Result, SciNoteError};

/// The shared foundation, re-exported so this crate is the only dependency
/// a user needs (secrets, clock, stores, policies).
pub use auth_core;
pub use auth_core::{
    ClientConfig, ErrorMetadata, FileStore, ManualClock, MemoryStore, PollPolicy, RefreshPolicy,
    TokenStore,
};

use api::{
    ExperimentsApi, InventoriesApi, ProjectFoldersApi, ProjectsApi, ProtocolsApi, ResultsApi,
    TasksApi, TeamsApi, UsersApi,
};

impl SciNoteClient {
    /// Teams.
    pub fn teams(&self) -> TeamsApi {
        TeamsApi::new(self)
    }

    /// A team's projects.
    pub fn projects(&self, team_id: &str) -> ProjectsApi {
        ProjectsApi::new(self, team_id)
    }

    /// A team's project folders.
    pub fn project_folders(&self, team_id: &str) -> ProjectFoldersApi {
        ProjectFoldersApi::new(self, team_id)
    }

    /// A project's experiments.
    pub fn experiments(&self, team_id: &str, project_id: &str) -> ExperimentsApi {
        ExperimentsApi::new(self, team_id, project_id)
    }

    /// An experiment's tasks.
    pub fn tasks(&self, team_id: &str, project_id: &str, experiment_id: &str) -> TasksApi {
        TasksApi::new(self, [team_id, project_id, experiment_id])
    }

    /// A task's results.
    pub fn results(
        &self,
        team_id: &str,
        project_id: &str,
        experiment_id: &str,
        task_id: &str,
    ) -> ResultsApi {
        ResultsApi::new(self, [team_id, project_id, experiment_id], task_id)
    }

    /// A task's protocols (and through them, their steps).
    pub fn protocols(
        &self,
        team_id: &str,
        project_id: &str,
        experiment_id: &str,
        task_id: &str,
    ) -> ProtocolsApi {
        ProtocolsApi::new(self, [team_id, project_id, experiment_id], task_id)
    }

    /// A team's inventories (and through them, columns, items and cells).
    pub fn inventories(&self, team_id: &str) -> InventoriesApi {
        InventoriesApi::new(self, team_id)
    }

    /// Users.
    pub fn users(&self) -> UsersApi {
        UsersApi::new(self)
    }
}
