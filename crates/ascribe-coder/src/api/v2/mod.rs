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
mod questions;
mod responses;
mod studies;

pub use crate::api::chunk::MAX_BATCH_SIZE;
pub use codebooks::{AddCodesBatch, DeleteCodes, UpdateCodes};
pub use directory::{Languages, Users};
pub use questions::{AutoCode, CreateQuestionsBatch, DeleteQuestionsBatch, UpdateQuestionsBatch};
pub use responses::{AddResponsesBatch, DeleteResponsesBatch, UpsertResponsesBatch};
pub use studies::{DeleteRespondents, UpdateStudy};
