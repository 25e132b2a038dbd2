//! AI Coder (v2): analyze questions into a codebook, group codes into nets,
//! export, share. Every long operation starts a task whose status is polled;
//! [`AiCoder::wait`] polls it with a [`PollPolicy`] on the client's clock.

use auth_core::http::ApiRequest;
use auth_core::{PollPolicy, poll};
use serde::{Deserialize, Serialize};

use crate::api::invalid;
use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::de::null_default;
use crate::models::{
    AiCodebook, AiCoderLink, AiCoderProject, AiProjectKey, AiTaskKind, AiTaskStatus,
    AnalysisTaskKey, CodebookAiOptions, CodebookBuilderOptions, CodebookExportTaskKey,
    CodebookExportType, CodebookKey, DichotomousExportTaskKey, EnhancedThemeExtractorOptions,
    ExcelExportTaskKey, ExistingCodebookOptions, GenerativeAiOptions, NetCodesTaskKey,
    NonGenerativeAiOptions, QuestionKey,
};

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

    /// Starts analyzing questions into a prototype codebook
    /// (`POST /AICoder/Analyze`). For the Codebook Builder of the AI Coder
    /// app, use [`analyze_v3`](Self::analyze_v3).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{GenerativeAiOptions, NonGenerativeAiOptions};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client
    ///     .ai_coder()
    ///     .analyze([100, 101])
    ///     .generative_ai(GenerativeAiOptions {
    ///         codebook_language: Some("en".into()),
    ///         ..Default::default()
    ///     })
    ///     .words_to_ignore(["some", "words"])
    ///     .send()
    ///     .await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn analyze<K: Into<QuestionKey>>(
        &self,
        question_keys: impl IntoIterator<Item = K>,
    ) -> Analyze {
        Analyze {
            client: self.clone(),
            body: AnalyzeBody {
                question_keys: question_keys.into_iter().map(Into::into).collect(),
                ..AnalyzeBody::default()
            },
        }
    }

    /// Starts analyzing questions with the Codebook Builder
    /// (`POST /AICoder/Analyze/v3`).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodebookBuilderOptions, CreationMethod};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client
    ///     .ai_coder()
    ///     .analyze_v3([100, 101])
    ///     .codebook_builder(CodebookBuilderOptions {
    ///         codebook_granularity: Some(100),
    ///         creation_method: Some(CreationMethod::AiGenerated),
    ///         ..Default::default()
    ///     })
    ///     .send()
    ///     .await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn analyze_v3<K: Into<QuestionKey>>(
        &self,
        question_keys: impl IntoIterator<Item = K>,
    ) -> AnalyzeV3 {
        AnalyzeV3 {
            client: self.clone(),
            body: AnalyzeV3Body {
                question_keys: question_keys.into_iter().map(Into::into).collect(),
                ..AnalyzeV3Body::default()
            },
        }
    }

    /// Starts analyzing the responses loaded into a project since its last
    /// analysis (`POST /AICoder/Analyze/Incremental`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().analyze_incremental(19999).suggest_new_codes(true).send().await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn analyze_incremental(&self, project: impl Into<AiProjectKey>) -> AnalyzeIncremental {
        AnalyzeIncremental {
            client: self.clone(),
            project: project.into(),
            suggest_new_codes: None,
        }
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
        net_key: i64,
        net_level: u32,
    ) -> Result<NetCodesTaskKey> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            ai_coder_key: AiProjectKey,
            net_key: i64,
            net_level: u32,
        }
        let body = Body {
            ai_coder_key: project.into(),
            net_key,
            net_level,
        };
        self.start("ai_coder_net_codes", "AICoder/NetCodes", &body)
            .await
            .map(NetCodesTaskKey::new)
    }

    /// Starts exporting a project to an Excel file
    /// (`POST /AICoder/Export/Excel`); the completed status has the
    /// `file_url`.
    ///
    /// ```no_run
    /// use ascribe_coder::PollPolicy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().export_excel(39999).await?;
    /// let done = client.ai_coder().wait(task, &PollPolicy::default()).await?;
    /// println!("{:?}", done.file_url);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses
    /// (an unknown project).
    pub async fn export_excel(
        &self,
        project: impl Into<AiProjectKey>,
    ) -> Result<ExcelExportTaskKey> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            ai_coder_key: AiProjectKey,
        }
        let body = Body {
            ai_coder_key: project.into(),
        };
        self.start("ai_coder_export_excel", "AICoder/Export/Excel", &body)
            .await
            .map(ExcelExportTaskKey::new)
    }

    /// Starts exporting a project's codebook back into Coder
    /// (`POST /AICoder/Export/Codebook`) the way `export_type` says.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodebookExportType;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client
    ///     .ai_coder()
    ///     .export_codebook(39999, CodebookExportType::Append)
    ///     .analyzed_question(203399)
    ///     .skip_responses_coding(false)
    ///     .send()
    ///     .await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn export_codebook(
        &self,
        project: impl Into<AiProjectKey>,
        export_type: CodebookExportType,
    ) -> ExportCodebook {
        ExportCodebook {
            client: self.clone(),
            body: ExportCodebookBody {
                ai_coder_key: project.into(),
                export_type,
                analyzed_variable: None,
                skip_responces_coding: None,
            },
        }
    }

    /// Starts a dichotomous report of a project
    /// (`POST /AICoder/Export/Dichotomous`); the completed status has the
    /// `file_url`.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().export_dichotomous(29999).remove_empty_columns(true).send().await?;
    /// # let _ = task; Ok(()) }
    /// ```
    pub fn export_dichotomous(&self, project: impl Into<AiProjectKey>) -> ExportDichotomous {
        ExportDichotomous {
            client: self.clone(),
            body: DichotomousBody {
                project_key: project.into(),
                remove_empty_columns: None,
                use_average_sentiment_per_row: None,
            },
        }
    }

    /// Creates short links to a project's page (`POST /AICoder/Links`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let links = client
    ///     .ai_coder()
    ///     .create_links(29999)
    ///     .expires_at("2026-06-13T20:21:47Z")
    ///     .send()
    ///     .await?;
    /// for l in links {
    ///     println!("{}", l.link);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn create_links(&self, project: impl Into<AiProjectKey>) -> CreateLinks {
        CreateLinks {
            client: self.clone(),
            body: LinksBody {
                project_key: project.into(),
                distribution_question_key: None,
                expiration_date_utc: None,
            },
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct AnalyzeBody {
    question_keys: Vec<QuestionKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    codebook: Option<CodebookAiOptions>,
    #[serde(
        rename = "generativeAIOptions",
        skip_serializing_if = "Option::is_none"
    )]
    generative_ai_options: Option<GenerativeAiOptions>,
    #[serde(
        rename = "nonGenerativeAIOptions",
        skip_serializing_if = "Option::is_none"
    )]
    non_generative_ai_options: Option<NonGenerativeAiOptions>,
    #[serde(rename = "useGenerativeAI", skip_serializing_if = "Option::is_none")]
    use_generative_ai: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    words_to_ignore: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    include_coded_responses: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_enhanced_theme_extractor: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enhanced_theme_extractor: Option<EnhancedThemeExtractorOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    existing_codebook_key: Option<CodebookKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    existing_codebook_suggest_new_codes: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    existing_codebook_options: Option<ExistingCodebookOptions>,
}

/// `POST /AICoder/Analyze` with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to start the analysis"]
pub struct Analyze {
    client: AiCoder,
    body: AnalyzeBody,
}

impl Analyze {
    /// Sets the options of the codebook built.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodebookAiOptions, InitialCodesOptions};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = CodebookAiOptions {
    ///     initial: Some(InitialCodesOptions { approx_max_codes: Some(100), ..Default::default() }),
    ///     ..Default::default()
    /// };
    /// client.ai_coder().analyze([100]).codebook(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn codebook(mut self, options: CodebookAiOptions) -> Self {
        self.body.codebook = Some(options);
        self
    }

    /// Uses generative AI, with these options.
    ///
    /// ```no_run
    /// use ascribe_coder::models::GenerativeAiOptions;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = GenerativeAiOptions { data_is_about: Some("shampoo".into()), ..Default::default() };
    /// client.ai_coder().analyze([100]).generative_ai(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn generative_ai(mut self, options: GenerativeAiOptions) -> Self {
        self.body.generative_ai_options = Some(options);
        self.body.use_generative_ai = Some(true);
        self
    }

    /// Uses the non-generative engine, with these options.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NonGenerativeAiOptions;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = NonGenerativeAiOptions { responses_are_all_english: Some(true), ..Default::default() };
    /// client.ai_coder().analyze([100]).non_generative_ai(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn non_generative_ai(mut self, options: NonGenerativeAiOptions) -> Self {
        self.body.non_generative_ai_options = Some(options);
        self.body.use_generative_ai = Some(false);
        self
    }

    /// Words the analysis ignores.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().analyze([100]).words_to_ignore(["the", "product"]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn words_to_ignore<S: Into<String>>(mut self, words: impl IntoIterator<Item = S>) -> Self {
        self.body.words_to_ignore = words.into_iter().map(Into::into).collect();
        self
    }

    /// Includes responses already coded.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().analyze([100]).include_coded_responses(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn include_coded_responses(mut self, include: bool) -> Self {
        self.body.include_coded_responses = Some(include);
        self
    }

    /// Uses the enhanced theme extractor (the codebook options are then
    /// ignored).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{EnhancedThemeExtractorOptions, Granularity};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = EnhancedThemeExtractorOptions {
    ///     codebook_granularity: Some(Granularity::Medium),
    ///     ..Default::default()
    /// };
    /// client.ai_coder().analyze([100]).enhanced_theme_extractor(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn enhanced_theme_extractor(mut self, options: EnhancedThemeExtractorOptions) -> Self {
        self.body.enhanced_theme_extractor = Some(options);
        self.body.use_enhanced_theme_extractor = Some(true);
        self
    }

    /// Analyzes with an existing codebook (see [`AiCoder::codebooks`])
    /// instead of creating a new one.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().analyze([100]).existing_codebook(190001).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn existing_codebook(mut self, codebook: impl Into<CodebookKey>) -> Self {
        self.body.existing_codebook_key = Some(codebook.into());
        self
    }

    /// With an existing codebook: whether new codes may be suggested.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().analyze([100]).existing_codebook(190001).suggest_new_codes(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn suggest_new_codes(mut self, suggest: bool) -> Self {
        self.body.existing_codebook_suggest_new_codes = Some(suggest);
        self
    }

    /// With an existing codebook: which of its aids to use.
    ///
    /// ```no_run
    /// use ascribe_coder::models::ExistingCodebookOptions;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = ExistingCodebookOptions { apply_regex: Some(true), ..Default::default() };
    /// client.ai_coder().analyze([100]).existing_codebook(190001).existing_codebook_options(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn existing_codebook_options(mut self, options: ExistingCodebookOptions) -> Self {
        self.body.existing_codebook_options = Some(options);
        self
    }

    /// Starts the analysis.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().analyze([100, 101]).send().await?;
    /// println!("task {task}");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No question is refused before anything is sent;
    /// [`Error::Service`] when the service refuses.
    pub async fn send(self) -> Result<AnalysisTaskKey> {
        if self.body.question_keys.is_empty() {
            return Err(invalid("an analysis needs at least one question"));
        }
        self.client
            .start("ai_coder_analyze", "AICoder/Analyze", &self.body)
            .await
            .map(AnalysisTaskKey::new)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct AnalyzeV3Body {
    question_keys: Vec<QuestionKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    codebook_builder: Option<CodebookBuilderOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    include_coded_responses: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    words_to_ignore: Vec<String>,
    #[serde(
        rename = "generativeAIOptions",
        skip_serializing_if = "Option::is_none"
    )]
    generative_ai_options: Option<GenerativeAiOptions>,
    #[serde(
        rename = "nonGenerativeAIOptions",
        skip_serializing_if = "Option::is_none"
    )]
    non_generative_ai_options: Option<NonGenerativeAiOptions>,
    #[serde(rename = "useGenerativeAI", skip_serializing_if = "Option::is_none")]
    use_generative_ai: Option<bool>,
}

/// `POST /AICoder/Analyze/v3` (Codebook Builder) with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to start the analysis"]
pub struct AnalyzeV3 {
    client: AiCoder,
    body: AnalyzeV3Body,
}

impl AnalyzeV3 {
    /// Sets the Codebook Builder options.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodebookBuilderOptions;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = CodebookBuilderOptions { classification_strictness: Some(80), ..Default::default() };
    /// client.ai_coder().analyze_v3([100]).codebook_builder(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn codebook_builder(mut self, options: CodebookBuilderOptions) -> Self {
        self.body.codebook_builder = Some(options);
        self
    }

    /// Includes responses already coded.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().analyze_v3([100]).include_coded_responses(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn include_coded_responses(mut self, include: bool) -> Self {
        self.body.include_coded_responses = Some(include);
        self
    }

    /// Words the analysis ignores.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().analyze_v3([100]).words_to_ignore(["the"]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn words_to_ignore<S: Into<String>>(mut self, words: impl IntoIterator<Item = S>) -> Self {
        self.body.words_to_ignore = words.into_iter().map(Into::into).collect();
        self
    }

    /// Uses generative AI, with these options.
    ///
    /// ```no_run
    /// use ascribe_coder::models::GenerativeAiOptions;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = GenerativeAiOptions { codebook_language: Some("en".into()), ..Default::default() };
    /// client.ai_coder().analyze_v3([100]).generative_ai(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn generative_ai(mut self, options: GenerativeAiOptions) -> Self {
        self.body.generative_ai_options = Some(options);
        self.body.use_generative_ai = Some(true);
        self
    }

    /// Uses the non-generative engine, with these options.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NonGenerativeAiOptions;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let options = NonGenerativeAiOptions { split_characters: Some(".!?".into()), ..Default::default() };
    /// client.ai_coder().analyze_v3([100]).non_generative_ai(options).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn non_generative_ai(mut self, options: NonGenerativeAiOptions) -> Self {
        self.body.non_generative_ai_options = Some(options);
        self.body.use_generative_ai = Some(false);
        self
    }

    /// Starts the analysis.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().analyze_v3([100, 101]).send().await?;
    /// println!("task {task}");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No question is refused before anything is sent;
    /// [`Error::Service`] when the service refuses.
    pub async fn send(self) -> Result<AnalysisTaskKey> {
        if self.body.question_keys.is_empty() {
            return Err(invalid("an analysis needs at least one question"));
        }
        self.client
            .start("ai_coder_analyze_v3", "AICoder/Analyze/v3", &self.body)
            .await
            .map(AnalysisTaskKey::new)
    }
}

/// `POST /AICoder/Analyze/Incremental` with its option.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to start the analysis"]
pub struct AnalyzeIncremental {
    client: AiCoder,
    project: AiProjectKey,
    suggest_new_codes: Option<bool>,
}

impl AnalyzeIncremental {
    /// Lets the engine suggest new codes for uncoded segments (the app's
    /// "Suggest new codes"; the service's default is `false`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().analyze_incremental(19999).suggest_new_codes(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn suggest_new_codes(mut self, suggest: bool) -> Self {
        self.suggest_new_codes = Some(suggest);
        self
    }

    /// Starts the analysis.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().analyze_incremental(19999).send().await?;
    /// # let _ = task; Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses
    /// (an unknown project).
    pub async fn send(self) -> Result<AnalysisTaskKey> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            key: AiProjectKey,
            #[serde(skip_serializing_if = "Option::is_none")]
            suggest_new_codes: Option<bool>,
        }
        let body = Body {
            key: self.project,
            suggest_new_codes: self.suggest_new_codes,
        };
        self.client
            .start(
                "ai_coder_analyze_incremental",
                "AICoder/Analyze/Incremental",
                &body,
            )
            .await
            .map(AnalysisTaskKey::new)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportCodebookBody {
    ai_coder_key: AiProjectKey,
    export_type: CodebookExportType,
    #[serde(skip_serializing_if = "Option::is_none")]
    analyzed_variable: Option<QuestionKey>,
    // Spelled so on the wire.
    #[serde(skip_serializing_if = "Option::is_none")]
    skip_responces_coding: Option<bool>,
}

/// `POST /AICoder/Export/Codebook` with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to start the export"]
pub struct ExportCodebook {
    client: AiCoder,
    body: ExportCodebookBody,
}

impl ExportCodebook {
    /// The analyzed question whose codebook receives the codes.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodebookExportType;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().export_codebook(39999, CodebookExportType::Merge).analyzed_question(203399).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn analyzed_question(mut self, question: impl Into<QuestionKey>) -> Self {
        self.body.analyzed_variable = Some(question.into());
        self
    }

    /// `true`: export the codebook only; `false` (default): code the
    /// responses after the export too.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodebookExportType;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().export_codebook(39999, CodebookExportType::Append).skip_responses_coding(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn skip_responses_coding(mut self, skip: bool) -> Self {
        self.body.skip_responces_coding = Some(skip);
        self
    }

    /// Starts the export.
    ///
    /// ```no_run
    /// use ascribe_coder::PollPolicy;
    /// use ascribe_coder::models::CodebookExportType;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().export_codebook(39999, CodebookExportType::Append).send().await?;
    /// client.ai_coder().wait(task, &PollPolicy::default()).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses
    /// (an unknown project or question).
    pub async fn send(self) -> Result<CodebookExportTaskKey> {
        self.client
            .start(
                "ai_coder_export_codebook",
                "AICoder/Export/Codebook",
                &self.body,
            )
            .await
            .map(CodebookExportTaskKey::new)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct DichotomousBody {
    project_key: AiProjectKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    remove_empty_columns: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_average_sentiment_per_row: Option<bool>,
}

/// `POST /AICoder/Export/Dichotomous` with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to start the report"]
pub struct ExportDichotomous {
    client: AiCoder,
    body: DichotomousBody,
}

impl ExportDichotomous {
    /// Leaves out columns without any `1`.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().export_dichotomous(29999).remove_empty_columns(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn remove_empty_columns(mut self, remove: bool) -> Self {
        self.body.remove_empty_columns = Some(remove);
        self
    }

    /// Adds a column with the average sentiment of each row.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().export_dichotomous(29999).average_sentiment_per_row(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn average_sentiment_per_row(mut self, add: bool) -> Self {
        self.body.use_average_sentiment_per_row = Some(add);
        self
    }

    /// Starts the report.
    ///
    /// ```no_run
    /// use ascribe_coder::PollPolicy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let task = client.ai_coder().export_dichotomous(29999).send().await?;
    /// let done = client.ai_coder().wait(task, &PollPolicy::default()).await?;
    /// println!("{:?}", done.file_url);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses
    /// (an unknown project).
    pub async fn send(self) -> Result<DichotomousExportTaskKey> {
        self.client
            .start(
                "ai_coder_export_dichotomous",
                "AICoder/Export/Dichotomous",
                &self.body,
            )
            .await
            .map(DichotomousExportTaskKey::new)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct LinksBody {
    project_key: AiProjectKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    distribution_question_key: Option<QuestionKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration_date_utc: Option<String>,
}

/// `POST /AICoder/Links` with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to create the links"]
pub struct CreateLinks {
    client: AiCoder,
    body: LinksBody,
}

impl CreateLinks {
    /// One link per value of this distribution question.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().create_links(29999).distribution_question(39999).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn distribution_question(mut self, question: impl Into<QuestionKey>) -> Self {
        self.body.distribution_question_key = Some(question.into());
        self
    }

    /// When the links expire (UTC, ISO 8601).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().create_links(29999).expires_at("2026-06-13T20:21:47Z").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn expires_at(mut self, utc: impl Into<String>) -> Self {
        self.body.expiration_date_utc = Some(utc.into());
        self
    }

    /// Creates the links.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let links = client.ai_coder().create_links(29999).send().await?;
    /// println!("{}", links.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`] when the service refuses
    /// (an unknown project).
    pub async fn send(self) -> Result<Vec<AiCoderLink>> {
        #[derive(Deserialize)]
        struct Envelope {
            #[serde(default, deserialize_with = "null_default")]
            links: Vec<AiCoderLink>,
        }
        let e: Envelope = self
            .client
            .client
            .call(ApiRequest::post("ai_coder_create_links", "AICoder/Links").json(&self.body)?)
            .await?;
        Ok(e.links)
    }
}
