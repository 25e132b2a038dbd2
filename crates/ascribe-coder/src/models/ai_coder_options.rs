//! AI Coder analysis and export options.
//!
//! The option structs mirror the service's schemas; every field is
//! optional and left out of the request when `None`, so the service's
//! defaults apply. Build them with `..Default::default()`.

use serde::Serialize;

use super::ids::{CodeKey, QuestionKey};

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
    pub question_key: QuestionKey,
    /// The codes of that question to focus on (all when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<ClosedEndCode>,
}

/// A code of the closed-ended question to analyze by.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosedEndCode {
    /// The code.
    pub code_key: CodeKey,
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
