//! The types sent to and received from the Ascribe Coder API.
//!
//! Field names follow the wire (camelCase), except the two the service spells
//! in lower case on upload: `appliedcodes` and `segmentcodes`. Response types
//! default every optional field, so a server that omits one still decodes.

mod codebook;
mod company;
mod enums;
mod export;
mod question;
pub(crate) mod response;
mod study;

pub use codebook::{Code, Codebook, NewCode};
pub use company::Company;
pub use enums::{CharSet, CodingSource, QuestionType, StudyStatus, Task, WireEnum};
pub use export::{ExportJob, ExportJobStatus, ExportScript, ExportStatus, NewExport};
pub use question::{NewQuestion, Question};
pub use response::{
    AddResponsesResult, AddedResponse, AppliedCode, Response, ResponseInput, ResponseStatus,
    SegmentCode, UpsertResponsesResult,
};
pub use study::{NewStudy, Study, StudyDetails};

pub(crate) use codebook::{AddCodesBody, ReplaceCodebookBody};
pub(crate) use company::{CompaniesEnvelope, NewCompanyBody};
pub(crate) use export::ScriptsEnvelope;
pub(crate) use question::QuestionsEnvelope;
pub(crate) use response::{AddResponsesBody, ResponsesEnvelope, UpsertResponsesBody};
pub(crate) use study::StudiesEnvelope;
