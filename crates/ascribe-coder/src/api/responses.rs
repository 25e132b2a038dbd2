use std::time::{SystemTime, UNIX_EPOCH};

use auth_core::http::ApiRequest;

use super::invalid;
use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::response::WireResponse;
use crate::models::{
    AddResponsesBody, AddResponsesResult, Response, ResponseInput, ResponseStatus,
    ResponsesEnvelope, UpsertResponsesBody, UpsertResponsesResult,
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
    pub fn get(&self, question_key: i64) -> GetResponses {
        GetResponses {
            client: self.client.clone(),
            question_key,
            query: Vec::new(),
        }
    }

    /// Adds responses (`POST /Responses/{questionKey}`, add-only: responses
    /// whose rid exists are left unchanged), in chunks of at most the
    /// configured chunk size.
    pub fn add(
        &self,
        question_key: i64,
        responses: impl IntoIterator<Item = ResponseInput>,
    ) -> AddResponses {
        AddResponses {
            chunk_size: self.client.chunk_size(),
            client: self.client.clone(),
            question_key,
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
    pub fn upsert(
        &self,
        question_key: i64,
        responses: impl IntoIterator<Item = ResponseInput>,
    ) -> UpsertResponses {
        UpsertResponses {
            chunk_size: self.client.chunk_size(),
            client: self.client.clone(),
            question_key,
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
    question_key: i64,
    query: Vec<(&'static str, String)>,
}

impl GetResponses {
    fn with(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value));
        self
    }

    /// Includes the texts (verbatim, transcription, translation).
    pub fn include_text(self, include: bool) -> Self {
        self.with("includeText", include.to_string())
    }

    /// Only coded, or only uncoded, responses.
    pub fn status(self, status: ResponseStatus) -> Self {
        self.with("status", status.as_str().to_owned())
    }

    /// Only responses coded after this time.
    pub fn coded_after(self, t: SystemTime) -> Self {
        self.with("codedAfter", utc_string(t))
    }

    /// Only responses coded before this time.
    pub fn coded_before(self, t: SystemTime) -> Self {
        self.with("codedBefore", utc_string(t))
    }

    /// Only responses loaded after this time.
    pub fn loaded_after(self, t: SystemTime) -> Self {
        self.with("loadedAfter", utc_string(t))
    }

    /// Only responses loaded before this time.
    pub fn loaded_before(self, t: SystemTime) -> Self {
        self.with("loadedBefore", utc_string(t))
    }

    /// Sends the request.
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
    question_key: i64,
    responses: Vec<ResponseInput>,
    chunk_size: usize,
    auto_code_text_match: Option<bool>,
    auto_code_input_id: Option<bool>,
    auto_code_by_regex: Option<bool>,
    rule_set_key: Option<i64>,
    taxonomy_key: Option<i64>,
    apply_rule_set_to_transcription: Option<bool>,
}

impl AddResponses {
    /// Sends at most `size` responses per request (default: the client's).
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = size;
        self
    }

    /// Codes responses whose text matches a code's description.
    pub fn auto_code_text_match(mut self, on: bool) -> Self {
        self.auto_code_text_match = Some(on);
        self
    }

    /// Codes responses by the codes' input ids.
    pub fn auto_code_input_id(mut self, on: bool) -> Self {
        self.auto_code_input_id = Some(on);
        self
    }

    /// Codes responses by the codes' regular expressions.
    pub fn auto_code_by_regex(mut self, on: bool) -> Self {
        self.auto_code_by_regex = Some(on);
        self
    }

    /// Applies this rule set.
    pub fn rule_set_key(mut self, key: i64) -> Self {
        self.rule_set_key = Some(key);
        self
    }

    /// Applies this taxonomy.
    pub fn taxonomy_key(mut self, key: i64) -> Self {
        self.taxonomy_key = Some(key);
        self
    }

    /// Applies the rule set to transcriptions too.
    pub fn apply_rule_set_to_transcription(mut self, on: bool) -> Self {
        self.apply_rule_set_to_transcription = Some(on);
        self
    }

    /// Uploads every chunk in order and sums their results. A failed chunk
    /// stops the upload with [`Error::ChunkFailed`], which says how many
    /// responses the earlier chunks stored; sending the same responses again
    /// is safe (existing rids are left unchanged).
    pub async fn send(self) -> Result<AddResponsesResult> {
        if self.chunk_size == 0 {
            return Err(invalid("chunk_size must be at least 1"));
        }
        let path = format!("Responses/{}", self.question_key);
        let chunks: Vec<&[ResponseInput]> = self.responses.chunks(self.chunk_size).collect();
        let total = chunks.len();
        let mut result = AddResponsesResult::default();
        let mut sent = 0usize;
        for (i, chunk) in chunks.into_iter().enumerate() {
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
            let request = ApiRequest::post("add_responses", path.clone())
                .json(&body)?
                .retry_safe(true);
            match self.client.call::<AddResponsesResult>(request).await {
                Ok(part) => {
                    tracing::debug!(
                        chunk = i + 1,
                        of = total,
                        added = part.responses_added,
                        "chunk uploaded"
                    );
                    result.absorb(part);
                    sent += chunk.len();
                }
                Err(e) => return Err(chunk_failed(e, i, total, sent)),
            }
        }
        Ok(result)
    }
}

/// An upsert, sent in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to upload the responses"]
pub struct UpsertResponses {
    client: AscribeClient,
    question_key: i64,
    responses: Vec<ResponseInput>,
    chunk_size: usize,
    coding_method: Option<String>,
    allow_empty_strings: Option<bool>,
}

impl UpsertResponses {
    /// Sends at most `size` responses per request (default: the client's).
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = size;
        self
    }

    /// Sets the coding method.
    pub fn coding_method(mut self, method: impl Into<String>) -> Self {
        self.coding_method = Some(method.into());
        self
    }

    /// Allows empty texts.
    pub fn allow_empty_strings(mut self, allow: bool) -> Self {
        self.allow_empty_strings = Some(allow);
        self
    }

    /// Uploads every chunk in order and sums their results; a failed chunk
    /// stops with [`Error::ChunkFailed`].
    pub async fn send(self) -> Result<UpsertResponsesResult> {
        if self.chunk_size == 0 {
            return Err(invalid("chunk_size must be at least 1"));
        }
        let path = format!("Responses/{}", self.question_key);
        let chunks: Vec<&[ResponseInput]> = self.responses.chunks(self.chunk_size).collect();
        let total = chunks.len();
        let mut result = UpsertResponsesResult::default();
        let mut sent = 0usize;
        for (i, chunk) in chunks.into_iter().enumerate() {
            let body = UpsertResponsesBody {
                responses: chunk.iter().map(WireResponse::for_upsert).collect(),
                coding_method: self.coding_method.clone(),
                allow_empty_strings: self.allow_empty_strings,
            };
            // PUT is idempotent: the HTTP layer retries it on 5xx.
            let request = ApiRequest::put("upsert_responses", path.clone()).json(&body)?;
            match self.client.call::<UpsertResponsesResult>(request).await {
                Ok(part) => {
                    result.absorb(part);
                    sent += chunk.len();
                }
                Err(e) => return Err(chunk_failed(e, i, total, sent)),
            }
        }
        Ok(result)
    }
}

fn chunk_failed(e: Error, index: usize, chunks: usize, sent: usize) -> Error {
    if chunks <= 1 {
        // Nothing was stored before: the plain error says it all.
        return e;
    }
    Error::ChunkFailed {
        chunk: index + 1,
        chunks,
        responses_sent: sent,
        source: Box::new(e),
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
