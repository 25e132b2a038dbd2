//! Call score, intents, legacy insights, experiences and bookmarks.

mod bookmark;
mod call_score;
mod experience;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::conversation::Member;

pub use bookmark::{Bookmark, BookmarkSpec, BookmarkUser};
pub use call_score::{CallScore, CallScoreCriterion, CallScoreState, CallScoreStatus};
pub use experience::{Experience, ExperienceKind, ExperienceRequest};

/// An intent detected in a conversation (`GET …/intents`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Intent {
    /// The intent (`answering_machine`, `interested`, ...).
    pub intent: String,
    /// Confidence, 0 to 1.
    #[serde(default)]
    pub score: Option<f64>,
    /// Other fields (alternatives, sub-intents, message refs).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A legacy insight (`GET …/insights`): a question or an action item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Insight {
    /// The id.
    pub id: crate::ids::InsightId,
    /// The text.
    pub text: String,
    /// `question`, `action_item`, `follow_up`...
    #[serde(rename = "type")]
    pub kind: String,
    /// Confidence.
    #[serde(default)]
    pub score: Option<f64>,
    /// Who said it.
    #[serde(default)]
    pub from: Option<Member>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
