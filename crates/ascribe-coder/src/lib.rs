//! Rust SDK for the Ascribe Coder API (Language Logic / Goascribe / Voxco):
//! studies, questions, responses, codebooks, companies and exports, with the
//! service's authentication handled for you.
//!
//! # Quick start
//!
//! ```no_run
//! use ascribe_coder::models::{NewQuestion, NewStudy, ResponseInput, StudyStatus};
//! use ascribe_coder::auth_core::secret::Password;
//! use ascribe_coder::{AscribeClient, PollPolicy};
//!
//! # async fn run() -> ascribe_coder::Result<()> {
//! let client = AscribeClient::builder()
//!     .credentials(
//!         "MyAscribeAccount",
//!         "apiuser",
//!         Password::new(std::env::var("ASCRIBE_PASSWORD").unwrap_or_default()),
//!     )
//!     // Reuses the session (or bearer) token across runs.
//!     .token_file("ascribe-tokens.json")
//!     .build()?;
//!
//! // The vendor's workflow: study → question → responses → humans code →
//! // wait for status `c` → codebook → coded responses.
//! let study = client.studies().create(NewStudy::new("S458-3").name("Brand survey")).await?;
//! let question = client
//!     .questions()
//!     .create(study.key, NewQuestion::new("Q1").text("What did you like?"))
//!     .await?;
//! let upload = client
//!     .responses()
//!     .add(question.key, (1..=2500).map(|i| ResponseInput::new(format!("r{i}"), "Great value")))
//!     .send()
//!     .await?; // 3 requests of at most 1000 responses
//! println!("added {} responses in {} requests", upload.responses_added, upload.chunks);
//! client.studies().wait_for_study_completed(study.key, &PollPolicy::default()).await?;
//! let codebook = client.codebooks().for_question(question.key).send().await?;
//! let coded = client.responses().get(question.key).include_text(true).send().await?;
//! let open: Vec<_> = client
//!     .studies()
//!     .list()
//!     .status_mask([StudyStatus::InProgress, StudyStatus::OnHold])
//!     .send()
//!     .await?;
//! # let _ = (codebook, coded, open);
//! # Ok(()) }
//! ```
//!
//! # v2 and AI Coder
//!
//! [`AscribeClientBuilder::region`](crate::AscribeClientBuilder::region) picks a v2 regional server (login at
//! `POST /Session/New`); [`AscribeClientBuilder::api_version`](crate::AscribeClientBuilder::api_version) does the same
//! for any base URL. Every v1 call works on v2; the v2-only calls extend the
//! same groups ([`api::v2`]), and AI Coder is [`AscribeClient::ai_coder`]:
//!
//! ```no_run
//! use ascribe_coder::models::{CodebookExportType, QuestionEntity, QuestionResponses, ResponseInput};
//! use ascribe_coder::{AscribeClient, PollPolicy, Region};
//! use ascribe_coder::auth_core::secret::Password;
//!
//! # async fn run() -> ascribe_coder::Result<()> {
//! let client = AscribeClient::builder()
//!     .region(Region::Eu)
//!     .credentials("MyAccount", "apiuser", Password::new("…"))
//!     .build()?;
//! // 2,500 responses over two questions: 3 requests of at most 1000.
//! let added = client
//!     .responses()
//!     .add_batch(544, [
//!         QuestionResponses::new(1001, (0..1500).map(|i| ResponseInput::new(format!("r{i}"), "Great value"))),
//!         QuestionResponses::new(1002, (0..1000).map(|i| ResponseInput::new(format!("r{i}"), "France"))),
//!     ])
//!     .send()
//!     .await?;
//! println!("{} added in {} requests", added.responses_added(), added.chunks);
//!
//! // AI Coder: analyze, wait (on the client's clock), export the codebook back.
//! let task = client.ai_coder().analyze([1001]).send().await?;
//! let done = client.ai_coder().wait(task, &PollPolicy::default()).await?;
//! if let Some(project) = done.project {
//!     let export = client
//!         .ai_coder()
//!         .export_codebook(project.key, CodebookExportType::Append)
//!         .analyzed_question(1001)
//!         .send()
//!         .await?;
//!     client.ai_coder().wait(export, &PollPolicy::default()).await?;
//! }
//! client.questions().delete_batch([1002], QuestionEntity::Responses).send().await?;
//! # Ok(()) }
//! ```
//!
//! # Calls and keys
//!
//! Every call with options is a request builder: the required arguments in
//! the call, the options as setters, then `.send()`. Keys are typed
//! ([`models::StudyKey`], [`models::QuestionKey`], [`models::CodebookKey`],
//! [`models::CodeKey`], the AI Coder task keys, ...; respondent ids are
//! [`models::RespondentId`]), so a study key cannot go where a question key
//! is expected. The models carry them (`study.key` is a `StudyKey`) and
//! every call takes `impl Into<...>`, so a plain `544` still works.
//!
//! # Authentication
//!
//! `POST /Sessions` (v2: `/Session/New`, see
//! [`AscribeClientBuilder::session_path`]) returns two tokens; the client
//! sends exactly one of them, chosen by [`TokenMode`]:
//!
//! - [`TokenMode::Session`] (default): `authentication: <token>`. The token
//!   dies after 30 minutes without a request and lives for ever while used.
//!   `auth-core`'s token cache tracks the idle time (every call extends it)
//!   and logs in again first when the token has been idle for nearly 30
//!   minutes. A 401 or 403 drops the token, logs in once (one login however
//!   many calls were refused at once) and retries once.
//! - [`TokenMode::Bearer`]: `authorization: bearer <jwt>`, sent exactly as
//!   issued (it already carries its `bearer` prefix: never `Bearer bearer`).
//!   It never expires, so it can be persisted ([`AscribeClient::bearer_token`])
//!   and reused ([`AscribeClientBuilder::bearer_token`]). When it is refused,
//!   the client logs in once more; if that fails too, the credentials have
//!   changed: [`Error::CredentialsChanged`].
//!
//! Every request sends `Accept: application/json` (ASP.NET answers XML
//! otherwise). The password and the tokens never appear in `Debug` output,
//! errors or logs.
//!
//! # Errors
//!
//! Ascribe reports failures in the body, often with HTTP 200: a non-empty
//! `errors` (v1) or `errorMessage` (v2) becomes [`Error::Service`] whatever
//! the status. Transport, timeout and authentication failures are
//! [`Error::Core`] (from `auth-core`, with retries on 5xx and timeouts
//! already done).
//!
//! # Wire quirks handled
//!
//! - One-character enums ([`models::StudyStatus`], [`models::QuestionType`],
//!   [`models::Task`], [`models::CodingSource`]) are sent as one character,
//!   decoded from the character or the v2 name, and unknown values are kept.
//! - Uploads name the codes `appliedcodes` / `segmentcodes` in lower case.
//! - Uploads are cut into chunks of at most 1000 responses
//!   ([`AscribeClientBuilder::chunk_size`]); the counts of every chunk are
//!   summed into one result.
//!
//! # Testing your code
//!
//! Test the code you build on this crate against the local mock servers of
//! the [`mock-servers`](https://docs.rs/mock-servers) crate (a
//! dev-dependency: `cargo add --dev mock-servers`): they listen on
//! 127.0.0.1 and need no network or real credentials. Start `mock_servers::ascribe::AscribeMock` and build the client with `.base_url(mock.uri())` and the mock's `ACCOUNT` / `USER_NAME` / `PASSWORD`. See the
//! `mock-servers` crate docs for a complete example per service.

pub mod api;
pub mod auth;
pub mod client;
pub mod config;
pub mod error;
pub mod models;
pub mod version;

pub use client::{AscribeClient, AscribeClientBuilder};
pub use config::TokenMode;
pub use error::{Error, Result};
pub use version::{ApiVersion, Region};

/// The shared foundation, re-exported so this crate is the only dependency
/// a user needs (secrets, clock, stores, policies).
pub use auth_core;
pub use auth_core::{
    ClientConfig, ErrorMetadata, FileStore, ManualClock, MemoryStore, PollPolicy, RefreshPolicy,
    TokenStore,
};
