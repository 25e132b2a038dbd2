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

pub mod ascribe;
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
