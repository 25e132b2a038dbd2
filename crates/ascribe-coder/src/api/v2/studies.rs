//! v2 study calls: update, delete, delete respondents, translate.

use auth_core::http::ApiRequest;
use serde::Serialize;

use crate::api::chunk::{chunk_failed, chunk_size};
use crate::api::{Studies, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{RespondentsDeleted, StudyDetails, StudyKey, StudyStatus, StudyTranslation};

/// A v2 answer that carries nothing but `errorMessage`.
#[derive(serde::Deserialize)]
pub(crate) struct Empty {}

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

    /// Deletes a study (`DELETE /Studies`, v2).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.studies().delete(544).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown study), [`Error::Core`](crate::Error::Core) for transport
    /// and authentication failures.
    pub async fn delete(&self, study_key: impl Into<StudyKey>) -> Result<()> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            study_key: StudyKey,
        }
        let body = Body {
            study_key: study_key.into(),
        };
        let _: Empty = self
            .client
            .call(ApiRequest::delete("delete_study", "Studies").json(&body)?)
            .await?;
        Ok(())
    }

    /// Deletes respondents (all their responses) from a study
    /// (`DELETE /Studies/{studyKey}/Respondents`, v2), in requests of at
    /// most the chunk size.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let result = client
    ///     .studies()
    ///     .delete_respondents(544, ["RID1", "RID2"])
    ///     .send()
    ///     .await?;
    /// for failure in &result.failed_deletions {
    ///     eprintln!("{}: {:?}", failure.respondent_id, failure.error_message);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn delete_respondents<I, S>(
        &self,
        study_key: impl Into<StudyKey>,
        respondent_ids: I,
    ) -> DeleteRespondents
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        DeleteRespondents {
            client: self.client.clone(),
            study_key: study_key.into(),
            respondent_ids: respondent_ids.into_iter().map(Into::into).collect(),
            chunk_size: None,
        }
    }

    /// Translates every response of the study's questions that have the
    /// translate task (`POST /Studies/Translate`, v2) into
    /// `target_language_code` (see
    /// [`languages`](crate::AscribeClient::languages)).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let t = client.studies().translate(544, "en").await?;
    /// println!("{} translations", t.total_translations_count);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown study or language); an empty language code is refused
    /// before anything is sent.
    pub async fn translate(
        &self,
        study_key: impl Into<StudyKey>,
        target_language_code: &str,
    ) -> Result<StudyTranslation> {
        if target_language_code.trim().is_empty() {
            return Err(invalid("a target language code is required"));
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            study_key: StudyKey,
            target_language_code: &'a str,
        }
        let body = Body {
            study_key: study_key.into(),
            target_language_code,
        };
        self.client
            .call(ApiRequest::post("translate_study", "Studies/Translate").json(&body)?)
            .await
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
    supervisor_key: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_company_key: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_company_key: Option<i64>,
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
        supervisor_key: i64 => |k| k;
        /// Sets the client company.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).client_company_key(45).send().await?;
        /// # Ok(()) }
        /// ```
        client_company_key: i64 => |k| k;
        /// Sets the end company.
        ///
        /// ```no_run
        /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
        /// client.studies().update(544).end_company_key(46).send().await?;
        /// # Ok(()) }
        /// ```
        end_company_key: i64 => |k| k;
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

/// `DELETE /Studies/{studyKey}/Respondents`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to delete the respondents"]
pub struct DeleteRespondents {
    client: AscribeClient,
    study_key: StudyKey,
    respondent_ids: Vec<String>,
    chunk_size: Option<usize>,
}

impl DeleteRespondents {
    /// Sends at most `size` respondent ids per request (default: the
    /// client's chunk size; at most [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.studies().delete_respondents(544, ["RID1"]).chunk_size(500).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and merges the results.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.studies().delete_respondents(544, ["RID1", "RID2"]).send().await?;
    /// println!("{} not found", r.not_found_respondent_ids.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ChunkSizeTooLarge`](crate::Error::ChunkSizeTooLarge) for a
    /// chunk size above the maximum and an invalid-input error for no ids,
    /// both before anything is sent; a failed request stops the call with
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) (when earlier
    /// chunks were sent) or its own error.
    pub async fn send(self) -> Result<RespondentsDeleted> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.respondent_ids.is_empty() {
            return Err(invalid(
                "delete_respondents needs at least one respondent id",
            ));
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            respondent_ids: &'a [String],
        }
        let path = format!("Studies/{}/Respondents", self.study_key);
        let chunks: Vec<&[String]> = self.respondent_ids.chunks(size).collect();
        let total = chunks.len();
        let mut result = RespondentsDeleted::default();
        let mut sent = 0;
        for (i, ids) in chunks.into_iter().enumerate() {
            let request =
                ApiRequest::delete("delete_study_respondents", path.clone()).json(&Body {
                    respondent_ids: ids,
                })?;
            match self.client.call::<RespondentsDeleted>(request).await {
                Ok(part) => {
                    result.absorb(part);
                    sent += ids.len();
                }
                Err(e) => return Err(chunk_failed(e, i, total, sent)),
            }
        }
        Ok(result)
    }
}
