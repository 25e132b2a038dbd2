//! v2 response batches: add or upsert responses across a study's questions, in chunks.

use auth_core::http::ApiRequest;
use serde::Serialize;

use crate::api::chunk::{chunk_failed, chunk_groups, chunk_size, items_in};
use crate::api::{Responses, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{
    QuestionKey, QuestionResponses, ResponseInput, ResponsesBatchAdded, ResponsesBatchUpserted,
    StudyKey,
};

impl Responses {
    /// Adds responses to several questions of a study
    /// (`POST /Responses/{studyKey}/Batch`, v2; add-only, as
    /// [`add`](Self::add)), in requests of at most the chunk size responses
    /// in all: a question with more responses than fit is split across
    /// requests.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .responses()
    ///     .add_batch(544, [
    ///         QuestionResponses::new(1001, [ResponseInput::new("34-22907", "I do not like the red")]),
    ///         QuestionResponses::new(1002, [ResponseInput::new("34-22907", "France")]),
    ///     ])
    ///     .send()
    ///     .await?;
    /// println!("{} added in {} requests", r.responses_added(), r.chunks);
    /// # Ok(()) }
    /// ```
    pub fn add_batch(
        &self,
        study_key: impl Into<StudyKey>,
        questions: impl IntoIterator<Item = QuestionResponses>,
    ) -> AddResponsesBatch {
        AddResponsesBatch {
            client: self.client.clone(),
            study_key: study_key.into(),
            groups: groups(questions),
            chunk_size: None,
        }
    }

    /// Adds or updates responses of several questions of a study
    /// (`PUT /Responses/{studyKey}/Batch`, v2), in chunks as
    /// [`add_batch`](Self::add_batch).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .responses()
    ///     .upsert_batch(544, [QuestionResponses::new(1001, [ResponseInput::new("ABC_12345", "Very good")])])
    ///     .allow_empty_strings(false)
    ///     .send()
    ///     .await?;
    /// println!("{} updated", r.responses_updated());
    /// # Ok(()) }
    /// ```
    pub fn upsert_batch(
        &self,
        study_key: impl Into<StudyKey>,
        questions: impl IntoIterator<Item = QuestionResponses>,
    ) -> UpsertResponsesBatch {
        UpsertResponsesBatch {
            client: self.client.clone(),
            study_key: study_key.into(),
            groups: groups(questions),
            chunk_size: None,
            allow_empty_strings: None,
        }
    }
}

fn groups(
    questions: impl IntoIterator<Item = QuestionResponses>,
) -> Vec<(QuestionKey, Vec<ResponseInput>)> {
    questions
        .into_iter()
        .map(|q| (q.question_key, q.responses))
        .collect()
}

/// A response in a batch: no codes, and `verbatim` in both directions.
#[derive(Serialize)]
struct WireBatchResponse<'a> {
    rid: &'a str,
    verbatim: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transcription: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireQuestionResponses<'a> {
    question_key: QuestionKey,
    responses: Vec<WireBatchResponse<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BatchBody<'a> {
    question_responses: Vec<WireQuestionResponses<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allow_empty_strings: Option<bool>,
}

fn wire_chunk<'a>(chunk: &[(QuestionKey, &'a [ResponseInput])]) -> Vec<WireQuestionResponses<'a>> {
    chunk
        .iter()
        .map(|(key, responses)| WireQuestionResponses {
            question_key: *key,
            responses: responses
                .iter()
                .map(|r| WireBatchResponse {
                    rid: &r.rid,
                    verbatim: &r.text,
                    translation: r.translation.as_deref(),
                    transcription: r.transcription.as_deref(),
                    notes: r.notes.as_deref(),
                })
                .collect(),
        })
        .collect()
}

fn check(groups: &[(QuestionKey, Vec<ResponseInput>)], what: &str) -> Result<()> {
    if groups.iter().all(|(_, r)| r.is_empty()) {
        return Err(invalid(format!("{what} needs at least one response")));
    }
    if groups.iter().flat_map(|(_, r)| r).any(|r| r.rid.is_empty()) {
        return Err(invalid("every response needs a respondent id"));
    }
    Ok(())
}

/// `POST /Responses/{studyKey}/Batch`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to upload the responses"]
pub struct AddResponsesBatch {
    client: AscribeClient,
    study_key: StudyKey,
    groups: Vec<(QuestionKey, Vec<ResponseInput>)>,
    chunk_size: Option<usize>,
}

impl AddResponsesBatch {
    /// Sends at most `size` responses per request, over all questions
    /// (default: the client's chunk size; at most
    /// [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let q = QuestionResponses::new(348, (1..=900).map(|i| ResponseInput::new(format!("r{i}"), "ok")));
    /// client.responses().add_batch(544, [q]).chunk_size(300).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Uploads every chunk in order and merges the results per question.
    /// Add-only, so a repeated chunk changes nothing: chunks are retried on
    /// 5xx and timeouts.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let q = QuestionResponses::new(348, [ResponseInput::new("r1", "Great value")]);
    /// let r = client.responses().add_batch(544, [q]).send().await?;
    /// assert_eq!(r.responses_added(), 1);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No response, a response without rid, or a chunk size above the
    /// maximum ([`Error::ChunkSizeTooLarge`](crate::Error::ChunkSizeTooLarge))
    /// is refused before anything is sent; a failed request stops the upload
    /// with [`Error::ChunkFailed`](crate::Error::ChunkFailed) (saying how
    /// many responses the earlier chunks stored) or its own error.
    pub async fn send(self) -> Result<ResponsesBatchAdded> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        check(&self.groups, "add_batch")?;
        let path = format!("Responses/{}/Batch", self.study_key);
        let chunks = chunk_groups(&self.groups, size);
        let total = chunks.len();
        let mut result = ResponsesBatchAdded::default();
        let mut sent = 0;
        for (i, chunk) in chunks.iter().enumerate() {
            let body = BatchBody {
                question_responses: wire_chunk(chunk),
                allow_empty_strings: None,
            };
            let request = ApiRequest::post("add_responses_batch", path.clone())
                .json(&body)?
                .retry_safe(true);
            match self.client.call::<ResponsesBatchAdded>(request).await {
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

/// `PUT /Responses/{studyKey}/Batch`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to upload the responses"]
pub struct UpsertResponsesBatch {
    client: AscribeClient,
    study_key: StudyKey,
    groups: Vec<(QuestionKey, Vec<ResponseInput>)>,
    chunk_size: Option<usize>,
    allow_empty_strings: Option<bool>,
}

impl UpsertResponsesBatch {
    /// Sends at most `size` responses per request, over all questions
    /// (default: the client's chunk size; at most
    /// [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let q = QuestionResponses::new(348, [ResponseInput::new("r1", "Better now")]);
    /// client.responses().upsert_batch(544, [q]).chunk_size(500).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// `true`: an empty string clears a text; `false` (the service's
    /// default): an empty string leaves it unchanged.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let q = QuestionResponses::new(348, [ResponseInput::new("r1", "").notes("")]);
    /// client.responses().upsert_batch(544, [q]).allow_empty_strings(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn allow_empty_strings(mut self, allow: bool) -> Self {
        self.allow_empty_strings = Some(allow);
        self
    }

    /// Uploads every chunk in order and merges the results per question.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let q = QuestionResponses::new(348, [ResponseInput::new("r1", "Better now")]);
    /// let r = client.responses().upsert_batch(544, [q]).send().await?;
    /// println!("{} updated, {} added", r.responses_updated(), r.responses_added());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`AddResponsesBatch::send`].
    pub async fn send(self) -> Result<ResponsesBatchUpserted> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        check(&self.groups, "upsert_batch")?;
        let path = format!("Responses/{}/Batch", self.study_key);
        let chunks = chunk_groups(&self.groups, size);
        let total = chunks.len();
        let mut result = ResponsesBatchUpserted::default();
        let mut sent = 0;
        for (i, chunk) in chunks.iter().enumerate() {
            let body = BatchBody {
                question_responses: wire_chunk(chunk),
                allow_empty_strings: self.allow_empty_strings,
            };
            // PUT is idempotent: the HTTP layer retries it on 5xx.
            let request = ApiRequest::put("upsert_responses_batch", path.clone()).json(&body)?;
            match self.client.call::<ResponsesBatchUpserted>(request).await {
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
