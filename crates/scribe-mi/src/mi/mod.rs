//! The MI (private information) API client, v1 and v2: v1 calls signed with
//! SigV4, v2 calls carrying the Cognito access token (or a self-managed
//! JWT), credentials refreshed ahead of expiry through `auth-core`'s caches.

mod auth;
mod builder;
mod client;
mod model;
pub mod models;
mod submit;
mod tasks;
mod version;

pub use builder::MiClientBuilder;
pub use client::MiClient;
pub use models::{FileType, MiTask, Model, TaskStatus};
pub use submit::{Document, SubmitTask, file_md5};
pub use tasks::{ListTasks, WaitForTask};
pub use version::{DEFAULT_API_URL, DEFAULT_API_URL_V2, MiVersion};
