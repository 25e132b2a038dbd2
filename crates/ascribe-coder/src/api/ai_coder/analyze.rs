//! Analyses: `POST /AICoder/Analyze` and `/Analyze/v3` (the Codebook Builder).

use serde::Serialize;

use super::AiCoder;
use crate::api::invalid;
use crate::error::Result;
use crate::models::{
    AnalysisTaskKey, CodebookAiOptions, CodebookBuilderOptions, CodebookKey,
    EnhancedThemeExtractorOptions, ExistingCodebookOptions, GenerativeAiOptions,
    NonGenerativeAiOptions, QuestionKey,
};

impl AiCoder {
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
}

/// The engine settings both analyses take (`/Analyze` and `/Analyze/v3`),
/// flattened into each body.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct EngineOptions {
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
}

/// The setters of [`EngineOptions`], on a builder with a `body.engine`;
/// `$start` names the call that makes the builder, for the examples.
macro_rules! engine_setters {
    ($start:literal) => {
        /// Uses generative AI, with these options.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::GenerativeAiOptions;\n# async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {\nlet options = GenerativeAiOptions { data_is_about: Some(\"shampoo\".into()), ..Default::default() };\nclient.ai_coder().", $start, "([100]).generative_ai(options).send().await?;\n# Ok(()) }\n```")]
        pub fn generative_ai(mut self, options: GenerativeAiOptions) -> Self {
            self.body.engine.generative_ai_options = Some(options);
            self.body.engine.use_generative_ai = Some(true);
            self
        }

        /// Uses the non-generative engine, with these options.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::NonGenerativeAiOptions;\n# async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {\nlet options = NonGenerativeAiOptions { responses_are_all_english: Some(true), ..Default::default() };\nclient.ai_coder().", $start, "([100]).non_generative_ai(options).send().await?;\n# Ok(()) }\n```")]
        pub fn non_generative_ai(mut self, options: NonGenerativeAiOptions) -> Self {
            self.body.engine.non_generative_ai_options = Some(options);
            self.body.engine.use_generative_ai = Some(false);
            self
        }

        /// Words the analysis ignores.
        ///
        #[doc = concat!("```no_run\n# async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {\nclient.ai_coder().", $start, "([100]).words_to_ignore([\"the\", \"product\"]).send().await?;\n# Ok(()) }\n```")]
        pub fn words_to_ignore<S: Into<String>>(
            mut self,
            words: impl IntoIterator<Item = S>,
        ) -> Self {
            self.body.engine.words_to_ignore = words.into_iter().map(Into::into).collect();
            self
        }

        /// Includes responses already coded.
        ///
        #[doc = concat!("```no_run\n# async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {\nclient.ai_coder().", $start, "([100]).include_coded_responses(true).send().await?;\n# Ok(()) }\n```")]
        pub fn include_coded_responses(mut self, include: bool) -> Self {
            self.body.engine.include_coded_responses = Some(include);
            self
        }
    };
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct AnalyzeBody {
    question_keys: Vec<QuestionKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    codebook: Option<CodebookAiOptions>,
    #[serde(flatten)]
    engine: EngineOptions,
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
    engine_setters!("analyze");

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

    /// Analyzes with an existing codebook (see
    /// [`AiCoder::codebooks`](super::AiCoder::codebooks)) instead of
    /// creating a new one.
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
    /// [`Error::Service`](crate::Error::Service) when the service refuses.
    pub async fn send(self) -> Result<AnalysisTaskKey> {
        start_analysis(
            &self.client,
            "ai_coder_analyze",
            "AICoder/Analyze",
            &self.body.question_keys,
            &self.body,
        )
        .await
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct AnalyzeV3Body {
    question_keys: Vec<QuestionKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    codebook_builder: Option<CodebookBuilderOptions>,
    #[serde(flatten)]
    engine: EngineOptions,
}

/// `POST /AICoder/Analyze/v3` (Codebook Builder) with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to start the analysis"]
pub struct AnalyzeV3 {
    client: AiCoder,
    body: AnalyzeV3Body,
}

impl AnalyzeV3 {
    engine_setters!("analyze_v3");

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
    /// [`Error::Service`](crate::Error::Service) when the service refuses.
    pub async fn send(self) -> Result<AnalysisTaskKey> {
        start_analysis(
            &self.client,
            "ai_coder_analyze_v3",
            "AICoder/Analyze/v3",
            &self.body.question_keys,
            &self.body,
        )
        .await
    }
}

/// Starts an analysis of `questions` (at least one) with `body`.
async fn start_analysis(
    ai_coder: &AiCoder,
    operation: &'static str,
    path: &str,
    questions: &[QuestionKey],
    body: &impl Serialize,
) -> Result<AnalysisTaskKey> {
    if questions.is_empty() {
        return Err(invalid("an analysis needs at least one question"));
    }
    ai_coder
        .start(operation, path, body)
        .await
        .map(AnalysisTaskKey::new)
}
