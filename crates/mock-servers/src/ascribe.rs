//! A stateful mock of the Ascribe Coder API (v1 wire shapes, plus the v2
//! login path and `errorMessage`).
//!
//! - `POST /Sessions` (and v2 `POST /Session/New`) with
//!   `{account, userName, password}` issues a session token (a UUID) and a
//!   bearer token `bearer <jwt-like>`. Wrong credentials are answered the
//!   Ascribe way: HTTP 200 with `errors: ["…"]` (`errorMessage` on the v2 path).
//! - Every other call needs exactly one of `authentication: <session token>`
//!   or `authorization: bearer <jwt>`; none, an unknown or expired token, a
//!   doubled `Bearer bearer` prefix or both headers give 401.
//! - Studies, questions, responses (add-only POST of at most 1000, upsert
//!   PUT), codebooks (flat or tree), companies and exports keep their state.
//!   Business errors come back as HTTP 200 with `errors`.
//! - Humans coding are simulated: after a configurable number of
//!   `GET /Studies/{key}` polls, a study in progress with responses becomes
//!   `c` (completed), its codebooks get codes and every response gets code keys.
//! - [`AscribeMock::expire_sessions`] kills every session token (the next
//!   call gets 401), [`AscribeMock::change_password`] kills the bearer tokens
//!   and the old password.
//! - Logins, requests, rejections and upload chunk sizes are counted.
//! - Under `/v2` ([`AscribeMock::v2_uri`]) the same state is served the v2
//!   way: login only at `POST /Session/New`, `errorMessage` instead of
//!   `errors`, named enums in questions, `children: null` for codes, job
//!   statuses as numbers, plus every v2-only route and AI Coder (see
//!   [`v2`] and [`ai_coder`]). Every answer carries an `x-request-id`.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::sync::MutexGuard;

pub mod ai_coder;
mod codebooks;
mod companies;
mod exports;
mod questions;
mod responses;
mod routes;
mod session;
mod studies;
pub mod v2;

use codebooks::{codebook_json, new_codes};
use questions::question_json;
use responses::rid_of;
use routes::Router;
use studies::{leaves, study_json};

use crate::harness::{Shared, route_all, start_server};
use serde_json::{Value, json};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// The account the mock accepts.
pub const ACCOUNT: &str = "DemoAccount";
/// The user name the mock accepts.
pub const USER_NAME: &str = "apiuser";
/// The password the mock accepts (until [`AscribeMock::change_password`]).
pub const PASSWORD: &str = "demo-pa55word!";
/// The most responses one upload request may carry.
pub const MAX_RESPONSES_PER_REQUEST: usize = 1000;

#[derive(Debug, Clone)]
struct StudyRec {
    key: i64,
    id: String,
    name: Option<String>,
    description: Option<String>,
    status: String,
    client_company_key: Option<i64>,
    polls: u32,
}

#[derive(Debug, Clone)]
struct ResponseRec {
    rid: String,
    text: String,
    code_keys: Vec<i64>,
}

#[derive(Debug, Clone)]
struct QuestionRec {
    key: i64,
    study_key: i64,
    codebook_key: i64,
    id: String,
    text: Option<String>,
    label: Option<String>,
    kind: String,
    tasks: String,
    responses: Vec<ResponseRec>,
}

#[derive(Debug, Clone)]
struct CodeRec {
    key: i64,
    description: String,
    children: Vec<CodeRec>,
}

#[derive(Debug)]
struct State {
    base_uri: String,
    password: String,
    sessions: HashSet<String>,
    bearers: HashSet<String>,
    issued: u64,
    logins: u64,
    requests: u64,
    rejected: u64,
    polls_to_complete: u32,
    next_key: i64,
    studies: BTreeMap<i64, StudyRec>,
    questions: BTreeMap<i64, QuestionRec>,
    codebooks: BTreeMap<i64, Vec<CodeRec>>,
    companies: Vec<(i64, String)>,
    exports: BTreeMap<i64, u32>,
    upload_sizes: Vec<usize>,
    v2: v2::V2State,
    fail_next: Option<String>,
}

impl State {
    fn key(&mut self) -> i64 {
        self.next_key += 1;
        self.next_key
    }
}

/// A running Ascribe mock. Dropping it stops the server.
pub struct AscribeMock {
    server: MockServer,
    state: Shared<State>,
}

impl AscribeMock {
    /// Starts the mock on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let server = start_server().await;
        let state = Shared::new(State {
            base_uri: server.uri(),
            password: PASSWORD.to_owned(),
            sessions: HashSet::new(),
            bearers: HashSet::new(),
            issued: 0,
            logins: 0,
            requests: 0,
            rejected: 0,
            polls_to_complete: 3,
            next_key: 500,
            studies: BTreeMap::new(),
            questions: BTreeMap::new(),
            codebooks: BTreeMap::new(),
            companies: vec![(1, "Acme Research".to_owned())],
            exports: BTreeMap::new(),
            upload_sizes: Vec::new(),
            v2: v2::V2State::default(),
            fail_next: None,
        });
        route_all(&server, Router(state.clone())).await;
        Self { server, state }
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The base URL of the v2 API (`http://127.0.0.1:PORT/v2`): the same
    /// state, served the v2 way.
    pub fn v2_uri(&self) -> String {
        format!("{}/v2", self.server.uri())
    }

    /// Answers the next authenticated request (v1 or v2) with HTTP 200 and
    /// this message in `errors` / `errorMessage`, whatever it asks for.
    pub fn fail_next(&self, message: &str) {
        self.state().fail_next = Some(message.to_owned());
    }

    /// The underlying wiremock server (to read the received requests).
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Kills every session token issued so far, as 30 idle minutes would.
    pub fn expire_sessions(&self) {
        self.state().sessions.clear();
    }

    /// Changes the user's password: the old one stops working and every
    /// bearer token dies.
    pub fn change_password(&self, password: &str) {
        let mut s = self.state();
        s.password = password.to_owned();
        s.bearers.clear();
        s.sessions.clear();
    }

    /// After how many `GET /Studies/{key}` polls a study in progress with
    /// responses is completed by the (simulated) coders. Default 3.
    pub fn set_polls_to_complete(&self, polls: u32) {
        self.state().polls_to_complete = polls;
    }

    /// How many successful logins happened.
    pub fn logins(&self) -> u64 {
        self.state().logins
    }

    /// How many requests were received (logins included).
    pub fn requests(&self) -> u64 {
        self.state().requests
    }

    /// How many requests were refused with 401.
    pub fn rejected(&self) -> u64 {
        self.state().rejected
    }

    /// The number of responses in each accepted `POST /Responses` request.
    pub fn upload_sizes(&self) -> Vec<usize> {
        self.state().upload_sizes.clone()
    }

    /// The status letter of a study.
    pub fn study_status(&self, key: impl Into<i64>) -> Option<String> {
        let key: i64 = key.into();
        self.state().studies.get(&key).map(|s| s.status.clone())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock()
    }
}

thread_local! {
    /// Whether the request being answered came in under `/v2`. Set by the
    /// router for the (synchronous) duration of one answer.
    static V2_DIALECT: Cell<bool> = const { Cell::new(false) };
}

/// Whether the answer being built is a v2 one.
fn is_v2() -> bool {
    V2_DIALECT.with(Cell::get)
}

/// Sets the dialect for one answer and resets it when dropped.
struct DialectGuard;

impl DialectGuard {
    fn set(v2: bool) -> Self {
        V2_DIALECT.with(|c| c.set(v2));
        DialectGuard
    }
}

impl Drop for DialectGuard {
    fn drop(&mut self) {
        V2_DIALECT.with(|c| c.set(false));
    }
}

/// An error body in the current dialect: `errors: [..]` (v1) or
/// `errorMessage` (v2).
fn error_body(message: String) -> Value {
    if is_v2() {
        json!({ "errorMessage": message })
    } else {
        json!({ "errors": [message] })
    }
}

/// Success: the body plus `errors: null` (v1) or `errorMessage: null` (v2).
fn ok(mut body: Value) -> ResponseTemplate {
    if let Value::Object(map) = &mut body {
        let field = if is_v2() { "errorMessage" } else { "errors" };
        map.insert(field.into(), Value::Null);
    }
    ResponseTemplate::new(200).set_body_json(body)
}

/// A business error the Ascribe way: HTTP 200 with `errors` / `errorMessage`.
fn app_error(message: impl Into<String>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(error_body(message.into()))
}

fn unauthorized(message: &str) -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(error_body(message.to_owned()))
}

fn not_found(what: &str) -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(error_body(format!("{what} not found")))
}
