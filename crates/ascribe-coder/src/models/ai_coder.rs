//! AI Coder: projects, codebooks, links, task states.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::ids::{AiProjectKey, CodebookKey, QuestionKey};

use super::de::null_default;

/// An AI Coder project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AiCoderProject {
    /// The project's key.
    pub key: AiProjectKey,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The questions analyzed.
    #[serde(default, deserialize_with = "null_default")]
    pub question_keys: Vec<QuestionKey>,
    /// How many responses it has.
    #[serde(default)]
    pub responses_count: u64,
    /// How many are coded.
    #[serde(default)]
    pub responses_coded_count: u64,
    /// How many codes are applied.
    #[serde(default)]
    pub codes_applied_count: u64,
    /// The owner's name.
    #[serde(default)]
    pub owner: Option<String>,
    /// When it was created (ISO 8601, as sent).
    #[serde(default)]
    pub create_date: Option<String>,
    /// When it was last updated.
    #[serde(default)]
    pub update_date: Option<String>,
    /// When it was deleted (the list includes deleted projects).
    #[serde(default)]
    pub delete_date: Option<String>,
    /// Whether it is shared with every user.
    #[serde(default)]
    pub is_public: bool,
}

impl AiCoderProject {
    /// Whether the project was deleted.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let live: Vec<_> = client.ai_coder().projects().await?.into_iter().filter(|p| !p.is_deleted()).collect();
    /// # let _ = live; Ok(()) }
    /// ```
    pub fn is_deleted(&self) -> bool {
        self.delete_date.is_some()
    }
}

/// A codebook from AI Coder projects (`GET /AICoder/Analyze/Codebooks`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AiCodebook {
    /// The codebook's key (`-1`: "create a new codebook").
    pub key: CodebookKey,
    /// Its id; ends with `GAI` (generative AI) or `AI` (non-generative).
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
}

/// How an AI Coder codebook was made, as told by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AiCodebookOrigin {
    /// By generative AI (id ends with `GAI`).
    GenerativeAi,
    /// By non-generative AI (id ends with `AI`).
    Ai,
    /// Without AI.
    Manual,
}

impl AiCodebook {
    /// How the codebook was made.
    ///
    /// ```no_run
    /// use ascribe_coder::models::AiCodebookOrigin;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// for cb in client.ai_coder().codebooks().await? {
    ///     if cb.origin() == AiCodebookOrigin::GenerativeAi {
    ///         println!("{} was generated", cb.id);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn origin(&self) -> AiCodebookOrigin {
        let id = self.id.trim_end().to_ascii_uppercase();
        if id.ends_with("GAI") {
            AiCodebookOrigin::GenerativeAi
        } else if id.ends_with("AI") {
            AiCodebookOrigin::Ai
        } else {
            AiCodebookOrigin::Manual
        }
    }
}

/// A shareable link to an AI Coder project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AiCoderLink {
    /// The link.
    #[serde(default, deserialize_with = "null_default")]
    pub link: String,
    /// The value of the distribution question it is filtered on.
    #[serde(default)]
    pub distribution_question_value: Option<String>,
    /// When it expires (ISO 8601, as sent).
    #[serde(default)]
    pub expiration_date_utc: Option<String>,
}

/// Where an AI Coder task is (every `GET /AICoder/.../{taskStatusKey}`).
///
/// A task the service rejected answers with `errorMessage`, which the
/// client reports as an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AiTaskStatus {
    /// Whether the task is done.
    #[serde(default)]
    pub is_completed: bool,
    /// The project an analysis created or updated (analysis tasks).
    #[serde(default)]
    pub project: Option<AiCoderProject>,
    /// The file to download (Excel and dichotomous exports).
    #[serde(default)]
    pub file_url: Option<String>,
}

/// What kind of AI Coder task a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AiTaskKind {
    /// An analysis (`/AICoder/Analyze`, `/v3`, `/Incremental`).
    Analysis,
    /// A net-codes run (`/AICoder/NetCodes`).
    NetCodes,
    /// An Excel export.
    ExcelExport,
    /// A codebook export back into Coder.
    CodebookExport,
    /// A dichotomous report.
    DichotomousExport,
}

impl AiTaskKind {
    /// The path the task's status is read at, before the key.
    pub(crate) fn status_path(self) -> &'static str {
        match self {
            AiTaskKind::Analysis => "AICoder/Analyze",
            AiTaskKind::NetCodes => "AICoder/NetCodes",
            AiTaskKind::ExcelExport => "AICoder/Export/Excel",
            AiTaskKind::CodebookExport => "AICoder/Export/Codebook",
            AiTaskKind::DichotomousExport => "AICoder/Export/Dichotomous",
        }
    }
}

impl fmt::Display for AiTaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AiTaskKind::Analysis => "AI Coder analysis",
            AiTaskKind::NetCodes => "AI Coder net codes",
            AiTaskKind::ExcelExport => "AI Coder Excel export",
            AiTaskKind::CodebookExport => "AI Coder codebook export",
            AiTaskKind::DichotomousExport => "AI Coder dichotomous export",
        })
    }
}
