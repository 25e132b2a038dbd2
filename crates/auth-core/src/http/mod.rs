//! The HTTP layer: requests, credentials on the wire, retries, typed errors.

pub mod auth;
pub mod client;
pub mod request;
pub mod response;
pub mod retry;

pub use auth::{AuthTicket, HeaderAuth, NoAuth, RequestAuth};
pub use client::{
    ErrorDetails, ErrorParser, HttpClient, HttpClientBuilder, default_error_parser, parse_base_url,
};
pub use request::{
    ApiRequest, BodySource, FileSource, ProgressFn, RequestBody, encode_component, encode_segment,
    reader_stream,
};
pub use response::{ApiResponse, decode_json};
pub use retry::{RetryAfterFn, RetryConfig, parse_retry_after};
