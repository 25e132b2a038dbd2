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

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use crate::harness::Shared;
use crate::symbl::{SymblLink, SymblMock};

mod audio;
mod connection;
mod session;

use connection::Connection;

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
