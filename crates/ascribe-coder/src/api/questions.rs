//! Question calls (`/Questions/{studyKey}`): list and create.

use auth_core::http::ApiRequest;

use super::invalid;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{
    CharSet, NewQuestion, Question, QuestionType, QuestionsEnvelope, StudyKey, Task,
};

/// Question calls (`/Questions/{studyKey}`).
#[derive(Debug, Clone)]
pub struct Questions {
    pub(crate) client: AscribeClient,
}

impl Questions {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Lists the questions of a study (`GET /Questions/{studyKey}`): set
    /// the filters on the returned builder, then `.send()`.
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionType;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let open = client.questions().list(544).types([QuestionType::Open]).send().await?;
    /// for question in open {
    ///     println!("{} {}", question.key, question.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self, study_key: impl Into<StudyKey>) -> ListQuestions {
        ListQuestions {
            client: self.client.clone(),
            study_key: study_key.into(),
            types: None,
            tasks: None,
        }
    }

    /// Creates a question (`POST /Questions/{studyKey}`); without a
    /// codebook key the service creates an empty codebook for it. Not
    /// retried: a retry could create it twice.
    ///
    /// # Errors
    /// [`Error::Core`](crate::Error::Core) with an invalid-input error,
    /// before anything is sent, for an id outside 1 to 200 characters or a
    /// label above 25; [`Error::Service`](crate::Error::Service) when the
    /// service refuses (an unknown study, a duplicate id);
    /// [`Error::Core`](crate::Error::Core) for transport and authentication
    /// failures.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewQuestion;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let question = client
    ///     .questions()
    ///     .create(544, NewQuestion::new("Q1").text("What did you like?"))
    ///     .await?;
    /// println!("question {} uses codebook {:?}", question.key, question.codebook_key);
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        study_key: impl Into<StudyKey>,
        question: NewQuestion,
    ) -> Result<Question> {
        question.validate().map_err(invalid)?;
        let study_key = study_key.into();
        self.client
            .call(
                ApiRequest::post("create_question", format!("Questions/{study_key}"))
                    .json(&question)?,
            )
            .await
    }
}

/// `GET /Questions/{studyKey}` with its filters.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to list the questions"]
pub struct ListQuestions {
    client: AscribeClient,
    study_key: StudyKey,
    types: Option<CharSet<QuestionType>>,
    tasks: Option<CharSet<Task>>,
}

impl ListQuestions {
    /// Only questions of these types.
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionType;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let questions = client
    ///     .questions()
    ///     .list(544)
    ///     .types([QuestionType::Open, QuestionType::OtherSpecify])
    ///     .send()
    ///     .await?;
    /// # let _ = questions; Ok(()) }
    /// ```
    pub fn types(mut self, types: impl IntoIterator<Item = QuestionType>) -> Self {
        self.types = Some(CharSet::new(types));
        self
    }

    /// Only questions with these tasks.
    ///
    /// ```no_run
    /// use ascribe_coder::models::Task;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let to_code = client.questions().list(544).tasks([Task::Code]).send().await?;
    /// # let _ = to_code; Ok(()) }
    /// ```
    pub fn tasks(mut self, tasks: impl IntoIterator<Item = Task>) -> Self {
        self.tasks = Some(CharSet::new(tasks));
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown study); [`Error::Core`](crate::Error::Core) for
    /// transport, timeout, authentication and decoding failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let questions = client.questions().list(544).send().await?;
    /// println!("{} questions", questions.len());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Question>> {
        let request = ApiRequest::get("list_questions", format!("Questions/{}", self.study_key))
            .query_opt("types", self.types.map(|t| t.to_wire()))
            .query_opt("tasks", self.tasks.map(|t| t.to_wire()));
        let envelope: QuestionsEnvelope = self.client.call(request).await?;
        Ok(envelope.questions)
    }
}
