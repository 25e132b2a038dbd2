//! Export calls (`/Exports`): an asynchronous job to start and poll.

use auth_core::http::ApiRequest;
use auth_core::{PollPolicy, poll};

use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::{
    ExportJob, ExportJobKey, ExportJobStatus, ExportScript, ExportStatus, NewExport,
    ScriptsEnvelope,
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

    /// Starts an export job (`POST /Exports`).
    ///
    /// # Errors
    /// [`Error::Service`] when the service refuses (an unknown study,
    /// question or script); [`Error::Core`] for transport, timeout,
    /// authentication and decoding failures.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewExport;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client.exports().start(NewExport::new(544, [1001, 1002], 3)).await?;
    /// println!("export job {}", job.job_key);
    /// # Ok(()) }
    /// ```
    pub async fn start(&self, export: NewExport) -> Result<ExportJob> {
        self.client
            .call(ApiRequest::post("start_export", "Exports").json(&export)?)
            .await
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
    /// use ascribe_coder::models::NewExport;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let job = client.exports().start(NewExport::new(544, [1001], 3)).await?;
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
