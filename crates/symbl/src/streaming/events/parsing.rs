//! One text frame from the server to an [`Incoming`]: an event, or the
//! server's error.

use serde::Deserialize;
use serde_json::Value;

use super::StreamEvent;
use crate::error::SymblError;

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
