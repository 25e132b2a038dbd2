//! Rust SDK for [Symbl.ai](https://symbl.ai): conversation intelligence.
//!
//! - Authentication: the app id and app secret are exchanged for an access
//!   token at `oauth2/token:generate`; the token is cached, refreshed ahead of
//!   its expiry with one request however many tasks need it, regenerated once
//!   when a call gets 401, and never printed.
//! - Async processing: text, audio and video (files streamed from disk, or
//!   URLs) → a job to wait for ([`api::JobsApi::wait`]).
//! - Conversation intelligence: messages, topics, questions, action items,
//!   follow-ups, members, speakers, entities, analytics, trackers, summary,
//!   formatted transcripts; conversations listed as a lazy `Stream`.
//! - Streaming ([`streaming`]): live transcripts and insights over a
//!   WebSocket, audio from any `AsyncRead` or `Stream` with backpressure.
//! - Telephony ([`telephony`]): Symbl dials into a PSTN or SIP call.
//! - Management ([`SymblClient::manage`]): trackers and conversation groups;
//!   call score, intents, experiences and bookmarks on [`api::ConversationApi`].
//! - Webhooks ([`webhook`]): typed job-status callbacks from any HTTP server.
//! - Errors are typed ([`SymblError`]): Symbl's message, the HTTP status and
//!   the request id; a 429 on job submission is
//!   [`SymblError::TooManyConcurrentJobs`] (retried with backoff first).
//!
//! # Quick start
//!
//! ```no_run
//! use symbl::models::{ProcessOptions, TextMessage, TextRequest};
//! use symbl::SymblClient;
//!
//! # async fn run() -> symbl::Result<()> {
//! // Reads SYMBL_APP_ID and SYMBL_APP_SECRET.
//! let client = SymblClient::builder().from_env().build()?;
//! let request = TextRequest::new([
//!     TextMessage::new("Let's ship the release on Friday."),
//!     TextMessage::new("I will send the notes tomorrow."),
//! ])
//! .options(ProcessOptions::new().name("Standup").enable_summary(true));
//! let job = client.process().text(&request).await?;
//! client.jobs().wait(&job.job_id).await?;
//! let conversation = client.conversation(&job.conversation_id);
//! for topic in conversation.topics().send().await? {
//!     println!("topic: {}", topic.text);
//! }
//! for item in conversation.action_items().await? {
//!     println!("to do: {}", item.text);
//! }
//! # Ok(()) }
//! ```
//!
//! # Testing your code
//!
//! Test the code you build on this crate against the local mock servers of
//! the [`mock-servers`](https://docs.rs/mock-servers) crate (a
//! dev-dependency: `cargo add --dev mock-servers`): they listen on
//! 127.0.0.1 and need no network or real credentials. Start `mock_servers::symbl::SymblMock` and build the client with `.base_url(mock.uri())` and the mock's `APP_ID` / `APP_SECRET`. See the
//! `mock-servers` crate docs for a complete example per service.

pub mod api;
pub mod auth;
mod client;
pub mod config;
pub mod error;
pub mod ids;
pub mod models;
pub mod streaming;
pub mod telephony;
pub mod webhook;

pub use client::{DEFAULT_JOB_SLOT_WAIT, SymblClient, SymblClientBuilder};
pub use config::AuthHeader;
pub use error::{Result, SymblError};

/// The shared foundation, re-exported so this crate is the only dependency
/// a user needs (secrets, clock, stores, policies).
pub use auth_core;
pub use auth_core::{
    ClientConfig, ErrorMetadata, FileStore, ManualClock, MemoryStore, PollPolicy, RefreshPolicy,
    TokenStore,
};
