//! The types sent to and received from the Ascribe Coder API.
//!
//! Field names follow the wire (camelCase), except the two the service spells
//! in lower case on upload: `appliedcodes` and `segmentcodes`. Response types
//! default every optional field, so a server that omits one still decodes.

mod ai_coder;
mod ai_coder_options;
mod code_fields;
mod codebook;
mod company;
pub(crate) mod de;
pub(crate) mod directory;
mod enums;
mod export;
mod ids;
mod question;
mod question_fields;
pub(crate) mod response;
mod study;
pub(crate) mod study_fields;
mod v2_codebooks;
mod v2_questions;
mod v2_responses;
mod v2_studies;

pub use codebook::{Code, Codebook, NewCode};
pub use company::Company;
pub use enums::{CharSet, CodingSource, QuestionType, StudyStatus, Task, WireEnum};
pub use export::{ExportJob, ExportJobStatus, ExportScript, ExportStatus};
pub use question::{NewQuestion, Question};
pub use response::{
    AddResponsesResult, AddedResponse, AppliedCode, Response, ResponseInput, ResponseStatus,
    SegmentCode, UpsertResponsesResult,
};
pub use study::{NewStudy, Study, StudyDetails};

pub use ai_coder::{
    AiCodebook, AiCodebookOrigin, AiCoderLink, AiCoderProject, AiTaskKind, AiTaskStatus,
};
pub use ai_coder_options::{
    AnalyzeByClosedEnd, AssignSegmentSiblingsOptions, AssignTopSegmentsOptions, ClosedEndCode,
    CodebookAiOptions, CodebookBuilderOptions, CodebookExportType, CreationMethod,
    EnhancedThemeExtractorOptions, ExistingCodebookOptions, GenerativeAiOptions, Granularity,
    InitialCodesOptions, MergeSimilarOptions, NonGenerativeAiOptions,
};
pub use directory::{Language, User};
pub use ids::{
    AiProjectKey, AnalysisTaskKey, CodeKey, CodebookExportTaskKey, CodebookKey, CompanyKey,
    DichotomousExportTaskKey, ExcelExportTaskKey, ExportJobKey, ExportScriptKey, LoadKey,
    NetCodesTaskKey, QuestionKey, RespondentId, RuleSetKey, StudyKey, TaxonomyKey, UserKey,
};
pub use v2_codebooks::{
    CodeUpdate, CodebookBatchResult, CodebookCodes, CodesBatchAdded, CodesDeleted, CodesUpdated,
    FailedCode, RemovedCode,
};
pub use v2_questions::{
    AutoCodeResult, EntityDeleted, FailedQuestion, QuestionDeleteResult, QuestionEntity,
    QuestionUpdate, QuestionsCreated, QuestionsDeleted, QuestionsUpdated,
};
pub use v2_responses::{
    BatchResponse, QuestionResponses, QuestionResponsesAdded, QuestionResponsesUpserted,
    ResponseDeleteResult, ResponsesBatchAdded, ResponsesBatchUpserted, ResponsesDeleted,
};
pub use v2_studies::{
    QuestionTranslation, RespondentFailure, RespondentsDeleted, StudyTranslation,
};

pub(crate) use codebook::{AddCodesBody, ReplaceCodebookBody};
pub(crate) use company::{CompaniesEnvelope, NewCompanyBody};
pub(crate) use export::{ExportBody, ScriptsEnvelope};
pub(crate) use question::QuestionsEnvelope;
pub(crate) use response::{AddResponsesBody, ResponsesEnvelope, UpsertResponsesBody};
pub(crate) use study::StudiesEnvelope;
