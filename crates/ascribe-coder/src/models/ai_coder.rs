//! AI Coder: analysis options, projects, task states, links.
//!
//! The option structs mirror the service's schemas; every field is
//! optional and left out of the request when `None`, so the service's
//! defaults apply. Build them with `..Default::default()`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::de::null_default;

/// Options of the codebook the (non-Codebook-Builder) analysis builds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodebookAiOptions {
    /// How the first codes are formed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial: Option<InitialCodesOptions>,
    /// Merging of similar codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merge_similar: Option<MergeSimilarOptions>,
    /// Assigning segments to their siblings' codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign_segment_siblings: Option<AssignSegmentSiblingsOptions>,
    /// Assigning the top segments of each code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign_top_segments: Option<AssignTopSegmentsOptions>,
}

/// How the first codes are formed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InitialCodesOptions {
    /// Minimum proximity (percent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_proximity: Option<u32>,
    /// Minimum number of segments per code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_segments_per_code: Option<u32>,
    /// Approximate maximum number of codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approx_max_codes: Option<u32>,
}

/// Merging of similar codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergeSimilarOptions {
    /// Whether codes are merged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Minimum proximity (percent) to merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_proximity: Option<u32>,
}

/// Assigning segments to their siblings' codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignSegmentSiblingsOptions {
    /// Whether it runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Minimum proximity (percent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_proximity: Option<u32>,
    /// Number of siblings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_siblings: Option<u32>,
}

/// Assigning the top segments of each code.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignTopSegmentsOptions {
    /// Whether it runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Minimum proximity (percent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_proximity: Option<u32>,
    /// Number of top segments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_segments: Option<u32>,
}

/// Options for generative AI.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerativeAiOptions {
    /// What the data is about (a hint for the model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_is_about: Option<String>,
    /// The language of the codes (`"en"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebook_language: Option<String>,
}

/// Options for the non-generative engine.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NonGenerativeAiOptions {
    /// Characters responses are split on (`".!?|"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split_characters: Option<String>,
    /// Short words responses are split on (`"but"`, `"however"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split_words: Option<Vec<String>>,
    /// Whether every response is in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responses_are_all_english: Option<bool>,
}

/// Options of the enhanced theme extractor (which ignores the codebook
/// options).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnhancedThemeExtractorOptions {
    /// Maximum number of nets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_number_of_nets: Option<u32>,
    /// Maximum number of codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_number_of_codes: Option<u32>,
    /// A prompt to guide the codebook building.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebook_builder_prompt: Option<String>,
    /// Themes by the answers to a closed-ended question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyze_by_closed_end: Option<AnalyzeByClosedEnd>,
    /// How detailed the themes are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebook_granularity: Option<Granularity>,
}

/// How detailed generated themes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Granularity {
    /// Few broad themes.
    Low,
    /// The middle ground.
    Medium,
    /// Many detailed themes.
    High,
}

/// Themes by the answers to a closed-ended question.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzeByClosedEnd {
    /// The closed-ended question.
    pub question_key: i64,
    /// The codes of that question to focus on (all when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<ClosedEndCode>,
}

/// A code of the closed-ended question to analyze by.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosedEndCode {
    /// The code.
    pub code_key: i64,
    /// What it is about (a hint for the model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_is_about: Option<String>,
}

/// Options for analyzing with an existing codebook.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExistingCodebookOptions {
    /// Use the codes' regular expressions.
    #[serde(rename = "applyRegEx", skip_serializing_if = "Option::is_none")]
    pub apply_regex: Option<bool>,
    /// Use the training examples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_training_examples: Option<bool>,
    /// Use the coding rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_coding_rules: Option<bool>,
}

/// Codebook Builder options (`POST /AICoder/Analyze/v3`), with the AI
/// Coder app's ranges.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodebookBuilderOptions {
    /// Approximate number of codes (25 to 150).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebook_granularity: Option<u32>,
    /// How themes are derived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_method: Option<CreationMethod>,
    /// Minimum responses supporting a code (1 to 250, default 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_responses_per_code: Option<u32>,
    /// How strictly responses must match a code, in percent (75 to 95).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification_strictness: Option<u32>,
    /// Whether topic-based codes are capped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_topic_based_codes_enabled: Option<bool>,
    /// The cap (1 to 50).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_topic_based_codes: Option<u32>,
    /// Themes by the answers to a closed-ended question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyze_by_closed_end: Option<AnalyzeByClosedEnd>,
}

/// How the Codebook Builder derives themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum CreationMethod {
    /// Generated by AI.
    #[serde(rename = "AIGenerated")]
    AiGenerated,
    /// Driven by the data.
    DataDriven,
}

/// How an AI Coder codebook is exported back into a Coder codebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum CodebookExportType {
    /// Adds the codes to the existing codebook.
    Append,
    /// Replaces the existing codebook.
    Overwrite,
    /// A new codebook for the analyzed questions.
    NewCodebookAnalyzedQuestions,
    /// A new codebook for every question sharing it.
    NewCodebookAllSharedQuestions,
    /// The Ascribe codebook.
    AscribeCodebook,
    /// Merges the codes into the existing codebook.
    Merge,
}

/// An AI Coder project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AiCoderProject {
    /// The project's key.
    pub key: i64,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The questions analyzed.
    #[serde(default, deserialize_with = "null_default")]
    pub question_keys: Vec<i64>,
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
    pub key: i64,
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
