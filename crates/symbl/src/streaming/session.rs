//! A live session: audio out, events in, each direction its own task so a
//! slow reader of events never stalls the audio (and the other way round).
//!
//! Memory stays bounded: audio waits in a channel of a few chunks (a full
//! channel makes [`AudioSender::send`] wait, which makes a reader wait), and
//! events in a channel of a fixed size (a full one makes the socket wait,
//! which TCP passes back to the server).

mod audio;
mod event_stream;
mod tasks;

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use bytes::Bytes;
use futures::{SinkExt, Stream, StreamExt};
use tokio::io::AsyncRead;
use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::Message;
use tracing::Instrument;

use super::events::StreamEvent;
use super::handshake::Socket;
use super::request::StartRequest;
use crate::error::{Result, SymblError};
use crate::ids::{ConnectionId, ConversationId};

pub use audio::AudioSender;
pub use event_stream::EventStream;
use tasks::{lost, read_events, wait_for_conversation, write_audio};

/// The largest audio frame Symbl accepts.
pub const MAX_AUDIO_CHUNK: usize = 8192;

/// Session settings from [`StreamingApi`](super::StreamingApi).
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) audio_buffer: usize,
    pub(crate) event_buffer: usize,
    pub(crate) chunk_size: usize,
    pub(crate) start_timeout: Duration,
}

/// An open streaming session. [`split`](Self::split) it into the audio
/// sender and the event stream and drive both at once (two tasks, or
/// `tokio::join!`), or hand it a whole source with
/// [`stream_reader`](Self::stream_reader) / [`stream_chunks`](Self::stream_chunks).
pub struct StreamingSession {
    audio: AudioSender,
    events: EventStream,
}

impl fmt::Debug for StreamingSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingSession")
            .field("connection_id", &self.events.connection_id)
            .field("conversation_id", &self.events.conversation_id)
            .finish_non_exhaustive()
    }
}

impl StreamingSession {
    /// The conversation id (for the async APIs: messages, insights...).
    ///
    /// ```no_run
    /// # async fn run(session: symbl::streaming::StreamingSession) {
    /// println!("conversation {}", session.conversation_id());
    /// # }
    /// ```
    pub fn conversation_id(&self) -> &ConversationId {
        &self.events.conversation_id
    }

    /// The connection id (other speakers can join the conversation with it).
    ///
    /// ```no_run
    /// # async fn run(session: symbl::streaming::StreamingSession) {
    /// println!("join with {}", session.connection_id());
    /// # }
    /// ```
    pub fn connection_id(&self) -> &ConnectionId {
        &self.events.connection_id
    }

    /// The audio side and the event side, to drive separately.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    ///
    /// # async fn run(session: symbl::streaming::StreamingSession, wav: tokio::fs::File) -> symbl::Result<()> {
    /// let (audio, mut events) = session.split();
    /// let sending = tokio::spawn(async move {
    ///     audio.send_reader(wav).await?;
    ///     audio.stop().await
    /// });
    /// while let Some(event) = events.try_next().await? {
    ///     println!("{}", event.kind());
    /// }
    /// let conversation_id = sending.await.expect("sender ran")?;
    /// # Ok(()) }
    /// ```
    pub fn split(self) -> (AudioSender, EventStream) {
        (self.audio, self.events)
    }

    /// Streams everything `reader` yields, then sends the stop request, in
    /// a task of its own; returns the events. A read error ends the events
    /// with [`SymblError::AudioSource`].
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use symbl::streaming::StreamEvent;
    ///
    /// # async fn run(session: symbl::streaming::StreamingSession) -> symbl::Result<()> {
    /// let wav = tokio::fs::File::open("call.wav").await.expect("file");
    /// let mut events = session.stream_reader(wav);
    /// while let Some(event) = events.try_next().await? {
    ///     if let StreamEvent::Recognition(r) = event {
    ///         println!("{}{}", if r.is_final { "" } else { "… " }, r.text());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream_reader<R>(self, reader: R) -> EventStream
    where
        R: AsyncRead + Unpin + Send + 'static,
    {
        let (audio, events) = self.split();
        let failures = events.failures.clone();
        let span = events.span.clone();
        tokio::spawn(
            async move {
                match audio.send_reader(reader).await {
                    Ok(_) => {
                        let _ = audio.stop().await;
                    }
                    // A session that ended says why on its own.
                    Err(SymblError::StreamEnded) => {}
                    Err(e) => report_source_failure(&failures, e).await,
                }
            }
            .instrument(span),
        );
        events
    }

    /// Streams every chunk of `chunks`, then sends the stop request, in a
    /// task of its own; returns the events.
    ///
    /// ```no_run
    /// use bytes::Bytes;
    /// use futures::TryStreamExt;
    ///
    /// # async fn run(session: symbl::streaming::StreamingSession) -> symbl::Result<()> {
    /// let chunks = futures::stream::iter(vec![Bytes::from(vec![0u8; 3200]); 50]);
    /// let mut events = session.stream_chunks(chunks);
    /// while let Some(event) = events.try_next().await? {
    ///     println!("{}", event.kind());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream_chunks<S, B>(self, chunks: S) -> EventStream
    where
        S: Stream<Item = B> + Send + 'static,
        B: Into<Bytes> + Send + 'static,
    {
        let (audio, events) = self.split();
        let span = events.span.clone();
        tokio::spawn(
            async move {
                if audio.send_stream(chunks).await.is_ok() {
                    let _ = audio.stop().await;
                }
            }
            .instrument(span),
        );
        events
    }
}

async fn report_source_failure(
    failures: &mpsc::WeakSender<Result<StreamEvent>>,
    error: SymblError,
) {
    tracing::warn!(error = %error, "audio source failed; ending the session");
    // The event stream ends at this error; without a socket task there is
    // no one left to tell.
    if let Some(failures) = failures.upgrade() {
        let _ = failures.send(Err(error)).await;
    }
}

/// Sends the start request, waits for the conversation to be created, and
/// starts the two tasks.
pub(crate) async fn open(
    socket: Socket,
    request: &StartRequest,
    connection_id: ConnectionId,
    settings: &Settings,
    span: tracing::Span,
) -> Result<StreamingSession> {
    let (mut sink, mut stream) = socket.split();
    let start = serde_json::to_string(request)
        .map_err(|e| auth_core::Error::InvalidInput(format!("start request: {e}")))?;
    sink.send(Message::text(start))
        .await
        .map_err(|e| lost(&e))?;
    tracing::debug!("start request sent");

    let (pending, conversation_id) =
        tokio::time::timeout(settings.start_timeout, wait_for_conversation(&mut stream))
            .await
            .map_err(|_| auth_core::Error::Timeout {
                limit: auth_core::TimeoutKind::Deadline,
                operation: "waiting for Symbl to start the conversation".into(),
                after: Some(settings.start_timeout),
            })??;
    span.record("conversation_id", conversation_id.as_str());
    tracing::info!(conversation_id = %conversation_id, "streaming session started");

    let (audio_tx, audio_rx) = mpsc::channel(settings.audio_buffer.max(1));
    let (event_tx, event_rx) = mpsc::channel(settings.event_buffer.max(1));
    let weak_events = event_tx.downgrade();
    let reader_done = Arc::new(Notify::new());
    let audio_bytes = Arc::new(AtomicU64::new(0));
    tokio::spawn(
        write_audio(
            sink,
            audio_rx,
            Arc::clone(&reader_done),
            Arc::clone(&audio_bytes),
        )
        .instrument(span.clone()),
    );
    tokio::spawn(read_events(stream, event_tx, reader_done, audio_bytes).instrument(span.clone()));
    Ok(StreamingSession {
        audio: AudioSender {
            tx: audio_tx,
            chunk_size: settings.chunk_size,
            conversation_id: conversation_id.clone(),
        },
        events: EventStream {
            pending,
            rx: event_rx,
            failures: weak_events,
            done: false,
            conversation_id,
            connection_id,
            span,
        },
    })
}

/// Events only, for a socket that takes no audio (a telephony call's
/// result socket).
pub(crate) fn listen(
    socket: Socket,
    conversation_id: ConversationId,
    connection_id: ConnectionId,
    event_buffer: usize,
    span: tracing::Span,
) -> EventStream {
    // Nothing is written; tungstenite still answers pings while reading.
    let (_sink, stream) = socket.split();
    let (event_tx, event_rx) = mpsc::channel(event_buffer.max(1));
    let failures = event_tx.downgrade();
    tokio::spawn(
        read_events(
            stream,
            event_tx,
            Arc::new(Notify::new()),
            Arc::new(AtomicU64::new(0)),
        )
        .instrument(span.clone()),
    );
    EventStream {
        pending: VecDeque::new(),
        rx: event_rx,
        failures,
        done: false,
        conversation_id,
        connection_id,
        span,
    }
}
