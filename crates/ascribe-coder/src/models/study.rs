use super::ids::{CompanyKey, StudyKey, UserKey};
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
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<StudyStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supervisor_key: Option<UserKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_company_key: Option<CompanyKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_company_key: Option<CompanyKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date_utc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_date_utc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_study_id: Option<String>,
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
            name: None,
            description: None,
            status: None,
            quota: None,
            supervisor_key: None,
            client_company_key: None,
            end_company_key: None,
            help: None,
            start_date_utc: None,
            due_date_utc: None,
            external_study_id: None,
        }
    }

    /// Sets the external study id from the study maps (v2 only).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S1").external_study_id("ext-s1");
    /// # let _ = study;
    /// ```
    pub fn external_study_id(mut self, id: impl Into<String>) -> Self {
        self.external_study_id = Some(id.into());
        self
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

    /// Sets the name (at most 50 characters).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").name("Brand survey");
    /// # let _ = study;
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the description.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").description("Spring wave");
    /// # let _ = study;
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the initial status (`u`, `p` or `h`; the service defaults to `p`).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{NewStudy, StudyStatus};
    /// let study = NewStudy::new("S458-3").status(StudyStatus::UnderConstruction);
    /// # let _ = study;
    /// ```
    pub fn status(mut self, status: StudyStatus) -> Self {
        self.status = Some(status);
        self
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

    /// Sets the supervisor.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").supervisor_key(17);
    /// # let _ = study;
    /// ```
    pub fn supervisor_key(mut self, key: impl Into<UserKey>) -> Self {
        self.supervisor_key = Some(key.into());
        self
    }

    /// Sets the client company.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").client_company_key(12);
    /// # let _ = study;
    /// ```
    pub fn client_company_key(mut self, key: impl Into<CompanyKey>) -> Self {
        self.client_company_key = Some(key.into());
        self
    }

    /// Sets the end company.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").end_company_key(13);
    /// # let _ = study;
    /// ```
    pub fn end_company_key(mut self, key: impl Into<CompanyKey>) -> Self {
        self.end_company_key = Some(key.into());
        self
    }

    /// Sets the help text for coders.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").help("Code every brand mentioned");
    /// # let _ = study;
    /// ```
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the start date (UTC, `YYYY-MM-DDThh:mm:ss`).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").start_date_utc("2026-03-01T00:00:00");
    /// # let _ = study;
    /// ```
    pub fn start_date_utc(mut self, date: impl Into<String>) -> Self {
        self.start_date_utc = Some(date.into());
        self
    }

    /// Sets the due date (UTC, `YYYY-MM-DDThh:mm:ss`).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// let study = NewStudy::new("S458-3").due_date_utc("2026-04-01T00:00:00");
    /// # let _ = study;
    /// ```
    pub fn due_date_utc(mut self, date: impl Into<String>) -> Self {
        self.due_date_utc = Some(date.into());
        self
    }

    /// Checks the limits the service enforces, before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), String> {
        let len = self.id.chars().count();
        if !(1..=30).contains(&len) {
            return Err(format!(
                "a study id has 1 to 30 characters, `{}` has {len}",
                self.id
            ));
        }
        if self.name.as_ref().is_some_and(|n| n.chars().count() > 50) {
            return Err("a study name has at most 50 characters".into());
        }
        Ok(())
    }
}
