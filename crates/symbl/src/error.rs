//! Symbl's errors.

use std::time::Duration;

use auth_core::{Error as CoreError, ErrorMetadata};
use http::StatusCode;

/// The result type of this crate.
pub type Result<T, E = SymblError> = std::result::Result<T, E>;

/// Everything that can go wrong calling Symbl.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum SymblError {
    /// Symbl refused a job because the account's concurrent-job limit was
    /// reached (HTTP 429), and it was still refused after the retries.
    #[error("too many concurrent jobs: {message}{}", request_id.as_deref().map(|id| format!(" (request id {id})")).unwrap_or_default())]
    TooManyConcurrentJobs {
        /// What Symbl said.
        message: String,
        /// The request id, where Symbl sent one.
        request_id: Option<String>,
        /// How long Symbl asked to wait, where it said.
        retry_after: Option<Duration>,
    },

    /// A processing job ended in `failed` (Symbl gives no reason).
    #[error("Symbl job {job_id} failed")]
    JobFailed {
        /// The job.
        job_id: crate::ids::JobId,
    },

    /// The streaming WebSocket could not be opened: the address, TCP, TLS,
    /// or the upgrade was refused (`status` is the HTTP status then; 401 or
    /// 403 means the token was refused).
    #[error("could not open the Symbl stream: {message}{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    StreamConnect {
        /// The HTTP status of a refused upgrade.
        status: Option<u16>,
        /// What went wrong (never contains the token).
        message: String,
    },

    /// Symbl sent an error message on the stream; the session is over.
    #[error("Symbl stream error: {message}{}", details.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    StreamServerError {
        /// What Symbl said.
        message: String,
        /// Symbl's details, where it sent them.
        details: Option<String>,
    },

    /// The server closed the stream with a code other than 1000 (normal
    /// closure), or before the session was set up.
    #[error("Symbl closed the stream with code {code}{}", if reason.is_empty() { String::new() } else { format!(": {reason}") })]
    StreamClosed {
        /// The WebSocket close code (1006 when the close had none).
        code: u16,
        /// The reason the server gave.
        reason: String,
    },

    /// The connection broke without a close handshake.
    #[error("lost the connection to the Symbl stream: {message}")]
    StreamConnectionLost {
        /// What the transport said.
        message: String,
    },

    /// A server message could not be read: not JSON, or a known type with
    /// an unexpected shape. Unlike the other stream errors, the stream goes
    /// on after it.
    #[error("unreadable Symbl stream message{}: {message}", event_type.as_deref().map(|t| format!(" of type `{t}`")).unwrap_or_default())]
    MalformedStreamEvent {
        /// The message's `type`, where it had one.
        event_type: Option<String>,
        /// Why it could not be read.
        message: String,
    },

    /// Reading the audio source failed; the session was ended.
    #[error("reading the audio to stream failed: {message}")]
    AudioSource {
        /// The I/O error's kind.
        kind: std::io::ErrorKind,
        /// The I/O error's message.
        message: String,
    },

    /// The streaming session is over: no more audio can be sent (the event
    /// stream says why).
    #[error("the Symbl streaming session has ended")]
    StreamEnded,

    /// Any other error: HTTP status and Symbl's message, transport,
    /// credentials, timeouts (see [`auth_core::Error`]).
    #[error(transparent)]
    Core(CoreError),
}

impl From<CoreError> for SymblError {
    fn from(err: CoreError) -> Self {
        SymblError::Core(err)
    }
}

impl SymblError {
    /// The error of a processing endpoint (submit or append): there a 429
    /// is the account's concurrent-jobs cap, not a request rate limit.
    pub(crate) fn from_processing(err: CoreError) -> Self {
        match err {
            CoreError::RateLimited(api) => SymblError::TooManyConcurrentJobs {
                message: api
                    .message
                    .clone()
                    .unwrap_or_else(|| "maximum number of concurrent jobs reached".into()),
                request_id: api.request_id.clone(),
                retry_after: api.retry_after,
            },
            other => SymblError::Core(other),
        }
    }
}

impl ErrorMetadata for SymblError {
    fn core_error(&self) -> Option<&CoreError> {
        match self {
            SymblError::Core(e) => Some(e),
            _ => None,
        }
    }

    fn status(&self) -> Option<StatusCode> {
        match self {
            SymblError::TooManyConcurrentJobs { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            SymblError::StreamConnect {
                status: Some(status),
                ..
            } => StatusCode::from_u16(*status).ok(),
            other => other.core_error().and_then(ErrorMetadata::status),
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            SymblError::TooManyConcurrentJobs { message, .. }
            | SymblError::StreamServerError { message, .. } => Some(message),
            other => other.core_error().and_then(ErrorMetadata::message),
        }
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            SymblError::TooManyConcurrentJobs { request_id, .. } => request_id.as_deref(),
            other => other.core_error().and_then(ErrorMetadata::request_id),
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            SymblError::TooManyConcurrentJobs { retry_after, .. } => *retry_after,
            other => other.core_error().and_then(ErrorMetadata::retry_after),
        }
    }

    fn is_auth(&self) -> bool {
        match self {
            SymblError::StreamConnect { status, .. } => matches!(status, Some(401 | 403)),
            other => other.core_error().is_some_and(ErrorMetadata::is_auth),
        }
    }

    fn is_retryable(&self) -> bool {
        match self {
            SymblError::TooManyConcurrentJobs { .. } => true,
            // A dropped connection, or a close meaning "going away / try
            // again later", may work on a new session.
            SymblError::StreamConnectionLost { .. } => true,
            SymblError::StreamClosed { code, .. } => {
                matches!(code, 1001 | 1006 | 1011 | 1012 | 1013)
            }
            SymblError::StreamConnect { status, .. } => status.is_none_or(|s| s == 429 || s >= 500),
            other => other.core_error().is_some_and(ErrorMetadata::is_retryable),
        }
    }
}
