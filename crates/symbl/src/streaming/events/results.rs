//! The result messages: finished messages, insights, topics, trackers and
//! entities.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::StreamUser;

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
