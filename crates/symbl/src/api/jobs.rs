//! Processing jobs.

use auth_core::PollPolicy;
use auth_core::http::{ApiRequest, encode_segment};

use crate::client::SymblClient;
use crate::error::{Result, SymblError};
use crate::ids::JobId;
use crate::models::{Job, JobStatus};

/// Job status and waiting.
#[derive(Debug, Clone, Copy)]
pub struct JobsApi<'a> {
    pub(crate) client: &'a SymblClient,
}

impl JobsApi<'_> {
    /// `GET /v1/job/{jobId}`: the job's current status.
    pub async fn get(&self, job_id: impl Into<JobId>) -> Result<Job> {
        let id: JobId = job_id.into();
        let job_id = id.as_str();
        let path = format!("v1/job/{}", encode_segment(job_id));
        self.client
            .send_json(ApiRequest::get("get_job", path))
            .await
    }

    /// Polls the job with the client's default policy until it completes.
    ///
    /// Returns the completed job; [`SymblError::JobFailed`] if it failed; a
    /// timeout error (see [`ErrorMetadata::is_timeout`](auth_core::ErrorMetadata::is_timeout)) if the policy's
    /// deadline passes first. Unknown statuses are treated as "not done yet".
    pub async fn wait(&self, job_id: impl Into<JobId>) -> Result<Job> {
        let id: JobId = job_id.into();
        let job_id = id.as_str();
        let policy = self.client.inner.poll.clone();
        self.wait_with(job_id, &policy).await
    }

    /// Like [`wait`](Self::wait), with an explicit poll policy.
    pub async fn wait_with(&self, job_id: impl Into<JobId>, policy: &PollPolicy) -> Result<Job> {
        let id: JobId = job_id.into();
        let job_id = id.as_str();
        let operation = format!("waiting for Symbl job {job_id}");
        auth_core::poll(self.client.clock(), policy, &operation, || async {
            let job = self.get(job_id).await?;
            tracing::debug!(job_id, status = %job.status, "job status");
            match job.status {
                JobStatus::Completed => Ok(Some(job)),
                JobStatus::Failed => Err(SymblError::JobFailed { job_id: id.clone() }),
                _ => Ok(None),
            }
        })
        .await
    }
}
