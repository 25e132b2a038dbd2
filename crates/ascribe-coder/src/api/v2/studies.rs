//! v2 study calls: delete, delete respondents, translate.

use auth_core::http::ApiRequest;
use serde::Serialize;

use crate::api::chunk::{chunk_failed, chunk_size};
use crate::api::{Studies, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{RespondentId, RespondentsDeleted, StudyKey, StudyTranslation};

/// A v2 answer that carries nothing but `errorMessage`.
#[derive(serde::Deserialize)]
pub(crate) struct Empty {}

impl Studies {
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
        S: Into<RespondentId>,
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

/// `DELETE /Studies/{studyKey}/Respondents`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to delete the respondents"]
pub struct DeleteRespondents {
    client: AscribeClient,
    study_key: StudyKey,
    respondent_ids: Vec<RespondentId>,
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
            respondent_ids: &'a [RespondentId],
        }
        let path = format!("Studies/{}/Respondents", self.study_key);
        let chunks: Vec<&[RespondentId]> = self.respondent_ids.chunks(size).collect();
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
