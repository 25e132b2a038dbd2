//! The optional fields a study is created with (`POST /Studies`) and
//! changed by (`PUT /Studies`): one struct, one set of setters, for
//! [`NewStudy`](super::NewStudy) and
//! [`UpdateStudy`](crate::api::v2::UpdateStudy). (The id and the quota
//! differ between the two and stay with each.)

use serde::Serialize;

use super::enums::StudyStatus;
use super::ids::{CompanyKey, UserKey};

/// A study's optional fields, left out of the body when `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StudyFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) status: Option<StudyStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) supervisor_key: Option<UserKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) client_company_key: Option<CompanyKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) end_company_key: Option<CompanyKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) start_date_utc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) due_date_utc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_study_id: Option<String>,
}

impl StudyFields {
    /// Checks the limits the service enforces, before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.name.as_ref().is_some_and(|n| n.chars().count() > 50) {
            return Err("a study name has at most 50 characters".into());
        }
        Ok(())
    }
}

/// Checks a study id (1 to 30 characters).
pub(crate) fn validate_study_id(id: &str) -> Result<(), String> {
    let len = id.chars().count();
    if !(1..=30).contains(&len) {
        return Err(format!(
            "a study id has 1 to 30 characters, `{id}` has {len}"
        ));
    }
    Ok(())
}

/// The setters of [`StudyFields`], reached at `self.$path` (`fields`, or
/// `body.changes.fields`). For the examples, `$before` is the code up to the
/// setter call and `$after` what follows it.
macro_rules! study_setters {
    ($($path:ident).+; $before:literal, $after:literal) => {
        /// Sets the name (at most 50 characters).
        ///
        #[doc = concat!("```no_run\n", $before, ".name(\"Brand survey\")", $after, "\n```")]
        pub fn name(mut self, name: impl Into<String>) -> Self {
            self.$($path).+.name = Some(name.into());
            self
        }

        /// Sets the description.
        ///
        #[doc = concat!("```no_run\n", $before, ".description(\"Spring wave\")", $after, "\n```")]
        pub fn description(mut self, description: impl Into<String>) -> Self {
            self.$($path).+.description = Some(description.into());
            self
        }

        /// Sets the status (a new study takes `u`, `p` or `h`; the service
        /// defaults to `p`).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::StudyStatus;\n", $before, ".status(StudyStatus::OnHold)", $after, "\n```")]
        pub fn status(mut self, status: $crate::models::StudyStatus) -> Self {
            self.$($path).+.status = Some(status);
            self
        }

        /// Sets the supervisor.
        ///
        #[doc = concat!("```no_run\n", $before, ".supervisor_key(17)", $after, "\n```")]
        pub fn supervisor_key(mut self, key: impl Into<$crate::models::UserKey>) -> Self {
            self.$($path).+.supervisor_key = Some(key.into());
            self
        }

        /// Sets the client company.
        ///
        #[doc = concat!("```no_run\n", $before, ".client_company_key(12)", $after, "\n```")]
        pub fn client_company_key(mut self, key: impl Into<$crate::models::CompanyKey>) -> Self {
            self.$($path).+.client_company_key = Some(key.into());
            self
        }

        /// Sets the end company.
        ///
        #[doc = concat!("```no_run\n", $before, ".end_company_key(13)", $after, "\n```")]
        pub fn end_company_key(mut self, key: impl Into<$crate::models::CompanyKey>) -> Self {
            self.$($path).+.end_company_key = Some(key.into());
            self
        }

        /// Sets the help text for coders.
        ///
        #[doc = concat!("```no_run\n", $before, ".help(\"Code every brand mentioned\")", $after, "\n```")]
        pub fn help(mut self, help: impl Into<String>) -> Self {
            self.$($path).+.help = Some(help.into());
            self
        }

        /// Sets the start date (UTC, `YYYY-MM-DDThh:mm:ss`).
        ///
        #[doc = concat!("```no_run\n", $before, ".start_date_utc(\"2026-03-01T00:00:00\")", $after, "\n```")]
        pub fn start_date_utc(mut self, date: impl Into<String>) -> Self {
            self.$($path).+.start_date_utc = Some(date.into());
            self
        }

        /// Sets the due date (UTC, `YYYY-MM-DDThh:mm:ss`).
        ///
        #[doc = concat!("```no_run\n", $before, ".due_date_utc(\"2026-04-01T00:00:00\")", $after, "\n```")]
        pub fn due_date_utc(mut self, date: impl Into<String>) -> Self {
            self.$($path).+.due_date_utc = Some(date.into());
            self
        }

        /// Sets the external study id from the study maps (v2 only).
        ///
        #[doc = concat!("```no_run\n", $before, ".external_study_id(\"ext-s1\")", $after, "\n```")]
        pub fn external_study_id(mut self, id: impl Into<String>) -> Self {
            self.$($path).+.external_study_id = Some(id.into());
            self
        }
    };
}
pub(crate) use study_setters;
