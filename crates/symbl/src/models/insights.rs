//! Conversation intelligence: messages, topics, questions, action items and
//! the rest. Fields the SDK does not model are kept in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::conversation::Member;

/// Sentiment polarity.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Polarity {
    /// From -1 (negative) to 1 (positive).
    pub score: f64,
}

/// The sentiment of a message or topic.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Sentiment {
    /// The polarity.
    pub polarity: Polarity,
    /// `positive`, `neutral` or `negative`.
    #[serde(default)]
    pub suggested: Option<String>,
}

/// A word with its timing (verbose messages).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Word {
    /// The word.
    pub word: String,
    /// Start (ISO 8601).
    #[serde(default)]
    pub start_time: Option<String>,
    /// End (ISO 8601).
    #[serde(default)]
    pub end_time: Option<String>,
    /// Recognition confidence.
    #[serde(default)]
    pub score: Option<f64>,
}

/// A message of a processed conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Message {
    /// The message id.
    pub id: crate::ids::MessageId,
    /// The text.
    pub text: String,
    /// Who said it.
    #[serde(default)]
    pub from: Option<Member>,
    /// Start (ISO 8601).
    #[serde(default)]
    pub start_time: Option<String>,
    /// End (ISO 8601).
    #[serde(default)]
    pub end_time: Option<String>,
    /// The conversation it belongs to.
    #[serde(default)]
    pub conversation_id: Option<crate::ids::ConversationId>,
    /// Its sentiment (with `sentiment=true`).
    #[serde(default)]
    pub sentiment: Option<Sentiment>,
    /// Word timings (with `verbose=true`).
    #[serde(default)]
    pub words: Vec<Word>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A topic of a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Topic {
    /// The topic id.
    pub id: crate::ids::TopicId,
    /// The topic.
    pub text: String,
    /// How central it is.
    #[serde(default)]
    pub score: Option<f64>,
    /// The messages it comes from.
    #[serde(default)]
    pub message_ids: Vec<crate::ids::MessageId>,
    /// Parent topics (with `parentRefs=true`).
    #[serde(default)]
    pub parent_refs: Vec<Value>,
    /// Its sentiment (with `sentiment=true`).
    #[serde(default)]
    pub sentiment: Option<Sentiment>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A question asked in a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Question {
    /// The id.
    pub id: crate::ids::InsightId,
    /// The question.
    pub text: String,
    /// Confidence.
    #[serde(default)]
    pub score: Option<f64>,
    /// The messages it comes from.
    #[serde(default)]
    pub message_ids: Vec<crate::ids::MessageId>,
    /// Who asked.
    #[serde(default)]
    pub from: Option<Member>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An action item or a follow-up.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActionItem {
    /// The id.
    pub id: crate::ids::InsightId,
    /// What is to be done.
    pub text: String,
    /// Confidence.
    #[serde(default)]
    pub score: Option<f64>,
    /// The messages it comes from.
    #[serde(default)]
    pub message_ids: Vec<crate::ids::MessageId>,
    /// Who said it.
    #[serde(default)]
    pub from: Option<Member>,
    /// Who is to do it.
    #[serde(default)]
    pub assignee: Option<Member>,
    /// By when (ISO 8601).
    #[serde(default)]
    pub due_by: Option<String>,
    /// Whether it is a firm commitment.
    #[serde(default)]
    pub definitive: Option<bool>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A summary sentence.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SummaryItem {
    /// The id.
    pub id: crate::ids::SummaryItemId,
    /// The sentence.
    pub text: String,
    /// The messages it summarizes.
    #[serde(default)]
    pub message_refs: Vec<Value>,
}

/// An entity detected in a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Entity {
    /// The entity type (`person`, `date`, a custom type...).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The sub-type.
    #[serde(default)]
    pub sub_type: Option<String>,
    /// The normalized value.
    #[serde(default)]
    pub value: Option<String>,
    /// Other fields (matches, categories).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A tracker that matched in a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct DetectedTracker {
    /// The tracker id.
    #[serde(default)]
    pub id: Option<crate::ids::TrackerId>,
    /// The tracker name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it matched.
    #[serde(default)]
    pub matches: Vec<Value>,
}

/// Conversation analytics: talk time, silence, pace, per member.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Analytics {
    /// Per-member metrics.
    #[serde(default)]
    pub members: Vec<Value>,
    /// Whole-conversation metrics.
    #[serde(default)]
    pub metrics: Vec<Value>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The format of a formatted transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranscriptFormat {
    /// Markdown.
    Markdown,
    /// SubRip subtitles.
    Srt,
}

impl TranscriptFormat {
    /// The content type Symbl expects.
    ///
    /// ```no_run
    /// assert_eq!(symbl::models::TranscriptFormat::Srt.content_type(), "text/srt");
    /// ```
    pub fn content_type(self) -> &'static str {
        match self {
            TranscriptFormat::Markdown => "text/markdown",
            TranscriptFormat::Srt => "text/srt",
        }
    }
}

/// A formatted transcript.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Transcript {
    /// The transcript text.
    pub payload: String,
    /// Its content type.
    #[serde(default)]
    pub content_type: Option<String>,
}

/// A speaker event (`started_speaking` / `stopped_speaking`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SpeakerEvent {
    /// `started_speaking` or `stopped_speaking`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Who.
    pub user: Member,
    /// When, from the start of the conversation.
    pub offset: SpeakerOffset,
}

/// An offset into the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SpeakerOffset {
    /// Whole seconds.
    pub seconds: u64,
    /// Nanoseconds.
    pub nanos: u32,
}

impl SpeakerEvent {
    /// `user` starts speaking at `offset`.
    ///
    /// ```no_run
    /// use symbl::models::{Member, SpeakerEvent};
    /// let event = SpeakerEvent::started(Member::new(None, "Ana", None), std::time::Duration::ZERO);
    /// # let _ = event;
    /// ```
    pub fn started(user: Member, offset: std::time::Duration) -> Self {
        Self::new("started_speaking", user, offset)
    }

    /// `user` stops speaking at `offset`.
    ///
    /// ```no_run
    /// use symbl::models::{Member, SpeakerEvent};
    /// let event = SpeakerEvent::stopped(Member::new(None, "Ana", None), std::time::Duration::from_secs(5));
    /// # let _ = event;
    /// ```
    pub fn stopped(user: Member, offset: std::time::Duration) -> Self {
        Self::new("stopped_speaking", user, offset)
    }

    fn new(kind: &str, user: Member, offset: std::time::Duration) -> Self {
        Self {
            kind: kind.to_owned(),
            user,
            offset: SpeakerOffset {
                seconds: offset.as_secs(),
                nanos: offset.subsec_nanos(),
            },
        }
    }
}
