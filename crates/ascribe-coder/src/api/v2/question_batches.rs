//! v2 question batches: create, update and delete many questions, in chunks.

use auth_core::http::ApiRequest;
use serde::Serialize;

use crate::api::chunk::{chunk_size, send_chunked};
use crate::api::{Questions, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{
    NewQuestion, QuestionEntity, QuestionKey, QuestionUpdate, QuestionsCreated, QuestionsDeleted,
    QuestionsUpdated, StudyKey,
};

impl Questions {
    /// Creates questions in a study (`POST /Questions/{studyKey}/Batch`,
    /// v2), in requests of at most the chunk size.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{NewQuestion, Task};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let created = client
    ///     .questions()
    ///     .create_batch(544, [
    ///         NewQuestion::new("Q1").text("What did you like?").tasks([Task::Code]),
    ///         NewQuestion::new("Q2").text("What did you dislike?"),
    ///     ])
    ///     .send()
    ///     .await?;
    /// println!("{} created, {} failed", created.questions.len(), created.failed_questions.len());
    /// # Ok(()) }
    /// ```
    pub fn create_batch(
        &self,
        study_key: impl Into<StudyKey>,
        questions: impl IntoIterator<Item = NewQuestion>,
    ) -> CreateQuestionsBatch {
        CreateQuestionsBatch {
            client: self.client.clone(),
            study_key: study_key.into(),
            questions: questions.into_iter().collect(),
            chunk_size: None,
        }
    }

    /// Updates questions of a study (`PUT /Questions/{studyKey}/Batch`,
    /// v2): only the fields set on each [`QuestionUpdate`] change.
    ///
    /// When some questions cannot be updated the service also sets
    /// `errorMessage`, which makes the call an
    /// [`Error::Service`](crate::Error::Service) naming them.
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionUpdate;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client
    ///     .questions()
    ///     .update_batch(544, [QuestionUpdate::new(200001).text("Updated title of q1")])
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn update_batch(
        &self,
        study_key: impl Into<StudyKey>,
        updates: impl IntoIterator<Item = QuestionUpdate>,
    ) -> UpdateQuestionsBatch {
        UpdateQuestionsBatch {
            client: self.client.clone(),
            study_key: study_key.into(),
            updates: updates.into_iter().collect(),
            chunk_size: None,
        }
    }

    /// Deletes questions, or one kind of their items, in one go
    /// (`DELETE /Questions/Batch`, v2).
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionEntity;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .questions()
    ///     .delete_batch([200001, 200002], QuestionEntity::Codes)
    ///     .send()
    ///     .await?;
    /// println!("{} codes removed", r.entity_items_deleted);
    /// # Ok(()) }
    /// ```
    pub fn delete_batch<K: Into<QuestionKey>>(
        &self,
        question_keys: impl IntoIterator<Item = K>,
        entity: QuestionEntity,
    ) -> DeleteQuestionsBatch {
        DeleteQuestionsBatch {
            client: self.client.clone(),
            question_keys: question_keys.into_iter().map(Into::into).collect(),
            entity,
            chunk_size: None,
        }
    }
}

/// `POST /Questions/{studyKey}/Batch`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to create the questions"]
pub struct CreateQuestionsBatch {
    client: AscribeClient,
    study_key: StudyKey,
    questions: Vec<NewQuestion>,
    chunk_size: Option<usize>,
}

impl CreateQuestionsBatch {
    /// Sends at most `size` questions per request (default: the client's
    /// chunk size; at most [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let qs = (1..=300).map(|i| NewQuestion::new(format!("Q{i}")));
    /// client.questions().create_batch(544, qs).chunk_size(100).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and merges the results. Not retried (a
    /// retry could create questions twice).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.questions().create_batch(544, [NewQuestion::new("Q1")]).send().await?;
    /// println!("{:?}", r.questions.first().map(|q| q.key));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// A question with an invalid id or label, no question, or a chunk size
    /// above the maximum
    /// ([`Error::ChunkSizeTooLarge`](crate::Error::ChunkSizeTooLarge)) is
    /// refused before anything is sent; a failed request stops the call with
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) (when earlier chunks
    /// were stored) or its own error.
    pub async fn send(self) -> Result<QuestionsCreated> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.questions.is_empty() {
            return Err(invalid("create_batch needs at least one question"));
        }
        for q in &self.questions {
            q.validate().map_err(invalid)?;
        }
        #[derive(Serialize)]
        struct Body<'a> {
            questions: &'a [NewQuestion],
        }
        let path = format!("Questions/{}/Batch", self.study_key);
        send_chunked(
            &self.client,
            &self.questions,
            size,
            |questions| {
                ApiRequest::post("create_questions_batch", path.clone()).json(&Body { questions })
            },
            QuestionsCreated::absorb,
        )
        .await
    }
}

/// `PUT /Questions/{studyKey}/Batch`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to update the questions"]
pub struct UpdateQuestionsBatch {
    client: AscribeClient,
    study_key: StudyKey,
    updates: Vec<QuestionUpdate>,
    chunk_size: Option<usize>,
}

impl UpdateQuestionsBatch {
    /// Sends at most `size` questions per request (default: the client's
    /// chunk size; at most [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionUpdate;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let changes = (1..=300).map(|k| QuestionUpdate::new(k).sort_order(k));
    /// client.questions().update_batch(544, changes).chunk_size(100).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and merges the results.
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionUpdate;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .questions()
    ///     .update_batch(544, [QuestionUpdate::new(348).label("Likes")])
    ///     .send()
    ///     .await?;
    /// assert!(r.failed_questions.is_empty());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`CreateQuestionsBatch::send`]; a batch in which some question
    /// failed is an [`Error::Service`](crate::Error::Service) (the service
    /// sets `errorMessage`).
    pub async fn send(self) -> Result<QuestionsUpdated> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.updates.is_empty() {
            return Err(invalid("update_batch needs at least one question"));
        }
        for u in &self.updates {
            u.validate().map_err(invalid)?;
        }
        #[derive(Serialize)]
        struct Body<'a> {
            questions: &'a [QuestionUpdate],
        }
        let path = format!("Questions/{}/Batch", self.study_key);
        send_chunked(
            &self.client,
            &self.updates,
            size,
            |questions| {
                ApiRequest::put("update_questions_batch", path.clone()).json(&Body { questions })
            },
            QuestionsUpdated::absorb,
        )
        .await
    }
}

/// `DELETE /Questions/Batch`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to delete"]
pub struct DeleteQuestionsBatch {
    client: AscribeClient,
    question_keys: Vec<QuestionKey>,
    entity: QuestionEntity,
    chunk_size: Option<usize>,
}

impl DeleteQuestionsBatch {
    /// Sends at most `size` question keys per request (default: the
    /// client's chunk size; at most [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionEntity;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.questions().delete_batch(1..=500, QuestionEntity::Question).chunk_size(250).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and merges the results (outcomes
    /// appended, deleted counts summed).
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionEntity;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.questions().delete_batch([348], QuestionEntity::Question).send().await?;
    /// assert_eq!(r.failures().count(), 0);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No key or a chunk size above the maximum is refused before anything
    /// is sent; a failed request stops the call with
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) or its own error.
    pub async fn send(self) -> Result<QuestionsDeleted> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.question_keys.is_empty() {
            return Err(invalid("delete_batch needs at least one question key"));
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            question_keys: &'a [QuestionKey],
            entity_type: QuestionEntity,
        }
        let entity = self.entity;
        send_chunked(
            &self.client,
            &self.question_keys,
            size,
            |question_keys| {
                ApiRequest::delete("delete_questions_batch", "Questions/Batch").json(&Body {
                    question_keys,
                    entity_type: entity,
                })
            },
            QuestionsDeleted::absorb,
        )
        .await
    }
}
