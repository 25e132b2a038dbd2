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
use std::time::{Duration, Instant};

use crate::harness::{Shared, route_all, start_server};
use crate::symbl_manage::ManageState;
use routes::Api;

mod routes;
use serde_json::{Value, json};
use wiremock::{MockServer, Request, ResponseTemplate};

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
    /// The exact bytes received.
    pub body: Vec<u8>,
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
pub struct SymblMock {
    server: MockServer,
    state: Shared<State>,
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
        Self { server, state }
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The underlying wiremock server.
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

    fn generate(&mut self, body: &Value) -> ResponseTemplate {
        self.token_requests += 1;
        let ok = body.get("type").and_then(Value::as_str) == Some("application")
            && body.get("appId").and_then(Value::as_str) == Some(APP_ID)
            && body.get("appSecret").and_then(Value::as_str) == Some(APP_SECRET);
        if !ok {
            return message(401, "Unauthorized: invalid appId or appSecret.");
        }
        let now = Instant::now();
        // Like Symbl: the cached token comes back with its remaining life.
        if let Some(t) = &self.token
            && t.expires > now
        {
            let remaining = (t.expires - now).as_secs();
            return ResponseTemplate::new(200)
                .set_body_json(json!({"accessToken": t.value, "expiresIn": remaining}));
        }
        self.issued += 1;
        let value = format!("symbl-jwt-{}-{:x}", self.issued, 0x5eed_u64 * self.issued);
        self.valid.push(value.clone());
        self.token = Some(Token {
            value: value.clone(),
            expires: now + Duration::from_secs(self.token_lifetime),
        });
        ResponseTemplate::new(200)
            .set_body_json(json!({"accessToken": value, "expiresIn": self.token_lifetime}))
    }

    fn authorized(&self, request: &Request) -> bool {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        let token = header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .or_else(|| header("x-api-key"));
        token.is_some_and(|t| self.valid.iter().any(|v| v == t))
    }

    /// `POST /v1/endpoint:connect`: start dials a PSTN number or a SIP URI
    /// (checked as Symbl does) and creates the conversation; stop ends it.
    fn endpoint_connect(&mut self, body: &Value, host: &str) -> ResponseTemplate {
        self.telephony_requests.push(body.clone());
        match body["operation"].as_str() {
            Some("start") => {
                let endpoint = &body["endpoint"];
                let target = match endpoint["type"].as_str() {
                    Some("pstn") => match endpoint["phoneNumber"].as_str() {
                        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                            format!("+{n}")
                        }
                        _ => return message(400, "phoneNumber is required when type = 'pstn'."),
                    },
                    Some("sip") => match endpoint["uri"].as_str() {
                        Some(u) if u.starts_with("sip:") || u.starts_with("sips:") => u.to_owned(),
                        _ => return message(400, "uri is required when type = 'sip'."),
                    },
                    _ => {
                        return message(
                            400,
                            "endpoint.type is not valid. Supported types are ['pstn' , 'sip']",
                        );
                    }
                };
                let name = body["data"]["session"]["name"]
                    .as_str()
                    .unwrap_or("Telephony call")
                    .to_owned();
                let conversation_id = self.new_id("conv");
                self.add_conversation(
                    &conversation_id,
                    &name,
                    vec![format!(
                        "Symbl joined the call at {target}. We will follow up on the Budget next week."
                    )],
                );
                let connection_id = self.new_id("conn");
                self.telephony.insert(
                    connection_id.clone(),
                    TelephonyCall {
                        conversation_id: conversation_id.clone(),
                        active: true,
                    },
                );
                ResponseTemplate::new(201).set_body_json(json!({
                    "connectionId": connection_id,
                    "conversationId": conversation_id,
                    "resultWebSocketUrl": format!(
                        "ws://{}/events/{connection_id}",
                        self.stream_addr.as_deref().unwrap_or(host)
                    ),
                    "eventUrl": format!("http://{host}/v1/event/{connection_id}"),
                }))
            }
            Some("stop") => {
                let id = body["connectionId"].as_str().unwrap_or("");
                match self.telephony.get_mut(id) {
                    Some(call) if call.active => {
                        call.active = false;
                        self.telephony_changes.send_modify(|n| *n += 1);
                        ResponseTemplate::new(200).set_body_json(json!({
                            "connectionId": id,
                            "conversationId": call.conversation_id,
                        }))
                    }
                    Some(_) => message(400, "The connection has already been stopped."),
                    None => message(404, "The connectionId is either invalid or does not exist."),
                }
            }
            _ => message(400, "operation must be 'start' or 'stop'"),
        }
    }

    fn running_jobs(&self) -> usize {
        self.jobs
            .values()
            .filter(|j| !j.fail && j.polls < self.steps_to_complete)
            .count()
    }

    fn submit(
        &mut self,
        conversation_id: Option<&str>,
        name: &str,
        texts: Vec<String>,
    ) -> ResponseTemplate {
        if let Some(max) = self.max_concurrent_jobs
            && self.running_jobs() >= max
        {
            return ResponseTemplate::new(429).set_body_json(json!({
                "statusCode": 429,
                "message": format!("This API has a limit of maximum of {max} number of concurrent jobs per account. If you are looking to scale, and need more concurrent jobs than this limit, please contact us at support@symbl.ai")
            }));
        }
        let trackers = std::mem::take(&mut self.next_trackers);
        let conversation_id = match conversation_id {
            Some(id) => match self.conversations.get_mut(id) {
                Some(c) => {
                    c.texts.extend(texts);
                    c.trackers.extend(trackers);
                    id.to_owned()
                }
                None => {
                    return message(
                        404,
                        "The conversationId is either invalid or does not exist.",
                    );
                }
            },
            None => {
                let id = self.new_id("conv");
                self.add_conversation(&id, name, texts);
                if let Some(c) = self.conversations.get_mut(&id) {
                    c.trackers = trackers;
                }
                id
            }
        };
        let job_id = self.new_id("job");
        let fail = std::mem::take(&mut self.fail_next_job);
        self.jobs.insert(
            job_id.clone(),
            Job {
                conversation_id: conversation_id.clone(),
                polls: 0,
                fail,
                webhook: std::mem::take(&mut self.next_webhook),
                notified: None,
            },
        );
        self.peak_running_jobs = self.peak_running_jobs.max(self.running_jobs());
        ResponseTemplate::new(201)
            .set_body_json(json!({"conversationId": conversation_id, "jobId": job_id}))
    }

    fn job(&mut self, id: &str) -> ResponseTemplate {
        let steps = self.steps_to_complete;
        let Some(job) = self.jobs.get_mut(id) else {
            return message(404, "The jobId is either invalid or does not exist.");
        };
        let status = if job.polls >= steps {
            if job.fail { "failed" } else { "completed" }
        } else if job.polls == 0 {
            "scheduled"
        } else {
            "in_progress"
        };
        job.polls += 1;
        let _ = &job.conversation_id;
        if let Some(url) = job.webhook.clone()
            && job.notified != Some(status)
        {
            job.notified = Some(status);
            let body = json!({"jobId": id, "status": status});
            post_webhook(&url, &body);
            self.webhooks_sent.push((url, body));
        }
        ResponseTemplate::new(200).set_body_json(json!({"id": id, "status": status}))
    }

    fn list(&self, query: &BTreeMap<String, String>) -> ResponseTemplate {
        let limit = query
            .get("limit")
            .and_then(|v| v.parse().ok())
            .unwrap_or(20usize);
        let offset = query
            .get("offset")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0usize);
        let page: Vec<Value> = self
            .order
            .iter()
            .skip(offset)
            .take(limit)
            .filter_map(|id| self.conversations.get(id))
            .map(conversation_json)
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "conversations": page }))
    }
}

fn conversation_json(c: &Conversation) -> Value {
    json!({
        "id": c.id, "type": "meeting", "name": c.name,
        "startTime": "2026-11-24T09:00:00.000Z", "endTime": "2026-11-24T09:30:00.000Z",
        "members": c.members, "metadata": c.metadata,
    })
}

/// POSTs a job callback to a local `http://` URL, off the responder's
/// thread (the responder must not block); other URLs are never contacted.
fn post_webhook(url: &str, body: &Value) {
    let Some(rest) = url.strip_prefix("http://") else {
        return;
    };
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    if host != "127.0.0.1" && host != "localhost" {
        return;
    }
    let authority = authority.to_owned();
    let payload = body.to_string();
    std::thread::spawn(move || {
        use std::io::Write;
        let Ok(addr) =
            std::net::ToSocketAddrs::to_socket_addrs(&authority.as_str()).map(|mut a| a.next())
        else {
            return;
        };
        let Some(addr) = addr else { return };
        if let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        {
            let request = format!(
                "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nUser-Agent: symbl-mock-webhooks\r\nConnection: close\r\n\r\n{payload}",
                payload.len()
            );
            let _ = stream.write_all(request.as_bytes());
            let _ = stream.flush();
            // Wait for the receiver's answer (or its close) before leaving.
            let mut sink = [0u8; 256];
            let _ = std::io::Read::read(&mut stream, &mut sink);
        }
    });
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

fn insight(c: &Conversation, kind: &str) -> ResponseTemplate {
    let sents = sentences(c);
    let msg_id = |i: usize| format!("{}-msg-{i}", c.id);
    let pick = |pred: &dyn Fn(&str) -> bool, kind_name: &str| -> Vec<Value> {
        sents
            .iter()
            .enumerate()
            .filter(|(_, s)| pred(s))
            .map(|(i, s)| json!({"id": format!("{kind_name}-{i}"), "text": s, "type": kind_name, "score": 0.9, "messageIds": [msg_id(i)]}))
            .collect()
    };
    let body = match kind {
        "messages" => {
            let msgs: Vec<Value> = sents
                .iter()
                .enumerate()
                .map(|(i, s)| json!({"id": msg_id(i), "text": s, "from": {}, "conversationId": c.id,
                    "startTime": "2026-11-24T09:00:00.000Z", "endTime": "2026-11-24T09:00:05.000Z",
                    "sentiment": {"polarity": {"score": 0.1}, "suggested": "neutral"}, "phrases": []}))
                .collect();
            json!({ "messages": msgs })
        }
        "questions" => json!({ "questions": pick(&|s| s.ends_with('?'), "question") }),
        "action-items" => {
            let lower = |s: &str| s.to_lowercase();
            json!({ "actionItems": pick(&|s| { let l = lower(s); l.contains(" will ") || l.starts_with("i will") || l.contains("let's") }, "action_item") })
        }
        "follow-ups" => {
            json!({ "followUps": pick(&|s| s.to_lowercase().contains("follow up"), "follow_up") })
        }
        "topics" => {
            let mut words: Vec<String> = Vec::new();
            for s in &sents {
                for w in s.split_whitespace().skip(1) {
                    let w = w.trim_matches(|ch: char| !ch.is_alphanumeric());
                    if w.len() > 3
                        && w.chars().next().is_some_and(char::is_uppercase)
                        && !words.iter().any(|x| x == w)
                    {
                        words.push(w.to_owned());
                    }
                }
            }
            if words.is_empty() {
                words.push("conversation".into());
            }
            let topics: Vec<Value> = words
                .iter()
                .enumerate()
                .map(|(i, w)| json!({"id": format!("topic-{i}"), "text": w.to_lowercase(), "type": "topic", "score": 0.8, "messageIds": [], "parentRefs": []}))
                .collect();
            json!({ "topics": topics })
        }
        "members" => json!({ "members": c.members }),
        "entities" => {
            // Dates: weekdays and "tomorrow", with the messages they are in.
            const DATES: [&str; 8] = [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "tomorrow",
            ];
            let mut entities = Vec::new();
            for word in DATES {
                let refs: Vec<Value> = sents
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        s.to_lowercase()
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == word)
                    })
                    .map(|(i, s)| json!({"id": msg_id(i), "text": s}))
                    .collect();
                if !refs.is_empty() {
                    entities.push(
                        json!({"type": "datetime", "subType": "date", "category": "Managed",
                        "value": word, "matches": [{"detectedValue": word, "messageRefs": refs}]}),
                    );
                }
            }
            json!({ "entities": entities })
        }
        "analytics" => {
            // Five seconds per sentence, split evenly among the members.
            let talk = 5.0 * sents.len() as f64;
            let members: Vec<Value> = c
                .members
                .iter()
                .map(|m| json!({"id": m["id"], "name": m["name"],
                    "talkTime": {"seconds": talk / c.members.len() as f64, "percentage": 100.0 / c.members.len() as f64}}))
                .collect();
            json!({ "metrics": [
                {"type": "total_silence", "percent": 10.0, "seconds": talk / 9.0},
                {"type": "total_talk_time", "percent": 90.0, "seconds": talk},
            ], "members": members })
        }
        "trackers" => {
            let found: Vec<Value> = c
                .trackers
                .iter()
                .filter_map(|t| {
                    let matches: Vec<Value> = t["vocabulary"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .filter_map(|phrase| {
                            let refs: Vec<Value> = sents
                                .iter()
                                .enumerate()
                                .filter(|(_, s)| s.to_lowercase().contains(&phrase.to_lowercase()))
                                .map(|(i, s)| json!({"id": msg_id(i), "text": s}))
                                .collect();
                            (!refs.is_empty()).then(|| json!({"type": "vocabulary", "value": phrase, "messageRefs": refs}))
                        })
                        .collect();
                    (!matches.is_empty()).then(|| json!({"id": format!("tracker-{}", t["name"].as_str().unwrap_or("")), "name": t["name"], "matches": matches}))
                })
                .collect();
            json!(found)
        }
        "insights" => {
            let lower = |s: &str| s.to_lowercase();
            let mut all = pick(&|s| s.ends_with('?'), "question");
            all.extend(pick(
                &|s| {
                    let l = lower(s);
                    l.contains(" will ") || l.starts_with("i will") || l.contains("let's")
                },
                "action_item",
            ));
            json!({ "insights": all })
        }
        "summary" => {
            let items: Vec<Value> = sents
                .iter()
                .take(2)
                .enumerate()
                .map(|(i, s)| json!({"id": format!("summary-{i}"), "text": s, "messageRefs": [{"id": msg_id(i)}]}))
                .collect();
            json!({ "summary": items })
        }
        _ => return message(404, "Not found"),
    };
    ResponseTemplate::new(200).set_body_json(body)
}

/// What the streaming mock ([`crate::symbl_stream`]) shares with this one:
/// the tokens issued here, and the conversations, so a streamed conversation
/// can be read through the conversation API.
#[derive(Clone)]
pub(crate) struct SymblLink(Shared<State>);

impl SymblLink {
    /// Whether `token` is one this mock issued and still accepts.
    pub(crate) fn is_valid_token(&self, token: &str) -> bool {
        self.0.lock().valid.iter().any(|v| v == token)
    }

    /// Creates an empty conversation and returns its id.
    pub(crate) fn create_conversation(&self, name: &str) -> String {
        let mut s = self.0.lock();
        let id = s.new_id("conv");
        s.add_conversation(&id, name, Vec::new());
        id
    }

    /// Serves the calls' result sockets at `addr` (the streaming mock's).
    pub(crate) fn set_stream_addr(&self, addr: String) {
        self.0.lock().stream_addr = Some(addr);
    }

    /// A telephony call's conversation and whether it is still active.
    pub(crate) fn telephony_call(&self, connection_id: &str) -> Option<(String, bool)> {
        self.0
            .lock()
            .telephony
            .get(connection_id)
            .map(|c| (c.conversation_id.clone(), c.active))
    }

    /// Changes whenever a call stops.
    pub(crate) fn telephony_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.0.lock().telephony_changes.subscribe()
    }

    /// Adds a finished sentence to a conversation.
    pub(crate) fn add_text(&self, conversation_id: &str, text: &str) {
        if let Some(c) = self.0.lock().conversations.get_mut(conversation_id) {
            c.texts.push(text.to_owned());
        }
    }
}

impl SymblMock {
    pub(crate) fn link(&self) -> SymblLink {
        SymblLink(self.state.clone())
    }
}
