//! v2 study update: `PUT /Studies`, only the fields set are changed.

use auth_core::http::ApiRequest;
use serde::Serialize;

use crate::api::{Studies, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{CompanyKey, StudyDetails, StudyKey, StudyStatus, UserKey};

impl Studies {
    /// Updates a study (`PUT /Studies`, v2): only the fields set on the
    /// returned builder are changed.
    ///
    /// ```no_run
    /// use ascribe_coder::models::StudyStatus;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let study = client
    ///     .studies()
    ///     .update(544)
    ///     .name("Hair care")
    ///     .status(StudyStatus::OnHold)
    ///     .send()
    ///     .await?;
    /// println!("{} is now {}", study.study.id, study.study.status);
    /// # Ok(()) }
    /// ```
    pub fn update(&self, study_key: impl Into<StudyKey>) -> UpdateStudy {
        UpdateStudy {
            client: self.client.clone(),
            body: StudyUpdateBody {
                study_key: study_key.into(),
                changes: StudyChanges::default(),
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct StudyUpdateBody {
    study_key: StudyKey,
    #[serde(flatten)]
    changes: StudyChanges,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct StudyChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<StudyStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<i64>,
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

/// `PUT /Studies`: the fields to change.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to update the study"]
pub struct UpdateStudy {
    client: AscribeClient,
    body: StudyUpdateBody,
}

macro_rules! setters {
    ($( $(#[$doc:meta])* $name:ident : $ty:ty => $conv:expr; )+) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: $ty) -> Self {
                #[allow(clippy::redundant_closure_call)]
                {
                    self.body.changes.$name = Some(($conv)(value));
                }
                self
            }
        )+
    };
}

impl UpdateStudy {
    setters! {
        /// Renames the study id (1 to 30 characters, unique).
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).id("S458-4").send().await?;
        /// # Ok(()) }
        /// ```
        id: impl Into<String> => Into::into;
        /// Sets the name (at most 50 characters).
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).name("Hair care").send().await?;
        /// # Ok(()) }
        /// ```
        name: impl Into<String> => Into::into;
        /// Sets the description.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).description("Wave 2").send().await?;
        /// # Ok(()) }
        /// ```
        description: impl Into<String> => Into::into;
        /// Sets the status (any of the eight).
        ///
        /// ```no_run
        /// use ascribe_coder::models::StudyStatus;
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).status(StudyStatus::Completed).send().await?;
        /// # Ok(()) }
        /// ```
        status: StudyStatus => |s| s;
        /// Sets the quota.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).quota(3).send().await?;
        /// # Ok(()) }
        /// ```
        quota: i64 => |q| q;
        /// Sets the supervisor.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).supervisor_key(44).send().await?;
        /// # Ok(()) }
        /// ```
        supervisor_key: impl Into<UserKey> => Into::into;
        /// Sets the client company.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).client_company_key(45).send().await?;
        /// # Ok(()) }
        /// ```
        client_company_key: impl Into<CompanyKey> => Into::into;
        /// Sets the end company.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).end_company_key(46).send().await?;
        /// # Ok(()) }
        /// ```
        end_company_key: impl Into<CompanyKey> => Into::into;
        /// Sets the help text for coders.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).help("Spell-check the codes").send().await?;
        /// # Ok(()) }
        /// ```
        help: impl Into<String> => Into::into;
        /// Sets the start date (UTC, ISO 8601).
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).start_date_utc("2026-06-13T20:21:47Z").send().await?;
        /// # Ok(()) }
        /// ```
        start_date_utc: impl Into<String> => Into::into;
        /// Sets the due date (UTC, ISO 8601).
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).due_date_utc("2026-06-20T00:00:00Z").send().await?;
        /// # Ok(()) }
        /// ```
        due_date_utc: impl Into<String> => Into::into;
        /// Sets the external study id.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).external_study_id("ext-1").send().await?;
        /// # Ok(()) }
        /// ```
        external_study_id: impl Into<String> => Into::into;
    }

    /// Sends the update; returns the study with its counts.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let details = client.studies().update(544).name("Renamed").send().await?;
    /// assert_eq!(details.study.name.as_deref(), Some("Renamed"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// An id outside 1 to 30 characters or a name above 50 is refused before
    /// anything is sent; [`Error::Service`](crate::Error::Service) when the
    /// service refuses (unknown study, duplicate id).
    pub async fn send(self) -> Result<StudyDetails> {
        if let Some(id) = &self.body.changes.id {
            let len = id.chars().count();
            if !(1..=30).contains(&len) {
                return Err(invalid(format!(
                    "a study id has 1 to 30 characters, `{id}` has {len}"
                )));
            }
        }
        if self
            .body
            .changes
            .name
            .as_ref()
            .is_some_and(|n| n.chars().count() > 50)
        {
            return Err(invalid("a study name has at most 50 characters"));
        }
        self.client
            .call(ApiRequest::put("update_study", "Studies").json(&self.body)?)
            .await
    }
}
