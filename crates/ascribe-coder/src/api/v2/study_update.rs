//! v2 study update: `PUT /Studies`, only the fields set are changed.

use auth_core::http::ApiRequest;
use serde::Serialize;

use crate::api::{Studies, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::study_fields::{StudyFields, study_setters, validate_study_id};
use crate::models::{StudyDetails, StudyKey};

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
    quota: Option<i64>,
    #[serde(flatten)]
    fields: StudyFields,
}

/// `PUT /Studies`: the fields to change.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to update the study"]
pub struct UpdateStudy {
    client: AscribeClient,
    body: StudyUpdateBody,
}

impl UpdateStudy {
    /// Renames the study id (1 to 30 characters, unique).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.studies().update(544).id("S458-4").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.body.changes.id = Some(id.into());
        self
    }

    /// Sets the quota.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.studies().update(544).quota(3).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn quota(mut self, quota: i64) -> Self {
        self.body.changes.quota = Some(quota);
        self
    }

    study_setters!(body.changes.fields;
        "# async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {\nclient.studies().update(544)",
        ".send().await?;\n# Ok(()) }");

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
            validate_study_id(id).map_err(invalid)?;
        }
        self.body.changes.fields.validate().map_err(invalid)?;
        self.client
            .call(ApiRequest::put("update_study", "Studies").json(&self.body)?)
            .await
    }
}
