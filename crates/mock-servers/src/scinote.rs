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

use files::StoredFile;
pub use files::UploadedFile;
use routes::Version;
use serde_json::{Map, Value, json};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

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
        route_all(&server, Api(state.clone())).await;
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

/// The `YYYY-MM-DDTHH:MM:SS` part of an ISO 8601 time, for comparisons.
fn prefix19(t: &str) -> &str {
    t.get(..19).unwrap_or(t)
}

/// Epoch seconds as `YYYY-MM-DDTHH:MM:SS.000Z` (Rails' JSON format).
fn iso8601(epoch: u64) -> String {
    let (days, secs) = (epoch / 86_400, epoch % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn id_of(resource: &Value) -> String {
    resource["id"].as_str().unwrap_or_default().to_owned()
}

/// A JSON:API error answer.
fn errors(status: u16, title: &str, detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/vnd.api+json")
        .set_body_json(json!({"errors": [{
            "id": format!("req-{status}-{:x}", detail.len() * 7919),
            "status": status, "title": title, "detail": detail
        }]}))
}

fn oauth_error(status: u16, error: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": error, "error_description": description}))
}

fn document(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/vnd.api+json")
        .set_body_json(body)
}

impl State {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            + self.clock_offset
    }

    fn issue_tokens(&mut self, label: &str) -> ResponseTemplate {
        self.next_id += 1;
        let n = self.next_id;
        let access = format!(
            "eyJhbGciOiJIUzI1NiJ9.{label}-{n:x}.sig{:x}",
            n * 0x2545_f491
        );
        let refresh = format!("rt-{n:x}-{:x}", n * 0x9e37_79b9);
        let created_at = self.now();
        self.access.insert(
            access.clone(),
            AccessInfo {
                expires_at: created_at + self.token_lifetime,
                refresh: refresh.clone(),
            },
        );
        self.live_refresh.insert(refresh.clone());
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": access, "token_type": "Bearer", "expires_in": self.token_lifetime,
            "refresh_token": refresh, "scope": "public", "created_at": created_at
        }))
    }

    fn token(&mut self, request: &Request) -> ResponseTemplate {
        self.token_requests += 1;
        let form: HashMap<String, String> =
            if let Ok(v) = serde_json::from_slice::<Map<String, Value>>(&request.body) {
                v.into_iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
                    .collect()
            } else {
                // The form decoder of the URL type (wiremock's), to avoid a
                // dependency of its own.
                let mut u = request.url.clone();
                u.set_query(Some(&String::from_utf8_lossy(&request.body)));
                u.query_pairs().into_owned().collect()
            };
        let field = |k: &str| form.get(k).map(String::as_str);
        if field("client_id") != Some(CLIENT_ID) || field("client_secret") != Some(CLIENT_SECRET) {
            return oauth_error(
                401,
                "invalid_client",
                "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
            );
        }
        const INVALID_GRANT: &str = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
        match field("grant_type") {
            Some("authorization_code") => {
                let code = field("code").unwrap_or_default().to_owned();
                if !self.codes.remove(&code) {
                    return oauth_error(400, "invalid_grant", INVALID_GRANT);
                }
                self.issue_tokens("code")
            }
            Some("refresh_token") => {
                let rt = field("refresh_token").unwrap_or_default().to_owned();
                if !self.live_refresh.remove(&rt) {
                    return oauth_error(400, "invalid_grant", INVALID_GRANT);
                }
                self.refreshes += 1;
                self.issue_tokens("refresh")
            }
            _ => oauth_error(
                400,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            ),
        }
    }

    /// `POST /oauth/revoke` (RFC 7009): a refresh token revokes its access
    /// tokens too; unknown tokens still answer 200, as Doorkeeper does.
    fn revoke(&mut self, request: &Request) -> ResponseTemplate {
        let mut u = request.url.clone();
        u.set_query(Some(&String::from_utf8_lossy(&request.body)));
        let form: HashMap<String, String> = u.query_pairs().into_owned().collect();
        let field = |k: &str| form.get(k).map(String::as_str);
        if field("client_id") != Some(CLIENT_ID) || field("client_secret") != Some(CLIENT_SECRET) {
            return oauth_error(
                401,
                "invalid_client",
                "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
            );
        }
        let token = field("token").unwrap_or_default().to_owned();
        let was_refresh = self.live_refresh.remove(&token);
        let before = self.access.len();
        self.access
            .retain(|access, info| *access != token && info.refresh != token);
        if was_refresh || self.access.len() != before {
            self.revocations += 1;
        }
        ResponseTemplate::new(200).set_body_json(json!({}))
    }

    /// `None` when authorized; else the 401 to answer.
    fn check_auth(&mut self, request: &Request) -> Option<ResponseTemplate> {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        if header("api-key") == Some(API_KEY) {
            return None;
        }
        let now = self.now();
        let bearer = header("authorization").and_then(|v| v.strip_prefix("Bearer "));
        let detail = match bearer.map(|t| (t, self.access.get(t))) {
            Some((token, Some(info))) if info.expires_at > now => {
                if let Some(observer) = self.observer.clone() {
                    observer(token, &info.refresh);
                }
                return None;
            }
            Some((_, Some(_))) => "Signature has expired",
            Some((_, None)) => "Token is expired",
            None => "No token",
        };
        self.unauthorized += 1;
        Some(errors(401, "Token is invalid", detail))
    }

    fn api(&mut self, request: &Request, path: &str, version: Version) -> ResponseTemplate {
        self.api_requests += 1;
        if let Some(fault) = self.faults.pop_front() {
            return fault;
        }
        if let Some(reset) = self.throttle_until.take()
            && reset > self.now()
        {
            return SciNoteMock::throttled(reset);
        }
        if let Some(denied) = self.check_auth(request) {
            return denied;
        }
        self.resources_api(request, path, version)
    }

    fn resources_of(&self, collection: &str) -> Vec<Value> {
        self.collections
            .get(collection)
            .cloned()
            .unwrap_or_default()
    }

    fn find(&self, collection: &str, id: &str) -> Option<Value> {
        self.collections
            .get(collection)?
            .iter()
            .find(|r| r["id"].as_str() == Some(id))
            .cloned()
    }

    fn find_mut(&mut self, collection: &str, id: &str) -> Option<&mut Value> {
        self.collections
            .get_mut(collection)?
            .iter_mut()
            .find(|r| r["id"].as_str() == Some(id))
    }

    fn list_page(&self, collection: &str, query: &[(String, String)], request: &Request) -> Value {
        let q = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let size = q("page[size]")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(10)
            .clamp(1, 100);
        let number = q("page[number]")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let matching: Vec<Value> = self
            .resources_of(collection)
            .into_iter()
            .filter(|r| {
                query.iter().all(|(k, v)| {
                    let Some(name) = k.strip_prefix("filter[").and_then(|k| k.strip_suffix(']'))
                    else {
                        return true;
                    };
                    if let Some((field, bound)) = name.split_once("][")
                        && matches!(field, "created_at" | "updated_at")
                    {
                        let at = r["attributes"][field].as_str().unwrap_or_default();
                        let (at, v) = (prefix19(at), prefix19(v));
                        return match bound {
                            "from" => at >= v,
                            "to" => at <= v,
                            _ => false,
                        };
                    }
                    if let Some(key) = name.strip_prefix("metadata][") {
                        return r["attributes"]["metadata"][key].as_str() == Some(v.as_str());
                    }
                    match &r["attributes"][name] {
                        Value::String(s) => s == v,
                        Value::Bool(b) => b.to_string() == *v,
                        Value::Number(n) => n.to_string() == *v,
                        _ => false,
                    }
                })
            })
            .collect();
        let pages = matching.len().div_ceil(size).max(1);
        let page: Vec<Value> = matching
            .into_iter()
            .skip((number - 1) * size)
            .take(size)
            .collect();
        let link = |n: usize| {
            let mut url = request
                .url
                .join(&format!("{}{}", self.base, request.url.path()))
                .ok()?;
            {
                let mut pairs = url.query_pairs_mut();
                for (k, v) in query.iter().filter(|(k, _)| !k.starts_with("page[")) {
                    pairs.append_pair(k, v);
                }
                pairs.append_pair("page[number]", &n.to_string());
                pairs.append_pair("page[size]", &size.to_string());
            }
            Some(url.to_string())
        };
        json!({
            "data": page,
            "links": {
                "self": link(number),
                "first": link(1),
                "prev": if number > 1 { link(number - 1) } else { None },
                "next": if number < pages { link(number + 1) } else { None },
                "last": link(pages),
            }
        })
    }
}

struct Api(Shared<State>);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().trim_matches('/').to_owned();
        let mut s = self.0.lock();
        match (request.method.as_str(), path.as_str()) {
            ("POST", "oauth/token") => s.token(request),
            ("GET", "api/health") => ResponseTemplate::new(200)
                .insert_header("content-type", "text/plain")
                .set_body_string("RUNNING"),
            ("POST", "oauth/revoke") => s.revoke(request),
            ("GET", "api/status") => {
                let mut versions = vec![json!({"version": "v1", "baseUrl": "/api/v1/"})];
                if s.v2_enabled {
                    versions.push(json!({"version": "v2", "baseUrl": "/api/v2/"}));
                }
                ResponseTemplate::new(200)
                    .set_body_json(json!({"message": "Ok", "versions": versions}))
            }
            ("GET", p) if p.starts_with("files/") => {
                s.file_downloads += 1;
                match s.files.get(p.trim_start_matches("files/")) {
                    Some(file) => files::serve(file, request),
                    None => errors(404, "Not found", "No such file"),
                }
            }
            (_, p) if p.starts_with("api/v1/") => {
                let p = p.trim_start_matches("api/v1/").to_owned();
                s.api(request, &p, Version::V1)
            }
            (_, p) if p.starts_with("api/v2/") && s.v2_enabled => {
                let p = p.trim_start_matches("api/v2/").to_owned();
                s.api(request, &p, Version::V2)
            }
            _ => errors(404, "Not found", "No route matches"),
        }
    }
}
