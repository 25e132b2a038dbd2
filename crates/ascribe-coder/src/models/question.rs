use super::ids::{CodebookKey, QuestionKey};
use serde::{Deserialize, Serialize};

use super::enums::{CharSet, CodingSource, QuestionType, Task};
use super::question_fields::{QuestionFields, question_setters, validate_id};

/// A question of a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Question {
    /// The service's key of the question.
    pub key: QuestionKey,
    /// The key of its codebook.
    #[serde(default)]
    pub codebook_key: Option<CodebookKey>,
    /// The question's own id.
    #[serde(default, deserialize_with = "super::de::null_default")]
    pub id: String,
    /// The question text.
    #[serde(default)]
    pub text: Option<String>,
    /// A short label.
    #[serde(default)]
    pub label: Option<String>,
    /// Help text for coders.
    #[serde(default)]
    pub help: Option<String>,
    /// The question type.
    #[serde(rename = "type", default = "default_type")]
    pub question_type: QuestionType,
    /// The tasks to perform.
    #[serde(default)]
    pub tasks: CharSet<Task>,
    /// The position among the study's questions.
    #[serde(default)]
    pub sort_order: Option<i64>,
    /// Which text is coded.
    #[serde(default)]
    pub coding_source: Option<CodingSource>,
    /// The fallback text to code.
    #[serde(default)]
    pub alternative_coding_source: Option<CodingSource>,
    /// How many responses it has.
    #[serde(default)]
    pub count_responses: f64,
    /// How many of them are coded.
    #[serde(default)]
    pub count_responses_coded: f64,
    /// How many are transcribed.
    #[serde(default)]
    pub count_transcriptions: f64,
    /// How many are translated.
    #[serde(default)]
    pub count_translations: f64,
    /// How many are quality reviewed (v2).
    #[serde(default)]
    pub count_quality_reviewed: f64,
    /// The external question id from the question maps (v2).
    #[serde(default)]
    pub external_question_id: Option<String>,
}

fn default_type() -> QuestionType {
    QuestionType::Open
}

#[derive(Deserialize)]
pub(crate) struct QuestionsEnvelope {
    #[serde(default)]
    pub(crate) questions: Vec<Question>,
}

/// A question to create (`POST /Questions/{studyKey}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewQuestion {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    codebook_key: Option<CodebookKey>,
    #[serde(flatten)]
    fields: QuestionFields,
}

impl NewQuestion {
    /// A question with this id (1 to 200 characters).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").text("What did you like?");
    /// # let _ = question;
    /// ```
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            codebook_key: None,
            fields: QuestionFields::default(),
        }
    }

    /// Shares an existing codebook (otherwise an empty one is created).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").codebook_key(7001);
    /// # let _ = question;
    /// ```
    pub fn codebook_key(mut self, key: impl Into<CodebookKey>) -> Self {
        self.codebook_key = Some(key.into());
        self
    }

    question_setters!("NewQuestion", "NewQuestion::new(\"Q1\")");

    pub(crate) fn validate(&self) -> Result<(), String> {
        validate_id(&self.id)?;
        self.fields.validate()
    }
}
