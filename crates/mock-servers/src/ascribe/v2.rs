//! The v2-only routes of the Ascribe mock (served under `/v2`): study
//! update, delete, respondent delete and translation; question and response
//! batches and deletes; codebook code updates, deletes and batches; users;
//! translation languages. AI Coder lives in [`super::ai_coder`].
//!
//! Batches refuse more than [`MAX_ITEMS_PER_REQUEST`] items per request, as
//! the service recommends; the item count of every accepted batch request is
//! recorded ([`AscribeMock::batch_sizes`]).

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{
    AscribeMock, CodeRec, QuestionRec, ResponseRec, State, ai_coder, app_error, codebook_json,
    leaves, new_codes, ok, question_json, rid_of, study_json,
};

pub(super) mod codebooks;
pub(super) mod questions;
pub(super) mod responses;
pub(super) mod studies;

/// The most items one v2 batch request may carry.
pub const MAX_ITEMS_PER_REQUEST: usize = 1000;

/// The languages the mock translates into.
pub const LANGUAGES: [(&str, &str); 4] = [
    ("en", "English"),
    ("de", "German"),
    ("fr", "French"),
    ("uk", "Ukrainian"),
];

/// The v2 part of the mock's state.
#[derive(Debug, Default)]
pub(super) struct V2State {
    pub(super) batch_sizes: Vec<(&'static str, usize)>,
    pub(super) translations: HashMap<(i64, String), String>,
    pub(super) ai: ai_coder::AiState,
}

impl AscribeMock {
    /// The item count of every accepted v2 batch request of `kind`, in
    /// order: `add_responses`, `upsert_responses`, `delete_responses`,
    /// `delete_respondents`, `create_questions`, `update_questions`,
    /// `delete_questions`, `update_codes`, `delete_codes`, `add_codes`.
    pub fn batch_sizes(&self, kind: &str) -> Vec<usize> {
        self.state()
            .v2
            .batch_sizes
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| *n)
            .collect()
    }

    /// Whether a study exists.
    pub fn has_study(&self, key: impl Into<i64>) -> bool {
        let key: i64 = key.into();
        self.state().studies.contains_key(&key)
    }

    /// Whether a question exists.
    pub fn has_question(&self, key: impl Into<i64>) -> bool {
        let key: i64 = key.into();
        self.state().questions.contains_key(&key)
    }

    /// The respondent ids of a question's responses, in order.
    pub fn response_ids(&self, question: impl Into<i64>) -> Vec<String> {
        let question: i64 = question.into();
        self.state()
            .questions
            .get(&question)
            .map(|q| q.responses.iter().map(|r| r.rid.clone()).collect())
            .unwrap_or_default()
    }

    /// The code keys applied to a response.
    pub fn response_codes(&self, question: impl Into<i64>, rid: &str) -> Vec<i64> {
        let question: i64 = question.into();
        self.state()
            .questions
            .get(&question)
            .and_then(|q| q.responses.iter().find(|r| r.rid == rid))
            .map(|r| r.code_keys.clone())
            .unwrap_or_default()
    }

    /// The codebook key of a question.
    pub fn codebook_of(&self, question: impl Into<i64>) -> Option<i64> {
        let question: i64 = question.into();
        self.state()
            .questions
            .get(&question)
            .map(|q| q.codebook_key)
    }

    /// The (key, description) of every code (leaf) of a codebook.
    pub fn codes_of(&self, codebook: impl Into<i64>) -> Vec<(i64, String)> {
        let codebook: i64 = codebook.into();
        let s = self.state();
        leaves(
            s.codebooks
                .get(&codebook)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        )
    }
}

/// The v2 name of a question type letter.
pub(super) fn type_name(kind: &str) -> &str {
    match kind {
        "o" => "Open",
        "c" => "Closed",
        "s" => "OS",
        "v" => "Value",
        "d" => "Data",
        other => other,
    }
}

/// The v2 names of task letters (`"cb"` → `"Code, Transcribe"`).
pub(super) fn task_names(tasks: &str) -> String {
    let names: Vec<&str> = tasks
        .chars()
        .map(|c| match c {
            'c' => "Code",
            'x' => "Crosstab",
            'b' => "Transcribe",
            't' => "Translate",
            _ => "None",
        })
        .collect();
    if names.is_empty() {
        "None".to_owned()
    } else {
        names.join(", ")
    }
}

/// A v1-style letter from a letter or a v2 name (requests may use either).
fn type_letter(v: &str) -> Option<String> {
    let letter = match v.to_ascii_lowercase().as_str() {
        "o" | "open" => "o",
        "c" | "closed" => "c",
        "s" | "os" | "otherspecify" => "s",
        "v" | "value" => "v",
        "d" | "data" => "d",
        _ => return None,
    };
    Some(letter.to_owned())
}

fn str_field<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn array<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Refuses a batch above the maximum, else records its size.
fn batch(s: &mut State, kind: &'static str, items: usize) -> Result<(), Box<ResponseTemplate>> {
    if items > MAX_ITEMS_PER_REQUEST {
        return Err(Box::new(app_error(format!(
            "At most {MAX_ITEMS_PER_REQUEST} items may be sent in one request; got {items}."
        ))));
    }
    s.v2.batch_sizes.push((kind, items));
    Ok(())
}

fn known_language(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| c.eq_ignore_ascii_case(code))
}

/// Translates the untranslated responses of a question; the stats as v2
/// reports them.
fn translate(s: &mut State, question: i64, lang: &str) -> Value {
    let rids: Vec<(String, String)> = s
        .questions
        .get(&question)
        .map(|q| {
            q.responses
                .iter()
                .map(|r| (r.rid.clone(), r.text.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut done = 0u64;
    for (rid, text) in &rids {
        let slot = (question, rid.clone());
        if let std::collections::hash_map::Entry::Vacant(e) = s.v2.translations.entry(slot) {
            e.insert(format!("[{lang}] {text}"));
            done += 1;
        }
    }
    json!({
        "questionKey": question, "responsesCount": rids.len(), "translationsCount": done,
        "nonTranslatedResponsesCount": 0, "transactionsCount": done as f64 * 0.1,
    })
}

/// `GET /Users`.
pub(super) fn list_users() -> ResponseTemplate {
    ok(json!({"users": [
        {"key": 3, "id": "John Doe"}, {"key": 5, "id": super::USER_NAME}
    ]}))
}

/// `GET /Languages/Translate`.
pub(super) fn list_languages() -> ResponseTemplate {
    let languages: Vec<Value> = LANGUAGES
        .iter()
        .map(|(c, n)| json!({"code": c, "name": n}))
        .collect();
    ok(json!({ "languages": languages }))
}
