//! v2 question inputs and results: batches, deletes, auto-coding.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::{QuestionKey, StudyKey};

use super::de::null_default;
use super::enums::{CharSet, CodingSource, QuestionType, Task};
use super::question::Question;
use super::question_fields::{QuestionFields, question_setters, validate_id};

/// What a question delete removes (`entityType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuestionEntity {
    /// The codes applied to its responses.
    Codes,
    /// The quality codes applied to its responses.
    QualityCodes,
    /// Its responses.
    Responses,
    /// The question itself.
    Question,
}

impl QuestionEntity {
    /// The wire form (`"Codes"`, `"QualityCodes"`, `"Responses"`,
    /// `"Question"`).
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionEntity;
    /// assert_eq!(QuestionEntity::QualityCodes.as_str(), "QualityCodes");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionEntity::Codes => "Codes",
            QuestionEntity::QualityCodes => "QualityCodes",
            QuestionEntity::Responses => "Responses",
            QuestionEntity::Question => "Question",
        }
    }
}

impl fmt::Display for QuestionEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for QuestionEntity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Changes to one question in a batch update (`PUT /Questions/{studyKey}/Batch`):
/// only the fields set are changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionUpdate {
    key: QuestionKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(flatten)]
    fields: QuestionFields,
}

impl QuestionUpdate {
    /// Changes to the question `key`.
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionUpdate;
    /// let change = QuestionUpdate::new(200001).text("Updated title of q1");
    /// # let _ = change;
    /// ```
    pub fn new(key: impl Into<QuestionKey>) -> Self {
        Self {
            key: key.into(),
            id: None,
            fields: QuestionFields::default(),
        }
    }

    /// The question changed.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionKey, QuestionUpdate};
    /// assert_eq!(QuestionUpdate::new(7).key(), QuestionKey::new(7));
    /// ```
    pub fn key(&self) -> QuestionKey {
        self.key
    }

    /// Renames the question id (1 to 200 characters).
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionUpdate;
    /// let change = QuestionUpdate::new(7).id("Q1b");
    /// # let _ = change;
    /// ```
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    question_setters!("QuestionUpdate", "QuestionUpdate::new(7)");

    pub(crate) fn validate(&self) -> Result<(), String> {
        if let Some(id) = &self.id {
            validate_id(id)?;
        }
        self.fields.validate()
    }
}

/// A question a batch could not create or update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FailedQuestion {
    /// The question's id (create) or key (update), as the service reports it.
    #[serde(default, alias = "key", deserialize_with = "lenient_string")]
    pub id: String,
    /// Why it failed.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// Reads a string or a number as a string (`"key": "200003"` or `200003`).
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Text(String),
        Number(i64),
    }
    Ok(match Option::<Wire>::deserialize(d)? {
        Some(Wire::Text(s)) => s,
        Some(Wire::Number(n)) => n.to_string(),
        None => String::new(),
    })
}

/// What `POST /Questions/{studyKey}/Batch` did, merged over every request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionsCreated {
    /// The study.
    #[serde(default)]
    pub study_key: Option<StudyKey>,
    /// The questions created (with their keys and codebook keys).
    #[serde(default, deserialize_with = "null_default")]
    pub questions: Vec<Question>,
    /// The questions that could not be created, with the reason.
    #[serde(default, deserialize_with = "null_default")]
    pub failed_questions: Vec<FailedQuestion>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl QuestionsCreated {
    pub(crate) fn absorb(&mut self, part: QuestionsCreated) {
        self.study_key = self.study_key.or(part.study_key);
        self.questions.extend(part.questions);
        self.failed_questions.extend(part.failed_questions);
        self.chunks += 1;
    }
}

/// What `PUT /Questions/{studyKey}/Batch` did, merged over every request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionsUpdated {
    /// The questions that could not be updated, with the reason.
    #[serde(default, deserialize_with = "null_default")]
    pub failed_questions: Vec<FailedQuestion>,
    /// Questions the update created.
    #[serde(default, deserialize_with = "null_default")]
    pub new_questions: Vec<Question>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl QuestionsUpdated {
    pub(crate) fn absorb(&mut self, part: QuestionsUpdated) {
        self.failed_questions.extend(part.failed_questions);
        self.new_questions.extend(part.new_questions);
        self.chunks += 1;
    }
}

/// The outcome for one question of a batch delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionDeleteResult {
    /// The question.
    pub question_key: QuestionKey,
    /// Why it (or its items) could not be deleted; `None` when deleted.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// What `DELETE /Questions/Batch` did, merged over every request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionsDeleted {
    /// One outcome per question.
    #[serde(
        default,
        rename = "deleteQuestionsBatchResults",
        deserialize_with = "null_default"
    )]
    pub results: Vec<QuestionDeleteResult>,
    /// What was deleted (`Codes`, `QualityCodes`, `Responses`, `Question`).
    #[serde(default)]
    pub entity_type: Option<String>,
    /// How many items were deleted in all.
    #[serde(default)]
    pub entity_items_deleted: u64,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl QuestionsDeleted {
    pub(crate) fn absorb(&mut self, part: QuestionsDeleted) {
        self.results.extend(part.results);
        self.entity_type = self.entity_type.take().or(part.entity_type);
        self.entity_items_deleted += part.entity_items_deleted;
        self.chunks += 1;
    }

    /// The questions whose delete failed, with the reason.
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionEntity;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.questions().delete_batch([1, 2], QuestionEntity::Codes).send().await?;
    /// for (key, why) in r.failures() {
    ///     eprintln!("{key}: {why}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn failures(&self) -> impl Iterator<Item = (QuestionKey, &str)> {
        self.results
            .iter()
            .filter_map(|r| Some((r.question_key, r.error_message.as_deref()?)))
    }
}

/// What `DELETE /Questions/{questionKey}/{entityType}` deleted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EntityDeleted {
    /// What was deleted.
    #[serde(default)]
    pub entity_type: Option<String>,
    /// How many items.
    #[serde(default)]
    pub entity_items_deleted: u64,
}

/// What `POST /Questions/AutoCode/{questionKey}/{loadKey}` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AutoCodeResult {
    /// How many codes were applied.
    #[serde(default)]
    pub codes_added: u64,
}
