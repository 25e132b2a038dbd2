//! v2 response batches across the questions of a study, and deletes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::de::null_default;
use super::ids::QuestionKey;
use super::response::ResponseInput;

/// The responses to one question, in a study batch.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionResponses {
    /// The question.
    pub question_key: QuestionKey,
    /// Its responses (a batch carries rid, verbatim, translation,
    /// transcription and notes; codes are not part of the batch calls).
    pub responses: Vec<ResponseInput>,
}

impl QuestionResponses {
    /// These responses to question `question_key`.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// let q1 = QuestionResponses::new(212345, [ResponseInput::new("34-22907", "Too red")]);
    /// assert_eq!(q1.responses.len(), 1);
    /// ```
    pub fn new(
        question_key: impl Into<QuestionKey>,
        responses: impl IntoIterator<Item = ResponseInput>,
    ) -> Self {
        Self {
            question_key: question_key.into(),
            responses: responses.into_iter().collect(),
        }
    }
}

/// One response as a batch call echoes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BatchResponse {
    /// The respondent id.
    #[serde(default, deserialize_with = "null_default")]
    pub rid: String,
    /// The verbatim.
    #[serde(default)]
    pub verbatim: Option<String>,
    /// The translation.
    #[serde(default)]
    pub translation: Option<String>,
    /// The transcription.
    #[serde(default)]
    pub transcription: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// The responses a batch add stored in one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionResponsesAdded {
    /// The question.
    pub question_key: QuestionKey,
    /// Its id.
    #[serde(default)]
    pub question_id: Option<String>,
    /// The responses added (existing rids are left unchanged and not listed).
    #[serde(default, deserialize_with = "null_default")]
    pub added_responses: Vec<BatchResponse>,
}

/// What `POST /Responses/{studyKey}/Batch` did, merged over every request
/// (one entry per question, in the order first seen).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponsesBatchAdded {
    /// Per question.
    #[serde(
        default,
        rename = "questionResponses",
        deserialize_with = "null_default"
    )]
    pub questions: Vec<QuestionResponsesAdded>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl ResponsesBatchAdded {
    /// How many responses were added, over every question.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .responses()
    ///     .add_batch(544, [QuestionResponses::new(348, [ResponseInput::new("r1", "Great")])])
    ///     .send()
    ///     .await?;
    /// println!("{} added", r.responses_added());
    /// # Ok(()) }
    /// ```
    pub fn responses_added(&self) -> usize {
        self.questions.iter().map(|q| q.added_responses.len()).sum()
    }

    pub(crate) fn absorb(&mut self, part: ResponsesBatchAdded) {
        let mut index: BTreeMap<QuestionKey, usize> = self
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.question_key, i))
            .collect();
        for q in part.questions {
            match index.get(&q.question_key) {
                Some(&i) => self.questions[i].added_responses.extend(q.added_responses),
                None => {
                    index.insert(q.question_key, self.questions.len());
                    self.questions.push(q);
                }
            }
        }
        self.chunks += 1;
    }
}

/// What a batch upsert did in one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QuestionResponsesUpserted {
    /// The question.
    pub question_key: QuestionKey,
    /// Its id.
    #[serde(default)]
    pub question_id: Option<String>,
    /// Existing responses that changed.
    #[serde(default, deserialize_with = "null_default")]
    pub updated_responses: Vec<BatchResponse>,
    /// New responses.
    #[serde(default, deserialize_with = "null_default")]
    pub added_responses: Vec<BatchResponse>,
    /// Existing responses left as they were.
    #[serde(default, deserialize_with = "null_default")]
    pub unchanged_responses: Vec<BatchResponse>,
    /// Why this question's responses could not all be stored, if so.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// What `PUT /Responses/{studyKey}/Batch` did, merged over every request
/// (one entry per question).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponsesBatchUpserted {
    /// Per question.
    #[serde(
        default,
        rename = "questionResponses",
        deserialize_with = "null_default"
    )]
    pub questions: Vec<QuestionResponsesUpserted>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl ResponsesBatchUpserted {
    /// How many responses were added, over every question.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{QuestionResponses, ResponseInput};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .responses()
    ///     .upsert_batch(544, [QuestionResponses::new(348, [ResponseInput::new("r1", "Great")])])
    ///     .send()
    ///     .await?;
    /// println!("{} added, {} updated", r.responses_added(), r.responses_updated());
    /// # Ok(()) }
    /// ```
    pub fn responses_added(&self) -> usize {
        self.questions.iter().map(|q| q.added_responses.len()).sum()
    }

    /// How many existing responses changed, over every question.
    ///
    /// ```no_run
    /// # fn show(r: &ascribe_coder::models::ResponsesBatchUpserted) {
    /// println!("{} updated", r.responses_updated());
    /// # }
    /// ```
    pub fn responses_updated(&self) -> usize {
        self.questions
            .iter()
            .map(|q| q.updated_responses.len())
            .sum()
    }

    /// How many existing responses were left as they were.
    ///
    /// ```no_run
    /// # fn show(r: &ascribe_coder::models::ResponsesBatchUpserted) {
    /// println!("{} unchanged", r.responses_unchanged());
    /// # }
    /// ```
    pub fn responses_unchanged(&self) -> usize {
        self.questions
            .iter()
            .map(|q| q.unchanged_responses.len())
            .sum()
    }

    /// The questions the service reported an error for.
    ///
    /// ```no_run
    /// # fn show(r: &ascribe_coder::models::ResponsesBatchUpserted) {
    /// for (key, why) in r.failures() {
    ///     eprintln!("question {key}: {why}");
    /// }
    /// # }
    /// ```
    pub fn failures(&self) -> impl Iterator<Item = (QuestionKey, &str)> {
        self.questions
            .iter()
            .filter_map(|q| Some((q.question_key, q.error_message.as_deref()?)))
    }

    pub(crate) fn absorb(&mut self, part: ResponsesBatchUpserted) {
        for q in part.questions {
            match self
                .questions
                .iter_mut()
                .find(|e| e.question_key == q.question_key)
            {
                Some(e) => {
                    e.updated_responses.extend(q.updated_responses);
                    e.added_responses.extend(q.added_responses);
                    e.unchanged_responses.extend(q.unchanged_responses);
                    if e.error_message.is_none() {
                        e.error_message = q.error_message;
                    }
                }
                None => self.questions.push(q),
            }
        }
        self.chunks += 1;
    }
}

/// The outcome for one response of a batch delete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponseDeleteResult {
    /// The question.
    pub question_key: QuestionKey,
    /// The respondent id.
    #[serde(
        rename = "respondentID",
        alias = "respondentId",
        default,
        deserialize_with = "null_default"
    )]
    pub respondent_id: String,
    /// Why it was not deleted; `None` when deleted.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// What `DELETE /Responses/Batch` did, merged over every request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponsesDeleted {
    /// One outcome per response.
    #[serde(
        default,
        rename = "questionResponses",
        deserialize_with = "null_default"
    )]
    pub results: Vec<ResponseDeleteResult>,
    /// How many requests the call took (not on the wire).
    #[serde(skip)]
    pub chunks: usize,
}

impl ResponsesDeleted {
    /// How many responses were deleted.
    ///
    /// ```no_run
    /// # fn show(r: &ascribe_coder::models::ResponsesDeleted) {
    /// println!("{} deleted", r.deleted());
    /// # }
    /// ```
    pub fn deleted(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.error_message.is_none())
            .count()
    }

    /// The responses that could not be deleted, with the reason.
    ///
    /// ```no_run
    /// # fn show(r: &ascribe_coder::models::ResponsesDeleted) {
    /// for f in r.failures() {
    ///     eprintln!("{} / {}: {:?}", f.question_key, f.respondent_id, f.error_message);
    /// }
    /// # }
    /// ```
    pub fn failures(&self) -> impl Iterator<Item = &ResponseDeleteResult> {
        self.results.iter().filter(|r| r.error_message.is_some())
    }

    pub(crate) fn absorb(&mut self, part: ResponsesDeleted) {
        self.results.extend(part.results);
        self.chunks += 1;
    }
}
