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
pub mod v2;

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
    pub fn study_status(&self, key: i64) -> Option<String> {
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

struct Router(Shared<State>);

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.0.lock();
        s.requests += 1;
        let request_id = format!("ascribe-mock-{:06}", s.requests);
        let raw = request.url.path().trim_matches('/');
        let (v2, raw) = match raw.split_once('/') {
            Some((first, rest)) if first.eq_ignore_ascii_case("v2") => (true, rest),
            _ if raw.eq_ignore_ascii_case("v2") => (true, ""),
            _ => (false, raw),
        };
        let _dialect = DialectGuard::set(v2);
        route(&mut s, request, raw, v2).insert_header("x-request-id", request_id.as_str())
    }
}

fn route(s: &mut State, request: &Request, raw_path: &str, v2: bool) -> ResponseTemplate {
    {
        let path = raw_path.to_ascii_lowercase();
        let segs: Vec<&str> = path.split('/').collect();
        let method = request.method.as_str().to_owned();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        match (method.as_str(), segs.as_slice(), v2) {
            ("POST", ["sessions"], false) => return login(s, &body, false),
            ("POST", ["session", "new"], _) => return login(s, &body, true),
            ("POST", ["sessions"], true) => {
                return ResponseTemplate::new(404).set_body_json(error_body(
                    "No HTTP resource was found: v2 logs in at POST /Session/New.".into(),
                ));
            }
            _ => {}
        }
        if let Err(message) = authorize(s, request) {
            s.rejected += 1;
            return unauthorized(message);
        }
        if let Some(message) = s.fail_next.take() {
            return app_error(message);
        }
        let query: BTreeMap<String, String> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let key = |i: usize| segs.get(i).and_then(|k| k.parse::<i64>().ok());
        if v2 {
            let raw_segs: Vec<String> = raw_path.split('/').map(percent_decode).collect();
            if let Some(answer) = v2::route(s, &method, &segs, &raw_segs, &body, &query) {
                return answer;
            }
        }
        match (method.as_str(), segs.as_slice()) {
            ("GET", ["studies"]) => list_studies(s, &query),
            ("GET", ["studies", _]) => get_study(s, key(1)),
            ("POST", ["studies"]) => create_study(s, &body),
            ("GET", ["questions", _]) => list_questions(s, key(1), &query),
            ("POST", ["questions", _]) => create_question(s, key(1), &body),
            ("GET", ["responses", _]) => get_responses(s, key(1), &query),
            ("POST", ["responses", _]) => add_responses(s, key(1), &body),
            ("PUT", ["responses", _]) => upsert_responses(s, key(1), &body),
            ("GET", ["codebooks", "question", _]) => {
                let cb = key(2)
                    .and_then(|q| s.questions.get(&q))
                    .map(|q| q.codebook_key);
                get_codebook(s, cb, &query)
            }
            ("GET", ["codebooks", _]) => get_codebook(s, key(1), &query),
            ("POST", ["codebooks", _, "codes"]) => add_codes(s, key(1), &body),
            ("POST", ["codebooks", _]) => replace_codebook(s, key(1), &body),
            ("GET", ["companies"]) => ok(json!({
                "companies": s.companies.iter().map(|(k, id)| json!({"key": k, "id": id})).collect::<Vec<_>>()
            })),
            ("POST", ["companies"]) => create_company(s, &body),
            ("GET", ["exports"]) => ok(json!({"scripts": [
                {"key": 1, "name": "Excel", "description": "Coded responses as a workbook"},
                {"key": 2, "name": "SPSS", "description": "Dichotomous variables"}
            ]})),
            ("POST", ["exports"]) => start_export(s, &body),
            ("GET", ["exports", _]) => poll_export(s, key(1)),
            _ => ResponseTemplate::new(404).set_body_json(error_body(format!(
                "No HTTP resource was found that matches the request URI '{}'.",
                request.url.path()
            ))),
        }
    }
}

/// Decodes `%XX` escapes of one path segment (invalid escapes are kept).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = segment.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn login(s: &mut State, body: &Value, v2: bool) -> ResponseTemplate {
    let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default();
    if field("account") != ACCOUNT
        || field("userName") != USER_NAME
        || field("password") != s.password
    {
        let message = "Invalid account, user name or password.";
        let body = if v2 {
            json!({"authenticationToken": null, "bearerToken": null, "errorMessage": message})
        } else {
            json!({"authenticationToken": null, "bearerToken": null, "errors": [message]})
        };
        return ResponseTemplate::new(200).set_body_json(body);
    }
    s.issued += 1;
    s.logins += 1;
    let n = s.issued;
    let session = format!("{n:08x}-adb4-474a-a26a-{:012x}", n * 7919);
    let jwt = format!(
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcGl1c2VyIiwibiI6{n}.c2lnLXtuf{n}"
    );
    s.sessions.insert(session.clone());
    s.bearers.insert(jwt.clone());
    let mut out = json!({"authenticationToken": session, "bearerToken": format!("bearer {jwt}")});
    if let Value::Object(map) = &mut out {
        map.insert(
            if v2 { "errorMessage" } else { "errors" }.into(),
            Value::Null,
        );
    }
    ResponseTemplate::new(200).set_body_json(out)
}

/// Exactly one valid auth header, else 401.
fn authorize(s: &State, request: &Request) -> Result<(), &'static str> {
    let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
    match (header("authentication"), header("authorization")) {
        (Some(_), Some(_)) => {
            Err("Send either the authentication or the authorization header, not both.")
        }
        (Some(token), None) if s.sessions.contains(token) => Ok(()),
        (Some(_), None) => Err("The session has expired. Please log in again."),
        (None, Some(value)) => {
            let jwt = strip_bearer(value).unwrap_or_default();
            if strip_bearer(jwt).is_some() {
                return Err("Malformed bearer token (doubled prefix).");
            }
            if s.bearers.contains(jwt) {
                Ok(())
            } else {
                Err("The bearer token is not valid.")
            }
        }
        (None, None) => Err("Authentication required."),
    }
}

/// The token after one `bearer ` prefix (any case), if there is one.
fn strip_bearer(value: &str) -> Option<&str> {
    let word = value.get(..7)?;
    word.eq_ignore_ascii_case("bearer ")
        .then(|| value[7..].trim_start())
}

fn study_json(s: &State, st: &StudyRec, counts: bool) -> Value {
    let mut v = json!({
        "key": st.key, "id": st.id, "name": st.name, "description": st.description,
        "status": st.status, "quota": null, "supervisorKey": null,
        "clientCompanyKey": st.client_company_key, "endCompanyKey": null, "help": null,
        "createDateUtc": "2024-05-01T09:30:00", "startDateUtc": null, "dueDateUtc": null,
    });
    if counts && let Value::Object(map) = &mut v {
        let qs: Vec<&QuestionRec> = s
            .questions
            .values()
            .filter(|q| q.study_key == st.key)
            .collect();
        let responses: usize = qs.iter().map(|q| q.responses.len()).sum();
        let coded: usize = qs
            .iter()
            .map(|q| {
                q.responses
                    .iter()
                    .filter(|r| !r.code_keys.is_empty())
                    .count()
            })
            .sum();
        map.insert("countQuestions".into(), json!(qs.len()));
        map.insert("countResponses".into(), json!(responses));
        map.insert("countResponsesCoded".into(), json!(coded));
        map.insert("countTransactions".into(), json!(coded as f64 * 0.5));
    }
    v
}

fn list_studies(s: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
    let filter = query.get("idFilter").map(|f| f.to_ascii_lowercase());
    let mask = query.get("statusMask");
    let company = query
        .get("clientCompanyKey")
        .and_then(|k| k.parse::<i64>().ok());
    let studies: Vec<Value> = s
        .studies
        .values()
        .filter(|st| {
            filter
                .as_deref()
                .is_none_or(|f| wildcard(f, &st.id.to_ascii_lowercase()))
        })
        .filter(|st| mask.is_none_or(|m| m.contains(st.status.as_str())))
        .filter(|st| company.is_none_or(|c| st.client_company_key == Some(c)))
        .map(|st| study_json(s, st, false))
        .collect();
    ok(json!({ "studies": studies }))
}

fn wildcard(filter: &str, id: &str) -> bool {
    match (filter.strip_prefix('*'), filter.strip_suffix('*')) {
        (Some(rest), _) if rest.ends_with('*') => id.contains(rest.trim_end_matches('*')),
        (Some(rest), _) => id.ends_with(rest),
        (None, Some(rest)) => id.starts_with(rest),
        (None, None) => id == filter,
    }
}

fn get_study(s: &mut State, key: Option<i64>) -> ResponseTemplate {
    let Some(key) = key.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let has_responses = s
        .questions
        .values()
        .any(|q| q.study_key == key && !q.responses.is_empty());
    let polls_to_complete = s.polls_to_complete;
    let complete = match s.studies.get_mut(&key) {
        Some(st) if st.status == "p" && has_responses => {
            st.polls += 1;
            st.polls >= polls_to_complete
        }
        _ => false,
    };
    if complete {
        humans_code(s, key);
    }
    match s.studies.get(&key) {
        Some(st) => ok(study_json(s, st, true)),
        None => not_found("study"),
    }
}

/// The coders' work: codes in every empty codebook of the study, a code on
/// every uncoded response, and the study completed.
fn humans_code(s: &mut State, study_key: i64) {
    let question_keys: Vec<i64> = s
        .questions
        .values()
        .filter(|q| q.study_key == study_key)
        .map(|q| q.key)
        .collect();
    for qk in question_keys {
        let Some(cb) = s.questions.get(&qk).map(|q| q.codebook_key) else {
            continue;
        };
        if s.codebooks.get(&cb).is_none_or(Vec::is_empty) {
            let mut codes = Vec::new();
            for d in ["Positive", "Negative", "Neutral"] {
                let key = s.key();
                codes.push(CodeRec {
                    key,
                    description: d.to_owned(),
                    children: Vec::new(),
                });
            }
            let net = s.key();
            s.codebooks.insert(
                cb,
                vec![CodeRec {
                    key: net,
                    description: "Sentiment".into(),
                    children: codes,
                }],
            );
        }
        let leaves = leaves(s.codebooks.get(&cb).map(Vec::as_slice).unwrap_or_default());
        if leaves.is_empty() {
            continue;
        }
        if let Some(q) = s.questions.get_mut(&qk) {
            for r in q.responses.iter_mut().filter(|r| r.code_keys.is_empty()) {
                let t = r.text.to_ascii_lowercase();
                let pick = if ["bad", "slow", "poor", "expensive"]
                    .iter()
                    .any(|w| t.contains(w))
                {
                    1
                } else if ["great", "good", "love", "fast"]
                    .iter()
                    .any(|w| t.contains(w))
                {
                    0
                } else {
                    2
                };
                r.code_keys.push(leaves[pick.min(leaves.len() - 1)].0);
            }
        }
    }
    if let Some(st) = s.studies.get_mut(&study_key) {
        st.status = "c".into();
    }
}

fn leaves(codes: &[CodeRec]) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for c in codes {
        if c.children.is_empty() {
            out.push((c.key, c.description.clone()));
        } else {
            out.extend(leaves(&c.children));
        }
    }
    out
}

fn create_study(s: &mut State, body: &Value) -> ResponseTemplate {
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if id.is_empty() || id.chars().count() > 30 {
        return app_error("The study ID must have 1 to 30 characters.");
    }
    if s.studies.values().any(|st| st.id.eq_ignore_ascii_case(&id)) {
        return app_error(format!("A study with the ID '{id}' already exists."));
    }
    let status = body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("p")
        .to_owned();
    if !["u", "p", "h"].contains(&status.as_str()) {
        return app_error("A new study's status must be u, p or h.");
    }
    let key = s.key();
    let rec = StudyRec {
        key,
        id,
        name: body.get("name").and_then(Value::as_str).map(str::to_owned),
        description: body
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        status,
        client_company_key: body.get("clientCompanyKey").and_then(Value::as_i64),
        polls: 0,
    };
    let v = study_json(s, &rec, false);
    s.studies.insert(key, rec);
    ok(v)
}

fn question_json(q: &QuestionRec) -> Value {
    let coded = q
        .responses
        .iter()
        .filter(|r| !r.code_keys.is_empty())
        .count();
    if is_v2() {
        // The v2 schema's named enums (its examples use the letters).
        return json!({
            "key": q.key, "codebookKey": q.codebook_key, "id": q.id, "text": q.text,
            "label": q.label, "help": null, "type": v2::type_name(&q.kind),
            "tasks": v2::task_names(&q.tasks), "sortOrder": null,
            "codingSource": "Verbatim", "alternativeCodingSource": "None",
            "countResponses": q.responses.len(), "countResponsesCoded": coded,
            "countTranscriptions": 0, "countTranslations": 0, "countQualityReviewed": 0,
            "externalQuestionId": null,
        });
    }
    json!({
        "key": q.key, "codebookKey": q.codebook_key, "id": q.id, "text": q.text,
        "label": q.label, "help": null, "type": q.kind, "tasks": q.tasks, "sortOrder": null,
        "codingSource": "v", "alternativeCodingSource": null,
        "countResponses": q.responses.len(), "countResponsesCoded": coded,
        "countTranscriptions": 0, "countTranslations": 0,
    })
}

fn list_questions(
    s: &State,
    study: Option<i64>,
    query: &BTreeMap<String, String>,
) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let types = query.get("types");
    let tasks = query.get("tasks");
    let questions: Vec<Value> = s
        .questions
        .values()
        .filter(|q| q.study_key == study)
        .filter(|q| types.is_none_or(|t| t.contains(q.kind.as_str())))
        .filter(|q| tasks.is_none_or(|t| t.chars().any(|c| q.tasks.contains(c))))
        .map(question_json)
        .collect();
    ok(json!({ "questions": questions }))
}

fn create_question(s: &mut State, study: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if id.is_empty() || id.chars().count() > 200 {
        return app_error("The question ID must have 1 to 200 characters.");
    }
    let codebook_key = match body.get("codebookKey").and_then(Value::as_i64) {
        Some(cb) if s.codebooks.contains_key(&cb) => cb,
        Some(_) => return app_error("The codebook does not exist."),
        None => {
            let cb = s.key();
            s.codebooks.insert(cb, Vec::new());
            cb
        }
    };
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("o")
        .to_owned();
    if kind.chars().count() != 1 {
        // v1 only takes the letter form.
        return app_error(format!("Invalid question type '{kind}'."));
    }
    let key = s.key();
    let q = QuestionRec {
        key,
        study_key: study,
        codebook_key,
        id,
        text: body.get("text").and_then(Value::as_str).map(str::to_owned),
        label: body.get("label").and_then(Value::as_str).map(str::to_owned),
        kind,
        tasks: body
            .get("tasks")
            .and_then(Value::as_str)
            .unwrap_or("c")
            .to_owned(),
        responses: Vec::new(),
    };
    let v = question_json(&q);
    s.questions.insert(key, q);
    ok(v)
}

fn get_responses(
    s: &State,
    question: Option<i64>,
    query: &BTreeMap<String, String>,
) -> ResponseTemplate {
    let Some(q) = question.and_then(|k| s.questions.get(&k)) else {
        return app_error("The question does not exist.");
    };
    let include_text = query
        .get("includeText")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let status = query.get("status").map(|v| v.to_ascii_lowercase());
    let responses: Vec<Value> = q
        .responses
        .iter()
        .filter(|r| match status.as_deref() {
            Some("coded") => !r.code_keys.is_empty(),
            Some("uncoded") => r.code_keys.is_empty(),
            _ => true,
        })
        .map(|r| {
            let mut v = json!({"rid": r.rid, "codeKeys": r.code_keys});
            if include_text && let Value::Object(map) = &mut v {
                map.insert("text".into(), json!(r.text));
            }
            v
        })
        .collect();
    ok(json!({ "responses": responses }))
}

fn rid_of(v: &Value) -> Option<String> {
    match v.get("rid")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The keys in `appliedcodes` (lower case: a camelCase `appliedCodes` is
/// ignored, as the real service does).
fn applied_codes(v: &Value) -> Vec<i64> {
    v.get("appliedcodes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

fn add_responses(s: &mut State, question: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(qk) = question.filter(|k| s.questions.contains_key(k)) else {
        return app_error("The question does not exist.");
    };
    let Some(items) = body.get("responses").and_then(Value::as_array) else {
        return app_error("The request has no responses.");
    };
    if items.len() > MAX_RESPONSES_PER_REQUEST {
        return app_error(format!(
            "At most {MAX_RESPONSES_PER_REQUEST} responses may be sent in one request; got {}.",
            items.len()
        ));
    }
    let mut parsed = Vec::new();
    for item in items {
        let (Some(rid), Some(text)) = (rid_of(item), item.get("verbatim").and_then(Value::as_str))
        else {
            return app_error("Every response needs a rid and a verbatim.");
        };
        parsed.push(ResponseRec {
            rid,
            text: text.to_owned(),
            code_keys: applied_codes(item),
        });
    }
    s.upload_sizes.push(parsed.len());
    let Some(q) = s.questions.get(&qk) else {
        return not_found("question");
    };
    let cb = q.codebook_key;
    let descriptions: BTreeMap<i64, String> =
        leaves(s.codebooks.get(&cb).map(Vec::as_slice).unwrap_or_default())
            .into_iter()
            .collect();
    let Some(q) = s.questions.get_mut(&qk) else {
        return not_found("question");
    };
    let mut existing: HashSet<String> = q.responses.iter().map(|r| r.rid.clone()).collect();
    let (mut added, mut unchanged, mut coded) = (0, 0, 0);
    let mut added_list = Vec::new();
    for r in parsed {
        if !existing.insert(r.rid.clone()) {
            unchanged += 1;
            continue;
        }
        added += 1;
        if !r.code_keys.is_empty() {
            coded += 1;
        }
        let codes: Vec<Value> = r
            .code_keys
            .iter()
            .map(|k| json!({"codeKey": k, "description": descriptions.get(k)}))
            .collect();
        added_list.push(json!({"rid": r.rid, "codes": codes}));
        q.responses.push(r);
    }
    ok(json!({
        "codebookKey": cb, "responsesAdded": added, "existingResponsesUnchanged": unchanged,
        "responsesCoded": coded, "responsesCodedByTextMatch": 0, "responsesCodedByInputId": 0,
        "responsesCodedByRegex": 0, "addedResponses": added_list,
    }))
}

fn upsert_responses(s: &mut State, question: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(q) = question.and_then(|k| s.questions.get_mut(&k)) else {
        return app_error("The question does not exist.");
    };
    let Some(items) = body.get("responses").and_then(Value::as_array) else {
        return app_error("The request has no responses.");
    };
    if items.len() > MAX_RESPONSES_PER_REQUEST {
        return app_error(format!(
            "At most {MAX_RESPONSES_PER_REQUEST} responses may be sent in one request."
        ));
    }
    let (mut added, mut updated, mut unchanged, mut coded) = (0, 0, 0, 0);
    for item in items {
        let (Some(rid), Some(text)) = (rid_of(item), item.get("text").and_then(Value::as_str))
        else {
            return app_error("Every response needs a rid and a text.");
        };
        let codes = applied_codes(item);
        if !codes.is_empty() {
            coded += 1;
        }
        match q.responses.iter_mut().find(|r| r.rid == rid) {
            Some(r) if r.text == text && (codes.is_empty() || r.code_keys == codes) => {
                unchanged += 1
            }
            Some(r) => {
                r.text = text.to_owned();
                if !codes.is_empty() {
                    r.code_keys = codes;
                }
                updated += 1;
            }
            None => {
                q.responses.push(ResponseRec {
                    rid,
                    text: text.to_owned(),
                    code_keys: codes,
                });
                added += 1;
            }
        }
    }
    ok(json!({
        "responsesAdded": added, "existingResponsesUpdated": updated,
        "existingResponsesUnchanged": unchanged, "responsesCoded": coded,
    }))
}

fn code_json(c: &CodeRec) -> Value {
    if is_v2() && c.children.is_empty() {
        // v2 sends `children: null` for a code.
        return json!({
            "key": c.key, "description": c.description, "inputId": null, "outputId": null,
            "regexPattern": null, "color": null, "children": null,
        });
    }
    json!({
        "key": c.key, "description": c.description, "inputId": null, "outputId": null,
        "regexPattern": null, "color": null,
        "children": c.children.iter().map(code_json).collect::<Vec<_>>(),
    })
}

fn codebook_json(s: &State, cb: i64, tree: bool) -> Value {
    let codes = s.codebooks.get(&cb).map(Vec::as_slice).unwrap_or_default();
    let list: Vec<Value> = if tree {
        codes.iter().map(code_json).collect()
    } else {
        leaves(codes)
            .into_iter()
            .map(|(key, d)| json!({"key": key, "description": d}))
            .collect()
    };
    json!({ "codebookKey": cb, "codebook": list })
}

fn get_codebook(s: &State, cb: Option<i64>, query: &BTreeMap<String, String>) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let tree = query
        .get("tree")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    ok(codebook_json(s, cb, tree))
}

fn new_codes(s: &mut State, items: &[Value]) -> Vec<CodeRec> {
    items
        .iter()
        .map(|c| {
            let key = s.key();
            let children = c
                .get("children")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            CodeRec {
                key,
                description: c
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                children: new_codes(s, &children),
            }
        })
        .collect()
}

fn replace_codebook(s: &mut State, question: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(q) = question.and_then(|k| s.questions.get(&k)) else {
        return app_error("The question does not exist.");
    };
    if q.responses.iter().any(|r| !r.code_keys.is_empty()) {
        return app_error("The codebook cannot be replaced once responses are coded.");
    }
    let cb = q.codebook_key;
    let items = body
        .get("codebook")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let codes = new_codes(s, &items);
    s.codebooks.insert(cb, codes);
    ok(codebook_json(s, cb, true))
}

fn add_codes(s: &mut State, cb: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let items = body
        .get("codes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let overwrite = body
        .get("overwrite")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let codes = new_codes(s, &items);
    let book = s.codebooks.entry(cb).or_default();
    for c in codes {
        match book
            .iter()
            .position(|e| e.description.eq_ignore_ascii_case(&c.description))
        {
            Some(i) if overwrite => book[i] = c,
            Some(_) => return app_error(format!("A code '{}' already exists.", c.description)),
            None => book.push(c),
        }
    }
    ok(codebook_json(s, cb, true))
}

fn create_company(s: &mut State, body: &Value) -> ResponseTemplate {
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if id.is_empty() || id.chars().count() > 100 || id.starts_with('_') {
        return app_error("A company ID has 1 to 100 characters and does not start with '_'.");
    }
    if s.companies.iter().any(|(_, c)| c.eq_ignore_ascii_case(&id)) {
        return app_error(format!("A company with the ID '{id}' already exists."));
    }
    let key = s.key();
    s.companies.push((key, id.clone()));
    ok(json!({"key": key, "id": id}))
}

fn start_export(s: &mut State, body: &Value) -> ResponseTemplate {
    let study = body.get("studyKey").and_then(Value::as_i64);
    if !study.is_some_and(|k| s.studies.contains_key(&k)) {
        return app_error("The study does not exist.");
    }
    if !matches!(body.get("scriptKey").and_then(Value::as_i64), Some(1 | 2)) {
        return app_error("The export script does not exist.");
    }
    let job = s.key();
    s.exports.insert(job, 0);
    ok(json!({ "jobKey": job }))
}

fn poll_export(s: &mut State, job: Option<i64>) -> ResponseTemplate {
    let base = s.base_uri.clone();
    let Some((key, polls)) = job.and_then(|k| s.exports.get_mut(&k).map(|p| (k, p))) else {
        return app_error("The export job does not exist.");
    };
    *polls += 1;
    let (status, uri) = match *polls {
        1 => ("Queued", Value::Null),
        2 => ("Running", Value::Null),
        _ => ("Complete", json!(format!("{base}/files/export-{key}.xlsx"))),
    };
    if is_v2() {
        // v2 sends the DBJobStatus number.
        let number = ["Queued", "Running", "Paused", "Complete"]
            .iter()
            .position(|s| *s == status)
            .unwrap_or(0);
        return ok(json!({"jobKey": key, "status": number, "resultFileUri": uri, "error": null}));
    }
    ok(json!({"status": status, "resultFileUri": uri, "error": null}))
}
