//! AI Coder (v2): analyze questions into a codebook, group codes into nets,
//! export, share. Every long operation starts a task whose status is polled;
//! [`AiCoder::wait`] polls it with a [`PollPolicy`] on the client's clock.

use auth_core::http::ApiRequest;
use auth_core::{PollPolicy, poll};
use serde::{Deserialize, Serialize};

use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::de::null_default;
use crate::models::{
    AiCodebook, AiCoderProject, AiProjectKey, AiTaskKind, AiTaskStatus, AnalysisTaskKey, CodeKey,
    CodebookExportTaskKey, DichotomousExportTaskKey, ExcelExportTaskKey, NetCodesTaskKey,
};

mod analyze;
mod export;
mod incremental;
mod links;

pub use analyze::{Analyze, AnalyzeV3};
pub use export::{ExportCodebook, ExportDichotomous};
pub use incremental::AnalyzeIncremental;
pub use links::CreateLinks;

mod sealed {
    pub trait Sealed {}
}

/// The key of an AI Coder task of some kind: what [`AiCoder::status`] and
/// [`AiCoder::wait`] take. Implemented by the task keys only, so an export
/// key cannot be polled at the analysis endpoint.
pub trait AiTask: sealed::Sealed + Copy + Send + Sync {
    /// The kind of task.
    ///
    /// ```
    /// use ascribe_coder::api::ai_coder::AiTask;
    /// use ascribe_coder::models::{AiTaskKind, AnalysisTaskKey};
    /// assert_eq!(AnalysisTaskKey::new(1).kind(), AiTaskKind::Analysis);
    /// ```
    fn kind(&self) -> AiTaskKind;

    /// The task status key as sent on the wire.
    ///
    /// ```
    /// use ascribe_coder::api::ai_coder::AiTask;
    /// use ascribe_coder::models::NetCodesTaskKey;
    /// assert_eq!(AiTask::task_key(&NetCodesTaskKey::new(9)), 9);
    /// ```
    fn task_key(&self) -> i64;
}

macro_rules! ai_task {
    ($($ty:ident => $kind:ident),+ $(,)?) => {
        $(
            impl sealed::Sealed for $ty {}
            impl AiTask for $ty {
                fn kind(&self) -> AiTaskKind {
                    AiTaskKind::$kind
                }
                fn task_key(&self) -> i64 {
                    self.get()
                }
            }
        )+
    };
}

ai_task! {
    AnalysisTaskKey => Analysis,
    NetCodesTaskKey => NetCodes,
    ExcelExportTaskKey => ExcelExport,
    CodebookExportTaskKey => CodebookExport,
    DichotomousExportTaskKey => DichotomousExport,
}

impl AscribeClient {
    /// AI Coder (v2): analyses, projects, net codes, exports, links.
    ///
    /// ```no_run
    /// use ascribe_coder::PollPolicy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().analyze([348, 349]).include_coded_responses(false).send().await?;
    /// let done = client.ai_coder().wait(task, &PollPolicy::default()).await?;
    /// println!("project: {:?}", done.project.map(|p| p.key));
    /// # Ok(()) }
    /// ```
    pub fn ai_coder(&self) -> AiCoder {
        AiCoder {
            client: self.clone(),
        }
    }
}

/// AI Coder calls (`/AICoder`, v2).
#[derive(Debug, Clone)]
pub struct AiCoder {
    client: AscribeClient,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TaskStarted {
    task_status_key: i64,
}

impl AiCoder {
    async fn start(
        &self,
        operation: &'static str,
        path: &str,
        body: &impl Serialize,
    ) -> Result<i64> {
        let started: TaskStarted = self
            .client
            .call(ApiRequest::post(operation, path.to_owned()).json(body)?)
            .await?;
        Ok(started.task_status_key)
    }

    /// Reads where a task is (`GET /AICoder/{Analyze|NetCodes|Export/…}/{taskStatusKey}`).
    ///
    /// ```no_run
    /// use ascribe_coder::models::AnalysisTaskKey;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let status = client.ai_coder().status(AnalysisTaskKey::new(1020309999)).await?;
    /// println!("completed: {}", status.is_completed);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service rejected
    /// the task or does not know it (it answers with `errorMessage`).
    pub async fn status(&self, task: impl AiTask) -> Result<AiTaskStatus> {
        let path = format!("{}/{}", task.kind().status_path(), task.task_key());
        self.client
            .call(ApiRequest::get("ai_coder_task_status", path))
            .await
    }

    /// Polls a task until it is completed, as `policy` says (the waits go
    /// through the client's clock).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use ascribe_coder::PollPolicy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().export_excel(39999).await?;
    /// let policy = PollPolicy::default().deadline(Some(Duration::from_secs(600)));
    /// let done = client.ai_coder().wait(task, &policy).await?;
    /// println!("download {:?}", done.file_url);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::TaskFailed`] when the service
    /// rejects the task (a status answer with `errorMessage`); a timeout
    /// ([`ErrorMetadata::is_timeout`](auth_core::ErrorMetadata::is_timeout)) when the policy's
    /// deadline passes first; transport errors as they come.
    pub async fn wait(&self, task: impl AiTask, policy: &PollPolicy) -> Result<AiTaskStatus> {
        let what = format!("{} task {}", task.kind(), task.task_key());
        let operation = format!("wait for {what}");
        poll(self.client.clock(), policy, &operation, || async {
            match self.status(task).await {
                Ok(status) if status.is_completed => Ok(Some(status)),
                Ok(_) => Ok(None),
                Err(Error::Service {
                    messages,
                    request_id,
                    ..
                }) => Err(Error::TaskFailed {
                    task: what.clone(),
                    message: messages.join("; "),
                    request_id,
                }),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Lists the codebooks of AI Coder projects
    /// (`GET /AICoder/Analyze/Codebooks`), to pass to
    /// [`Analyze::existing_codebook`].
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// for cb in client.ai_coder().codebooks().await? {
    ///     println!("{} {} ({:?})", cb.key, cb.id, cb.origin());
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses,
    /// [`Error::Core`] for transport and authentication
    /// failures.
    pub async fn codebooks(&self) -> Result<Vec<AiCodebook>> {
        #[derive(Deserialize)]
        struct Envelope {
            #[serde(default, deserialize_with = "null_default")]
            codebooks: Vec<AiCodebook>,
        }
        let e: Envelope = self
            .client
            .call(ApiRequest::get(
                "ai_coder_codebooks",
                "AICoder/Analyze/Codebooks",
            ))
            .await?;
        Ok(e.codebooks)
    }

    /// Lists the AI Coder projects the user can see, deleted ones included
    /// (`GET /AICoder/Projects`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// for p in client.ai_coder().projects().await? {
    ///     println!("{} coded {}/{}", p.key, p.responses_coded_count, p.responses_count);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses,
    /// [`Error::Core`] for transport and authentication
    /// failures.
    pub async fn projects(&self) -> Result<Vec<AiCoderProject>> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Envelope {
            #[serde(default, deserialize_with = "null_default")]
            ai_coder_projects: Vec<AiCoderProject>,
        }
        let e: Envelope = self
            .client
            .call(ApiRequest::get("ai_coder_projects", "AICoder/Projects"))
            .await?;
        Ok(e.ai_coder_projects)
    }

    /// Starts rebuilding a project's nets (`POST /AICoder/NetCodes`): the
    /// branch under `net_key` (`0`: the whole codebook) regrouped into
    /// `net_level` levels (`0`: no nets).
    ///
    /// ```no_run
    /// use ascribe_coder::PollPolicy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().net_codes(29999, 0, 2).await?;
    /// client.ai_coder().wait(task, &PollPolicy::default()).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses
    /// (an unknown project or net).
    pub async fn net_codes(
        &self,
        project: impl Into<AiProjectKey>,
        net_key: impl Into<CodeKey>,
        net_level: u32,
    ) -> Result<NetCodesTaskKey> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            ai_coder_key: AiProjectKey,
            net_key: CodeKey,
            net_level: u32,
        }
        let body = Body {
            ai_coder_key: project.into(),
            net_key: net_key.into(),
            net_level,
        };
        self.start("ai_coder_net_codes", "AICoder/NetCodes", &body)
            .await
            .map(NetCodesTaskKey::new)
    }
}
