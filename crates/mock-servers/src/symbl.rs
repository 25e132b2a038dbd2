//! A stateful mock of the Symbl.ai API.
//!
//! - `POST /oauth2/token:generate` checks the app id and secret and, like the
//!   real server, hands back its cached token with the *remaining* lifetime
//!   while that token is valid.
//! - The async API creates conversations and jobs; each `GET /v1/job/{id}`
//!   moves a job one step: `scheduled → in_progress → completed` (or
//!   `failed` for jobs marked to fail). A concurrent-job cap answers 429 with
//!   Symbl's `{statusCode, message}` body.
//! - The conversation API serves insights derived from the submitted text:
//!   questions end in `?`, action items contain "will" or "let's", topics are
//!   capitalized words.
//! - A submission's `webhookUrl` (local `http://` only) gets `{jobId, status}`
//!   each time the job's status changes.
//! - Uploads are recorded (headers, query, exact bytes) for tests to inspect.
//! - The Management API (trackers, groups) and call score, intents,
//!   experiences and bookmarks: served statefully
//!   with Symbl's 400 / 404 / 409 / 413 answers.
//! - Telephony: `POST /v1/endpoint:connect` starts (PSTN or SIP, checked)
//!   and stops connections; each start creates a conversation.

use std::collections::{BTreeMap, VecDeque};
use std::sync::MutexGuard;
use std::time::Instant;

use crate::harness::{Shared, route_all, start_server};
use crate::symbl_manage::ManageState;
use routes::Api;

mod auth;
mod insights;
mod jobs;
mod link;
mod routes;
mod telephony;

pub(crate) use link::SymblLink;
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

/// The app id the mock accepts.
pub const APP_ID: &str = "symbl-demo-app";
/// The app secret the mock accepts.
pub const APP_SECRET: &str = "symbl-demo-secret-8f3k2";

/// A recorded media upload.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The request path.
    pub path: String,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Content-Length` header.
    pub content_length: Option<u64>,
    /// Whether the body came chunked (no length announced).
    pub chunked: bool,
    /// The query parameters.
    pub query: Vec<(String, String)>,
    /// The body's size and digests (MD5, SHA-256): what a test needs to
    /// check the exact bytes arrived, without the mock keeping them.
    pub received: crate::storage::Upload,
}

#[derive(Debug)]
struct Token {
    value: String,
    expires: Instant,
}

#[derive(Debug, Default)]
struct Conversation {
    id: String,
    name: String,
    texts: Vec<String>,
    members: Vec<Value>,
    metadata: serde_json::Map<String, Value>,
    /// The trackers submitted with the conversation's jobs.
    trackers: Vec<Value>,
}

#[derive(Debug)]
struct Job {
    conversation_id: String,
    polls: usize,
    fail: bool,
    /// Where to POST `{jobId, status}` when the status changes.
    webhook: Option<String>,
    /// The last status sent there.
    notified: Option<&'static str>,
}

#[derive(Debug)]
struct State {
    token_lifetime: u64,
    token: Option<Token>,
    issued: u64,
    valid: Vec<String>,
    conversations: BTreeMap<String, Conversation>,
    order: Vec<String>,
    jobs: BTreeMap<String, Job>,
    steps_to_complete: usize,
    fail_next_job: bool,
    max_concurrent_jobs: Option<usize>,
    /// The most jobs ever running at once (seen at each submission).
    peak_running_jobs: usize,
    faults: VecDeque<ResponseTemplate>,
    uploads: Vec<Upload>,
    token_requests: u64,
    api_requests: u64,
    unauthorized: u64,
    next_id: u64,
    telephony: BTreeMap<String, TelephonyCall>,
    telephony_requests: Vec<Value>,
    /// Where the streaming mock listens, once one is linked: the calls'
    /// result sockets are served there.
    stream_addr: Option<String>,
    /// Bumped when a call stops, so its result socket can end.
    telephony_changes: tokio::sync::watch::Sender<u64>,
    /// Trackers, groups, bookmarks, call-score progress.
    manage: ManageState,
    /// The trackers of the submission being handled.
    next_trackers: Vec<Value>,
    /// The `webhookUrl` of the submission being handled.
    next_webhook: Option<String>,
    /// The job callbacks sent: (url, body).
    webhooks_sent: Vec<(String, Value)>,
}

#[derive(Debug)]
struct TelephonyCall {
    conversation_id: String,
    active: bool,
}

/// A running Symbl mock. Dropping it stops the server.
///
/// Clients talk to a [`StreamingFront`](crate::front::StreamingFront)
/// before the wiremock server: media uploads are hashed as they stream
/// (a 1 GiB file costs the mock no memory), everything else is forwarded.
pub struct SymblMock {
    front: crate::front::StreamingFront,
    server: MockServer,
    state: Shared<State>,
}

/// Symbl's media uploads: `POST|PUT /v1/process/{audio|video}[/{id}]`
/// (not `.../url`, whose body is a small JSON).
fn is_media_upload(method: &str, path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(method, "POST" | "PUT")
        && matches!(
            segments.as_slice(),
            ["v1", "process", "audio" | "video", rest @ ..] if rest.first() != Some(&"url")
        )
}

impl SymblMock {
    /// Starts the mock on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let server = start_server().await;
        let state = Shared::new(State {
            token_lifetime: 86_400,
            token: None,
            issued: 0,
            valid: Vec::new(),
            conversations: BTreeMap::new(),
            order: Vec::new(),
            jobs: BTreeMap::new(),
            steps_to_complete: 2,
            fail_next_job: false,
            max_concurrent_jobs: None,
            peak_running_jobs: 0,
            faults: VecDeque::new(),
            uploads: Vec::new(),
            token_requests: 0,
            api_requests: 0,
            unauthorized: 0,
            next_id: 0,
            telephony: BTreeMap::new(),
            telephony_requests: Vec::new(),
            stream_addr: None,
            telephony_changes: tokio::sync::watch::channel(0).0,
            manage: ManageState::default(),
            next_trackers: Vec::new(),
            next_webhook: None,
            webhooks_sent: Vec::new(),
        });
        route_all(&server, Api(state.clone())).await;
        let front = crate::front::StreamingFront::start(server.uri(), is_media_upload).await;
        Self {
            front,
            server,
            state,
        }
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.front.uri().to_owned()
    }

    /// The underlying wiremock server (behind the streaming front: mocks
    /// mounted on it answer through [`uri`](Self::uri) too).
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Sets the lifetime of tokens generated from now on (seconds).
    pub fn set_token_lifetime(&self, secs: u64) {
        self.state().token_lifetime = secs;
    }

    /// Forgets the cached token: it gets 401 from now on, and the next
    /// generate issues a new one.
    pub fn revoke_token(&self) {
        let mut s = self.state();
        s.token = None;
        s.valid.clear();
    }

    /// How many `GET /v1/job/{id}` polls a job needs to complete (default 2:
    /// `scheduled → in_progress → completed`).
    pub fn set_steps_to_complete(&self, polls: usize) {
        self.state().steps_to_complete = polls;
    }

    /// The most jobs that were running (submitted, not yet completed) at
    /// the same time.
    pub fn peak_running_jobs(&self) -> usize {
        self.state().peak_running_jobs
    }

    /// Makes the next submitted job fail.
    pub fn fail_next_job(&self) {
        self.state().fail_next_job = true;
    }

    /// Caps the jobs not yet completed; submissions past it get 429.
    pub fn set_max_concurrent_jobs(&self, max: Option<usize>) {
        self.state().max_concurrent_jobs = max;
    }

    /// Answers the next API calls (not token requests) with these responses.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = ResponseTemplate>) {
        self.state().faults.extend(faults);
    }

    /// Adds `n` finished conversations named `Seeded 1`..`Seeded n`.
    pub fn seed_conversations(&self, n: usize) {
        let mut s = self.state();
        for i in 1..=n {
            let id = s.new_id("conv");
            s.add_conversation(
                &id,
                &format!("Seeded {i}"),
                vec![format!("Seeded conversation number {i}.")],
            );
        }
    }

    /// The uploads received, in order.
    pub fn uploads(&self) -> Vec<Upload> {
        self.state().uploads.clone()
    }

    /// How many token requests were answered.
    pub fn token_requests(&self) -> u64 {
        self.state().token_requests
    }

    /// How many distinct tokens were minted (a request while the current
    /// token lives gets that token back, as from Symbl).
    pub fn tokens_minted(&self) -> u64 {
        self.state().issued
    }

    /// How many API calls were received.
    pub fn api_requests(&self) -> u64 {
        self.state().api_requests
    }

    /// How many API calls were refused with 401.
    pub fn unauthorized(&self) -> u64 {
        self.state().unauthorized
    }

    /// The bodies of the `endpoint:connect` calls received, in order.
    pub fn telephony_requests(&self) -> Vec<Value> {
        self.state().telephony_requests.clone()
    }

    /// How many telephony connections are active (started, not stopped).
    pub fn active_telephony_connections(&self) -> usize {
        self.state().telephony.values().filter(|c| c.active).count()
    }

    /// How many trackers the Management API holds.
    pub fn tracker_count(&self) -> usize {
        self.state().manage.tracker_count()
    }

    /// How many conversation groups the Management API holds.
    pub fn group_count(&self) -> usize {
        self.state().manage.group_count()
    }

    /// The job-status callbacks sent to `webhookUrl`s, in order: the URL
    /// and the `{jobId, status}` body. The mock sends one each time a job's
    /// status changes (jobs move when polled), only to `http://127.0.0.1` or
    /// `http://localhost` URLs.
    pub fn webhooks_sent(&self) -> Vec<(String, Value)> {
        self.state().webhooks_sent.clone()
    }

    /// How many conversations exist.
    pub fn conversation_count(&self) -> usize {
        self.state().conversations.len()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock()
    }
}

pub(crate) fn message(status: u16, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({ "message": text }))
}

impl State {
    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{:06}", self.next_id)
    }

    fn add_conversation(&mut self, id: &str, name: &str, texts: Vec<String>) {
        self.conversations.insert(
            id.to_owned(),
            Conversation {
                id: id.to_owned(),
                name: name.to_owned(),
                texts,
                ..Conversation::default()
            },
        );
        self.order.push(id.to_owned());
    }
}

fn conversation_json(c: &Conversation) -> Value {
    json!({
        "id": c.id, "type": "meeting", "name": c.name,
        "startTime": "2026-11-24T09:00:00.000Z", "endTime": "2026-11-24T09:30:00.000Z",
        "members": c.members, "metadata": c.metadata,
    })
}

/// The `{name, vocabulary}` trackers of a submission.
fn trackers_of(value: &Value) -> Vec<Value> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .filter(|t| t["name"].is_string() && t["vocabulary"].is_array())
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Splits the conversation's text into sentences.
fn sentences(c: &Conversation) -> Vec<String> {
    let mut out = Vec::new();
    for text in &c.texts {
        let mut current = String::new();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            current.push(ch);
            // A sentence ends at punctuation before a space or the end (not
            // inside a URL or a number).
            if matches!(ch, '.' | '?' | '!') && chars.peek().is_none_or(|c| c.is_whitespace()) {
                let s = current.trim().to_owned();
                if !s.is_empty() {
                    out.push(s);
                }
                current.clear();
            }
        }
        if !current.trim().is_empty() {
            out.push(current.trim().to_owned());
        }
    }
    out
}
