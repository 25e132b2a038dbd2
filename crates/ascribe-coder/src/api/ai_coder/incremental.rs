//! Incremental analysis: `POST /AICoder/Analyze/Incremental`.

use serde::Serialize;

use super::AiCoder;
use crate::error::Result;
use crate::models::{AiProjectKey, AnalysisTaskKey};

impl AiCoder {
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
    /// [`Error::Service`](crate::Error::Service) when the service refuses
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
