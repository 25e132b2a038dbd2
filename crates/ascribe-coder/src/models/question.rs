use serde::{Deserialize, Serialize};

use super::enums::{CharSet, CodingSource, QuestionType, Task};

/// A question of a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Question {
    /// The service's key of the question.
    pub key: i64,
    /// The key of its codebook.
    #[serde(default)]
    pub codebook_key: Option<i64>,
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
    codebook_key: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tasks: Option<CharSet<Task>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    question_type: Option<QuestionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort_order: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coding_source: Option<CodingSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative_coding_source: Option<CodingSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_question_id: Option<String>,
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
            tasks: None,
            question_type: None,
            label: None,
            text: None,
            help: None,
            sort_order: None,
            coding_source: None,
            alternative_coding_source: None,
            external_question_id: None,
        }
    }

    /// Sets the external question id from the question maps (v2 only).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").external_question_id("ext-q1");
    /// # let _ = question;
    /// ```
    pub fn external_question_id(mut self, id: impl Into<String>) -> Self {
        self.external_question_id = Some(id.into());
        self
    }

    /// Shares an existing codebook (otherwise an empty one is created).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").codebook_key(7001);
    /// # let _ = question;
    /// ```
    pub fn codebook_key(mut self, key: i64) -> Self {
        self.codebook_key = Some(key);
        self
    }

    /// Sets the tasks.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{NewQuestion, Task};
    /// let question = NewQuestion::new("Q1").tasks([Task::Code, Task::Translate]);
    /// # let _ = question;
    /// ```
    pub fn tasks(mut self, tasks: impl IntoIterator<Item = Task>) -> Self {
        self.tasks = Some(CharSet::new(tasks));
        self
    }

    /// Sets the type (the service defaults to open).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{NewQuestion, QuestionType};
    /// let question = NewQuestion::new("Q1").question_type(QuestionType::OtherSpecify);
    /// # let _ = question;
    /// ```
    pub fn question_type(mut self, question_type: QuestionType) -> Self {
        self.question_type = Some(question_type);
        self
    }

    /// Sets the label (at most 25 characters).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").label("Likes");
    /// # let _ = question;
    /// ```
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the question text.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").text("What did you like?");
    /// # let _ = question;
    /// ```
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Sets the help text.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").help("Code every mention");
    /// # let _ = question;
    /// ```
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the sort order.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// let question = NewQuestion::new("Q1").sort_order(10);
    /// # let _ = question;
    /// ```
    pub fn sort_order(mut self, sort_order: i64) -> Self {
        self.sort_order = Some(sort_order);
        self
    }

    /// Sets which text is coded.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodingSource, NewQuestion};
    /// let question = NewQuestion::new("Q1").coding_source(CodingSource::Translation);
    /// # let _ = question;
    /// ```
    pub fn coding_source(mut self, source: CodingSource) -> Self {
        self.coding_source = Some(source);
        self
    }

    /// Sets the fallback text to code.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodingSource, NewQuestion};
    /// let question = NewQuestion::new("Q1").alternative_coding_source(CodingSource::Verbatim);
    /// # let _ = question;
    /// ```
    pub fn alternative_coding_source(mut self, source: CodingSource) -> Self {
        self.alternative_coding_source = Some(source);
        self
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        let len = self.id.chars().count();
        if !(1..=200).contains(&len) {
            return Err(format!("a question id has 1 to 200 characters, not {len}"));
        }
        if self.label.as_ref().is_some_and(|l| l.chars().count() > 25) {
            return Err("a question label has at most 25 characters".into());
        }
        Ok(())
    }
}
