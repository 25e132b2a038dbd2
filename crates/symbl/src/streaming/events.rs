//! The messages the server sends, as typed events.
//!
//! Symbl wraps its platform messages in `{"type":"message","message":{"type":…}}`
//! and sends results as `{"type":"message_response"|"insight_response"|…}`.
//! Every field the SDK does not model is kept in `extra`, and a message of a
//! type it does not know becomes [`StreamEvent::Other`] with the whole JSON,
//! so nothing the server says is dropped.

mod parsing;
mod recognition;
mod results;
#[cfg(test)]
mod tests;

use serde_json::Value;

pub(crate) use parsing::{Incoming, parse};
pub use recognition::{Alternative, AudioTime, RecognitionResult, RecognizedWord, StreamUser};
pub use results::{
    EntityResponse, InsightResponse, MessageResponse, StreamInsight, StreamMessage, StreamPayload,
    StreamTopic, StreamTracker, TopicResponse, TrackerMatch, TrackerResponse,
};

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
