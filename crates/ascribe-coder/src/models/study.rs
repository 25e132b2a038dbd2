use super::ids::{CompanyKey, StudyKey, UserKey};
use super::study_fields::{StudyFields, study_setters, validate_study_id};
use serde::{Deserialize, Serialize};

use super::enums::StudyStatus;

/// A study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Study {
    /// The service's key of the study.
    pub key: StudyKey,
    /// The study's own id (unique, 1 to 30 characters).
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// Its status.
    pub status: StudyStatus,
    /// The quota.
    #[serde(default)]
    pub quota: Option<f64>,
    /// The supervisor's key.
    #[serde(default)]
    pub supervisor_key: Option<UserKey>,
    /// The client company's key.
    #[serde(default)]
    pub client_company_key: Option<CompanyKey>,
    /// The end company's key.
    #[serde(default)]
    pub end_company_key: Option<CompanyKey>,
    /// Help text for coders.
    #[serde(default)]
    pub help: Option<String>,
    /// When it was created (UTC, as sent).
    #[serde(default)]
    pub create_date_utc: Option<String>,
    /// When coding starts (UTC, as sent).
    #[serde(default)]
    pub start_date_utc: Option<String>,
    /// When coding is due (UTC, as sent).
    #[serde(default)]
    pub due_date_utc: Option<String>,
    /// The external study id (v2).
    #[serde(default)]
    pub external_study_id: Option<String>,
}

/// A study with its counts (`GET /Studies/{key}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StudyDetails {
    /// The study.
    #[serde(flatten)]
    pub study: Study,
    /// How many questions it has.
    #[serde(default)]
    pub count_questions: f64,
    /// How many responses it has.
    #[serde(default)]
    pub count_responses: f64,
    /// How many of them are coded.
    #[serde(default)]
    pub count_responses_coded: f64,
    /// How many transactions were billed.
    #[serde(default)]
    pub count_transactions: f64,
}

#[derive(Deserialize)]
pub(crate) struct StudiesEnvelope {
    #[serde(default)]
    pub(crate) studies: Vec<Study>,
}

/// A study to create (`POST /Studies`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewStudy {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<f64>,
    #[serde(flatten)]
    fields: StudyFields,
}

impl NewStudy {
    /// A study with this id (1 to 30 characters, unique in the account).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").name("Brand survey");
    /// # let _ = study;
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            quota: None,
            fields: StudyFields::default(),
        }
    }

    /// The id.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// assert_eq!(NewStudy::new("S458-3").id(), "S458-3");
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sets the quota.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").quota(2500.0);
    /// # let _ = study;
    /// ```
    pub fn quota(mut self, quota: f64) -> Self {
        self.quota = Some(quota);
        self
    }

    study_setters!(fields;
        "use ascribe_coder::models::NewStudy;\nlet study = NewStudy::new(\"S458-3\")",
        ";\n# let _ = study;");

    /// Checks the limits the service enforces, before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), String> {
        validate_study_id(&self.id)?;
        self.fields.validate()
    }
}
