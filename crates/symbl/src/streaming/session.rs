//! A live session: audio out, events in, each direction its own task so a
//! slow reader of events never stalls the audio (and the other way round).
//!
//! Memory stays bounded: audio waits in a channel of a few chunks (a full
//! channel makes [`AudioSender::send`] wait, which makes a reader wait), and
//! events in a channel of a fixed size (a full one makes the socket wait,
//! which TCP passes back to the server).

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, Stream, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tracing::Instrument;

use super::events::{Incoming, StreamEvent, parse};
use super::handshake::Socket;
use super::request::{StartRequest, StopRequest};
use crate::error::{Result, SymblError};
use crate::ids::{ConnectionId, ConversationId};

/// The largest audio frame Symbl accepts.
pub const MAX_AUDIO_CHUNK: usize = 8192;

/// How long the server may take to complete the close handshake after it
/// has sent its close frame.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// Session settings from [`StreamingApi`](super::StreamingApi).
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) audio_buffer: usize,
    pub(crate) event_buffer: usize,
    pub(crate) chunk_size: usize,
    pub(crate) start_timeout: Duration,
}

enum Outgoing {
    Audio(Bytes),
    Stop,
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

/// Sends audio: binary frames of at most [`MAX_AUDIO_CHUNK`] bytes, in
/// order, waiting while the session's small buffer is full.
///
/// Dropping it without [`stop`](Self::stop) sends the stop request too, so
/// the conversation is finished rather than left to time out.
pub struct AudioSender {
    tx: mpsc::Sender<Outgoing>,
    chunk_size: usize,
    conversation_id: ConversationId,
}

impl fmt::Debug for AudioSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AudioSender")
            .field("conversation_id", &self.conversation_id)
            .field("chunk_size", &self.chunk_size)
            .finish_non_exhaustive()
    }
}

impl AudioSender {
    /// Queues `audio` (split into frames of at most [`MAX_AUDIO_CHUNK`]
    /// bytes), waiting while the buffer is full.
    ///
    /// ```no_run
    /// # async fn run(audio: symbl::streaming::AudioSender, pcm: Vec<u8>) -> symbl::Result<()> {
    /// audio.send(pcm).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::StreamEnded`] once the session is over (the event
    /// stream says why).
    pub async fn send(&self, audio: impl Into<Bytes>) -> Result<()> {
        let mut audio: Bytes = audio.into();
        while !audio.is_empty() {
            let frame = audio.split_to(audio.len().min(MAX_AUDIO_CHUNK));
            self.tx
                .send(Outgoing::Audio(frame))
                .await
                .map_err(|_| SymblError::StreamEnded)?;
        }
        Ok(())
    }

    /// Streams everything `reader` yields, one chunk at a time (the chunk
    /// size set on [`StreamingApi`](super::StreamingApi::audio_chunk_size));
    /// a chunk is read only when the previous ones fit the buffer, so the
    /// source is never read ahead by more than a few chunks. Returns the
    /// bytes sent. Does not send the stop request.
    ///
    /// ```no_run
    /// # async fn run(audio: symbl::streaming::AudioSender) -> symbl::Result<()> {
    /// let file = tokio::fs::File::open("call.raw").await.expect("file");
    /// let sent = audio.send_reader(file).await?;
    /// audio.stop().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::AudioSource`] if reading fails, [`SymblError::StreamEnded`]
    /// if the session ends first.
    pub async fn send_reader<R: AsyncRead + Unpin>(&self, mut reader: R) -> Result<u64> {
        let mut total = 0u64;
        loop {
            let mut chunk = vec![0u8; self.chunk_size];
            let n = reader
                .read(&mut chunk)
                .await
                .map_err(|e| SymblError::AudioSource {
                    kind: e.kind(),
                    message: e.to_string(),
                })?;
            if n == 0 {
                return Ok(total);
            }
            chunk.truncate(n);
            self.send(chunk).await?;
            total += n as u64;
        }
    }

    /// Streams every chunk of `chunks` (larger ones split into frames of at
    /// most [`MAX_AUDIO_CHUNK`] bytes); the next chunk is asked for only when
    /// the previous one fits the buffer. Returns the bytes sent. Does not send
    /// the stop request.
    ///
    /// ```no_run
    /// use bytes::Bytes;
    ///
    /// # async fn run(audio: symbl::streaming::AudioSender) -> symbl::Result<()> {
    /// let chunks = futures::stream::iter([Bytes::from_static(&[0u8; 640])]);
    /// audio.send_stream(chunks).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::StreamEnded`] if the session ends first.
    pub async fn send_stream<S, B>(&self, chunks: S) -> Result<u64>
    where
        S: Stream<Item = B>,
        B: Into<Bytes>,
    {
        let mut chunks = std::pin::pin!(chunks);
        let mut total = 0u64;
        while let Some(chunk) = chunks.next().await {
            let chunk: Bytes = chunk.into();
            total += chunk.len() as u64;
            self.send(chunk).await?;
        }
        Ok(total)
    }

    /// Sends the stop request (after the audio already queued) and returns
    /// the conversation id for the async APIs. The server then finishes the
    /// conversation, sends its last events and closes the stream.
    ///
    /// ```no_run
    /// # async fn run(audio: symbl::streaming::AudioSender, client: symbl::SymblClient) -> symbl::Result<()> {
    /// let conversation_id = audio.stop().await?;
    /// let messages = client.conversation(&conversation_id).messages().send().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`SymblError::StreamEnded`] if the session ended before the request
    /// could be sent.
    pub async fn stop(self) -> Result<ConversationId> {
        self.tx
            .send(Outgoing::Stop)
            .await
            .map_err(|_| SymblError::StreamEnded)?;
        Ok(self.conversation_id)
    }

    /// The conversation id.
    ///
    /// ```no_run
    /// # fn run(audio: symbl::streaming::AudioSender) {
    /// println!("{}", audio.conversation_id());
    /// # }
    /// ```
    pub fn conversation_id(&self) -> &ConversationId {
        &self.conversation_id
    }
}

/// Every server event, in order, as a `Stream` of
/// `Result<StreamEvent, SymblError>`.
///
/// It ends after the server closes the stream normally (code 1000). An
/// error ends it too, as its last item: the connection was lost
/// ([`SymblError::StreamConnectionLost`]), the server closed with another
/// code ([`SymblError::StreamClosed`]) or reported an error
/// ([`SymblError::StreamServerError`]). The one exception is
/// [`SymblError::MalformedStreamEvent`], an unreadable message, after which
/// the stream goes on. Dropping it ends the session.
pub struct EventStream {
    pending: VecDeque<Result<StreamEvent>>,
    rx: mpsc::Receiver<Result<StreamEvent>>,
    /// Lets a task pumping audio report a failed source without keeping the
    /// channel open (the stream must end when the socket task does).
    failures: mpsc::WeakSender<Result<StreamEvent>>,
    done: bool,
    conversation_id: ConversationId,
    connection_id: ConnectionId,
    span: tracing::Span,
}

impl fmt::Debug for EventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("conversation_id", &self.conversation_id)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl EventStream {
    /// The conversation id.
    ///
    /// ```no_run
    /// # fn run(events: symbl::streaming::EventStream) {
    /// println!("{}", events.conversation_id());
    /// # }
    /// ```
    pub fn conversation_id(&self) -> &ConversationId {
        &self.conversation_id
    }

    fn finish(&mut self) {
        self.done = true;
        // Makes the socket task's next send fail, so it ends and closes.
        self.rx.close();
        self.pending.clear();
    }
}

impl Stream for EventStream {
    type Item = Result<StreamEvent>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let next = match self.pending.pop_front() {
            Some(item) => Some(item),
            None => match self.rx.poll_recv(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(item) => item,
            },
        };
        match next {
            None => {
                self.finish();
                Poll::Ready(None)
            }
            Some(Err(e)) if !matches!(e, SymblError::MalformedStreamEvent { .. }) => {
                self.finish();
                Poll::Ready(Some(Err(e)))
            }
            Some(item) => Poll::Ready(Some(item)),
        }
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

/// Reads until `conversation_created`, keeping what came before it for the
/// event stream. A server error, a close or a lost connection fails the start.
async fn wait_for_conversation(
    stream: &mut SplitStream<Socket>,
) -> Result<(VecDeque<Result<StreamEvent>>, ConversationId)> {
    let mut pending = VecDeque::new();
    loop {
        let text = match stream.next().await {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(frame))) => return Err(closed(frame.as_ref())),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(lost(&e)),
            None => return Err(lost_without_close()),
        };
        match parse(&text) {
            Ok(Incoming::Event(event)) => {
                tracing::debug!(kind = event.kind(), "stream event");
                let created = match &event {
                    StreamEvent::ConversationCreated { conversation_id } => {
                        Some(conversation_id.clone())
                    }
                    _ => None,
                };
                pending.push_back(Ok(event));
                if let Some(id) = created {
                    return Ok((pending, id));
                }
            }
            Ok(Incoming::ServerError { message, details }) => {
                return Err(SymblError::StreamServerError { message, details });
            }
            Err(malformed) => {
                tracing::warn!(error = %malformed, "unreadable stream message");
                pending.push_back(Err(malformed));
            }
        }
    }
}

/// Audio and the stop request out, in order. Ends after the stop request
/// (an explicit one, or the sender dropped), when the socket fails, or when
/// the reading side is done.
async fn write_audio(
    mut sink: SplitSink<Socket, Message>,
    mut audio: mpsc::Receiver<Outgoing>,
    reader_done: Arc<Notify>,
    audio_bytes: Arc<AtomicU64>,
) {
    loop {
        let next = tokio::select! {
            biased;
            () = reader_done.notified() => return,
            next = audio.recv() => next,
        };
        let frame = match next {
            Some(Outgoing::Audio(bytes)) => {
                audio_bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                Message::Binary(bytes)
            }
            // Dropped without `stop`: finish the conversation all the same.
            Some(Outgoing::Stop) | None => Message::text(StopRequest::json()),
        };
        let is_stop = frame.is_text();
        // `send` flushes each frame: audio is live, and the socket's buffer
        // must not become a second, larger queue.
        let sent = tokio::select! {
            biased;
            () = reader_done.notified() => return,
            sent = sink.send(frame) => sent,
        };
        if let Err(e) = sent {
            // The reading side sees the same failure and reports it.
            tracing::debug!(error = %e, "sending on the stream failed");
            return;
        }
        if is_stop {
            tracing::info!(
                audio_bytes = audio_bytes.load(Ordering::Relaxed),
                "stop request sent"
            );
            return;
        }
    }
}

/// Server messages in, as events. Ends when the server closes, the
/// connection fails, or the event stream is dropped.
async fn read_events(
    mut stream: SplitStream<Socket>,
    events: mpsc::Sender<Result<StreamEvent>>,
    reader_done: Arc<Notify>,
    audio_bytes: Arc<AtomicU64>,
) {
    let mut count = 0u64;
    let outcome: Option<SymblError> = loop {
        let next = tokio::select! {
            next = stream.next() => next,
            () = events.closed() => break None,
        };
        let item = match next {
            Some(Ok(Message::Text(text))) => match parse(&text) {
                Ok(Incoming::Event(event)) => {
                    tracing::debug!(kind = event.kind(), "stream event");
                    Ok(event)
                }
                Ok(Incoming::ServerError { message, details }) => {
                    break Some(SymblError::StreamServerError { message, details });
                }
                Err(malformed) => {
                    tracing::warn!(error = %malformed, "unreadable stream message");
                    Err(malformed)
                }
            },
            Some(Ok(Message::Close(frame))) => {
                let normal = matches!(&frame, Some(f) if f.code == CloseCode::Normal);
                break (!normal).then(|| closed(frame.as_ref()));
            }
            // Pings are answered by tungstenite; the server sends no binary.
            Some(Ok(_)) => continue,
            Some(Err(e)) => break Some(lost(&e)),
            None => break Some(lost_without_close()),
        };
        count += 1;
        if events.send(item).await.is_err() {
            break None;
        }
    };
    reader_done.notify_one();
    match &outcome {
        None => tracing::info!(
            events = count,
            audio_bytes = audio_bytes.load(Ordering::Relaxed),
            "streaming session ended"
        ),
        Some(e) => tracing::warn!(
            events = count,
            audio_bytes = audio_bytes.load(Ordering::Relaxed),
            error = %e,
            "streaming session failed"
        ),
    }
    if let Some(error) = outcome {
        let _ = events.send(Err(error)).await;
    }
    drop(events);
    // Reading on lets tungstenite answer the server's close frame and see
    // the connection end; a server that never closes is given up on.
    let _ = tokio::time::timeout(CLOSE_GRACE, async {
        while let Some(Ok(_)) = stream.next().await {}
    })
    .await;
}

fn closed(frame: Option<&CloseFrame>) -> SymblError {
    match frame {
        Some(f) => SymblError::StreamClosed {
            code: u16::from(f.code),
            reason: f.reason.to_string(),
        },
        // RFC 6455: 1005 means "no status code was present".
        None => SymblError::StreamClosed {
            code: 1005,
            reason: String::new(),
        },
    }
}

fn lost(error: &tokio_tungstenite::tungstenite::Error) -> SymblError {
    SymblError::StreamConnectionLost {
        message: error.to_string(),
    }
}

fn lost_without_close() -> SymblError {
    SymblError::StreamConnectionLost {
        message: "the connection ended without a close frame".into(),
    }
}
