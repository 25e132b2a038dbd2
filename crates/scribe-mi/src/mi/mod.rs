//! The MI (private information) API client: every call signed with SigV4,
//! credentials refreshed ahead of expiry through `auth-core`'s caches.

mod auth;
mod client;
pub mod models;
mod tasks;

pub use client::{DEFAULT_API_URL, MiClient, MiClientBuilder, SubmitOptions};
pub use models::{FileType, MiTask, Model, TaskStatus};
pub use tasks::{Document, file_md5};
