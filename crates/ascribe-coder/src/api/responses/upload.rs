//! Chunked uploads: add-only `POST` and upsert `PUT /Responses/{questionKey}`.

use auth_core::http::ApiRequest;

use super::Responses;
use crate::api::chunk::send_chunked;
use crate::api::invalid;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::response::WireResponse;
use crate::models::{
    AddResponsesBody, AddResponsesResult, QuestionKey, ResponseInput, RuleSetKey, TaxonomyKey,
    UpsertResponsesBody, UpsertResponsesResult,
};

impl Responses {
    /// Adds responses (`POST /Responses/{questionKey}`, add-only: responses
    /// whose rid exists are left unchanged), in chunks of at most the
    /// configured chunk size.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, (1..=2500).map(|i| ResponseInput::new(format!("r{i}"), "Great value")))
    ///     .send()
    ///     .await?;
    /// println!("{} added in {} requests", upload.responses_added, upload.chunks);
    /// # Ok(()) }
    /// ```
    pub fn add(
        &self,
        question_key: impl Into<QuestionKey>,
        responses: impl IntoIterator<Item = ResponseInput>,
    ) -> AddResponses {
        AddResponses {
            chunk_size: self.client.chunk_size(),
            client: self.client.clone(),
            question_key: question_key.into(),
            responses: responses.into_iter().collect(),
            auto_code_text_match: None,
            auto_code_input_id: None,
            auto_code_by_regex: None,
            rule_set_key: None,
            taxonomy_key: None,
            apply_rule_set_to_transcription: None,
        }
    }

    /// Adds or updates responses (`PUT /Responses/{questionKey}`), in chunks
    /// of at most the configured chunk size.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let result = client
    ///     .responses()
    ///     .upsert(1001, [ResponseInput::new("r1", "Great value, fast delivery")])
    ///     .send()
    ///     .await?;
    /// println!("{} updated", result.existing_responses_updated);
    /// # Ok(()) }
    /// ```
    pub fn upsert(
        &self,
        question_key: impl Into<QuestionKey>,
        responses: impl IntoIterator<Item = ResponseInput>,
    ) -> UpsertResponses {
        UpsertResponses {
            chunk_size: self.client.chunk_size(),
            client: self.client.clone(),
            question_key: question_key.into(),
            responses: responses.into_iter().collect(),
            coding_method: None,
            allow_empty_strings: None,
        }
    }
}

/// An add-only upload, sent in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to upload the responses"]
pub struct AddResponses {
    client: AscribeClient,
    question_key: QuestionKey,
    responses: Vec<ResponseInput>,
    chunk_size: usize,
    auto_code_text_match: Option<bool>,
    auto_code_input_id: Option<bool>,
    auto_code_by_regex: Option<bool>,
    rule_set_key: Option<RuleSetKey>,
    taxonomy_key: Option<TaxonomyKey>,
    apply_rule_set_to_transcription: Option<bool>,
}

impl AddResponses {
    /// Sends at most `size` responses per request (default: the client's).
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let rows = (0..900).map(|i| ResponseInput::new(format!("r{i}"), "ok"));
    /// let upload = client.responses().add(1001, rows).chunk_size(300).send().await?;
    /// assert_eq!(upload.chunks, 3);
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = size;
        self
    }

    /// Codes responses whose text matches a code's description.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, [ResponseInput::new("r1", "Price")])
    ///     .auto_code_text_match(true)
    ///     .send()
    ///     .await?;
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn auto_code_text_match(mut self, on: bool) -> Self {
        self.auto_code_text_match = Some(on);
        self
    }

    /// Codes responses by the codes' input ids.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, [ResponseInput::new("r1", "3")])
    ///     .auto_code_input_id(true)
    ///     .send()
    ///     .await?;
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn auto_code_input_id(mut self, on: bool) -> Self {
        self.auto_code_input_id = Some(on);
        self
    }

    /// Codes responses by the codes' regular expressions.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, [ResponseInput::new("r1", "too expensive")])
    ///     .auto_code_by_regex(true)
    ///     .send()
    ///     .await?;
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn auto_code_by_regex(mut self, on: bool) -> Self {
        self.auto_code_by_regex = Some(on);
        self
    }

    /// Applies this rule set.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, [ResponseInput::new("r1", "ok")])
    ///     .rule_set_key(5)
    ///     .send()
    ///     .await?;
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn rule_set_key(mut self, key: impl Into<RuleSetKey>) -> Self {
        self.rule_set_key = Some(key.into());
        self
    }

    /// Applies this taxonomy.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, [ResponseInput::new("r1", "ok")])
    ///     .taxonomy_key(9)
    ///     .send()
    ///     .await?;
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn taxonomy_key(mut self, key: impl Into<TaxonomyKey>) -> Self {
        self.taxonomy_key = Some(key.into());
        self
    }

    /// Applies the rule set to transcriptions too.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, [ResponseInput::new("r1", "ok").transcription("okay")])
    ///     .rule_set_key(5)
    ///     .apply_rule_set_to_transcription(true)
    ///     .send()
    ///     .await?;
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn apply_rule_set_to_transcription(mut self, on: bool) -> Self {
        self.apply_rule_set_to_transcription = Some(on);
        self
    }

    /// Uploads every chunk in order and sums their results. Sending the
    /// same responses again is safe (existing rids are left unchanged), so
    /// each request may be retried.
    ///
    /// # Errors
    /// [`Error::Core`](crate::Error::Core) with an invalid-input error,
    /// before anything is sent, for a chunk size of 0;
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) when a chunk after
    /// the first fails (it says how many responses the earlier chunks
    /// stored); otherwise the failed request's own
    /// [`Error::Service`](crate::Error::Service) or
    /// [`Error::Core`](crate::Error::Core).
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let upload = client
    ///     .responses()
    ///     .add(1001, [ResponseInput::new("r1", "Great value")])
    ///     .send()
    ///     .await?;
    /// println!("{} added", upload.responses_added);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<AddResponsesResult> {
        if self.chunk_size == 0 {
            return Err(invalid("chunk_size must be at least 1"));
        }
        let path = format!("Responses/{}", self.question_key);
        let request = |chunk: &[ResponseInput]| {
            let body = AddResponsesBody {
                responses: chunk.iter().map(WireResponse::for_add).collect(),
                auto_code_text_match: self.auto_code_text_match,
                auto_code_input_id: self.auto_code_input_id,
                auto_code_by_regex: self.auto_code_by_regex,
                rule_set_key: self.rule_set_key,
                taxonomy_key: self.taxonomy_key,
                apply_rule_set_to_transcription: self.apply_rule_set_to_transcription,
            };
            // Add-only: repeating a chunk changes nothing, so it may be retried.
            Ok(ApiRequest::post("add_responses", path.clone())
                .json(&body)?
                .retry_safe(true))
        };
        send_chunked(
            &self.client,
            &self.responses,
            self.chunk_size,
            request,
            AddResponsesResult::absorb,
        )
        .await
    }
}

/// An upsert, sent in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to upload the responses"]
pub struct UpsertResponses {
    client: AscribeClient,
    question_key: QuestionKey,
    responses: Vec<ResponseInput>,
    chunk_size: usize,
    coding_method: Option<String>,
    allow_empty_strings: Option<bool>,
}

impl UpsertResponses {
    /// Sends at most `size` responses per request (default: the client's).
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let rows = (0..600).map(|i| ResponseInput::new(format!("r{i}"), "ok"));
    /// let result = client.responses().upsert(1001, rows).chunk_size(200).send().await?;
    /// assert_eq!(result.chunks, 3);
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = size;
        self
    }

    /// Sets the coding method.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let result = client
    ///     .responses()
    ///     .upsert(1001, [ResponseInput::new("r1", "ok")])
    ///     .coding_method("manual")
    ///     .send()
    ///     .await?;
    /// # let _ = result; Ok(()) }
    /// ```
    pub fn coding_method(mut self, method: impl Into<String>) -> Self {
        self.coding_method = Some(method.into());
        self
    }

    /// Allows empty texts.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let result = client
    ///     .responses()
    ///     .upsert(1001, [ResponseInput::new("r1", "")])
    ///     .allow_empty_strings(true)
    ///     .send()
    ///     .await?;
    /// # let _ = result; Ok(()) }
    /// ```
    pub fn allow_empty_strings(mut self, allow: bool) -> Self {
        self.allow_empty_strings = Some(allow);
        self
    }

    /// Uploads every chunk in order and sums their results. `PUT` is
    /// idempotent: the HTTP layer retries a chunk on 5xx.
    ///
    /// # Errors
    /// [`Error::Core`](crate::Error::Core) with an invalid-input error,
    /// before anything is sent, for a chunk size of 0;
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) when a chunk after
    /// the first fails; otherwise the failed request's own
    /// [`Error::Service`](crate::Error::Service) or
    /// [`Error::Core`](crate::Error::Core).
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let result = client
    ///     .responses()
    ///     .upsert(1001, [ResponseInput::new("r1", "Great value")])
    ///     .send()
    ///     .await?;
    /// println!("{} added, {} updated", result.responses_added, result.existing_responses_updated);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<UpsertResponsesResult> {
        if self.chunk_size == 0 {
            return Err(invalid("chunk_size must be at least 1"));
        }
        let path = format!("Responses/{}", self.question_key);
        let request = |chunk: &[ResponseInput]| {
            let body = UpsertResponsesBody {
                responses: chunk.iter().map(WireResponse::for_upsert).collect(),
                coding_method: self.coding_method.clone(),
                allow_empty_strings: self.allow_empty_strings,
            };
            ApiRequest::put("upsert_responses", path.clone()).json(&body)
        };
        send_chunked(
            &self.client,
            &self.responses,
            self.chunk_size,
            request,
            UpsertResponsesResult::absorb,
        )
        .await
    }
}
