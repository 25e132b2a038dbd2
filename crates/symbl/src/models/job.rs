//! Async processing jobs.

use crate::api::job_slots::JobSlot;
use crate::ids::{ConversationId, JobId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a processing request returns: the conversation being built and the
/// job building it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProcessingJob {
    /// The conversation the results belong to.
    pub conversation_id: ConversationId,
    /// The job to wait for.
    pub job_id: JobId,
    /// The client's running-job slot, held until the job ends or this
    /// handle (all its clones) is dropped.
    #[serde(skip)]
    pub(crate) slot: JobSlot,
}

/// A job's status.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JobStatus {
    /// Waiting to start.
    Scheduled,
    /// Running.
    InProgress,
    /// Done: the conversation's insights are ready.
    Completed,
    /// Failed (Symbl gives no reason).
    Failed,
    /// A status this SDK does not know yet.
    Other(String),
}

impl JobStatus {
    /// The wire form.
    ///
    /// ```no_run
    /// assert_eq!(symbl::models::JobStatus::InProgress.as_str(), "in_progress");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            JobStatus::Scheduled => "scheduled",
            JobStatus::InProgress => "in_progress",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Other(s) => s,
        }
    }

    /// Whether the job will not change any more.
    ///
    /// ```no_run
    /// assert!(symbl::models::JobStatus::Completed.is_terminal());
    /// ```
    pub fn is_terminal(&self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Failed)
    }
}

impl From<&str> for JobStatus {
    fn from(s: &str) -> Self {
        match s {
            "scheduled" => JobStatus::Scheduled,
            "in_progress" => JobStatus::InProgress,
            "completed" => JobStatus::Completed,
            "failed" => JobStatus::Failed,
            other => JobStatus::Other(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for JobStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| JobStatus::from(s.as_str()))
    }
}

impl Serialize for JobStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A job and its status.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Job {
    /// The job id.
    pub id: JobId,
    /// Its status.
    pub status: JobStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_statuses_are_kept() {
        let job: Job =
            serde_json::from_str(r#"{"id":"j1","status":"paused_for_review"}"#).expect("valid");
        assert_eq!(job.status, JobStatus::Other("paused_for_review".into()));
        assert!(!job.status.is_terminal());
        let job: Job =
            serde_json::from_str(r#"{"id":"j1","status":"in_progress"}"#).expect("valid");
        assert_eq!(job.status, JobStatus::InProgress);
        assert_eq!(
            serde_json::to_string(&job.status).expect("ser"),
            "\"in_progress\""
        );
    }
}
