//! The error type shared by every SDK crate.
//!
//! Errors carry what a user needs to act or to report a problem: the HTTP
//! status, the service's own error code and message, the request id. They never
//! carry a secret: response bodies are truncated and scrubbed of every secret
//! the request sent, and transport errors are stripped of their URL (which may
//! hold a presigned signature or an API key).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;

/// The error a transport failure came from, with its URL removed (it may
/// hold a presigned signature or an API key). Opaque, so no HTTP library's
/// type is part of this API.
pub type TransportSource = Arc<dyn std::error::Error + Send + Sync>;

/// Which time limit a [`Error::Timeout`] hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt took longer than the per-attempt timeout.
    Attempt,
    /// The call as a whole (every attempt and wait) ran past its deadline.
    Deadline,
    /// Connecting took longer than the connect timeout.
    Connect,
    /// Waiting for a long-running job (polling) passed its deadline.
    Poll,
    /// Obtaining a credential took too long.
    Credential,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Attempt => "per-attempt timeout",
            TimeoutKind::Deadline => "call deadline",
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Poll => "poll deadline",
            TimeoutKind::Credential => "credential timeout",
        })
    }
}

/// The result type of the SDK crates.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The longest response body kept in an error, in bytes.
pub const MAX_ERROR_BODY: usize = 1024;

/// What a service answered when a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The service that answered (`"symbl"`, `"scinote"`, ...).
    pub service: &'static str,
    /// The operation that failed (`"list_projects"`, ...).
    pub operation: String,
    /// The HTTP status.
    pub status: StatusCode,
    /// The service's own error code, where it sends one.
    pub code: Option<String>,
    /// The service's own error message, where it sends one.
    pub message: Option<String>,
    /// The request id the service assigned, where it sends one.
    pub request_id: Option<String>,
    /// The start of the response body (at most [`MAX_ERROR_BODY`] bytes),
    /// with every secret the request carried replaced by a marker.
    pub body: Option<String>,
    /// How long the service asked us to wait before trying again.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// An error for `status` from `service`, with nothing else known yet.
    pub fn new(service: &'static str, operation: impl Into<String>, status: StatusCode) -> Self {
        Self {
            service,
            operation: operation.into(),
            status,
            code: None,
            message: None,
            request_id: None,
            body: None,
            retry_after: None,
        }
    }

    /// Sets the service's error code.
    pub fn with_code(mut self, code: Option<String>) -> Self {
        self.code = code;
        self
    }

    /// Sets the service's error message.
    pub fn with_message(mut self, message: Option<String>) -> Self {
        self.message = message;
        self
    }

    /// Sets the request id.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} failed with HTTP {}",
            self.service,
            self.operation,
            self.status.as_u16()
        )?;
        if let Some(code) = &self.code {
            write!(f, " [{code}]")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in an SDK call.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The service kept answering 429 (too many requests) after every retry.
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),

    /// The service rejected our credentials even after a forced refresh.
    #[error("not authorized: {0}")]
    Unauthorized(Box<ApiError>),

    /// The credentials themselves are wrong (bad password, app secret, ...):
    /// retrying cannot help.
    #[error("invalid credentials{}: {message}", code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default())]
    InvalidCredentials {
        /// The service's error code, where it sends one.
        code: Option<String>,
        /// What the service said.
        message: String,
    },

    /// The stored grant (refresh token, session) is no longer accepted: the
    /// user must sign in again.
    #[error("re-authorization required: {message}")]
    ReauthorizationRequired {
        /// Why.
        message: String,
        /// Where to send the user to sign in again, when the service has such a page.
        authorize_url: Option<String>,
    },

    /// A request, or a token refresh, took too long.
    #[error("{operation} timed out ({limit}{})", after.map(|d| format!(" of {d:?}")).unwrap_or_default())]
    Timeout {
        /// What timed out.
        operation: String,
        /// Which limit was reached.
        limit: TimeoutKind,
        /// The limit that was reached, where known.
        after: Option<Duration>,
    },

    /// The connection to the service could not be made.
    #[error("could not connect to {service} at {host}: {source}")]
    Connect {
        /// The service.
        service: &'static str,
        /// The host (and port) that could not be reached.
        host: String,
        /// The underlying error (its URL removed).
        #[source]
        source: TransportSource,
    },

    /// Sending the request or reading the response failed.
    #[error("transport error talking to {service}: {source}")]
    Transport {
        /// The service.
        service: &'static str,
        /// Whether the failure happened while the response body was read
        /// (a connection reset mid-body, a truncated chunked body).
        during_body: bool,
        /// The underlying error (its URL removed).
        #[source]
        source: TransportSource,
    },

    /// A response body was larger than the client's cap
    /// ([`ClientConfig::max_response_size`](crate::ClientConfig::max_response_size)):
    /// reading stopped there, so memory stays bounded.
    #[error("the {operation} response is larger than the {limit}-byte limit")]
    ResponseTooLarge {
        /// The operation.
        operation: String,
        /// The cap, in bytes.
        limit: u64,
    },

    /// A listing did not end: a page pointed back to one already read, or
    /// the page cap was reached.
    #[error("pagination of {operation} stopped: {reason}")]
    Pagination {
        /// The listing.
        operation: String,
        /// Why it stopped.
        reason: String,
    },

    /// A response did not have the expected shape.
    #[error("could not decode the {operation} response at `{path}`: {message}")]
    Decode {
        /// The operation.
        operation: String,
        /// Where in the document decoding failed (`data[3].attributes.name`).
        path: String,
        /// What was wrong.
        message: String,
    },

    /// The client is configured wrongly (missing setting, invalid URL).
    #[error("invalid configuration: {0}")]
    Config(String),

    /// An argument was rejected before anything was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// A credential provider failed with an error of its own service (kept
    /// as the source, so the service crate can recover its typed error).
    #[error("{service} credentials: {source}")]
    Provider {
        /// The service.
        service: &'static str,
        /// Whether trying again later may help.
        retryable: bool,
        /// Whether the failure is about the credentials themselves.
        auth: bool,
        /// The service's own error.
        #[source]
        source: Arc<dyn std::error::Error + Send + Sync>,
    },

    /// Reading or writing persisted tokens failed.
    #[error("token store: {message}")]
    Store {
        /// What failed, with the file involved.
        message: String,
        /// The I/O error behind it, if any.
        #[source]
        source: Option<Arc<std::io::Error>>,
    },
}

impl Error {
    /// Wraps a reqwest error for `service` talking to `host`, removing its
    /// URL first.
    pub(crate) fn from_reqwest(
        service: &'static str,
        host: &str,
        err: reqwest::Error,
        during_body: bool,
    ) -> Self {
        let err = err.without_url();
        if err.is_timeout() {
            Error::Timeout {
                operation: format!("{service} request"),
                limit: if err.is_connect() {
                    TimeoutKind::Connect
                } else {
                    TimeoutKind::Attempt
                },
                after: None,
            }
        } else if err.is_connect() {
            Error::Connect {
                service,
                host: host.to_owned(),
                source: Arc::new(err),
            }
        } else {
            Error::Transport {
                service,
                during_body,
                source: Arc::new(err),
            }
        }
    }

    /// A decode error from `serde_path_to_error`.
    pub fn decode(
        operation: impl Into<String>,
        err: serde_path_to_error::Error<serde_json::Error>,
    ) -> Self {
        Error::Decode {
            operation: operation.into(),
            path: err.path().to_string(),
            message: err.inner().to_string(),
        }
    }

    /// A store error for an I/O failure.
    pub fn store(message: impl Into<String>, source: std::io::Error) -> Self {
        Error::Store {
            message: message.into(),
            source: Some(Arc::new(source)),
        }
    }

    /// The service's answer, for errors that have one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::RateLimited(e) | Error::Unauthorized(e) => Some(e),
            _ => None,
        }
    }
}

/// What every error of every SDK crate can tell about itself: the HTTP
/// status, the service's code and message, the request id, how long the
/// service asked to wait, and what kind of failure it is.
///
/// Implemented by [`Error`] and by each service crate's error type (which
/// only says what its own variants mean and hands the rest to
/// [`core_error`](Self::core_error)), so code that handles errors of several
/// services (a CLI, a retry wrapper) needs one trait, not four.
///
/// ```
/// use auth_core::{Error, ErrorMetadata};
///
/// fn exit_code(err: &impl ErrorMetadata) -> i32 {
///     if err.is_auth() { 3 } else if err.is_not_found() { 4 } else { 1 }
/// }
/// let err = Error::Config("no base URL".into());
/// assert_eq!(exit_code(&err), 1);
/// ```
pub trait ErrorMetadata {
    /// The shared [`Error`] this one is or wraps, if any; the default
    /// methods read everything from it.
    fn core_error(&self) -> Option<&Error>;

    /// The HTTP status, for errors that came from a response.
    fn status(&self) -> Option<StatusCode> {
        self.core_error()
            .and_then(Error::api_error)
            .map(|e| e.status)
    }

    /// The service's own error code, where it sent one.
    fn code(&self) -> Option<&str> {
        match self.core_error()? {
            Error::InvalidCredentials { code, .. } => code.as_deref(),
            e => e.api_error().and_then(|e| e.code.as_deref()),
        }
    }

    /// The service's error message, where it sent one.
    fn message(&self) -> Option<&str> {
        match self.core_error()? {
            Error::InvalidCredentials { message, .. }
            | Error::ReauthorizationRequired { message, .. } => Some(message),
            e => e.api_error().and_then(|e| e.message.as_deref()),
        }
    }

    /// The request id the service assigned, where it sent one.
    fn request_id(&self) -> Option<&str> {
        self.core_error()
            .and_then(Error::api_error)
            .and_then(|e| e.request_id.as_deref())
    }

    /// How long the service asked to wait before trying again.
    fn retry_after(&self) -> Option<Duration> {
        self.core_error()
            .and_then(Error::api_error)
            .and_then(|e| e.retry_after)
    }

    /// Whether trying the same call again later may succeed.
    fn is_retryable(&self) -> bool {
        self.core_error().is_some_and(|e| match e {
            Error::Api(e) => is_retryable_status(e.status),
            Error::RateLimited(_) | Error::Timeout { .. } | Error::Connect { .. } => true,
            Error::Transport { .. } => true,
            Error::Provider { retryable, .. } => *retryable,
            _ => false,
        })
    }

    /// Whether the error is about authentication or authorization (wrong
    /// credentials, a refused token, a grant to renew).
    fn is_auth(&self) -> bool {
        self.core_error().is_some_and(|e| match e {
            Error::Unauthorized(_)
            | Error::InvalidCredentials { .. }
            | Error::ReauthorizationRequired { .. } => true,
            Error::Provider { auth, .. } => *auth,
            Error::Api(e) => {
                e.status == StatusCode::UNAUTHORIZED || e.status == StatusCode::FORBIDDEN
            }
            _ => false,
        })
    }

    /// Whether the thing asked for does not exist (HTTP 404).
    fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the service said "too many requests".
    fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether a time limit was reached.
    fn is_timeout(&self) -> bool {
        matches!(self.core_error(), Some(Error::Timeout { .. }))
    }
}

impl ErrorMetadata for Error {
    fn core_error(&self) -> Option<&Error> {
        Some(self)
    }
}

/// The statuses worth retrying: 408, 429, 500, 502, 503, 504.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Cuts `body` to at most [`MAX_ERROR_BODY`] bytes on a character boundary.
pub fn truncate_body(body: &str) -> String {
    if body.len() <= MAX_ERROR_BODY {
        return body.to_owned();
    }
    let mut end = MAX_ERROR_BODY;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &body[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> ApiError {
        ApiError::new(
            "demo",
            "get_thing",
            StatusCode::from_u16(status).expect("valid status"),
        )
        .with_code(Some("E42".into()))
        .with_message(Some("nope".into()))
        .with_request_id(Some("req-1".into()))
    }

    #[test]
    fn display_names_service_status_code_message_and_request_id() {
        let e = Error::Api(Box::new(api(404)));
        assert_eq!(
            e.to_string(),
            "demo get_thing failed with HTTP 404 [E42]: nope (request id req-1)"
        );
        assert_eq!(e.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(e.code(), Some("E42"));
        assert_eq!(e.message(), Some("nope"));
        assert_eq!(e.request_id(), Some("req-1"));
    }

    #[test]
    fn predicates_classify() {
        assert!(Error::Api(Box::new(api(404))).is_not_found());
        assert!(Error::RateLimited(Box::new(api(429))).is_rate_limited());
        assert!(Error::Api(Box::new(api(503))).is_retryable());
        assert!(!Error::Api(Box::new(api(400))).is_retryable());
        assert!(Error::Api(Box::new(api(403))).is_auth());
        assert!(Error::Unauthorized(Box::new(api(401))).is_auth());
        assert!(!Error::Unauthorized(Box::new(api(401))).is_retryable());
        assert!(Error::RateLimited(Box::new(api(429))).is_retryable());
        let creds = Error::InvalidCredentials {
            code: Some("NotAuthorizedException".into()),
            message: "Incorrect username or password.".into(),
        };
        assert!(creds.is_auth() && !creds.is_retryable());
        assert_eq!(creds.code(), Some("NotAuthorizedException"));
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let long = "é".repeat(MAX_ERROR_BODY);
        let cut = truncate_body(&long);
        assert!(cut.len() <= MAX_ERROR_BODY + '…'.len_utf8());
        assert!(cut.ends_with('…'));
        assert_eq!(truncate_body("short"), "short");
    }
}
