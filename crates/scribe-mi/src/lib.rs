//! Rust SDK for Scribe's MI (private information) API.
//!
//! Scribe is reached through AWS Cognito (user pool login by password or
//! SRP, challenges, refresh; identity pool credentials). The MI API v1 signs
//! every call with AWS SigV4; v2 (`mi.scribelabs.ai/v2`) sends the Cognito
//! access token itself, or a self-managed JWT ([`jwt`]). One client speaks
//! both: the version follows from the API URL or
//! [`MiClientBuilder::api_version`]. This crate covers everything the Python `scribeauth` package does,
//! with typed errors that keep their meaning (a network failure is never
//! reported as a wrong password), a configurable region and endpoints, and
//! secrets that never print.
//!
//! # Quick start: tokens
//!
//! ```no_run
//! use scribe_mi::auth_core::secret::Password;
//! use scribe_mi::cognito::{ChallengeKind, Login, ScribeAuth};
//!
//! # async fn run() -> scribe_mi::Result<()> {
//! let auth = ScribeAuth::builder()
//!     .client_id("my-client-id")
//!     .user_pool_id("eu-west-2_AbCdEf")
//!     .build()?;
//! let password = Password::new(std::env::var("SCRIBE_PASSWORD").unwrap_or_default());
//! let tokens = match auth.login("me@example.com", &password).await? {
//!     Login::Tokens(tokens) => tokens,
//!     Login::Challenge(c) if *c.kind() == ChallengeKind::NewPasswordRequired => {
//!         let new_password = Password::new("a-new-strong-password");
//!         auth.complete_new_password(&c, &new_password).await?.into_tokens()?
//!     }
//!     Login::Challenge(c) => panic!("answer {:?} first", c.kind()),
//! };
//! let refreshed = auth.refresh(tokens.refresh_token().expect("Cognito sends one")).await?;
//! # let _ = refreshed; Ok(()) }
//! ```
//!
//! # Quick start: the MI API
//!
//! ```no_run
//! use scribe_mi::auth_core::secret::Password;
//! use scribe_mi::mi::{Document, Model};
//! use scribe_mi::{Login, MiClient};
//!
//! # async fn run() -> scribe_mi::Result<()> {
//! // SCRIBE_API_URL, SCRIBE_REGION, SCRIBE_CLIENT_ID, SCRIBE_USER_POOL_ID,
//! // SCRIBE_IDENTITY_POOL_ID (unprefixed names as fallbacks); the token file
//! // keeps the sign-in across runs.
//! let client = MiClient::builder().from_env().token_file("scribe-tokens.json").build()?;
//! let password = Password::new(std::env::var("SCRIBE_PASSWORD").unwrap_or_default());
//! if let Login::Challenge(c) = client.authenticate("me@example.com", &password).await? {
//!     client.complete_new_password(&c, &Password::new("a-new-strong-password")).await?;
//! }
//! // Every call is SigV4-signed; tokens and AWS credentials refresh themselves.
//! let jobid = client
//!     .submit_task(Document::Path("reports/Q2.pdf".as_ref()))
//!     .company("Acme")
//!     .send()
//!     .await?;
//! let task = client.wait_for_task(&jobid).send().await?;
//! if let Model::Financials(model) = client.fetch_model(&task).await? {
//!     println!("{} items", model.items.len());
//! }
//! # Ok(()) }
//! ```
//!
//! # Quick start: MI API v2, SRP login
//!
//! ```no_run
//! use scribe_mi::auth_core::secret::Password;
//! use scribe_mi::{AuthFlow, MiClient};
//!
//! # async fn run() -> scribe_mi::Result<()> {
//! // API_URL=mi.scribelabs.ai/v2, USER_POOL_ID, CLIENT_ID: no identity pool.
//! let client = MiClient::builder()
//!     .from_env()
//!     .auth_flow(AuthFlow::UserSrp) // the password never leaves the machine
//!     .build()?;
//! let password = Password::new(std::env::var("SCRIBE_PASSWORD").unwrap_or_default());
//! client.authenticate("me@example.com", &password).await?.into_tokens()?;
//! // `Authorization: <access token>`, refreshed ahead of expiry and once on 401.
//! for task in client.list_tasks().send().await? {
//!     println!("{} {}", task.jobid, task.status);
//! }
//! # Ok(()) }
//! ```
//!
//! # Layout
//! - [`cognito`]: `ScribeAuth`, the user and identity pool flows (SRP included).
//! - [`jwt`]: self-managed RS256 JWTs (signer and verifier).
//! - [`sigv4`]: the request signer and the `RequestAuth` that signs every call.
//! - [`mi`]: the MI client (v1 and v2), its tasks and models.
//! - [`totp`]: authenticator-app codes (RFC 6238) for software-token MFA.
//! - [`ids`]: the typed job id.
//! - [`credentials`], [`config`], [`error`].
//!
//! # Testing your code
//!
//! Test the code you build on this crate against the local mock servers of
//! the [`mock-servers`](https://docs.rs/mock-servers) crate (a
//! dev-dependency: `cargo add --dev mock-servers`): they listen on
//! 127.0.0.1 and need no network or real credentials. Start `mock_servers::scribe_mi::ScribeEmulators` (moto as Cognito plus the MI mock) and point `.api_url(..)` and `.cognito_endpoint(..)` at them. See the
//! `mock-servers` crate docs for a complete example per service.

pub mod cognito;
pub mod config;
pub mod credentials;
pub mod error;
pub mod ids;
pub mod jwt;
pub mod mi;
pub mod sigv4;
pub mod totp;

pub use cognito::{Challenge, ChallengeKind, Login, ScribeAuth};
pub use config::{AuthConfig, AuthFlow, RefreshMode, ScribeAuthBuilder};
pub use credentials::AwsCredentials;
pub use error::{Result, ScribeError};
pub use ids::JobId;
pub use mi::{MiClient, MiClientBuilder, MiVersion};

/// The shared foundation, re-exported so this crate is the only dependency
/// a user needs (secrets, clock, stores, policies).
pub use auth_core;
pub use auth_core::{
    ClientConfig, ErrorMetadata, FileStore, ManualClock, MemoryStore, PollPolicy, RefreshPolicy,
    TokenStore,
};
