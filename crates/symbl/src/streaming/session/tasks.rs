//! The two socket tasks of a session (audio out, events in) and the wait for
//! the conversation before them; each ends on its own and tells the other.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, StreamExt};
use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::audio::Outgoing;
use crate::error::{Result, SymblError};
use crate::ids::ConversationId;
use crate::streaming::events::{Incoming, StreamEvent, parse};
use crate::streaming::handshake::Socket;
use crate::streaming::request::StopRequest;

/// How long the server may take to complete the close handshake after it
/// has sent its close frame.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// Reads until `conversation_created`, keeping what came before it for the
/// event stream. A server error, a close or a lost connection fails the start.
pub(super) async fn wait_for_conversation(
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
pub(super) async fn write_audio(
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
pub(super) async fn read_events(
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

pub(super) fn lost(error: &tokio_tungstenite::tungstenite::Error) -> SymblError {
    SymblError::StreamConnectionLost {
        message: error.to_string(),
    }
}

fn lost_without_close() -> SymblError {
    SymblError::StreamConnectionLost {
        message: "the connection ended without a close frame".into(),
    }
}
