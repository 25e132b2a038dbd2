//! A generic OAuth-style service: a token endpoint and protected resources.
//!
//! - `POST /oauth/token` with `client_id` / `client_secret` (form or JSON)
//!   issues `tok-N` with `expires_in` (configurable) and a rotating
//!   refresh token `rt-N`. Wrong credentials give `401 {"error":"invalid_client"}`.
//! - `GET|POST|PUT|DELETE /api/...` needs `Authorization: Bearer <valid token>`
//!   (else 401) and answers `{"ok": true, "path": ..., "n": <request number>}`.
//! - Faults can be scripted for the next API calls (429 with `Retry-After`,
//!   503, ...), and every issued token can be revoked at once to force 401s.

use std::collections::{HashSet, VecDeque};
use std::sync::MutexGuard;

use crate::harness::{Shared, start_server};
use serde_json::json;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The client id the mock accepts.
pub const CLIENT_ID: &str = "demo-client";
/// The client secret the mock accepts.
pub const CLIENT_SECRET: &str = "demo-secret-s3cr3t";

#[derive(Debug)]
struct State {
    expires_in: u64,
    issued: u64,
    valid: HashSet<String>,
    faults: VecDeque<ResponseTemplate>,
    token_requests: u64,
    api_requests: u64,
    rejected: u64,
}

/// A running token API mock. Dropping it stops the server.
pub struct TokenApiMock {
    server: MockServer,
    state: Shared<State>,
}

impl TokenApiMock {
    /// Starts the mock on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let server = start_server().await;
        let state = Shared::new(State {
            expires_in: 3600,
            issued: 0,
            valid: HashSet::new(),
            faults: VecDeque::new(),
            token_requests: 0,
            api_requests: 0,
            rejected: 0,
        });
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(TokenEndpoint(state.clone()))
            .mount(&server)
            .await;
        Mock::given(path_regex(r"^/api/.*"))
            .respond_with(Resource(state.clone()))
            .mount(&server)
            .await;
        Self { server, state }
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The underlying wiremock server (to mount more mocks or read requests).
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Sets the lifetime of the tokens issued from now on.
    pub fn set_expires_in(&self, secs: u64) {
        self.state().expires_in = secs;
    }

    /// Answers the next API calls with these responses, in order, before
    /// serving normally again.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = ResponseTemplate>) {
        self.state().faults.extend(faults);
    }

    /// Invalidates every token issued so far (the next calls get 401).
    pub fn revoke_all(&self) {
        self.state().valid.clear();
    }

    /// How many token requests were answered.
    pub fn token_requests(&self) -> u64 {
        self.state().token_requests
    }

    /// How many API calls were received (faults and 401s included).
    pub fn api_requests(&self) -> u64 {
        self.state().api_requests
    }

    /// How many API calls were refused with 401.
    pub fn rejected(&self) -> u64 {
        self.state().rejected
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock()
    }
}

struct TokenEndpoint(Shared<State>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let (id, secret) = credentials(&body);
        let mut s = self.0.lock();
        s.token_requests += 1;
        if id.as_deref() != Some(CLIENT_ID) || secret.as_deref() != Some(CLIENT_SECRET) {
            return ResponseTemplate::new(401).set_body_json(json!({
                "error": "invalid_client",
                "error_description": "Client authentication failed."
            }));
        }
        s.issued += 1;
        let token = format!("tok-{}", s.issued);
        s.valid.insert(token.clone());
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": s.expires_in,
            "refresh_token": format!("rt-{}", s.issued),
        }))
    }
}

/// Reads client_id / client_secret from a form or a JSON body.
fn credentials(body: &str) -> (Option<String>, Option<String>) {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        let get = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        return (get("client_id"), get("client_secret"));
    }
    let mut id = None;
    let mut secret = None;
    for pair in body.split('&') {
        match pair.split_once('=') {
            Some(("client_id", v)) => id = Some(v.to_owned()),
            Some(("client_secret", v)) => secret = Some(v.to_owned()),
            _ => {}
        }
    }
    (id, secret)
}

struct Resource(Shared<State>);

impl Respond for Resource {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.0.lock();
        s.api_requests += 1;
        if let Some(fault) = s.faults.pop_front() {
            return fault;
        }
        let token = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !s.valid.contains(token) {
            s.rejected += 1;
            return ResponseTemplate::new(401)
                .insert_header("x-request-id", format!("req-{}", s.api_requests))
                .set_body_json(
                    json!({"error": "invalid_token", "message": "The access token is invalid"}),
                );
        }
        ResponseTemplate::new(200)
            .insert_header("x-request-id", format!("req-{}", s.api_requests))
            .set_body_json(json!({"ok": true, "path": request.url.path(), "n": s.api_requests}))
    }
}
