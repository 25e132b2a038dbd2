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
        job_id: String,
    },

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
            other => other.core_error().and_then(ErrorMetadata::status),
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            SymblError::TooManyConcurrentJobs { message, .. } => Some(message),
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

    fn is_retryable(&self) -> bool {
        match self {
            SymblError::TooManyConcurrentJobs { .. } => true,
            other => other.core_error().is_some_and(ErrorMetadata::is_retryable),
        }
    }
}
