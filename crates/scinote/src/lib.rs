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
//! - Resources: every v1 route of SciNote's `config/routes.rb` — teams,
//!   projects (activities, user assignments, comments, reports), project
//!   folders, experiments (user assignments, task groups, connections),
//!   tasks (activities, user assignments, inventory items, users, tags,
//!   task assignments), results (text and file results), protocols, steps
//!   (attachments, checklists and their items, tables, texts), inventories
//!   (columns with list/checklist/status/stock-unit options, items, cells),
//!   protocol templates, users and their identities, user roles, workflows
//!   and their statuses. All JSON:API ([`jsonapi`]) with typed ids
//!   ([`ids`]), typed attributes ([`models`]) and `included` lookup.
//!   Listings are lazy `Stream`s following `links.next`.
//! - Files: uploads stream from disk or a reader as multipart, never read
//!   whole, with progress ([`api::Upload`]); downloads come in bounded
//!   ranges ([`SciNoteClient::download`]).
//! - API v2 on the same client ([`SciNoteClient::v2`]): step and result
//!   elements, inventory item relationships, team and user-group
//!   assignments; [`SciNoteClient::status`] tells which versions are on.
//! - Anything else: [`SciNoteClient::request`], a raw JSON:API request with
//!   the same auth, retries and paging.
//! - Tokens users already have: the official example's `settings.json` and
//!   bare refresh tokens ([`legacy`]); [`SciNoteClient::revoke`] at logout.
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
//!
//! # Testing your code
//!
//! Test the code you build on this crate against the local mock servers of
//! the [`mock-servers`](https://docs.rs/mock-servers) crate (a
//! dev-dependency: `cargo add --dev mock-servers`): they listen on
//! 127.0.0.1 and need no network or real credentials. Start `mock_servers::scinote::SciNoteMock`, build the client with `.server_url(mock.uri())` and the mock's `CLIENT_ID` / `CLIENT_SECRET`, and exchange `mock.issue_code()`. See the
//! `mock-servers` crate docs for a complete example per service.

pub mod api;
pub mod auth;
mod client;
pub mod config;
pub mod error;
pub mod ids;
pub mod jsonapi;
pub mod legacy;
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

use ids::{ExperimentId, ProjectId, TaskId, TeamId};

impl SciNoteClient {
    /// Teams.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let teams = client.teams().list().all().await?;
    /// # let _ = teams; Ok(()) }
    /// ```
    pub fn teams(&self) -> TeamsApi {
        TeamsApi::new(self)
    }

    /// A team's projects (and through them, activities, user assignments,
    /// comments, reports).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let projects = client.projects(1).list().all().await?;
    /// # let _ = projects; Ok(()) }
    /// ```
    pub fn projects(&self, team_id: impl Into<TeamId>) -> ProjectsApi {
        ProjectsApi::new(self, team_id.into().as_str())
    }

    /// A team's project folders.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let folders = client.project_folders(1).list().all().await?;
    /// # let _ = folders; Ok(()) }
    /// ```
    pub fn project_folders(&self, team_id: impl Into<TeamId>) -> ProjectFoldersApi {
        ProjectFoldersApi::new(self, team_id.into().as_str())
    }

    /// A project's experiments (and through them, user assignments, task
    /// groups, connections).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let experiments = client.experiments(1, 2).list().all().await?;
    /// # let _ = experiments; Ok(()) }
    /// ```
    pub fn experiments(
        &self,
        team_id: impl Into<TeamId>,
        project_id: impl Into<ProjectId>,
    ) -> ExperimentsApi {
        ExperimentsApi::new(self, team_id.into().as_str(), project_id.into().as_str())
    }

    /// An experiment's tasks (and through them, activities, items, users,
    /// tags, assignments).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let tasks = client.tasks(1, 2, 3).list().all().await?;
    /// # let _ = tasks; Ok(()) }
    /// ```
    pub fn tasks(
        &self,
        team_id: impl Into<TeamId>,
        project_id: impl Into<ProjectId>,
        experiment_id: impl Into<ExperimentId>,
    ) -> TasksApi {
        let (t, p, e) = (team_id.into(), project_id.into(), experiment_id.into());
        TasksApi::new(self, [t.as_str(), p.as_str(), e.as_str()])
    }

    /// A task's results.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let results = client.results(1, 2, 3, 4).list().all().await?;
    /// # let _ = results; Ok(()) }
    /// ```
    pub fn results(
        &self,
        team_id: impl Into<TeamId>,
        project_id: impl Into<ProjectId>,
        experiment_id: impl Into<ExperimentId>,
        task_id: impl Into<TaskId>,
    ) -> ResultsApi {
        let (t, p, e, k) = (
            team_id.into(),
            project_id.into(),
            experiment_id.into(),
            task_id.into(),
        );
        ResultsApi::new(self, [t.as_str(), p.as_str(), e.as_str()], k.as_str())
    }

    /// A task's protocols (and through them, their steps and step elements).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let protocols = client.protocols(1, 2, 3, 4).list().all().await?;
    /// # let _ = protocols; Ok(()) }
    /// ```
    pub fn protocols(
        &self,
        team_id: impl Into<TeamId>,
        project_id: impl Into<ProjectId>,
        experiment_id: impl Into<ExperimentId>,
        task_id: impl Into<TaskId>,
    ) -> ProtocolsApi {
        let (t, p, e, k) = (
            team_id.into(),
            project_id.into(),
            experiment_id.into(),
            task_id.into(),
        );
        ProtocolsApi::new(self, [t.as_str(), p.as_str(), e.as_str()], k.as_str())
    }

    /// A team's inventories (and through them, columns and their options,
    /// items and cells).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let inventories = client.inventories(1).list().all().await?;
    /// # let _ = inventories; Ok(()) }
    /// ```
    pub fn inventories(&self, team_id: impl Into<TeamId>) -> InventoriesApi {
        InventoriesApi::new(self, team_id.into().as_str())
    }

    /// Users (and through them, identities).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let me = client.users().get("1").await?;
    /// # let _ = me; Ok(()) }
    /// ```
    pub fn users(&self) -> UsersApi {
        UsersApi::new(self)
    }
}
