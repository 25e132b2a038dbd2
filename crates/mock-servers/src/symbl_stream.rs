//! A stateful mock of Symbl's Streaming API (WebSocket) on a free port of
//! 127.0.0.1.
//!
//! - The upgrade needs `x-api-key` with a token the linked [`SymblMock`]
//!   issued (or the fixed token given), on `/v1/streaming/{connectionId}`
//!   or the older `/v1/realtime/insights/{connectionId}`; otherwise 401 / 404
//!   with Symbl's `{"message": …}` body.
//! - `start_request` → `started_listening`, `conversation_created` (the
//!   conversation also exists in the linked HTTP mock, so the conversation
//!   API can read it), `recognition_started`.
//! - Audio frames are counted; every [`set_bytes_per_result`](SymblStreamMock::set_bytes_per_result)
//!   bytes the next step of a script is sent: an interim `recognition_result`,
//!   then the final one with `message_response`, `insight_response` (for the
//!   insight types asked for), `topic_response` and `tracker_response` (for
//!   trackers whose phrases occur). Final sentences are added to the
//!   conversation.
//! - `stop_request` (which must be JSON) → `recognition_stopped`,
//!   `conversation_completed`, close 1000.
//! - `/events/{connectionId}`: the result socket of a telephony call the
//!   HTTP mock started: `conversation_created`, two sentences of results,
//!   and, once the call is stopped, `conversation_completed` and close 1000.
//! - Knobs: close mid-stream with a code, a server error message, extra
//!   messages after the start (an unknown type, a malformed one), and a
//!   gate that lets audio frames in only as the test releases them.

use std::net::SocketAddr;
use std::sync::Arc;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{StatusCode, header};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use crate::harness::Shared;
use crate::symbl::{SymblLink, SymblMock};

/// The sentences the mock "recognizes", in a loop.
const SCRIPT: [&str; 4] = [
    "Welcome to the Planning call.",
    "Can we ship the Release on Friday?",
    "I will send the pricing notes tomorrow.",
    "Let's review the Budget next week.",
];

/// What one streaming connection did, for tests to inspect.
#[derive(Debug, Clone, Default)]
pub struct StreamRecord {
    /// The connection id from the URL.
    pub connection_id: String,
    /// The request path of the upgrade.
    pub path: String,
    /// The query string of the upgrade, if any (a token must never be there).
    pub query: Option<String>,
    /// The start request, as received.
    pub start_request: Option<Value>,
    /// The stop request, as received (parsed as JSON).
    pub stop_request: Option<Value>,
    /// Every text frame the client sent, verbatim.
    pub client_texts: Vec<String>,
    /// Audio bytes received.
    pub audio_bytes: u64,
    /// Audio frames received.
    pub audio_frames: u64,
    /// The largest audio frame received.
    pub largest_frame: usize,
    /// The conversation created.
    pub conversation_id: Option<String>,
}

#[derive(Debug, Clone)]
enum Tokens {
    Linked(SymblLink),
    Fixed(String),
}

impl std::fmt::Debug for SymblLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymblLink")
    }
}

#[derive(Debug)]
struct State {
    tokens: Tokens,
    bytes_per_result: u64,
    close_after: Option<(u64, u16, String)>,
    error_after: Option<(u64, String)>,
    drop_after: Option<u64>,
    after_start: Vec<String>,
    gated: bool,
    sessions: Vec<StreamRecord>,
    rejected_upgrades: u64,
    next_id: u64,
}

/// A running streaming mock. Dropping it stops accepting connections.
pub struct SymblStreamMock {
    addr: SocketAddr,
    state: Shared<State>,
    gate: Arc<Semaphore>,
    frames: watch::Sender<u64>,
    acceptor: JoinHandle<()>,
}

impl Drop for SymblStreamMock {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

impl SymblStreamMock {
    /// Starts a mock that accepts the tokens `symbl` issued and creates its
    /// conversations there.
    pub async fn start(symbl: &SymblMock) -> Self {
        let link = symbl.link();
        let mock = Self::start_with(Tokens::Linked(link.clone())).await;
        link.set_stream_addr(mock.addr.to_string());
        mock
    }

    /// Starts a mock that accepts only `token`.
    pub async fn with_token(token: impl Into<String>) -> Self {
        Self::start_with(Tokens::Fixed(token.into())).await
    }

    async fn start_with(tokens: Tokens) -> Self {
        let state = Shared::new(State {
            tokens,
            bytes_per_result: 32 * 1024,
            close_after: None,
            error_after: None,
            drop_after: None,
            after_start: Vec::new(),
            gated: false,
            sessions: Vec::new(),
            rejected_upgrades: 0,
            next_id: 0,
        });
        let gate = Arc::new(Semaphore::new(0));
        let (frames, _) = watch::channel(0u64);
        // Port 0: the OS picks a free port, so tests can run in parallel.
        let listener = match TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("cannot listen on 127.0.0.1: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => panic!("no local address: {e}"),
        };
        let connection = Connection {
            state: state.clone(),
            gate: Arc::clone(&gate),
            frames: frames.clone(),
        };
        let acceptor = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(connection.clone().serve(socket));
            }
        });
        Self {
            addr,
            state,
            gate,
            frames,
            acceptor,
        }
    }

    /// The endpoint to give the SDK: `ws://127.0.0.1:PORT/v1/streaming/`.
    pub fn endpoint(&self) -> String {
        format!("ws://{}/v1/streaming/", self.addr)
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves one connection over `io` (any transport: an in-memory pipe
    /// makes buffering exact for backpressure tests).
    pub fn serve_connection<S>(&self, io: S)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let connection = Connection {
            state: self.state.clone(),
            gate: Arc::clone(&self.gate),
            frames: self.frames.clone(),
        };
        tokio::spawn(connection.serve(io));
    }

    /// Sends the next script step every `bytes` bytes of audio (default 32 KiB).
    pub fn set_bytes_per_result(&self, bytes: u64) {
        self.state.lock().bytes_per_result = bytes.max(1);
    }

    /// Closes each session with `code` and `reason` once it has received
    /// `bytes` bytes of audio.
    pub fn close_after_bytes(&self, bytes: u64, code: u16, reason: &str) {
        self.state.lock().close_after = Some((bytes, code, reason.to_owned()));
    }

    /// Sends Symbl's error message (`{"type":"error",…}`) once a session has
    /// received `bytes` bytes of audio, then closes with 1011.
    pub fn error_after_bytes(&self, bytes: u64, message: &str) {
        self.state.lock().error_after = Some((bytes, message.to_owned()));
    }

    /// Drops each session's connection, without a close frame, once it has
    /// received `bytes` bytes of audio (a lost connection).
    pub fn drop_after_bytes(&self, bytes: u64) {
        self.state.lock().drop_after = Some(bytes);
    }

    /// Sends `message` (JSON) right after `conversation_created`.
    pub fn send_after_start(&self, message: Value) {
        self.state.lock().after_start.push(message.to_string());
    }

    /// Sends `text` verbatim right after `conversation_created` (for
    /// malformed messages).
    pub fn send_raw_after_start(&self, text: &str) {
        self.state.lock().after_start.push(text.to_owned());
    }

    /// From now on an audio frame is read only when the test releases one
    /// ([`release_frames`](Self::release_frames)).
    pub fn hold_audio(&self) {
        self.state.lock().gated = true;
    }

    /// Lets `n` more audio frames in (after [`hold_audio`](Self::hold_audio)).
    pub fn release_frames(&self, n: usize) {
        self.gate.add_permits(n);
    }

    /// Waits until `n` audio frames have been received in total.
    pub async fn wait_for_frames(&self, n: u64) {
        let mut frames = self.frames.subscribe();
        let _ = frames.wait_for(|f| *f >= n).await;
    }

    /// Audio frames received in total.
    pub fn frames_received(&self) -> u64 {
        *self.frames.borrow()
    }

    /// The sessions, in the order they were opened.
    pub fn sessions(&self) -> Vec<StreamRecord> {
        self.state.lock().sessions.clone()
    }

    /// How many upgrades were refused (bad token or path).
    pub fn rejected_upgrades(&self) -> u64 {
        self.state.lock().rejected_upgrades
    }
}

/// One connection's view of the mock.
#[derive(Clone)]
struct Connection {
    state: Shared<State>,
    gate: Arc<Semaphore>,
    frames: watch::Sender<u64>,
}

type Ws<S> = WebSocketStream<S>;

impl Connection {
    #[expect(
        clippy::result_large_err,
        reason = "tungstenite's handshake callback returns its error response by value"
    )]
    async fn serve<S>(self, io: S)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let accepted = Arc::new(std::sync::Mutex::new(None::<StreamRecord>));
        let check = {
            let state = self.state.clone();
            let accepted = Arc::clone(&accepted);
            move |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
                let record = check_upgrade(&state, request)?;
                if let Ok(mut slot) = accepted.lock() {
                    *slot = Some(record);
                }
                Ok(response)
            }
        };
        let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(io, check).await else {
            return;
        };
        let record = accepted.lock().ok().and_then(|mut slot| slot.take());
        let Some(record) = record else { return };
        let index = {
            let mut s = self.state.lock();
            s.sessions.push(record);
            s.sessions.len() - 1
        };
        let mut session = Session {
            conn: self,
            index,
            script_step: 0,
            sequence: 0,
            next_result_at: 0,
            conversation_id: String::new(),
            insight_types: Vec::new(),
            trackers: Vec::new(),
            speaker: json!({}),
        };
        session.run(&mut ws).await;
    }
}

/// Checks the path and the token of an upgrade.
#[expect(
    clippy::result_large_err,
    reason = "the refusal is tungstenite's error response, returned as is"
)]
fn check_upgrade(state: &Shared<State>, request: &Request) -> Result<StreamRecord, ErrorResponse> {
    let path = request.uri().path().to_owned();
    let connection_id = path
        .strip_prefix("/v1/streaming/")
        .or_else(|| path.strip_prefix("/v1/realtime/insights/"))
        .or_else(|| path.strip_prefix("/events/"))
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .map(str::to_owned);
    let token = request
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok());
    let mut s = state.lock();
    let Some(connection_id) = connection_id else {
        s.rejected_upgrades += 1;
        return Err(refusal(StatusCode::NOT_FOUND, "Not found"));
    };
    let valid = match (&s.tokens, token) {
        (Tokens::Linked(link), Some(t)) => link.is_valid_token(t),
        (Tokens::Fixed(expected), Some(t)) => t == expected,
        (_, None) => false,
    };
    if !valid {
        s.rejected_upgrades += 1;
        return Err(refusal(
            StatusCode::UNAUTHORIZED,
            "Token validation failed for provided token.",
        ));
    }
    // A call's result socket exists only for a call the HTTP mock started.
    if path.starts_with("/events/") {
        let known = match &s.tokens {
            Tokens::Linked(link) => link.telephony_call(&connection_id).is_some(),
            Tokens::Fixed(_) => false,
        };
        if !known {
            s.rejected_upgrades += 1;
            return Err(refusal(
                StatusCode::NOT_FOUND,
                "The connectionId is either invalid or does not exist.",
            ));
        }
    }
    Ok(StreamRecord {
        connection_id,
        path,
        query: request.uri().query().map(str::to_owned),
        ..StreamRecord::default()
    })
}

fn refusal(status: StatusCode, message: &str) -> ErrorResponse {
    let body = json!({ "message": message }).to_string();
    let mut response = ErrorResponse::new(Some(body.clone()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    if let Ok(len) = header::HeaderValue::from_str(&body.len().to_string()) {
        headers.insert(header::CONTENT_LENGTH, len);
    }
    response
}

/// One session's protocol state.
struct Session {
    conn: Connection,
    index: usize,
    script_step: usize,
    sequence: u64,
    next_result_at: u64,
    conversation_id: String,
    insight_types: Vec<String>,
    trackers: Vec<(String, Vec<String>)>,
    speaker: Value,
}

/// Why a session loop ended.
enum End {
    /// Stop requested, or the client went away: nothing more to send.
    Done,
    /// Close with this code and reason.
    Close(u16, String),
    /// Drop the connection without a close frame.
    Drop,
}

impl Session {
    fn record(&self, f: impl FnOnce(&mut StreamRecord)) {
        if let Some(r) = self.conn.state.lock().sessions.get_mut(self.index) {
            f(r);
        }
    }

    async fn run<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: &mut Ws<S>) {
        let path = self
            .conn
            .state
            .lock()
            .sessions
            .get(self.index)
            .map(|r| (r.path.clone(), r.connection_id.clone()));
        let end = match path {
            Some((p, id)) if p.starts_with("/events/") => self.call_results(ws, &id).await,
            _ => self.stream_audio(ws).await,
        };
        self.end(ws, end).await;
    }

    async fn stream_audio<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: &mut Ws<S>) -> End {
        match self.start(ws).await {
            Ok(()) => self.stream(ws).await,
            Err(end) => end,
        }
    }

    /// A telephony call's result socket: the conversation, two sentences of
    /// the script, then, once the call is stopped, the end.
    async fn call_results<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
        connection_id: &str,
    ) -> End {
        let Tokens::Linked(link) = self.conn.state.lock().tokens.clone() else {
            return End::Done;
        };
        let Some((conversation_id, _)) = link.telephony_call(connection_id) else {
            return End::Done;
        };
        self.conversation_id = conversation_id.clone();
        self.record(|r| r.conversation_id = Some(conversation_id.clone()));
        let created = platform(
            "conversation_created",
            json!({"data": {"conversationId": conversation_id}}),
        );
        if send(ws, created).await.is_err() {
            return End::Done;
        }
        for _ in 0..4 {
            if self.step(ws).await.is_err() {
                return End::Done;
            }
        }
        loop {
            // Subscribed before looking, so a stop in between is not missed.
            let mut changes = link.telephony_changes();
            if !link
                .telephony_call(connection_id)
                .is_some_and(|(_, active)| active)
            {
                break;
            }
            if changes.changed().await.is_err() {
                return End::Done;
            }
        }
        self.finish(ws).await
    }

    /// Closes as `end` says, then lets the client answer the close.
    async fn end<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: &mut Ws<S>, end: End) {
        if let End::Drop = end {
            return;
        }
        if let End::Close(code, reason) = end {
            let frame = CloseFrame {
                code: CloseCode::from(code),
                reason: Utf8Bytes::from(reason),
            };
            let _ = ws.send(Message::Close(Some(frame))).await;
        }
        // Let the client answer the close (or go away).
        while let Some(Ok(_)) = ws.next().await {}
    }

    /// Reads the start request and answers it.
    async fn start<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
    ) -> Result<(), End> {
        let text = loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => break t.to_string(),
                Some(Ok(Message::Binary(_))) => continue, // ignored before the start, as Symbl does
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return Err(End::Done),
                Some(Ok(_)) => continue,
            }
        };
        self.record(|r| r.client_texts.push(text.clone()));
        let request: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(_) => return Err(self.fail(ws, "Invalid JSON in start_request").await),
        };
        if request["type"] != "start_request" {
            return Err(self.fail(ws, "Expected a start_request").await);
        }
        self.insight_types = request["insightTypes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        self.trackers = request["trackers"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| {
                        let name = t["name"].as_str().unwrap_or("").to_owned();
                        let vocabulary = t["vocabulary"]
                            .as_array()
                            .map(|v| {
                                v.iter()
                                    .filter_map(|w| w.as_str().map(str::to_lowercase))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (name, vocabulary)
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.speaker = request.get("speaker").cloned().unwrap_or(json!({}));
        let title = request["config"]["meetingTitle"]
            .as_str()
            .unwrap_or("Streamed conversation")
            .to_owned();
        let (tokens, after_start, bytes_per_result) = {
            let mut s = self.conn.state.lock();
            s.next_id += 1;
            (s.tokens.clone(), s.after_start.clone(), s.bytes_per_result)
        };
        self.conversation_id = match &tokens {
            Tokens::Linked(link) => link.create_conversation(&title),
            Tokens::Fixed(_) => format!("stream-conv-{}", self.index + 1),
        };
        self.next_result_at = bytes_per_result;
        let id = self.conversation_id.clone();
        self.record(|r| {
            r.start_request = Some(request);
            r.conversation_id = Some(id.clone());
        });
        let mut replies = vec![
            platform("started_listening", json!({})),
            platform(
                "conversation_created",
                json!({"data": {"conversationId": id}}),
            ),
            platform("recognition_started", json!({})),
        ];
        replies.extend(after_start);
        for reply in replies {
            send(ws, reply).await?;
        }
        Ok(())
    }

    /// Audio in, results out, until the stop request or a knob ends it.
    async fn stream<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: &mut Ws<S>) -> End {
        let mut received = 0u64;
        loop {
            let gated = self.conn.state.lock().gated;
            if gated {
                match self.conn.gate.acquire().await {
                    Ok(permit) => permit.forget(),
                    Err(_) => return End::Done,
                }
            }
            let message = match ws.next().await {
                Some(Ok(m)) => m,
                Some(Err(_)) | None => return End::Done,
            };
            match message {
                Message::Binary(audio) => {
                    received += audio.len() as u64;
                    self.record(|r| {
                        r.audio_bytes += audio.len() as u64;
                        r.audio_frames += 1;
                        r.largest_frame = r.largest_frame.max(audio.len());
                    });
                    self.conn.frames.send_modify(|f| *f += 1);
                    let (close_after, error_after, drop_after, per_result) = {
                        let s = self.conn.state.lock();
                        (
                            s.close_after.clone(),
                            s.error_after.clone(),
                            s.drop_after,
                            s.bytes_per_result,
                        )
                    };
                    if drop_after.is_some_and(|at| received >= at) {
                        return End::Drop;
                    }
                    if let Some((at, code, reason)) = close_after
                        && received >= at
                    {
                        return End::Close(code, reason);
                    }
                    if let Some((at, message)) = error_after
                        && received >= at
                    {
                        let error = json!({"type": "error", "message": message, "details": "mock"});
                        if send(ws, error.to_string()).await.is_err() {
                            return End::Done;
                        }
                        return End::Close(1011, "error".into());
                    }
                    while received >= self.next_result_at {
                        self.next_result_at += per_result;
                        if self.step(ws).await.is_err() {
                            return End::Done;
                        }
                    }
                }
                Message::Text(text) => {
                    let text = text.to_string();
                    self.record(|r| r.client_texts.push(text.clone()));
                    let Ok(request) = serde_json::from_str::<Value>(&text) else {
                        return self.fail(ws, "Invalid JSON message").await;
                    };
                    match request["type"].as_str() {
                        Some("stop_request") => {
                            self.record(|r| r.stop_request = Some(request));
                            return self.finish(ws).await;
                        }
                        Some("modify_request") => {
                            if send(ws, platform("session_modified", json!({})))
                                .await
                                .is_err()
                            {
                                return End::Done;
                            }
                        }
                        _ => return self.fail(ws, "Unsupported message type").await,
                    }
                }
                Message::Close(_) => return End::Done,
                _ => {}
            }
        }
    }

    /// One script step: an interim result on even steps, the final result
    /// and its insights on odd ones.
    async fn step<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: &mut Ws<S>) -> Result<(), End> {
        let sentence = SCRIPT[(self.script_step / 2) % SCRIPT.len()];
        let is_final = self.script_step % 2 == 1;
        self.script_step += 1;
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let shown = if is_final {
            words.len()
        } else {
            words.len().div_ceil(2)
        };
        let text = words[..shown].join(" ");
        let offset = self.script_step as u64;
        let word_timings: Vec<Value> = words[..shown]
            .iter()
            .enumerate()
            .map(|(i, w)| {
                json!({"word": w,
                    "startTime": {"seconds": (offset + i as u64).to_string(), "nanos": "0"},
                    "endTime": {"seconds": (offset + i as u64).to_string(), "nanos": "500000000"}})
            })
            .collect();
        let user = json!({"id": "mock-user-1", "userId": self.speaker["userId"], "name": self.speaker["name"]});
        let mut out = vec![platform(
            "recognition_result",
            json!({"isFinal": is_final,
                "payload": {"raw": {"alternatives": [{"words": word_timings, "transcript": text, "confidence": 0.92}]}},
                "punctuated": {"transcript": text},
                "user": user}),
        )];
        if is_final {
            self.sequence += 1;
            let seq = self.sequence;
            let message_id = format!("{}-msg-{seq}", self.conversation_id);
            if let Tokens::Linked(link) = &self.conn.state.lock().tokens {
                link.add_text(&self.conversation_id, sentence);
            }
            out.push(json!({"type": "message_response", "sequenceNumber": seq, "messages": [{
                "id": message_id, "from": user,
                "payload": {"content": sentence, "contentType": "text/plain"},
                "duration": {"startTime": "2026-11-24T09:00:00.000Z", "endTime": "2026-11-24T09:00:05.000Z"}}]})
            .to_string());
            let lower = sentence.to_lowercase();
            let kind = if sentence.ends_with('?') {
                Some("question")
            } else if lower.contains(" will ") || lower.starts_with("let's") {
                Some("action_item")
            } else {
                None
            };
            if let Some(kind) = kind.filter(|k| self.insight_types.iter().any(|t| t == k)) {
                out.push(
                    json!({"type": "insight_response", "sequenceNumber": seq, "insights": [{
                    "id": format!("insight-{seq}"), "type": kind, "confidence": 0.93,
                    "payload": {"content": sentence, "contentType": "text/plain"},
                    "from": user, "assignee": user, "hints": [], "tags": [],
                    "messageReference": {"id": message_id}}]})
                    .to_string(),
                );
            }
            let topics: Vec<Value> = words
                .iter()
                .skip(1)
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| w.len() > 3 && w.chars().next().is_some_and(char::is_uppercase))
                .map(|w| json!({"id": format!("topic-{}", w.to_lowercase()), "type": "topic",
                    "phrases": w.to_lowercase(), "score": 0.8, "messageReferences": [{"id": message_id}]}))
                .collect();
            if !topics.is_empty() {
                out.push(json!({"type": "topic_response", "topics": topics}).to_string());
            }
            let matched: Vec<Value> = self
                .trackers
                .iter()
                .filter_map(|(name, vocabulary)| {
                    let hits: Vec<Value> = vocabulary
                        .iter()
                        .filter_map(|v| lower.find(v.as_str()).map(|at| (v, at)))
                        .map(|(v, at)| json!({"type": "vocabulary", "value": v,
                            "messageRefs": [{"id": message_id, "text": sentence, "offset": at}], "insightRefs": []}))
                        .collect();
                    (!hits.is_empty()).then(|| json!({"name": name, "matches": hits}))
                })
                .collect();
            if !matched.is_empty() {
                out.push(json!({"type": "tracker_response", "isFinal": true, "sequenceNumber": seq, "trackers": matched}).to_string());
            }
        }
        for message in out {
            send(ws, message).await?;
        }
        Ok(())
    }

    /// After the stop request: the last lifecycle messages, then close 1000.
    async fn finish<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: &mut Ws<S>) -> End {
        let id = self.conversation_id.clone();
        for message in [
            platform("recognition_stopped", json!({})),
            platform(
                "conversation_completed",
                json!({"data": {"conversationId": id}}),
            ),
        ] {
            if send(ws, message).await.is_err() {
                return End::Done;
            }
        }
        End::Close(1000, "conversation completed".into())
    }

    /// Symbl's error message, then close 1008 (policy violation).
    async fn fail<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
        message: &str,
    ) -> End {
        let error = json!({"type": "error", "message": message});
        if send(ws, error.to_string()).await.is_err() {
            return End::Done;
        }
        End::Close(1008, message.to_owned())
    }
}

/// `{"type":"message","message":{"type":kind, …fields}}`.
fn platform(kind: &str, fields: Value) -> String {
    let mut message = json!({ "type": kind });
    if let (Some(m), Some(extra)) = (message.as_object_mut(), fields.as_object()) {
        for (k, v) in extra {
            m.insert(k.clone(), v.clone());
        }
    }
    json!({ "type": "message", "message": message }).to_string()
}

async fn send<S: AsyncRead + AsyncWrite + Unpin>(ws: &mut Ws<S>, text: String) -> Result<(), End> {
    ws.send(Message::text(text)).await.map_err(|_| End::Done)
}
