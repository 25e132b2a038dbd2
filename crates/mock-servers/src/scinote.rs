//! A stateful mock of the SciNote ELN API.
//!
//! - `POST /oauth/token`: the `authorization_code` grant (codes from
//!   [`SciNoteMock::issue_code`], single use) and the `refresh_token` grant.
//!   Refresh tokens rotate: a used one answers 400 `invalid_grant`, like a
//!   Doorkeeper server that revoked it. Answers carry `created_at`.
//! - `POST /oauth/revoke` (RFC 7009).
//! - `/api/health`, `/api/status` (no auth; lists `v2` once
//!   [`SciNoteMock::enable_v2`] is called).
//! - `/api/v1/...` and `/api/v2/...`: every JSON:API collection of
//!   SciNote's routes (the table in `scinote/routes.rs`: the writes each
//!   route allows, required attributes, permitted `include=` values) with
//!   `links.next` paging honouring `page[size]` (capped at 100) and
//!   `page[number]`, `filter[attr]=v`, creation (`data.type` checked),
//!   updates (`data.id` checked) and deletion; `include=` resolved into
//!   `included`; 404 and 400 answered with JSON:API `errors[]`. Creations
//!   add an activity to the task or project above.
//! - Files (`scinote/files.rs`): multipart uploads of step and result
//!   attachments and v1 file results, stored with their SHA-256
//!   ([`SciNoteMock::uploaded_files`]) and served at `/files/{id}` with
//!   `Range` support.
//! - `Authorization: Bearer` (tokens from the token endpoint, until expiry or
//!   [`SciNoteMock::revoke_access_tokens`]) or `Api-Key` ([`API_KEY`]).
//! - Fault injection: [`SciNoteMock::push_faults`], [`SciNoteMock::throttle_until`].

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::harness::{Shared, route_all, start_server};

mod files;
mod resources;
mod routes;

mod create;
mod dispatch;
mod includes;
mod json;
mod oauth;
mod store;
use files::StoredFile;
pub use files::UploadedFile;
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

/// The OAuth client id the mock accepts.
pub const CLIENT_ID: &str = "scinote-demo-client";
/// The OAuth client secret the mock accepts.
pub const CLIENT_SECRET: &str = "scinote-demo-secret-4q9z7";
/// The API key the mock accepts (`Api-Key` header).
pub const API_KEY: &str = "scinote-demo-api-key-x81m";

/// Called with (access token, the refresh token issued with it) on every
/// API request made with a valid bearer token.
pub type TokenObserver = Arc<dyn Fn(&str, &str) + Send + Sync>;

struct AccessInfo {
    expires_at: u64,
    refresh: String,
}

struct State {
    /// The server's own URL, for `links` (wiremock's request URL has no port).
    base: String,
    token_lifetime: u64,
    clock_offset: u64,
    codes: HashSet<String>,
    access: HashMap<String, AccessInfo>,
    live_refresh: HashSet<String>,
    /// Collection path (`teams/1/projects`) → resources in creation order.
    collections: BTreeMap<String, Vec<Value>>,
    faults: VecDeque<ResponseTemplate>,
    throttle_until: Option<u64>,
    observer: Option<TokenObserver>,
    token_requests: u64,
    refreshes: u64,
    api_requests: u64,
    unauthorized: u64,
    next_id: u64,
    /// Uploaded files by id.
    files: HashMap<String, StoredFile>,
    file_downloads: u64,
    revocations: u64,
    v2_enabled: bool,
}

/// A running SciNote mock. Dropping it stops the server.
pub struct SciNoteMock {
    server: MockServer,
    state: Shared<State>,
}

impl SciNoteMock {
    /// Starts the mock on a free port of 127.0.0.1, with team `1` ("Lab")
    /// holding user `1`.
    pub async fn start() -> Self {
        let server = start_server().await;
        let state = Shared::new(State {
            base: server.uri(),
            token_lifetime: 7200,
            clock_offset: 0,
            codes: HashSet::new(),
            access: HashMap::new(),
            live_refresh: HashSet::new(),
            collections: BTreeMap::new(),
            faults: VecDeque::new(),
            throttle_until: None,
            observer: None,
            token_requests: 0,
            refreshes: 0,
            api_requests: 0,
            unauthorized: 0,
            next_id: 0,
            files: HashMap::new(),
            file_downloads: 0,
            revocations: 0,
            v2_enabled: false,
        });
        {
            let mut s = state.lock();
            s.collections.insert("teams".into(), Vec::new());
            s.collections.insert("users".into(), Vec::new());
            s.collections.insert("user_roles".into(), Vec::new());
            s.collections.insert("workflows".into(), Vec::new());
            s.create(
                "teams",
                "teams",
                json!({"name": "Lab", "description": "The lab"}),
            );
            let user = s.create(
                "users",
                "users",
                json!({"full_name": "Ann Smith", "initials": "AS", "email": "ann@example.com"}),
            );
            s.collections
                .entry("teams/1/users".into())
                .or_default()
                .push(user);
            for (name, permissions) in [
                ("Owner", json!(["project_manage", "task_manage"])),
                ("Normal user", json!(["task_manage"])),
                ("Viewer", json!(["project_read"])),
            ] {
                s.create(
                    "user_roles",
                    "user_roles",
                    json!({"name": name, "permissions": permissions}),
                );
            }
            let workflow = s.create(
                "workflows",
                "workflows",
                json!({"name": "Default", "description": "Task statuses", "visibility": "all"}),
            );
            let statuses = format!("workflows/{}/statuses", id_of(&workflow));
            let mut previous = Value::Null;
            for (name, color) in [
                ("Not started", "#406d86"),
                ("In progress", "#0065ff"),
                ("Completed", "#00b900"),
            ] {
                let st = s.create(
                    &statuses,
                    "workflow_statuses",
                    json!({"name": name, "color": color, "previous_status_id": previous}),
                );
                previous = Value::String(id_of(&st));
            }
        }
        route_all(&server, dispatch::Api(state.clone())).await;
        Self { server, state }
    }

    /// The server URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Issues an authorization code, as SciNote shows after the user
    /// authorizes the app.
    pub fn issue_code(&self) -> String {
        let mut s = self.state();
        s.next_id += 1;
        let code = format!(
            "code-{:08x}",
            0x9e37_u64.wrapping_mul(s.next_id) ^ 0x5ca1ab1e
        );
        s.codes.insert(code.clone());
        code
    }

    /// Sets the lifetime of access tokens issued from now on (seconds).
    pub fn set_token_lifetime(&self, secs: u64) {
        self.state().token_lifetime = secs;
    }

    /// Moves the mock's clock forward (its `created_at` and token expiry),
    /// to follow a test's manual clock.
    pub fn advance_clock(&self, secs: u64) {
        self.state().clock_offset += secs;
    }

    /// Revokes every access token: they get 401 "Token is invalid" from now on.
    pub fn revoke_access_tokens(&self) {
        self.state().access.clear();
    }

    /// Calls `observer` on every API request made with a valid bearer token.
    pub fn observe_tokens(&self, observer: TokenObserver) {
        self.state().observer = Some(observer);
    }

    /// Answers the next API calls (not token requests) with these responses.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = ResponseTemplate>) {
        self.state().faults.extend(faults);
    }

    /// Answers API calls with 429 (`Throttled\n`, `RateLimit-Reset: reset`)
    /// while the mock's clock is before `reset` (epoch seconds), and the
    /// next call in any case.
    pub fn throttle_until(&self, reset: u64) {
        self.state().throttle_until = Some(reset);
    }

    /// A plain-text 429 like Rack::Attack's, resetting at `reset` (epoch s).
    pub fn throttled(reset: u64) -> ResponseTemplate {
        ResponseTemplate::new(429)
            .insert_header("content-type", "text/plain")
            .insert_header("RateLimit-Limit", "1000")
            .insert_header("RateLimit-Remaining", "0")
            .insert_header("RateLimit-Reset", reset.to_string().as_str())
            .set_body_string("Throttled\n")
    }

    /// Adds a team; returns its id.
    pub fn seed_team(&self, name: &str) -> String {
        let mut s = self.state();
        let team = s.create("teams", "teams", json!({"name": name}));
        id_of(&team)
    }

    /// Adds `n` projects named `Project 1`..`Project n` to a team.
    pub fn seed_projects(&self, team: &str, n: usize) {
        let mut s = self.state();
        let path = format!("teams/{team}/projects");
        for i in 1..=n {
            s.create(
                &path,
                "projects",
                json!({"name": format!("Project {i}"), "visibility": "visible", "archived": false, "status": "not_started", "metadata": {}}),
            );
        }
    }

    /// Adds an experiment to a project; returns its id.
    pub fn seed_experiment(&self, team: &str, project: &str, name: &str) -> String {
        let mut s = self.state();
        let e = s.create(
            &format!("teams/{team}/projects/{project}/experiments"),
            "experiments",
            json!({"name": name, "archived": false}),
        );
        id_of(&e)
    }

    /// How many token requests were answered (both grants).
    pub fn token_requests(&self) -> u64 {
        self.state().token_requests
    }

    /// How many refresh grants succeeded.
    pub fn refreshes(&self) -> u64 {
        self.state().refreshes
    }

    /// How many API calls were received.
    pub fn api_requests(&self) -> u64 {
        self.state().api_requests
    }

    /// How many API calls were refused with 401.
    pub fn unauthorized(&self) -> u64 {
        self.state().unauthorized
    }

    /// The resources of a collection path (`teams/1/projects`).
    pub fn resources(&self, collection: &str) -> Vec<Value> {
        self.state()
            .collections
            .get(collection)
            .cloned()
            .unwrap_or_default()
    }

    /// Switches API v2 on (`CORE_API_V2_ENABLED`): `/api/v2/...` routes
    /// exist and `/api/status` lists `v2`.
    pub fn enable_v2(&self) {
        self.state().v2_enabled = true;
    }

    /// Adds a resource of type `kind` to a collection path
    /// (`teams/1/projects/2/comments`), as the UI would; returns its id.
    /// Read-only routes (comments, reports, tags, task users, task groups,
    /// protocol templates, form responses, user groups) are seeded this way.
    pub fn seed(&self, collection: &str, kind: &str, attributes: Value) -> String {
        let mut s = self.state();
        let r = s.create(collection, kind, attributes);
        id_of(&r)
    }

    /// The files uploaded so far, with their sizes and SHA-256.
    pub fn uploaded_files(&self) -> Vec<UploadedFile> {
        let s = self.state();
        let mut files: Vec<UploadedFile> = s.files.values().map(|f| f.info.clone()).collect();
        files.sort_by(|a, b| a.id.cmp(&b.id));
        files
    }

    /// How many `/files/...` requests were served (one per range).
    pub fn file_downloads(&self) -> u64 {
        self.state().file_downloads
    }

    /// How many `POST /oauth/revoke` calls revoked a live token.
    pub fn revocations(&self) -> u64 {
        self.state().revocations
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock()
    }
}

use json::{document, errors, id_of, iso8601, prefix19};

impl State {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            + self.clock_offset
    }
}
