//! Local, stateful mock servers of the APIs the SDKs talk to.
//!
//! Every mock listens on a free port of 127.0.0.1 (through [`wiremock`]), so
//! tests, examples and the demo run with no network. This crate is the one
//! place these mocks live: tests, examples and `cargo xtask demo` all use it.
//!
//! - [`harness`]: the stateful-mock harness the others are built on.
//! - [`token_api`]: a generic OAuth-style service (token endpoint + protected
//!   resources) used to exercise `auth-core` end to end.
//! - [`scribe_mi`]: Scribe's MI API, verifying every SigV4 signature.
//! - [`moto`]: a real local Cognito (moto in server mode), started per test.
//! - [`logs`]: log capture for the no-secret-in-logs tests.
//! - [`sequence`]: a responder that plays scripted responses in order.
//! - [`storage`]: a presigned-URL storage endpoint that hashes uploads as
//!   they stream (size and digests kept, never the bytes).
//! - [`symbl`]: Symbl.ai (token generation, async jobs, conversations).
//! - [`symbl_stream`]: Symbl's Streaming API (WebSocket), sharing tokens and
//!   conversations with [`symbl`].
//! - [`scinote`]: the SciNote ELN (OAuth2 authorization code, JSON:API v1).
//! - [`ascribe`]: the Ascribe Coder API (sessions, studies, questions, responses, codebooks).
//!
//! # Testing your code
//!
//! Add this crate as a dev-dependency (`cargo add --dev mock-servers`),
//! start the mock of the service your code calls, and build the client with
//! the mock's URL and the credentials exported next to each mock. Nothing
//! leaves 127.0.0.1. One example per service:
//!
//! ```no_run
//! # async fn run() {
//! use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
//! let mock = SymblMock::start().await;
//! mock.seed_conversations(2);
//! let client = symbl::SymblClient::builder()
//!     .base_url(mock.uri())
//!     .app_id(APP_ID)
//!     .app_secret(APP_SECRET)
//!     .build()
//!     .expect("client");
//! // ... call your code with `client`, then assert on it and on the mock
//! // (`mock.token_requests()`, `mock.conversation_count()`, ...).
//! # }
//! ```
//!
//! ```no_run
//! # async fn run() {
//! use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
//! let mock = SciNoteMock::start().await;
//! let team = mock.seed_team("Lab");
//! let client = scinote::SciNoteClient::builder()
//!     .server_url(mock.uri())
//!     .client_id(CLIENT_ID)
//!     .client_secret(CLIENT_SECRET)
//!     .build()
//!     .expect("client");
//! // The mock plays the user's consent: exchange the code it issues.
//! client.exchange_code(mock.issue_code()).await.expect("tokens");
//! # let _ = team;
//! # }
//! ```
//!
//! ```no_run
//! # async fn run() {
//! use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};
//! let mock = AscribeMock::start().await;
//! let client = ascribe_coder::AscribeClient::builder()
//!     .base_url(mock.uri())
//!     .credentials(ACCOUNT, USER_NAME, auth_core::secret::Password::new(PASSWORD))
//!     .build()
//!     .expect("client");
//! # let _ = client;
//! # }
//! ```
//!
//! Scribe needs a local Cognito: [`scribe_mi::ScribeEmulators`] starts moto
//! (its `moto_server` found through `MOTO_SERVER_BIN` or on `PATH`) and the
//! MI mock.
//!
//! ```no_run
//! # async fn run() {
//! use mock_servers::scribe_mi::ScribeEmulators;
//! let emu = ScribeEmulators::start().await.expect("moto and the MI mock");
//! emu.create_user("ann", "Temp-Passw0rd!").await.expect("user");
//! let client = scribe_mi::MiClient::builder()
//!     .api_url(emu.mi.api_url())
//!     .client_id(&emu.client_id)
//!     .user_pool_id(&emu.user_pool_id)
//!     .identity_pool_id(&emu.identity_pool_id)
//!     .cognito_endpoint(emu.moto.uri())
//!     .build()
//!     .expect("client");
//! # let _ = client;
//! # }
//! ```

pub mod ascribe;
pub mod front;
pub mod harness;
pub mod logs;
pub mod moto;
pub mod scinote;
pub mod scribe_mi;
pub mod sequence;
pub mod storage;
pub mod symbl;
mod symbl_manage;
pub mod symbl_stream;
pub mod token_api;

pub use sequence::Sequence;
pub use token_api::TokenApiMock;
pub use wiremock;
