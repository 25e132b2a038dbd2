//! The calls only the v2 API has: study updates, deletes and translation;
//! question and response batches and deletes; codebook code updates,
//! deletes and batches; users; translation languages.
//!
//! They extend the resource groups of [`AscribeClient`](crate::AscribeClient)
//! (`client.studies().update(…)`, `client.questions().create_batch(…)`, …)
//! and need a v2 server ([`Region`](crate::Region) or
//! [`ApiVersion::V2`](crate::ApiVersion::V2)); a v1 server answers them with
//! 404.
//!
//! Batches are cut into requests of at most the client's chunk size
//! (default [`MAX_BATCH_SIZE`]); the results of every request are merged
//! into one. A chunk size above [`MAX_BATCH_SIZE`] is refused with
//! [`Error::ChunkSizeTooLarge`](crate::Error::ChunkSizeTooLarge) before
//! anything is sent.

mod codebooks;
mod directory;
mod question_batches;
mod questions;
mod response_batches;
mod responses;
mod studies;
mod study_update;

pub use crate::api::chunk::MAX_BATCH_SIZE;
pub use codebooks::{AddCodesBatch, DeleteCodes, UpdateCodes};
pub use directory::{Languages, Users};
pub use question_batches::{CreateQuestionsBatch, DeleteQuestionsBatch, UpdateQuestionsBatch};
pub use questions::AutoCode;
pub use response_batches::{AddResponsesBatch, UpsertResponsesBatch};
pub use responses::DeleteResponsesBatch;
pub use studies::DeleteRespondents;
pub use study_update::UpdateStudy;
