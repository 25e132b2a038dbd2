//! MI tasks: list, get, delete, wait for one, consolidate several.
//! (Submitting is in `submit`, downloading a model in `model`.)

use auth_core::PollPolicy;
use auth_core::http::{ApiRequest, encode_segment};
use serde::Deserialize;

use super::client::MiClient;
use super::models::{FundPerformanceModel, MiTask, TaskStatus};
use crate::error::{Result, ScribeError};
use crate::ids::JobId;

#[derive(Deserialize)]
struct TaskList {
    tasks: Vec<MiTask>,
}

#[derive(Deserialize)]
struct Consolidated {
    model: FundPerformanceModel,
}

pub(crate) fn invalid(msg: String) -> ScribeError {
    auth_core::Error::InvalidInput(msg).into()
}

fn task_path(jobid: &JobId) -> String {
    format!("tasks/{}", encode_segment(jobid.as_str()))
}

/// `GET /tasks`, built by [`MiClient::list_tasks`]: every task, or one
/// company's.
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct ListTasks<'a> {
    client: &'a MiClient,
    company: Option<String>,
}

impl ListTasks<'_> {
    /// Only the tasks of this company.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let tasks = client.list_tasks().company("Acme").send().await?;
    /// # let _ = tasks; Ok(()) }
    /// ```
    pub fn company(mut self, company: impl Into<String>) -> Self {
        self.company = Some(company.into());
        self
    }

    /// Sends the request (the API returns every task in one answer).
    ///
    /// # Errors
    /// [`ScribeError::Core`] with the API's status, `errorType` and
    /// message ([`auth_core::Error::Api`], [`auth_core::Error::Unauthorized`],
    /// [`auth_core::Error::RateLimited`]), a transport failure or timeout;
    /// Cognito's errors ([`ScribeError::NotAuthorized`], ...) when the
    /// credentials cannot be refreshed.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// for task in client.list_tasks().send().await? {
    ///     println!("{} {}", task.jobid, task.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<MiTask>> {
        let req = ApiRequest::get("list_tasks", "tasks")
            .query("includePresigned", "true")
            .query_opt("company", self.company.as_deref());
        let list: TaskList = self
            .client
            .inner
            .http
            .send_json(req, self.client.api_auth())
            .await?;
        Ok(list.tasks)
    }
}

/// Polling one task until it is processed, built by
/// [`MiClient::wait_for_task`].
#[derive(Debug)]
#[must_use = "a request does nothing until `.send()`"]
pub struct WaitForTask<'a> {
    client: &'a MiClient,
    jobid: JobId,
    policy: Option<PollPolicy>,
}

impl WaitForTask<'_> {
    /// Polls with this policy instead of the client's.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use std::time::Duration;
    /// let policy = scribe_mi::PollPolicy::default().deadline(Some(Duration::from_secs(600)));
    /// let task = client.wait_for_task("a1b2").policy(policy).send().await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn policy(mut self, policy: PollPolicy) -> Self {
        self.policy = Some(policy);
        self
    }

    /// Polls `GET /tasks/{jobid}` until the task succeeds.
    ///
    /// # Errors
    /// [`ScribeError::TaskFailed`] when the task fails or is deleted;
    /// [`ScribeError::Core`] with [`auth_core::Error::Timeout`] when the
    /// policy's deadline passes, or the API's errors as in
    /// [`MiClient::get_task`].
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let task = client.wait_for_task("a1b2").send().await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<MiTask> {
        let policy = self
            .policy
            .unwrap_or_else(|| self.client.inner.poll.clone());
        let jobid = &self.jobid;
        let client = self.client;
        let operation = format!("waiting for MI task {jobid}");
        auth_core::poll(client.clock(), &policy, &operation, || async {
            let task = client.get_task(jobid).await?;
            match task.status {
                TaskStatus::Success => Ok(Some(task)),
                TaskStatus::Failed | TaskStatus::Deleted => Err(ScribeError::TaskFailed {
                    jobid: jobid.clone(),
                    status: task.status.to_string(),
                }),
                _ => Ok(None),
            }
        })
        .await
    }
}

impl MiClient {
    /// `GET /tasks`: every task; [`ListTasks::company`] narrows it to one
    /// company. Ends with [`ListTasks::send`].
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let tasks = client.list_tasks().send().await?;
    /// # let _ = tasks; Ok(()) }
    /// ```
    pub fn list_tasks(&self) -> ListTasks<'_> {
        ListTasks {
            client: self,
            company: None,
        }
    }

    /// `GET /tasks/{jobid}`.
    ///
    /// # Errors
    /// [`ScribeError::Core`] with [`auth_core::Error::Api`] (404 for an
    /// unknown job), [`auth_core::Error::Unauthorized`] or
    /// [`auth_core::Error::RateLimited`], a transport failure or timeout;
    /// Cognito's errors ([`ScribeError::NotAuthorized`], ...) when the
    /// credentials cannot be refreshed.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let task = client.get_task("a1b2").await?;
    /// println!("{}", task.status);
    /// # Ok(()) }
    /// ```
    pub async fn get_task(&self, jobid: impl Into<JobId>) -> Result<MiTask> {
        let req = ApiRequest::get("get_task", task_path(&jobid.into()));
        Ok(self.inner.http.send_json(req, self.api_auth()).await?)
    }

    /// `DELETE /tasks/{jobid}`.
    ///
    /// # Errors
    /// As [`get_task`](Self::get_task).
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// client.delete_task("a1b2").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_task(&self, jobid: impl Into<JobId>) -> Result<()> {
        let req = ApiRequest::delete("delete_task", task_path(&jobid.into()));
        self.inner.http.send(req, self.api_auth()).await?;
        Ok(())
    }

    /// Polls a task until it is processed, with the client's poll policy
    /// unless [`WaitForTask::policy`] sets another. Ends with
    /// [`WaitForTask::send`].
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let task = client.wait_for_task("a1b2").send().await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn wait_for_task(&self, jobid: impl Into<JobId>) -> WaitForTask<'_> {
        WaitForTask {
            client: self,
            jobid: jobid.into(),
            policy: None,
        }
    }

    /// One fund performance model from several tasks: `GET
    /// /fundportfolio?jobids=a;b;c` on v1, `GET /fund-portfolio?jobids=a;b;c`
    /// on v2.
    ///
    /// # Errors
    /// [`ScribeError::Core`] with [`auth_core::Error::InvalidInput`]
    /// without job ids; otherwise as [`get_task`](Self::get_task).
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let portfolio = client.consolidate_tasks(["a1b2", "c3d4"]).await?;
    /// # let _ = portfolio; Ok(()) }
    /// ```
    pub async fn consolidate_tasks<I>(&self, jobids: I) -> Result<FundPerformanceModel>
    where
        I: IntoIterator,
        I::Item: Into<JobId>,
    {
        let jobids: Vec<String> = jobids.into_iter().map(|j| j.into().into()).collect();
        if jobids.is_empty() {
            return Err(invalid(
                "consolidate_tasks needs at least one job id".into(),
            ));
        }
        let req = ApiRequest::get(
            "consolidate_tasks",
            self.api_version().fund_portfolio_path(),
        )
        .query("jobids", jobids.join(";"));
        let out: Consolidated = self.inner.http.send_json(req, self.api_auth()).await?;
        Ok(out.model)
    }
}
