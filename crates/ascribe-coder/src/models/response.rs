use super::ids::{CodeKey, CodebookKey, RuleSetKey, TaxonomyKey};
use serde::{Deserialize, Serialize};

/// A response as read back (`GET /Responses/{questionKey}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Response {
    /// The respondent id.
    pub rid: String,
    /// The verbatim (absent unless `includeText` was asked for).
    #[serde(default)]
    pub text: Option<String>,
    /// The transcription.
    #[serde(default)]
    pub transcription: Option<String>,
    /// The translation.
    #[serde(default)]
    pub translation: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// The keys of the codes applied to it.
    #[serde(default, deserialize_with = "super::de::null_default")]
    pub code_keys: Vec<CodeKey>,
}

#[derive(Deserialize)]
pub(crate) struct ResponsesEnvelope {
    #[serde(default)]
    pub(crate) responses: Vec<Response>,
}

/// Which responses to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseStatus {
    /// Only coded responses.
    Coded,
    /// Only responses not coded yet.
    Uncoded,
}

impl ResponseStatus {
    /// The wire form.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseStatus;
    /// assert_eq!(ResponseStatus::Uncoded.as_str(), "uncoded");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Coded => "coded",
            ResponseStatus::Uncoded => "uncoded",
        }
    }
}

/// A code applied to part of a response's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentCode {
    /// The code's key.
    pub code_key: CodeKey,
    /// Where the segment starts (in characters).
    pub start: u32,
    /// How long it is (in characters).
    pub length: u32,
}

/// A response to upload, for both the add-only `POST` and the upsert `PUT`
/// (which name the text `verbatim` and `text` respectively: the client picks
/// the right one).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseInput {
    /// The respondent id.
    pub rid: String,
    /// The verbatim.
    pub text: String,
    /// A translation.
    pub translation: Option<String>,
    /// A transcription.
    pub transcription: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Codes already applied (sent as lower-case `appliedcodes`).
    pub applied_codes: Vec<CodeKey>,
    /// Codes applied to segments (sent as lower-case `segmentcodes`).
    pub segment_codes: Vec<SegmentCode>,
}

impl ResponseInput {
    /// A response of respondent `rid` with this verbatim.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// let response = ResponseInput::new("r1", "Great value");
    /// # let _ = response;
    /// ```
    pub fn new(rid: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            rid: rid.into(),
            text: text.into(),
            translation: None,
            transcription: None,
            notes: None,
            applied_codes: Vec::new(),
            segment_codes: Vec::new(),
        }
    }

    /// Sets the translation.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// let response = ResponseInput::new("r1", "Great value").translation("Bon rapport qualité-prix");
    /// # let _ = response;
    /// ```
    pub fn translation(mut self, translation: impl Into<String>) -> Self {
        self.translation = Some(translation.into());
        self
    }

    /// Sets the transcription.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// let response = ResponseInput::new("r1", "Great value").transcription("great value");
    /// # let _ = response;
    /// ```
    pub fn transcription(mut self, transcription: impl Into<String>) -> Self {
        self.transcription = Some(transcription.into());
        self
    }

    /// Sets the notes.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// let response = ResponseInput::new("r1", "Great value").notes("called back");
    /// # let _ = response;
    /// ```
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = Some(notes.into());
        self
    }

    /// Applies codes to the whole response.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseInput;
    /// let response = ResponseInput::new("r1", "Great value").applied_codes([7, 8]);
    /// # let _ = response;
    /// ```
    pub fn applied_codes<K: Into<CodeKey>>(mut self, codes: impl IntoIterator<Item = K>) -> Self {
        self.applied_codes = codes.into_iter().map(Into::into).collect();
        self
    }

    /// Applies codes to segments.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{ResponseInput, SegmentCode};
    /// let price = SegmentCode { code_key: 8.into(), start: 0, length: 5 };
    /// let response = ResponseInput::new("r1", "Great value").segment_codes([price]);
    /// # let _ = response;
    /// ```
    pub fn segment_codes(mut self, codes: impl IntoIterator<Item = SegmentCode>) -> Self {
        self.segment_codes = codes.into_iter().collect();
        self
    }
}

/// One response on the wire. The service reads `appliedcodes` and
/// `segmentcodes` in lower case: a camelCase serializer would silently drop
/// the codes, so these names are spelled out.
#[derive(Serialize)]
pub(crate) struct WireResponse<'a> {
    rid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    verbatim: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transcription: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    #[serde(rename = "appliedcodes", skip_serializing_if = "<[CodeKey]>::is_empty")]
    applied_codes: &'a [CodeKey],
    #[serde(
        rename = "segmentcodes",
        skip_serializing_if = "<[SegmentCode]>::is_empty"
    )]
    segment_codes: &'a [SegmentCode],
}

impl<'a> WireResponse<'a> {
    pub(crate) fn for_add(r: &'a ResponseInput) -> Self {
        Self::of(r, true)
    }

    pub(crate) fn for_upsert(r: &'a ResponseInput) -> Self {
        Self::of(r, false)
    }

    fn of(r: &'a ResponseInput, add: bool) -> Self {
        Self {
            rid: &r.rid,
            verbatim: add.then_some(r.text.as_str()),
            text: (!add).then_some(r.text.as_str()),
            translation: r.translation.as_deref(),
            transcription: r.transcription.as_deref(),
            notes: r.notes.as_deref(),
            applied_codes: &r.applied_codes,
            segment_codes: &r.segment_codes,
        }
    }
}

/// The body of `POST /Responses/{questionKey}` (one chunk).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AddResponsesBody<'a> {
    pub(crate) responses: Vec<WireResponse<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) auto_code_text_match: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) auto_code_input_id: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) auto_code_by_regex: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rule_set_key: Option<RuleSetKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) taxonomy_key: Option<TaxonomyKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) apply_rule_set_to_transcription: Option<bool>,
}

/// The body of `PUT /Responses/{questionKey}` (one chunk).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UpsertResponsesBody<'a> {
    pub(crate) responses: Vec<WireResponse<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) coding_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) allow_empty_strings: Option<bool>,
}

/// A code the service applied to an added response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AppliedCode {
    /// The code's key.
    pub code_key: CodeKey,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
}

/// A response the service added, with the codes it applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AddedResponse {
    /// The respondent id.
    pub rid: String,
    /// The codes applied on upload (auto-coding, `appliedcodes`).
    #[serde(default, deserialize_with = "super::de::null_default")]
    pub codes: Vec<AppliedCode>,
}

/// What an add-only upload did, summed over every chunk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AddResponsesResult {
    /// The codebook of the question.
    #[serde(default)]
    pub codebook_key: Option<CodebookKey>,
    /// Responses added.
    #[serde(default)]
    pub responses_added: u64,
    /// Responses whose rid existed already (left unchanged).
    #[serde(default)]
    pub existing_responses_unchanged: u64,
    /// Responses coded on upload.
    #[serde(default)]
    pub responses_coded: u64,
    /// Responses coded by text match.
    #[serde(default)]
    pub responses_coded_by_text_match: u64,
    /// Responses coded by input id.
    #[serde(default)]
    pub responses_coded_by_input_id: u64,
    /// Responses coded by regular expression.
    #[serde(default)]
    pub responses_coded_by_regex: u64,
    /// The added responses.
    #[serde(default)]
    pub added_responses: Vec<AddedResponse>,
    /// How many requests the upload took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl AddResponsesResult {
    pub(crate) fn absorb(&mut self, chunk: AddResponsesResult) {
        self.codebook_key = self.codebook_key.or(chunk.codebook_key);
        self.responses_added += chunk.responses_added;
        self.existing_responses_unchanged += chunk.existing_responses_unchanged;
        self.responses_coded += chunk.responses_coded;
        self.responses_coded_by_text_match += chunk.responses_coded_by_text_match;
        self.responses_coded_by_input_id += chunk.responses_coded_by_input_id;
        self.responses_coded_by_regex += chunk.responses_coded_by_regex;
        self.added_responses.extend(chunk.added_responses);
        self.chunks += 1;
    }
}

/// What an upsert did, summed over every chunk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpsertResponsesResult {
    /// Responses added.
    #[serde(default)]
    pub responses_added: u64,
    /// Existing responses updated.
    #[serde(default)]
    pub existing_responses_updated: u64,
    /// Existing responses left unchanged.
    #[serde(default)]
    pub existing_responses_unchanged: u64,
    /// Responses coded.
    #[serde(default)]
    pub responses_coded: u64,
    /// How many requests the upsert took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl UpsertResponsesResult {
    pub(crate) fn absorb(&mut self, chunk: UpsertResponsesResult) {
        self.responses_added += chunk.responses_added;
        self.existing_responses_updated += chunk.existing_responses_updated;
        self.existing_responses_unchanged += chunk.existing_responses_unchanged;
        self.responses_coded += chunk.responses_coded;
        self.chunks += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applied_and_segment_codes_are_lower_case_on_the_wire() {
        let r = ResponseInput::new("r1", "great service")
            .applied_codes([7])
            .segment_codes([SegmentCode {
                code_key: CodeKey::new(8),
                start: 0,
                length: 5,
            }]);
        let add = serde_json::to_value(WireResponse::for_add(&r)).expect("encodes");
        assert_eq!(add["appliedcodes"], serde_json::json!([7]));
        assert_eq!(add["segmentcodes"][0]["codeKey"], 8);
        assert_eq!(add["verbatim"], "great service");
        assert!(add.get("appliedCodes").is_none() && add.get("text").is_none());
        let put = serde_json::to_value(WireResponse::for_upsert(&r)).expect("encodes");
        assert_eq!(put["text"], "great service");
        assert!(put.get("verbatim").is_none());
    }
}
