//! The MI (private information) API client, v1 and v2: v1 calls signed with
//! SigV4, v2 calls carrying the Cognito access token (or a self-managed
//! JWT), credentials refreshed ahead of expiry through `auth-core`'s caches.

mod auth;
mod client;
pub mod models;
mod tasks;

pub use client::{
    DEFAULT_API_URL, DEFAULT_API_URL_V2, MiClient, MiClientBuilder, MiVersion, SubmitOptions,
};
pub use models::{FileType, MiTask, Model, TaskStatus};
pub use tasks::{Document, file_md5};
