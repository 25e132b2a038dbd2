//! The fields a question is created with (`POST /Questions/{studyKey}`)
//! and changed by (`PUT /Questions/{studyKey}/Batch`): one struct, one set
//! of setters, for [`NewQuestion`](super::NewQuestion) and
//! [`QuestionUpdate`](super::QuestionUpdate).

use serde::Serialize;

use super::enums::{CharSet, CodingSource, QuestionType, Task};

/// The optional fields of a question input, left out of the body when
/// `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct QuestionFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tasks: Option<CharSet<Task>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub(crate) question_type: Option<QuestionType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sort_order: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) coding_source: Option<CodingSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) alternative_coding_source: Option<CodingSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_question_id: Option<String>,
}

impl QuestionFields {
    /// Checks the limits the service enforces, before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.label.as_ref().is_some_and(|l| l.chars().count() > 25) {
            return Err("a question label has at most 25 characters".into());
        }
        Ok(())
    }
}

/// Checks a question id (1 to 200 characters).
pub(crate) fn validate_id(id: &str) -> Result<(), String> {
    let len = id.chars().count();
    if !(1..=200).contains(&len) {
        return Err(format!("a question id has 1 to 200 characters, not {len}"));
    }
    Ok(())
}

/// The setters of [`QuestionFields`] on a type with a `fields` field.
/// `$ty` names the type and `$value` builds one, for the examples.
macro_rules! question_setters {
    ($ty:literal, $value:literal) => {
        /// Sets the tasks.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::{", $ty, ", Task};\nlet question = ", $value, ".tasks([Task::Code, Task::Translate]);\n# let _ = question;\n```")]
        pub fn tasks(mut self, tasks: impl IntoIterator<Item = Task>) -> Self {
            self.fields.tasks = Some(CharSet::new(tasks));
            self
        }

        /// Sets the type (the service defaults to open).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::{", $ty, ", QuestionType};\nlet question = ", $value, ".question_type(QuestionType::Closed);\n# let _ = question;\n```")]
        pub fn question_type(mut self, question_type: QuestionType) -> Self {
            self.fields.question_type = Some(question_type);
            self
        }

        /// Sets the label (at most 25 characters).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet question = ", $value, ".label(\"Likes\");\n# let _ = question;\n```")]
        pub fn label(mut self, label: impl Into<String>) -> Self {
            self.fields.label = Some(label.into());
            self
        }

        /// Sets the question text.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet question = ", $value, ".text(\"What did you like?\");\n# let _ = question;\n```")]
        pub fn text(mut self, text: impl Into<String>) -> Self {
            self.fields.text = Some(text.into());
            self
        }

        /// Sets the help text for coders.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet question = ", $value, ".help(\"Code every mention\");\n# let _ = question;\n```")]
        pub fn help(mut self, help: impl Into<String>) -> Self {
            self.fields.help = Some(help.into());
            self
        }

        /// Sets the position among the study's questions.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet question = ", $value, ".sort_order(10);\n# let _ = question;\n```")]
        pub fn sort_order(mut self, sort_order: i64) -> Self {
            self.fields.sort_order = Some(sort_order);
            self
        }

        /// Sets which text is coded.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::{", $ty, ", CodingSource};\nlet question = ", $value, ".coding_source(CodingSource::Translation);\n# let _ = question;\n```")]
        pub fn coding_source(mut self, source: CodingSource) -> Self {
            self.fields.coding_source = Some(source);
            self
        }

        /// Sets the fallback text to code ([`CodingSource::NoSource`] for none).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::{", $ty, ", CodingSource};\nlet question = ", $value, ".alternative_coding_source(CodingSource::NoSource);\n# let _ = question;\n```")]
        pub fn alternative_coding_source(mut self, source: CodingSource) -> Self {
            self.fields.alternative_coding_source = Some(source);
            self
        }

        /// Sets the external question id from the question maps (v2 only).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet question = ", $value, ".external_question_id(\"ext-q1\");\n# let _ = question;\n```")]
        pub fn external_question_id(mut self, id: impl Into<String>) -> Self {
            self.fields.external_question_id = Some(id.into());
            self
        }
    };
}
pub(crate) use question_setters;
