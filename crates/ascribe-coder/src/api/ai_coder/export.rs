//! Exports of a project: Excel, back into a Coder codebook, dichotomous report.

use serde::Serialize;

use super::AiCoder;
use crate::error::Result;
use crate::models::{
    AiProjectKey, CodebookExportTaskKey, CodebookExportType, DichotomousExportTaskKey,
    ExcelExportTaskKey, QuestionKey,
};

impl AiCoder {
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
    /// [`Error::Service`](crate::Error::Service) when the service refuses
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
    /// [`Error::Service`](crate::Error::Service) when the service refuses
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
    /// [`Error::Service`](crate::Error::Service) when the service refuses
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
