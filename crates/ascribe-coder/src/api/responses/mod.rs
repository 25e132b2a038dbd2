//! Response calls (`/Responses/{questionKey}`): read with filters here, and
//! chunked add-only and upsert uploads.

use std::time::SystemTime;

use auth_core::http::ApiRequest;

use crate::api::utc::utc_string;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{QuestionKey, Response, ResponseStatus, ResponsesEnvelope};

/// Response calls (`/Responses/{questionKey}`).
#[derive(Debug, Clone)]
pub struct Responses {
    pub(crate) client: AscribeClient,
}

mod upload;

pub use upload::{AddResponses, UpsertResponses};

impl Responses {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Reads the responses of a question (`GET /Responses/{questionKey}`).
    /// The service returns the whole list at once (no pagination).
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseStatus;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let coded = client
    ///     .responses()
    ///     .get(1001)
    ///     .include_text(true)
    ///     .status(ResponseStatus::Coded)
    ///     .send()
    ///     .await?;
    /// for r in coded {
    ///     println!("{}: {:?}", r.rid, r.code_keys);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self, question_key: impl Into<QuestionKey>) -> GetResponses {
        GetResponses {
            client: self.client.clone(),
            question_key: question_key.into(),
            query: Vec::new(),
        }
    }
}

/// `GET /Responses/{questionKey}` with its filters.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to read the responses"]
pub struct GetResponses {
    client: AscribeClient,
    question_key: QuestionKey,
    query: Vec<(&'static str, String)>,
}

impl GetResponses {
    fn with(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value));
        self
    }

    /// Includes the texts (verbatim, transcription, translation).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let responses = client.responses().get(1001).include_text(true).send().await?;
    /// # let _ = responses; Ok(()) }
    /// ```
    pub fn include_text(self, include: bool) -> Self {
        self.with("includeText", include.to_string())
    }

    /// Only coded, or only uncoded, responses.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ResponseStatus;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let todo = client.responses().get(1001).status(ResponseStatus::Uncoded).send().await?;
    /// # let _ = todo; Ok(()) }
    /// ```
    pub fn status(self, status: ResponseStatus) -> Self {
        self.with("status", status.as_str().to_owned())
    }

    /// Only responses coded after this time.
    ///
    /// ```no_run
    /// use std::time::{Duration, SystemTime};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let yesterday = SystemTime::now() - Duration::from_secs(86_400);
    /// let recent = client.responses().get(1001).coded_after(yesterday).send().await?;
    /// # let _ = recent; Ok(()) }
    /// ```
    pub fn coded_after(self, t: SystemTime) -> Self {
        self.with("codedAfter", utc_string(t))
    }

    /// Only responses coded before this time.
    ///
    /// ```no_run
    /// use std::time::SystemTime;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let older = client.responses().get(1001).coded_before(SystemTime::now()).send().await?;
    /// # let _ = older; Ok(()) }
    /// ```
    pub fn coded_before(self, t: SystemTime) -> Self {
        self.with("codedBefore", utc_string(t))
    }

    /// Only responses loaded after this time.
    ///
    /// ```no_run
    /// use std::time::{Duration, SystemTime};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let week_ago = SystemTime::now() - Duration::from_secs(7 * 86_400);
    /// let fresh = client.responses().get(1001).loaded_after(week_ago).send().await?;
    /// # let _ = fresh; Ok(()) }
    /// ```
    pub fn loaded_after(self, t: SystemTime) -> Self {
        self.with("loadedAfter", utc_string(t))
    }

    /// Only responses loaded before this time.
    ///
    /// ```no_run
    /// use std::time::SystemTime;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let loaded = client.responses().get(1001).loaded_before(SystemTime::now()).send().await?;
    /// # let _ = loaded; Ok(()) }
    /// ```
    pub fn loaded_before(self, t: SystemTime) -> Self {
        self.with("loadedBefore", utc_string(t))
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown question); [`Error::Core`](crate::Error::Core) for
    /// transport, timeout, authentication and decoding failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let all = client.responses().get(1001).send().await?;
    /// println!("{} responses", all.len());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Response>> {
        let mut request =
            ApiRequest::get("get_responses", format!("Responses/{}", self.question_key));
        for (name, value) in self.query {
            request = request.query(name, value);
        }
        let envelope: ResponsesEnvelope = self.client.call(request).await?;
        Ok(envelope.responses)
    }
}
