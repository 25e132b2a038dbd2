//! The audio phase of a session: frames in, the script's results out,
//! until the stop request or a knob ends it.

use futures::StreamExt;
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::Message;

use super::connection::Ws;
use super::session::{End, Session, platform, send};
use super::{SCRIPT, Tokens};

impl Session {
    /// Audio in, results out, until the stop request or a knob ends it.
    pub(super) async fn stream<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
    ) -> End {
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
    pub(super) async fn step<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
    ) -> Result<(), End> {
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
    pub(super) async fn finish<S: AsyncRead + AsyncWrite + Unpin>(
        &mut self,
        ws: &mut Ws<S>,
    ) -> End {
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
}
