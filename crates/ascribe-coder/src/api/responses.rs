//! Response calls (`/Responses/{questionKey}`): read with filters, and
//! chunked add-only and upsert uploads.

use std::time::{SystemTime, UNIX_EPOCH};

use auth_core::http::ApiRequest;

use super::chunk::send_chunked;
use super::invalid;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::response::WireResponse;
use crate::models::{
    AddResponsesBody, AddResponsesResult, QuestionKey, Response, ResponseInput, ResponseStatus,
    ResponsesEnvelope, RuleSetKey, TaxonomyKey, UpsertResponsesBody, UpsertResponsesResult,
};

/// Response calls (`/Responses/{questionKey}`).
#[derive(Debug, Clone)]
pub struct Responses {
    pub(crate) client: AscribeClient,
}

impl Responses {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Reads the responses of a question (`GET /Responses/{questionKey}`).
    /// The service returns the whole list at once (no pagination).
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseStatus;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let coded = client
    ///     .responses()
    ///     .get(1001)
    ///     .include_text(true)
    ///     .status(ResponseStatus::Coded)
    ///     .send()
    ///     .await?;
    /// for r in coded {
    ///     println!("{}: {:?}", r.rid, r.code_keys);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self, question_key: impl Into<QuestionKey>) -> GetResponses {
        GetResponses {
            client: self.client.clone(),
            question_key: question_key.into(),
            query: Vec::new(),
        }
    }

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

/// `GET /Responses/{questionKey}` with its filters.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to read the responses"]
pub struct GetResponses {
    client: AscribeClient,
    question_key: QuestionKey,
    query: Vec<(&'static str, String)>,
}

impl GetResponses {
    fn with(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value));
        self
    }

    /// Includes the texts (verbatim, transcription, translation).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let responses = client.responses().get(1001).include_text(true).send().await?;
    /// # let _ = responses; Ok(()) }
    /// ```
    pub fn include_text(self, include: bool) -> Self {
        self.with("includeText", include.to_string())
    }

    /// Only coded, or only uncoded, responses.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseStatus;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let todo = client.responses().get(1001).status(ResponseStatus::Uncoded).send().await?;
    /// # let _ = todo; Ok(()) }
    /// ```
    pub fn status(self, status: ResponseStatus) -> Self {
        self.with("status", status.as_str().to_owned())
    }

    /// Only responses coded after this time.
    ///
    /// ```no_run
    /// use std::time::{Duration, SystemTime};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let yesterday = SystemTime::now() - Duration::from_secs(86_400);
    /// let recent = client.responses().get(1001).coded_after(yesterday).send().await?;
    /// # let _ = recent; Ok(()) }
    /// ```
    pub fn coded_after(self, t: SystemTime) -> Self {
        self.with("codedAfter", utc_string(t))
    }

    /// Only responses coded before this time.
    ///
    /// ```no_run
    /// use std::time::SystemTime;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let older = client.responses().get(1001).coded_before(SystemTime::now()).send().await?;
    /// # let _ = older; Ok(()) }
    /// ```
    pub fn coded_before(self, t: SystemTime) -> Self {
        self.with("codedBefore", utc_string(t))
    }

    /// Only responses loaded after this time.
    ///
    /// ```no_run
    /// use std::time::{Duration, SystemTime};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let week_ago = SystemTime::now() - Duration::from_secs(7 * 86_400);
    /// let fresh = client.responses().get(1001).loaded_after(week_ago).send().await?;
    /// # let _ = fresh; Ok(()) }
    /// ```
    pub fn loaded_after(self, t: SystemTime) -> Self {
        self.with("loadedAfter", utc_string(t))
    }

    /// Only responses loaded before this time.
    ///
    /// ```no_run
    /// use std::time::SystemTime;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let loaded = client.responses().get(1001).loaded_before(SystemTime::now()).send().await?;
    /// # let _ = loaded; Ok(()) }
    /// ```
    pub fn loaded_before(self, t: SystemTime) -> Self {
        self.with("loadedBefore", utc_string(t))
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown question); [`Error::Core`](crate::Error::Core) for
    /// transport, timeout, authentication and decoding failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let all = client.responses().get(1001).send().await?;
    /// println!("{} responses", all.len());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Response>> {
        let mut request =
            ApiRequest::get("get_responses", format!("Responses/{}", self.question_key));
        for (name, value) in self.query {
            request = request.query(name, value);
        }
        let envelope: ResponsesEnvelope = self.client.call(request).await?;
        Ok(envelope.responses)
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

/// `YYYY-MM-DDThh:mm:ss` in UTC, the format the service's date filters take.
pub(crate) fn utc_string(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    // d is 1..=31 and m 1..=12 by construction.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn dates_are_formatted_in_utc() {
        assert_eq!(utc_string(UNIX_EPOCH), "1970-01-01T00:00:00");
        let t = UNIX_EPOCH + Duration::from_secs(1_709_210_096); // 2024-02-29T12:34:56Z
        assert_eq!(utc_string(t), "2024-02-29T12:34:56");
    }
}
