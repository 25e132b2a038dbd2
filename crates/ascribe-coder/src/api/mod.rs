//! The calls, one module per resource group. Reach them through the
//! accessors of [`AscribeClient`](crate::AscribeClient).

pub mod ai_coder;
pub(crate) mod chunk;
mod codebooks;
mod companies;
mod exports;
mod questions;
mod responses;
mod studies;
pub(crate) mod utc;
pub mod v2;

pub use codebooks::{AddCodes, Codebooks, GetCodebook};
pub use companies::Companies;
pub use exports::{Exports, StartExport};
pub use questions::{ListQuestions, Questions};
pub use responses::{AddResponses, GetResponses, Responses, UpsertResponses};
pub use studies::{ListStudies, Studies};

use crate::error::Error;

/// An argument rejected before anything was sent.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::Core(auth_core::Error::InvalidInput(message.into()))
}
