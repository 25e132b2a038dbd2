use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{ExportJobKey, ExportScriptKey, QuestionKey, StudyKey};

/// An export script (`GET /Exports`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExportScript {
    /// The script's key.
    pub key: ExportScriptKey,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct ScriptsEnvelope {
    #[serde(default)]
    pub(crate) scripts: Vec<ExportScript>,
}

/// The body of `POST /Exports` (built by
/// [`Exports::start`](crate::api::Exports::start)).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ExportBody {
    pub(crate) study_key: StudyKey,
    pub(crate) question_keys: Vec<QuestionKey>,
    pub(crate) script_key: ExportScriptKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) parameters: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) export_as_text: Option<bool>,
}

/// A started export job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExportJob {
    /// The job's key, to poll with.
    pub job_key: ExportJobKey,
}

/// Where an export job is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportStatus {
    /// Waiting to run.
    Queued,
    /// Running.
    Running,
    /// Paused.
    Paused,
    /// Done: the result can be downloaded.
    Complete,
    /// A status this SDK does not know, kept as received.
    Unknown(String),
}

impl ExportStatus {
    /// The wire form.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ExportStatus;
    /// assert_eq!(ExportStatus::Complete.as_str(), "Complete");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            ExportStatus::Queued => "Queued",
            ExportStatus::Running => "Running",
            ExportStatus::Paused => "Paused",
            ExportStatus::Complete => "Complete",
            ExportStatus::Unknown(s) => s,
        }
    }

    fn parse(s: &str) -> Self {
        match s.trim().to_ascii_lowercase().as_str() {
            "queued" => ExportStatus::Queued,
            "running" => ExportStatus::Running,
            "paused" => ExportStatus::Paused,
            "complete" | "completed" => ExportStatus::Complete,
            _ => ExportStatus::Unknown(s.to_owned()),
        }
    }
}

impl fmt::Display for ExportStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ExportStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ExportStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // v1 sends the name; v2 sends the name or the .NET enum number
        // (`"status": 0`), in the order of its `DBJobStatus` schema.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Name(String),
            Number(i64),
        }
        Ok(match Wire::deserialize(d)? {
            Wire::Name(s) => Self::parse(&s),
            Wire::Number(0) => ExportStatus::Queued,
            Wire::Number(1) => ExportStatus::Running,
            Wire::Number(2) => ExportStatus::Paused,
            Wire::Number(3) => ExportStatus::Complete,
            Wire::Number(n) => ExportStatus::Unknown(n.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_status_decodes_names_and_v2_numbers() {
        let named: ExportJobStatus =
            serde_json::from_str(r#"{"status":"Complete"}"#).expect("decodes");
        assert_eq!(named.status, ExportStatus::Complete);
        let numbered: ExportJobStatus =
            serde_json::from_str(r#"{"status":1,"errorMessage":null}"#).expect("decodes");
        assert_eq!(numbered.status, ExportStatus::Running);
        let odd: ExportStatus = serde_json::from_str("9").expect("decodes");
        assert_eq!(odd, ExportStatus::Unknown("9".into()));
    }
}

/// The state of an export job (`GET /Exports/{jobKey}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExportJobStatus {
    /// Where the job is.
    pub status: ExportStatus,
    /// Where to download the result, once complete.
    #[serde(default)]
    pub result_file_uri: Option<String>,
    /// What went wrong, if the job failed.
    #[serde(default)]
    pub error: Option<String>,
}
