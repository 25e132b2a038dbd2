//! Call score (`GET …/callscore`) and its status.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A conversation's call score (`GET …/callscore`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CallScore {
    /// The overall score, 0 to 100.
    pub score: f64,
    /// Why.
    #[serde(default)]
    pub summary: Option<String>,
    /// The score per criterion.
    #[serde(default)]
    pub criteria: Vec<CallScoreCriterion>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One criterion of a call score.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CallScoreCriterion {
    /// The criterion (`Communication and Engagement`, ...).
    pub name: String,
    /// Its score, 0 to 100.
    pub score: f64,
    /// Why.
    #[serde(default)]
    pub summary: Option<String>,
    /// What went well and what did not.
    #[serde(default)]
    pub feedback: Option<Value>,
}

/// Where the call-score computation stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallScoreState {
    /// Not started (the conversation was not processed with call score).
    NotStarted,
    /// Being computed.
    InProgress,
    /// Ready to read.
    Completed,
    /// The computation failed.
    Failed,
    /// A state this SDK does not know yet.
    Other(String),
}

impl CallScoreState {
    /// The wire form.
    ///
    /// ```no_run
    /// assert_eq!(symbl::models::CallScoreState::InProgress.as_str(), "in_progress");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            CallScoreState::NotStarted => "not_started",
            CallScoreState::InProgress => "in_progress",
            CallScoreState::Completed => "completed",
            CallScoreState::Failed => "failed",
            CallScoreState::Other(s) => s,
        }
    }
}

impl From<&str> for CallScoreState {
    fn from(s: &str) -> Self {
        match s {
            "not_started" => CallScoreState::NotStarted,
            "in_progress" => CallScoreState::InProgress,
            "completed" => CallScoreState::Completed,
            "failed" => CallScoreState::Failed,
            other => CallScoreState::Other(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for CallScoreState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| CallScoreState::from(s.as_str()))
    }
}

impl Serialize for CallScoreState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `GET …/callscore/status`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CallScoreStatus {
    /// Where it stands.
    pub status: CallScoreState,
    /// The job computing it, where Symbl says.
    #[serde(default)]
    pub job_id: Option<crate::ids::JobId>,
}
