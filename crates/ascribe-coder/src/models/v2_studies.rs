//! v2 study results: deleted respondents, translations.

use serde::{Deserialize, Serialize};

use super::ids::{QuestionKey, StudyKey};

use super::de::null_default;

/// A respondent the service could not delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RespondentFailure {
    /// The respondent id.
    #[serde(
        rename = "respondentID",
        alias = "respondentId",
        default,
        deserialize_with = "null_default"
    )]
    pub respondent_id: String,
    /// Why it was not deleted.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// What `DELETE /Studies/{studyKey}/Respondents` did, merged over every
/// request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RespondentsDeleted {
    /// The respondents that could not be deleted, with the reason.
    #[serde(default, deserialize_with = "null_default")]
    pub failed_deletions: Vec<RespondentFailure>,
    /// The respondents with no response in the study.
    #[serde(default, deserialize_with = "null_default")]
    pub not_found_respondent_ids: Vec<String>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl RespondentsDeleted {
    pub(crate) fn absorb(&mut self, part: RespondentsDeleted) {
        self.failed_deletions.extend(part.failed_deletions);
        self.not_found_respondent_ids
            .extend(part.not_found_respondent_ids);
        self.chunks += 1;
    }
}

/// The translation of one question's responses
/// (`POST /Questions/Translate`, and per question in a study translation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionTranslation {
    /// The question.
    #[serde(default)]
    pub question_key: QuestionKey,
    /// How many responses the question has.
    #[serde(default)]
    pub responses_count: u64,
    /// How many translations were made.
    #[serde(default)]
    pub translations_count: u64,
    /// How many responses were left untranslated.
    #[serde(default)]
    pub non_translated_responses_count: u64,
    /// How many transactions were billed.
    #[serde(default)]
    pub transactions_count: f64,
}

/// The translation of a study (`POST /Studies/Translate`): every question
/// with the translate task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StudyTranslation {
    /// The study.
    #[serde(default)]
    pub study_key: StudyKey,
    /// How many translations were made.
    #[serde(default)]
    pub total_translations_count: u64,
    /// How many transactions were billed.
    #[serde(default)]
    pub total_transactions_count: f64,
    /// Per question.
    #[serde(default, deserialize_with = "null_default")]
    pub questions: Vec<QuestionTranslation>,
}
