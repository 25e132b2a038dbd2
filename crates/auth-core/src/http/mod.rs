//! The HTTP layer: requests, credentials on the wire, retries, typed errors.
//!
//! Nothing here names the HTTP library underneath (reqwest): credentials go
//! on [`http`] types ([`AuthRequest`]), bodies are [`BodyStream`]s, so the
//! transport can change without touching a service crate.

pub mod auth;
pub mod body;
pub mod client;
mod gate;
pub mod request;
pub mod response;
pub mod retry;
mod transport;
mod urls;

pub use auth::{AuthRequest, AuthTicket, HeaderAuth, NoAuth, Payload, Rejection, RequestAuth};
pub use body::{
    BodySource, BodyStream, FileSource, MemorySource, ProgressFn, ReaderSource, UPLOAD_CHUNK_SIZE,
    reader_stream,
};
pub use client::{ErrorDetails, ErrorParser, HttpClient, HttpClientBuilder, default_error_parser};
pub use request::{ApiRequest, RequestBody, encode_component, encode_segment, push_segment};
pub use response::{ApiResponse, decode_json};
pub use retry::{DEFAULT_MAX_RETRIES, RetryAfterFn, RetryBudget, RetryConfig, parse_retry_after};
pub use transport::install_crypto_provider;
pub use urls::parse_base_url;
