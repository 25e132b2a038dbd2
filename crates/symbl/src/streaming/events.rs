//! The messages the server sends, as typed events.
//!
//! Symbl wraps its platform messages in `{"type":"message","message":{"type":…}}`
//! and sends results as `{"type":"message_response"|"insight_response"|…}`.
//! Every field the SDK does not model is kept in `extra`, and a message of a
//! type it does not know becomes [`StreamEvent::Other`] with the whole JSON,
//! so nothing the server says is dropped.

use std::time::Duration;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::SymblError;

/// One message from the server.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// The server accepted the start request and listens for audio.
    StartedListening,
    /// The conversation exists; its id is what the async APIs take.
    ConversationCreated {
        /// The conversation id.
        conversation_id: crate::ids::ConversationId,
    },
    /// Speech recognition started.
    RecognitionStarted,
    /// A live transcript: interim (`is_final == false`, may still change) or final.
    Recognition(RecognitionResult),
    /// Finished messages (sentences) of the transcript.
    Messages(MessageResponse),
    /// Questions, action items and follow-ups.
    Insights(InsightResponse),
    /// Topics.
    Topics(TopicResponse),
    /// Tracker matches.
    Trackers(TrackerResponse),
    /// Detected entities.
    Entities(EntityResponse),
    /// The session's settings changed (after a modify request).
    SessionModified,
    /// Speech recognition stopped (after the stop request).
    RecognitionStopped,
    /// The conversation is complete; the server closes the stream next.
    ConversationCompleted {
        /// The conversation id, where the server repeated it.
        conversation_id: Option<crate::ids::ConversationId>,
    },
    /// A message of a type this SDK does not know, kept whole.
    Other(Value),
}

impl StreamEvent {
    /// The message's type as Symbl names it (`recognition_result`,
    /// `insight_response`...), for logs.
    ///
    /// ```no_run
    /// use symbl::streaming::StreamEvent;
    /// assert_eq!(StreamEvent::StartedListening.kind(), "started_listening");
    /// ```
    pub fn kind(&self) -> &str {
        match self {
            StreamEvent::StartedListening => "started_listening",
            StreamEvent::ConversationCreated { .. } => "conversation_created",
            StreamEvent::RecognitionStarted => "recognition_started",
            StreamEvent::Recognition(_) => "recognition_result",
            StreamEvent::Messages(_) => "message_response",
            StreamEvent::Insights(_) => "insight_response",
            StreamEvent::Topics(_) => "topic_response",
            StreamEvent::Trackers(_) => "tracker_response",
            StreamEvent::Entities(_) => "entity_response",
            StreamEvent::SessionModified => "session_modified",
            StreamEvent::RecognitionStopped => "recognition_stopped",
            StreamEvent::ConversationCompleted { .. } => "conversation_completed",
            StreamEvent::Other(value) => value
                .get("message")
                .and_then(|m| m.get("type"))
                .or_else(|| value.get("type"))
                .and_then(Value::as_str)
                .unwrap_or("unknown"),
        }
    }
}

/// A point in the audio, as Symbl sends it (`{"seconds":"3","nanos":"800000000"}`;
/// strings or numbers are both accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AudioTime {
    /// Whole seconds.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub seconds: u64,
    /// Nanoseconds.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub nanos: u64,
}

impl AudioTime {
    /// As a duration from the start of the stream.
    ///
    /// ```no_run
    /// # fn run(t: symbl::streaming::AudioTime) {
    /// println!("at {:?}", t.as_duration());
    /// # }
    /// ```
    pub fn as_duration(&self) -> Duration {
        Duration::from_secs(self.seconds) + Duration::from_nanos(self.nanos)
    }
}

/// A recognized word with its timing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecognizedWord {
    /// The word.
    #[serde(default)]
    pub word: String,
    /// Where it starts.
    #[serde(default)]
    pub start_time: Option<AudioTime>,
    /// Where it ends.
    #[serde(default)]
    pub end_time: Option<AudioTime>,
}

/// One transcription hypothesis.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Alternative {
    /// The text.
    #[serde(default)]
    pub transcript: String,
    /// Confidence, 0 to 1.
    #[serde(default)]
    pub confidence: Option<f64>,
    /// The words with their timings.
    #[serde(default)]
    pub words: Vec<RecognizedWord>,
}

/// The user a result belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamUser {
    /// Symbl's id of the user.
    #[serde(default)]
    pub id: Option<crate::ids::MemberId>,
    /// The id given in the start request's speaker.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A live transcript (`recognition_result`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecognitionResult {
    /// Final (will not change) or interim.
    #[serde(default)]
    pub is_final: bool,
    /// The hypotheses, best first.
    #[serde(default, rename = "payload", deserialize_with = "alternatives")]
    pub alternatives: Vec<Alternative>,
    /// The punctuated transcript, where Symbl sent one.
    #[serde(default, deserialize_with = "punctuated")]
    pub punctuated: Option<String>,
    /// Who spoke.
    #[serde(default)]
    pub user: Option<StreamUser>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RecognitionResult {
    /// The best text: the punctuated transcript, else the first hypothesis.
    ///
    /// ```no_run
    /// # fn run(r: symbl::streaming::RecognitionResult) {
    /// println!("{}", r.text());
    /// # }
    /// ```
    pub fn text(&self) -> &str {
        self.punctuated
            .as_deref()
            .or_else(|| self.alternatives.first().map(|a| a.transcript.as_str()))
            .unwrap_or("")
    }
}

/// Text and its content type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamPayload {
    /// The text.
    #[serde(default)]
    pub content: String,
    /// Usually `text/plain`.
    #[serde(default)]
    pub content_type: Option<String>,
}

/// A finished message (sentence) of the live transcript.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamMessage {
    /// The message id.
    #[serde(default)]
    pub id: Option<crate::ids::MessageId>,
    /// The text.
    #[serde(default)]
    pub payload: StreamPayload,
    /// Who said it.
    #[serde(default)]
    pub from: Option<StreamUser>,
    /// Fields this SDK does not model (duration, sentiment, entities...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `message_response`: finished messages.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MessageResponse {
    /// The messages.
    #[serde(default)]
    pub messages: Vec<StreamMessage>,
    /// Symbl's sequence number.
    #[serde(default)]
    pub sequence_number: Option<u64>,
}

/// A live insight: a question, an action item or a follow-up.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamInsight {
    /// The insight id.
    #[serde(default)]
    pub id: Option<crate::ids::InsightId>,
    /// `question`, `action_item` or `follow_up`.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// The text (older messages put it here).
    #[serde(default)]
    pub text: Option<String>,
    /// The text (newer messages put it here).
    #[serde(default)]
    pub payload: Option<StreamPayload>,
    /// Confidence, 0 to 1.
    #[serde(default)]
    pub confidence: Option<f64>,
    /// Who said it.
    #[serde(default)]
    pub from: Option<StreamUser>,
    /// Who it is for (action items).
    #[serde(default)]
    pub assignee: Option<StreamUser>,
    /// Fields this SDK does not model (tags, hints, references...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl StreamInsight {
    /// The insight's text, wherever the server put it.
    ///
    /// ```no_run
    /// # fn run(i: symbl::streaming::StreamInsight) {
    /// println!("{}: {}", i.kind, i.text());
    /// # }
    /// ```
    pub fn text(&self) -> &str {
        self.payload
            .as_ref()
            .map(|p| p.content.as_str())
            .or(self.text.as_deref())
            .unwrap_or("")
    }
}

/// `insight_response`: live insights.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InsightResponse {
    /// The insights.
    #[serde(default)]
    pub insights: Vec<StreamInsight>,
    /// Symbl's sequence number.
    #[serde(default)]
    pub sequence_number: Option<u64>,
}

/// A live topic.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamTopic {
    /// The topic id.
    #[serde(default)]
    pub id: Option<crate::ids::TopicId>,
    /// The topic's words.
    #[serde(default)]
    pub phrases: String,
    /// Relevance score.
    #[serde(default)]
    pub score: Option<f64>,
    /// Fields this SDK does not model (message references, root words...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `topic_response`: live topics.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TopicResponse {
    /// The topics.
    #[serde(default)]
    pub topics: Vec<StreamTopic>,
}

/// Where a tracker matched.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TrackerMatch {
    /// The match type (`vocabulary`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The phrase of the tracker that matched.
    #[serde(default)]
    pub value: String,
    /// The messages it matched in (`id`, `text`, `offset`...).
    #[serde(default)]
    pub message_refs: Vec<Value>,
    /// The insights it matched in.
    #[serde(default)]
    pub insight_refs: Vec<Value>,
}

/// A tracker that matched.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamTracker {
    /// The tracker id.
    #[serde(default)]
    pub id: Option<crate::ids::TrackerId>,
    /// The tracker's name.
    #[serde(default)]
    pub name: String,
    /// The matches.
    #[serde(default)]
    pub matches: Vec<TrackerMatch>,
}

/// `tracker_response`: tracker matches.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TrackerResponse {
    /// The trackers that matched.
    #[serde(default)]
    pub trackers: Vec<StreamTracker>,
    /// Whether these matches are on final transcripts.
    #[serde(default)]
    pub is_final: Option<bool>,
    /// Symbl's sequence number.
    #[serde(default)]
    pub sequence_number: Option<u64>,
}

/// `entity_response`: detected entities (kept as Symbl sends them).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EntityResponse {
    /// The entities.
    #[serde(default)]
    pub entities: Vec<Value>,
    /// Symbl's sequence number.
    #[serde(default)]
    pub sequence_number: Option<u64>,
}

/// What one text frame from the server means for the session.
#[derive(Debug)]
pub(crate) enum Incoming {
    /// An event for the caller.
    Event(StreamEvent),
    /// Symbl reported an error; the session is over.
    ServerError {
        message: String,
        details: Option<String>,
    },
}

/// Reads one text frame. Invalid JSON, or a known type with an unexpected
/// shape, is a [`SymblError::MalformedStreamEvent`]; valid JSON of an unknown
/// type is [`StreamEvent::Other`].
pub(crate) fn parse(text: &str) -> Result<Incoming, SymblError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| SymblError::MalformedStreamEvent {
            event_type: None,
            message: format!("not JSON: {e}"),
        })?;
    let kind = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let kind = kind.as_str();
    let event = match kind {
        "error" => return Ok(server_error(&value)),
        "message" => return platform_message(value),
        "message_response" => StreamEvent::Messages(typed(kind, value)?),
        "insight_response" => StreamEvent::Insights(typed(kind, value)?),
        "topic_response" => StreamEvent::Topics(typed(kind, value)?),
        "tracker_response" => StreamEvent::Trackers(typed(kind, value)?),
        "entity_response" => StreamEvent::Entities(typed(kind, value)?),
        _ => StreamEvent::Other(value),
    };
    Ok(Incoming::Event(event))
}

/// `{"type":"message","message":{"type":…}}`: the session's lifecycle and
/// the live transcript.
fn platform_message(value: Value) -> Result<Incoming, SymblError> {
    let Some(message) = value.get("message") else {
        return Ok(Incoming::Event(StreamEvent::Other(value)));
    };
    let kind = message.get("type").and_then(Value::as_str).unwrap_or("");
    let conversation_id = || {
        message
            .get("data")
            .and_then(|d| d.get("conversationId"))
            .and_then(value_as_id)
    };
    let event = match kind {
        "error" => return Ok(server_error(message)),
        "started_listening" => StreamEvent::StartedListening,
        "recognition_started" => StreamEvent::RecognitionStarted,
        "recognition_stopped" => StreamEvent::RecognitionStopped,
        "session_modified" => StreamEvent::SessionModified,
        "conversation_created" => match conversation_id() {
            Some(conversation_id) => StreamEvent::ConversationCreated {
                conversation_id: conversation_id.into(),
            },
            None => {
                return Err(SymblError::MalformedStreamEvent {
                    event_type: Some(kind.to_owned()),
                    message: "no data.conversationId".into(),
                });
            }
        },
        "conversation_completed" => StreamEvent::ConversationCompleted {
            conversation_id: conversation_id().map(Into::into),
        },
        "recognition_result" => StreamEvent::Recognition(typed(kind, message.clone())?),
        _ => StreamEvent::Other(value),
    };
    Ok(Incoming::Event(event))
}

fn server_error(value: &Value) -> Incoming {
    let text = |key: &str| match value.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    Incoming::ServerError {
        message: text("message").unwrap_or_else(|| "unspecified error".into()),
        details: text("details"),
    }
}

fn typed<T: for<'de> Deserialize<'de>>(kind: &str, value: Value) -> Result<T, SymblError> {
    serde_json::from_value(value).map_err(|e| SymblError::MalformedStreamEvent {
        event_type: Some(kind.to_owned()),
        message: e.to_string(),
    })
}

/// Conversation ids are strings, but some examples show numbers.
fn value_as_id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| de::Error::custom(format!("{n} is not a whole non-negative number"))),
        Value::String(s) => s
            .parse()
            .map_err(|_| de::Error::custom(format!("`{s}` is not a number"))),
        Value::Null => Ok(0),
        other => Err(de::Error::custom(format!("expected a number, got {other}"))),
    }
}

/// `payload.raw.alternatives` flattened to the list.
fn alternatives<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Alternative>, D::Error> {
    #[derive(Deserialize)]
    struct Payload {
        #[serde(default)]
        raw: Option<Raw>,
    }
    #[derive(Deserialize)]
    struct Raw {
        #[serde(default)]
        alternatives: Vec<Alternative>,
    }
    let payload = Option::<Payload>::deserialize(d)?;
    Ok(payload
        .and_then(|p| p.raw)
        .map(|r| r.alternatives)
        .unwrap_or_default())
}

/// `punctuated.transcript` flattened to the text.
fn punctuated<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Punctuated {
        #[serde(default)]
        transcript: Option<String>,
    }
    Ok(Option::<Punctuated>::deserialize(d)?.and_then(|p| p.transcript))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(value: Value) -> StreamEvent {
        match parse(&value.to_string()).expect("parses") {
            Incoming::Event(e) => e,
            Incoming::ServerError { message, .. } => panic!("server error {message}"),
        }
    }

    #[test]
    fn a_recognition_result_from_symbls_docs_is_read() {
        let e = event(json!({"type": "message", "message": {
            "type": "recognition_result", "isFinal": true,
            "payload": {"raw": {"alternatives": [{"words": [
                {"word": "Hello", "startTime": {"seconds": "3", "nanos": "800000000"}, "endTime": {"seconds": "4", "nanos": "200000000"}},
                {"word": "world.", "startTime": {"seconds": 4, "nanos": 200000000}}
            ], "transcript": "Hello world.", "confidence": 0.91}]}},
            "punctuated": {"transcript": "Hello world."},
            "user": {"userId": "emailAddress", "name": "John Doe", "id": "2368"}
        }}));
        let StreamEvent::Recognition(r) = e else {
            panic!("not a recognition result: {e:?}")
        };
        assert!(r.is_final);
        assert_eq!(r.text(), "Hello world.");
        let words = &r.alternatives[0].words;
        assert_eq!(
            words[0].start_time.map(|t| t.as_duration()),
            Some(Duration::from_millis(3800))
        );
        assert_eq!(words[1].start_time.map(|t| t.seconds), Some(4));
        assert_eq!(r.user.and_then(|u| u.name).as_deref(), Some("John Doe"));
    }

    #[test]
    fn lifecycle_messages_and_the_conversation_id_are_read() {
        assert_eq!(
            event(json!({"type": "message", "message": {"type": "started_listening"}})),
            StreamEvent::StartedListening
        );
        assert_eq!(
            event(
                json!({"type": "message", "message": {"type": "conversation_created", "data": {"conversationId": "5963"}}})
            ),
            StreamEvent::ConversationCreated {
                conversation_id: "5963".into()
            }
        );
        assert_eq!(
            event(
                json!({"type": "message", "message": {"type": "conversation_completed", "data": {"conversationId": 42}}})
            ),
            StreamEvent::ConversationCompleted {
                conversation_id: Some("42".into())
            }
        );
    }

    #[test]
    fn unknown_types_are_kept_whole() {
        let raw = json!({"type": "speaker_change", "speaker": {"id": 7}});
        let e = event(raw.clone());
        assert_eq!(e.kind(), "speaker_change");
        assert_eq!(e, StreamEvent::Other(raw));
        let nested = json!({"type": "message", "message": {"type": "future_thing", "x": 1}});
        assert_eq!(event(nested.clone()), StreamEvent::Other(nested));
    }

    #[test]
    fn errors_and_malformed_messages_are_told_apart() {
        let Ok(Incoming::ServerError { message, details }) =
            parse(r#"{"type":"error","message":"Invalid config","details":"sampleRateHertz"}"#)
        else {
            panic!("not an error")
        };
        assert_eq!(
            (message.as_str(), details.as_deref()),
            ("Invalid config", Some("sampleRateHertz"))
        );
        assert!(matches!(
            parse("{not json"),
            Err(SymblError::MalformedStreamEvent {
                event_type: None,
                ..
            })
        ));
        let bad_shape = parse(r#"{"type":"message_response","messages":"oops"}"#);
        assert!(matches!(
            bad_shape,
            Err(SymblError::MalformedStreamEvent { event_type: Some(t), .. }) if t == "message_response"
        ));
    }

    #[test]
    fn insights_topics_and_trackers_are_typed() {
        let StreamEvent::Insights(i) = event(
            json!({"type": "insight_response", "insights": [{"type": "question", "payload": {"content": "Ready?"}, "confidence": 0.9, "tags": []}]}),
        ) else {
            panic!()
        };
        assert_eq!(
            (i.insights[0].kind.as_str(), i.insights[0].text()),
            ("question", "Ready?")
        );
        assert!(i.insights[0].extra.contains_key("tags"));
        let StreamEvent::Topics(t) = event(
            json!({"type": "topic_response", "topics": [{"id": "t1", "phrases": "release", "score": 0.5}]}),
        ) else {
            panic!()
        };
        assert_eq!(t.topics[0].phrases, "release");
        let StreamEvent::Trackers(t) = event(
            json!({"type": "tracker_response", "isFinal": true, "trackers": [{"name": "Pricing", "matches": [{"type": "vocabulary", "value": "price", "messageRefs": [{"id": "m1"}]}]}]}),
        ) else {
            panic!()
        };
        assert_eq!(t.trackers[0].matches[0].value, "price");
    }
}
