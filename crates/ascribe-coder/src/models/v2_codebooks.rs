//! v2 codebook inputs and results: code updates, deletes, batch adds.

use serde::{Deserialize, Serialize};

use super::code_fields::{CodeFields, code_setters};
use super::codebook::{Code, NewCode};
use super::de::null_default;
use super::ids::{CodeKey, CodebookKey, QuestionKey};

/// Changes to one code (`PUT /Codebooks/{codebookKey}/Codes`): only the
/// fields set are changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeUpdate {
    key: CodeKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(flatten)]
    fields: CodeFields,
}

impl CodeUpdate {
    /// Changes to the code `key`.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodeUpdate;
    /// let change = CodeUpdate::new(1234567).description("Likes the colour");
    /// # let _ = change;
    /// ```
    pub fn new(key: impl Into<CodeKey>) -> Self {
        Self {
            key: key.into(),
            description: None,
            fields: CodeFields::default(),
        }
    }

    /// Sets the description (at most 1000 characters).
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodeUpdate;
    /// let change = CodeUpdate::new(1).description("Price");
    /// # let _ = change;
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    code_setters!("CodeUpdate", "CodeUpdate::new(1)");

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 1000)
        {
            return Err("a code description has at most 1000 characters".into());
        }
        self.fields.validate()
    }
}

/// A code the service could not update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FailedCode {
    /// The code's key, as the service reports it (a string on the wire).
    #[serde(default, deserialize_with = "null_default")]
    pub key: String,
    /// Why it failed.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// What `PUT /Codebooks/{codebookKey}/Codes` did, merged over every
/// request: a code not in `failed_codes` was updated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CodesUpdated {
    /// The codebook.
    #[serde(default)]
    pub codebook_key: Option<CodebookKey>,
    /// The codebook as it is after the last request.
    #[serde(default, deserialize_with = "null_default")]
    pub codebook: Vec<Code>,
    /// The codes that could not be updated.
    #[serde(default, deserialize_with = "null_default")]
    pub failed_codes: Vec<FailedCode>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl CodesUpdated {
    pub(crate) fn absorb(&mut self, part: CodesUpdated) {
        self.codebook_key = part.codebook_key.or(self.codebook_key);
        self.codebook = part.codebook;
        self.failed_codes.extend(part.failed_codes);
        self.chunks += 1;
    }
}

/// A code taken off a response while deleting codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RemovedCode {
    /// The question.
    pub question_key: QuestionKey,
    /// Its id.
    #[serde(default)]
    pub question_id: Option<String>,
    /// The respondent.
    #[serde(default)]
    pub respondent_id: Option<String>,
    /// The code.
    pub code_key: CodeKey,
    /// The code's output id.
    #[serde(default)]
    pub code_id: Option<String>,
}

/// What `DELETE /Codebooks/{codebookKey}/Codes` did, merged over every
/// request. A code applied to responses is only deleted with
/// `uncode_responses(true)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CodesDeleted {
    /// The codes deleted.
    #[serde(default, deserialize_with = "null_default")]
    pub code_keys_deleted: Vec<CodeKey>,
    /// The codes kept (usually because they are applied).
    #[serde(default, deserialize_with = "null_default")]
    pub code_keys_not_deleted: Vec<CodeKey>,
    /// The codes taken off responses.
    #[serde(default, deserialize_with = "null_default")]
    pub codes_removed_from_responses: Vec<RemovedCode>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl CodesDeleted {
    pub(crate) fn absorb(&mut self, part: CodesDeleted) {
        self.code_keys_deleted.extend(part.code_keys_deleted);
        self.code_keys_not_deleted
            .extend(part.code_keys_not_deleted);
        self.codes_removed_from_responses
            .extend(part.codes_removed_from_responses);
        self.chunks += 1;
    }
}

/// New codes for one codebook, in a batch add.
#[derive(Debug, Clone, PartialEq)]
pub struct CodebookCodes {
    /// The codebook.
    pub codebook_key: CodebookKey,
    /// The codes (or nets with their children) to add.
    pub codes: Vec<NewCode>,
}

impl CodebookCodes {
    /// These codes for codebook `codebook_key`.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodebookCodes, NewCode};
    /// let add = CodebookCodes::new(1234567, [NewCode::net("Likes", [NewCode::new("Colour")])]);
    /// assert_eq!(add.codes.len(), 1);
    /// ```
    pub fn new(
        codebook_key: impl Into<CodebookKey>,
        codes: impl IntoIterator<Item = NewCode>,
    ) -> Self {
        Self {
            codebook_key: codebook_key.into(),
            codes: codes.into_iter().collect(),
        }
    }
}

/// The outcome for one codebook of a batch add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CodebookBatchResult {
    /// The codebook.
    pub codebook_key: CodebookKey,
    /// The codebook after the add (empty when it failed).
    #[serde(default, deserialize_with = "null_default")]
    pub codebook: Vec<Code>,
    /// Why the codes could not be added, if so.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// What `POST /Codebooks/Codes/Batch` did, merged over every request (the
/// latest state of each codebook).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CodesBatchAdded {
    /// Per codebook.
    #[serde(default, rename = "codebooksBatch", deserialize_with = "null_default")]
    pub codebooks: Vec<CodebookBatchResult>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl CodesBatchAdded {
    /// The codebooks the service reported an error for.
    ///
    /// ```no_run
    /// # fn show(r: &ascribe_coder::models::CodesBatchAdded) {
    /// for (key, why) in r.failures() {
    ///     eprintln!("codebook {key}: {why}");
    /// }
    /// # }
    /// ```
    pub fn failures(&self) -> impl Iterator<Item = (CodebookKey, &str)> {
        self.codebooks
            .iter()
            .filter_map(|c| Some((c.codebook_key, c.error_message.as_deref()?)))
    }

    pub(crate) fn absorb(&mut self, part: CodesBatchAdded) {
        for c in part.codebooks {
            match self
                .codebooks
                .iter_mut()
                .find(|e| e.codebook_key == c.codebook_key)
            {
                Some(e) => {
                    if c.error_message.is_some() {
                        e.error_message = c.error_message;
                    } else {
                        e.codebook = c.codebook;
                    }
                }
                None => self.codebooks.push(c),
            }
        }
        self.chunks += 1;
    }
}
