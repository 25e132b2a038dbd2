//! v2 response calls: delete one response, or many in chunks.

use auth_core::http::{ApiRequest, encode_segment};
use serde::Serialize;

use super::studies::Empty;
use crate::api::chunk::{chunk_failed, chunk_groups, chunk_size, items_in};
use crate::api::{Responses, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{QuestionKey, RespondentId, ResponsesDeleted};

impl Responses {
    /// Deletes one response (`DELETE /Responses/{questionKey}/{rid}`, v2).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.responses().delete(348, "34-22907").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// An empty rid is refused before anything is sent;
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown question or respondent).
    pub async fn delete(
        &self,
        question_key: impl Into<QuestionKey>,
        rid: impl Into<RespondentId>,
    ) -> Result<()> {
        let rid = rid.into();
        if rid.as_str().is_empty() {
            return Err(invalid("a respondent id is required"));
        }
        let path = format!(
            "Responses/{}/{}",
            question_key.into(),
            encode_segment(rid.as_str())
        );
        let _: Empty = self
            .client
            .call(ApiRequest::delete("delete_response", path))
            .await?;
        Ok(())
    }

    /// Deletes responses of several questions (`DELETE /Responses/Batch`,
    /// v2), given as (question, respondent ids) pairs, in requests of at
    /// most the chunk size respondent ids in all.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .responses()
    ///     .delete_batch([(55, vec!["100001", "100002"]), (56, vec!["200001"])])
    ///     .send()
    ///     .await?;
    /// println!("{} deleted, {} failed", r.deleted(), r.failures().count());
    /// # Ok(()) }
    /// ```
    pub fn delete_batch<K, I, S>(
        &self,
        responses: impl IntoIterator<Item = (K, I)>,
    ) -> DeleteResponsesBatch
    where
        K: Into<QuestionKey>,
        I: IntoIterator<Item = S>,
        S: Into<RespondentId>,
    {
        DeleteResponsesBatch {
            client: self.client.clone(),
            groups: responses
                .into_iter()
                .map(|(k, rids)| (k.into(), rids.into_iter().map(Into::into).collect()))
                .collect(),
            chunk_size: None,
        }
    }
}
/// `DELETE /Responses/Batch`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to delete the responses"]
pub struct DeleteResponsesBatch {
    client: AscribeClient,
    groups: Vec<(QuestionKey, Vec<RespondentId>)>,
    chunk_size: Option<usize>,
}

impl DeleteResponsesBatch {
    /// Sends at most `size` respondent ids per request, over all questions
    /// (default: the client's chunk size; at most
    /// [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.responses().delete_batch([(55, ["100001"])]).chunk_size(100).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and appends the outcomes.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.responses().delete_batch([(55, ["100001"])]).send().await?;
    /// assert_eq!(r.deleted(), 1);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No respondent id or a chunk size above the maximum is refused before
    /// anything is sent; a failed request stops the call with
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) or its own error.
    pub async fn send(self) -> Result<ResponsesDeleted> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.groups.iter().all(|(_, r)| r.is_empty()) {
            return Err(invalid("delete_batch needs at least one respondent id"));
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Group<'a> {
            question_key: QuestionKey,
            #[serde(rename = "respondentIDs")]
            respondent_ids: &'a [RespondentId],
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            question_responses: Vec<Group<'a>>,
        }
        let chunks = chunk_groups(&self.groups, size);
        let total = chunks.len();
        let mut result = ResponsesDeleted::default();
        let mut sent = 0;
        for (i, chunk) in chunks.iter().enumerate() {
            let body = Body {
                question_responses: chunk
                    .iter()
                    .map(|(k, ids)| Group {
                        question_key: *k,
                        respondent_ids: ids,
                    })
                    .collect(),
            };
            let request =
                ApiRequest::delete("delete_responses_batch", "Responses/Batch").json(&body)?;
            match self.client.call::<ResponsesDeleted>(request).await {
                Ok(part) => {
                    result.absorb(part);
                    sent += items_in(chunk);
                }
                Err(e) => return Err(chunk_failed(e, i, total, sent)),
            }
        }
        Ok(result)
    }
}
