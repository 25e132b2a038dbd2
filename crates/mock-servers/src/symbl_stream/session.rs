//! One session's protocol state: the start, the result socket of a
//! telephony call, and the end (close codes, errors).

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use super::connection::{Connection, Ws};
use super::{StreamRecord, Tokens};

/// One session's protocol state.
pub(super) struct Session {
    pub(super) conn: Connection,
    pub(super) index: usize,
    pub(super) script_step: usize,
    pub(super) sequence: u64,
    pub(super) next_result_at: u64,
    pub(super) conversation_id: String,
    pub(super) insight_types: Vec<String>,
    pub(super) trackers: Vec<(String, Vec<String>)>,
    pub(super) speaker: Value,
}

/// Why a session loop ended.
pub(super) enum End {
    /// Stop requested, or the client went away: nothing more to send.
    Done,
    /// Close with this code and reason.
    Close(u16, String),
    /// Drop the connection without a close frame.
    Drop,
}

impl Session {
    pub(super) fn record(&self, f: impl FnOnce(&mut StreamRecord)) {
        if let Some(r) = self.conn.state.lock().sessions.get_mut(self.index) {
            f(r);
        }
    }

    pub(super) async fn run<S: AsyncRead + AsyncWrite + Unpin>(&mut self, ws: &mut Ws<S>) {
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

    pub(super) async fn stream_audio<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
    ) -> End {
        match self.start(ws).await {
            Ok(()) => self.stream(ws).await,
            Err(end) => end,
        }
    }

    /// A telephony call's result socket: the conversation, two sentences of
    /// the script, then, once the call is stopped, the end.
    pub(super) async fn call_results<S: AsyncRead + AsyncWrite + Unpin>(
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
    pub(super) async fn end<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
        end: End,
    ) {
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
    pub(super) async fn start<S: AsyncRead + AsyncWrite + Unpin>(
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

    /// Symbl's error message, then close 1008 (policy violation).
    pub(super) async fn fail<S: AsyncRead + AsyncWrite + Unpin>(
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
pub(super) fn platform(kind: &str, fields: Value) -> String {
    let mut message = json!({ "type": kind });
    if let (Some(m), Some(extra)) = (message.as_object_mut(), fields.as_object()) {
        for (k, v) in extra {
            m.insert(k.clone(), v.clone());
        }
    }
    json!({ "type": "message", "message": message }).to_string()
}

pub(super) async fn send<S: AsyncRead + AsyncWrite + Unpin>(
    ws: &mut Ws<S>,
    text: String,
) -> Result<(), End> {
    ws.send(Message::text(text)).await.map_err(|_| End::Done)
}
