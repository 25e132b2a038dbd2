//! The Streaming API: live transcripts and insights over a WebSocket.
//!
//! [`SymblClient::streaming`] opens a session: the client's token (refreshed
//! through its cache first) goes in the `x-api-key` header of the upgrade
//! (never in the URL), TLS is verified, and the [`StartRequest`] says what
//! to detect and how the audio is encoded. Audio goes out as binary frames
//! from any `AsyncRead` or `Stream` of chunks, with backpressure; every
//! server message comes back as a typed [`StreamEvent`], unknown ones kept
//! as [`StreamEvent::Other`]; the stop request is JSON, and the conversation
//! id it returns is what the async APIs take.
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use symbl::SymblClient;
//! use symbl::streaming::{InsightType, Speaker, StartRequest, StreamEvent};
//!
//! # async fn run() -> symbl::Result<()> {
//! let client = SymblClient::builder().from_env().build()?;
//! let request = StartRequest::builder()
//!     .sample_rate_hertz(16_000)
//!     .insight_types([InsightType::Question, InsightType::ActionItem])
//!     .speaker(Speaker::new("jane@example.com", "Jane"))
//!     .build()?;
//! let session = client.streaming().start(&request).await?;
//! let conversation_id = session.conversation_id().to_owned();
//! let pcm = tokio::fs::File::open("call.raw").await.expect("audio file");
//! let mut events = session.stream_reader(pcm); // sends the stop request at the end
//! while let Some(event) = events.try_next().await? {
//!     match event {
//!         StreamEvent::Recognition(r) if r.is_final => println!("{}", r.text()),
//!         StreamEvent::Insights(i) => {
//!             for insight in &i.insights {
//!                 println!("{}: {}", insight.kind, insight.text());
//!             }
//!         }
//!         _ => {}
//!     }
//! }
//! let topics = client.conversation(&conversation_id).topics().send().await?;
//! # Ok(()) }
//! ```

mod connect;
mod endpoint;
mod events;
mod handshake;
mod request;
mod session;
mod wav;

use std::time::Duration;

use url::Url;

use crate::client::SymblClient;
use crate::error::{Result, SymblError};
use crate::ids::ConnectionId;

pub use endpoint::{LEGACY_REALTIME_PATH, STREAMING_PATH};
pub use events::{
    Alternative, AudioTime, EntityResponse, InsightResponse, MessageResponse, RecognitionResult,
    RecognizedWord, StreamEvent, StreamInsight, StreamMessage, StreamPayload, StreamTopic,
    StreamTracker, StreamUser, TopicResponse, TrackerMatch, TrackerResponse,
};
pub use handshake::Transport;
pub use request::{
    AudioEncoding, InsightType, Speaker, SpeechRecognition, StartRequest, StartRequestBuilder,
    StreamConfig, TrackerOptions,
};
pub use session::{AudioSender, EventStream, MAX_AUDIO_CHUNK, StreamingSession};
pub use wav::{WavFormat, pcm16_wav};
impl SymblClient {
    /// The Streaming API: live sessions over a WebSocket.
    ///
    /// ```no_run
    /// use symbl::streaming::StartRequest;
    ///
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let session = client
    ///     .streaming()
    ///     .start(&StartRequest::builder().build()?)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn streaming(&self) -> StreamingApi<'_> {
        StreamingApi {
            client: self,
            endpoint: None,
            connection_id: None,
            audio_buffer: 8,
            event_buffer: 256,
            chunk_size: MAX_AUDIO_CHUNK,
            connect_timeout: Duration::from_secs(30),
            start_timeout: Duration::from_secs(30),
        }
    }
}

/// Opens streaming sessions; the setters configure the next one.
#[derive(Debug, Clone)]
pub struct StreamingApi<'a> {
    client: &'a SymblClient,
    endpoint: Option<String>,
    connection_id: Option<ConnectionId>,
    audio_buffer: usize,
    event_buffer: usize,
    chunk_size: usize,
    connect_timeout: Duration,
    start_timeout: Duration,
}

impl StreamingApi<'_> {
    /// Sets the WebSocket endpoint the connection id is appended to
    /// (default: the client's base URL with `wss`, plus [`STREAMING_PATH`],
    /// i.e. `wss://api.symbl.ai/v1/streaming/`). `ws://` is accepted for
    /// loopback hosts only (local mocks), since the token would travel in
    /// clear.
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// let api = client
    ///     .streaming()
    ///     .endpoint(format!("wss://api.symbl.ai/{}", symbl::streaming::LEGACY_REALTIME_PATH));
    /// # }
    /// ```
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Joins (or creates) the conversation of this connection id instead of
    /// a new random one. Letters, digits, `-`, `_`, `+` and `=` only.
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// let api = client.streaming().connection_id("63617458-40df-11ed-b878-0242ac120002");
    /// # }
    /// ```
    pub fn connection_id(mut self, id: impl Into<ConnectionId>) -> Self {
        self.connection_id = Some(id.into());
        self
    }

    /// How many audio chunks may wait to be sent (default 8); when full,
    /// [`AudioSender::send`] waits.
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// let api = client.streaming().audio_buffer(4);
    /// # }
    /// ```
    pub fn audio_buffer(mut self, chunks: usize) -> Self {
        self.audio_buffer = chunks.max(1);
        self
    }

    /// How many events may wait to be read (default 256); when full, the
    /// socket is not read until the [`EventStream`] is.
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// let api = client.streaming().event_buffer(64);
    /// # }
    /// ```
    pub fn event_buffer(mut self, events: usize) -> Self {
        self.event_buffer = events.max(1);
        self
    }

    /// How many bytes [`AudioSender::send_reader`] reads at a time (default
    /// and maximum [`MAX_AUDIO_CHUNK`], Symbl's largest frame).
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// // 100 ms of 16 kHz LINEAR16 audio per frame.
    /// let api = client.streaming().audio_chunk_size(3200);
    /// # }
    /// ```
    pub fn audio_chunk_size(mut self, bytes: usize) -> Self {
        self.chunk_size = bytes.clamp(1, MAX_AUDIO_CHUNK);
        self
    }

    /// How long opening the connection (TCP, TLS, upgrade) may take
    /// (default 30 s).
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// let api = client.streaming().connect_timeout(std::time::Duration::from_secs(10));
    /// # }
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long Symbl may take to create the conversation after the start
    /// request (default 30 s).
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// let api = client.streaming().start_timeout(std::time::Duration::from_secs(10));
    /// # }
    /// ```
    pub fn start_timeout(mut self, timeout: Duration) -> Self {
        self.start_timeout = timeout;
        self
    }

    /// The endpoint sessions connect under (the connection id is appended).
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// assert_eq!(client.streaming().endpoint_url()?.as_str(), "wss://api.symbl.ai/v1/streaming/");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// A configuration error for an endpoint that does not parse, is not
    /// `wss` (or `ws` to loopback), or has a query string.
    pub fn endpoint_url(&self) -> Result<Url> {
        let url = match &self.endpoint {
            Some(raw) => Url::parse(raw).map_err(|e| {
                SymblError::from(auth_core::Error::Config(format!(
                    "invalid streaming endpoint `{raw}`: {e}"
                )))
            })?,
            None => endpoint::derive(self.client.inner.http.base_url())?,
        };
        endpoint::check(&url)?;
        Ok(url)
    }
}
