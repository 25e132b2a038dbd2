//! Export calls (`/Exports`): an asynchronous job to start and poll.

use auth_core::http::ApiRequest;
use auth_core::{PollPolicy, poll};

use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::{
    ExportBody, ExportJob, ExportJobKey, ExportJobStatus, ExportScript, ExportScriptKey,
    ExportStatus, QuestionKey, ScriptsEnvelope, StudyKey,
};

/// Export calls (`/Exports`): an asynchronous job to start and poll.
#[derive(Debug, Clone)]
pub struct Exports {
    client: AscribeClient,
}

impl Exports {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Lists the export scripts (`GET /Exports`).
    ///
    /// # Errors
    /// [`Error::Service`] when the service refuses; [`Error::Core`] for
    /// transport, timeout, authentication and decoding failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// for script in client.exports().scripts().await? {
    ///     println!("{} {:?}", script.key, script.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn scripts(&self) -> Result<Vec<ExportScript>> {
        let envelope: ScriptsEnvelope = self
            .client
            .call(ApiRequest::get("list_export_scripts", "Exports"))
            .await?;
        Ok(envelope.scripts)
    }

    /// Starts an export job (`POST /Exports`): script `script` over these
    /// questions of a study; the options are setters on the returned
    /// builder.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client.exports().start(544, [1001, 1002], 3).export_as_text(true).send().await?;
    /// println!("export job {}", job.job_key);
    /// # Ok(()) }
    /// ```
    pub fn start<K: Into<QuestionKey>>(
        &self,
        study: impl Into<StudyKey>,
        questions: impl IntoIterator<Item = K>,
        script: impl Into<ExportScriptKey>,
    ) -> StartExport {
        StartExport {
            client: self.client.clone(),
            body: ExportBody {
                study_key: study.into(),
                question_keys: questions.into_iter().map(Into::into).collect(),
                script_key: script.into(),
                parameters: None,
                export_as_text: None,
            },
        }
    }

    /// Reads a job's state (`GET /Exports/{jobKey}`).
    ///
    /// # Errors
    /// [`Error::Service`] when the service refuses (an unknown job);
    /// [`Error::Core`] for transport, timeout, authentication and decoding
    /// failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client.exports().status(88).await?;
    /// println!("{} {:?}", job.status, job.result_file_uri);
    /// # Ok(()) }
    /// ```
    pub async fn status(&self, job_key: impl Into<ExportJobKey>) -> Result<ExportJobStatus> {
        let job_key = job_key.into();
        self.client
            .call(ApiRequest::get("get_export", format!("Exports/{job_key}")))
            .await
    }

    /// Polls the job until it is complete, as `policy` says, on the
    /// client's clock.
    ///
    /// # Errors
    /// [`Error::UnexpectedState`] when the job reports an `error`; a timeout
    /// error (see
    /// [`ErrorMetadata::is_timeout`](auth_core::ErrorMetadata::is_timeout))
    /// when the policy's deadline passes first; the errors of
    /// [`status`](Self::status).
    ///
    /// ```no_run
    /// use ascribe_coder::PollPolicy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client.exports().start(544, [1001], 3).send().await?;
    /// let done = client.exports().wait(job.job_key, &PollPolicy::default()).await?;
    /// println!("download: {:?}", done.result_file_uri);
    /// # Ok(()) }
    /// ```
    pub async fn wait(
        &self,
        job_key: impl Into<ExportJobKey>,
        policy: &PollPolicy,
    ) -> Result<ExportJobStatus> {
        let job_key = job_key.into();
        let operation = format!("wait_for_export({job_key})");
        poll(self.client.clock(), policy, &operation, || async {
            let job = self.status(job_key).await?;
            if job.error.as_deref().is_some_and(|e| !e.is_empty()) {
                return Err(Error::UnexpectedState {
                    what: format!("export job {job_key}"),
                    status: job.status.to_string(),
                    message: job.error,
                });
            }
            Ok((job.status == ExportStatus::Complete).then_some(job))
        })
        .await
    }
}

/// `POST /Exports` with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to start the export"]
pub struct StartExport {
    client: AscribeClient,
    body: ExportBody,
}

impl StartExport {
    /// Sets the script's parameters.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client
    ///     .exports()
    ///     .start(544, [1001], 3)
    ///     .parameters(serde_json::json!({"delimiter": ";"}))
    ///     .send()
    ///     .await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub fn parameters(mut self, parameters: serde_json::Value) -> Self {
        self.body.parameters = Some(parameters);
        self
    }

    /// Asks for a text export.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client.exports().start(544, [1001], 3).export_as_text(true).send().await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub fn export_as_text(mut self, as_text: bool) -> Self {
        self.body.export_as_text = Some(as_text);
        self
    }

    /// Starts the job. Not retried: a retry could start it twice.
    ///
    /// # Errors
    /// [`Error::Service`] when the service refuses (an unknown study,
    /// question or script); [`Error::Core`] for transport, timeout,
    /// authentication and decoding failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client.exports().start(544, [1001], 3).send().await?;
    /// println!("export job {}", job.job_key);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ExportJob> {
        self.client
            .call(ApiRequest::post("start_export", "Exports").json(&self.body)?)
            .await
    }
}
