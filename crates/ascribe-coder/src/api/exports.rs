use auth_core::http::ApiRequest;
use auth_core::{PollPolicy, poll};

use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::{
    ExportJob, ExportJobStatus, ExportScript, ExportStatus, NewExport, ScriptsEnvelope,
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
    pub async fn scripts(&self) -> Result<Vec<ExportScript>> {
        let envelope: ScriptsEnvelope = self
            .client
            .call(ApiRequest::get("list_export_scripts", "Exports"))
            .await?;
        Ok(envelope.scripts)
    }

    /// Starts an export job (`POST /Exports`).
    pub async fn start(&self, export: NewExport) -> Result<ExportJob> {
        self.client
            .call(ApiRequest::post("start_export", "Exports").json(&export)?)
            .await
    }

    /// Reads a job's state (`GET /Exports/{jobKey}`).
    pub async fn status(&self, job_key: i64) -> Result<ExportJobStatus> {
        self.client
            .call(ApiRequest::get("get_export", format!("Exports/{job_key}")))
            .await
    }

    /// Polls the job until it is complete, as `policy` says. A job that
    /// reports an `error` ends the wait with [`Error::UnexpectedState`].
    pub async fn wait(&self, job_key: i64, policy: &PollPolicy) -> Result<ExportJobStatus> {
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
