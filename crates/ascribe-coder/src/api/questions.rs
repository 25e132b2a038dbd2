use auth_core::http::ApiRequest;

use super::invalid;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{CharSet, NewQuestion, Question, QuestionType, QuestionsEnvelope, Task};

/// Question calls (`/Questions/{studyKey}`).
#[derive(Debug, Clone)]
pub struct Questions {
    pub(crate) client: AscribeClient,
}

impl Questions {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Lists the questions of a study (`GET /Questions/{studyKey}`).
    pub fn list(&self, study_key: i64) -> ListQuestions {
        ListQuestions {
            client: self.client.clone(),
            study_key,
            types: None,
            tasks: None,
        }
    }

    /// Creates a question (`POST /Questions/{studyKey}`); without a
    /// codebook key the service creates an empty codebook for it.
    pub async fn create(&self, study_key: i64, question: NewQuestion) -> Result<Question> {
        question.validate().map_err(invalid)?;
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
    study_key: i64,
    types: Option<CharSet<QuestionType>>,
    tasks: Option<CharSet<Task>>,
}

impl ListQuestions {
    /// Only questions of these types.
    pub fn types(mut self, types: impl IntoIterator<Item = QuestionType>) -> Self {
        self.types = Some(CharSet::new(types));
        self
    }

    /// Only questions with these tasks.
    pub fn tasks(mut self, tasks: impl IntoIterator<Item = Task>) -> Self {
        self.tasks = Some(CharSet::new(tasks));
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Vec<Question>> {
        let request = ApiRequest::get("list_questions", format!("Questions/{}", self.study_key))
            .query_opt("types", self.types.map(|t| t.to_wire()))
            .query_opt("tasks", self.tasks.map(|t| t.to_wire()));
        let envelope: QuestionsEnvelope = self.client.call(request).await?;
        Ok(envelope.questions)
    }
}
