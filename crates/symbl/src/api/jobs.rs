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
    /// `GET /v1/job/{jobId}`: the job's current status. A job seen to have
    /// ended frees its slot of the client's
    /// [running-job limit](crate::SymblClientBuilder::max_running_jobs).
    ///
    /// # Errors
    /// [`SymblError::Core`] with Symbl's status and message when it refuses
    /// (404 for an unknown job), transport and token errors, or a decode
    /// error.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client.jobs().get("9b1deb4d").await?;
    /// println!("{}", job.status);
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, job_id: impl Into<JobId>) -> Result<Job> {
        let id: JobId = job_id.into();
        let path = format!("v1/job/{}", encode_segment(id.as_str()));
        let job: Job = self
            .client
            .send_json(ApiRequest::get("get_job", path))
            .await?;
        if job.status.is_terminal()
            && let Some(running) = &self.client.inner.running_jobs
        {
            running.ended(&id);
        }
        Ok(job)
    }

    /// Polls the job with the client's default policy until it completes.
    ///
    /// Returns the completed job. Unknown statuses are treated as "not done
    /// yet".
    ///
    /// # Errors
    /// [`SymblError::JobFailed`] if the job failed; a timeout error (see
    /// [`ErrorMetadata::is_timeout`](auth_core::ErrorMetadata::is_timeout))
    /// if the policy's deadline passes first; the errors of [`get`](Self::get).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client.jobs().wait("9b1deb4d").await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub async fn wait(&self, job_id: impl Into<JobId>) -> Result<Job> {
        let policy = self.client.inner.poll.clone();
        self.wait_with(job_id, &policy).await
    }

    /// Like [`wait`](Self::wait), with an explicit poll policy.
    ///
    /// # Errors
    /// As [`wait`](Self::wait).
    ///
    /// ```no_run
    /// use symbl::PollPolicy;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client.jobs().wait_with("9b1deb4d", &PollPolicy::default()).await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub async fn wait_with(&self, job_id: impl Into<JobId>, policy: &PollPolicy) -> Result<Job> {
        let id: JobId = job_id.into();
        let operation = format!("waiting for Symbl job {id}");
        auth_core::poll(self.client.clock(), policy, &operation, || async {
            let job = self.get(&id).await?;
            tracing::debug!(job_id = %id, status = %job.status, "job status");
            match job.status {
                JobStatus::Completed => Ok(Some(job)),
                JobStatus::Failed => Err(SymblError::JobFailed { job_id: id.clone() }),
                _ => Ok(None),
            }
        })
        .await
    }
}
