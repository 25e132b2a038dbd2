//! Symbl's errors.

use std::time::Duration;

use auth_core::Error as CoreError;
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
        match err {
            // On the processing endpoints a 429 is the concurrency cap, not a
            // request rate limit.
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

impl SymblError {
    /// The HTTP status, for errors that came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            SymblError::TooManyConcurrentJobs { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            SymblError::Core(e) => e.status(),
            SymblError::JobFailed { .. } => None,
        }
    }

    /// Symbl's message, where it sent one.
    pub fn message(&self) -> Option<&str> {
        match self {
            SymblError::TooManyConcurrentJobs { message, .. } => Some(message),
            SymblError::Core(e) => e.message(),
            SymblError::JobFailed { .. } => None,
        }
    }

    /// The request id, where Symbl sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SymblError::TooManyConcurrentJobs { request_id, .. } => request_id.as_deref(),
            SymblError::Core(e) => e.request_id(),
            SymblError::JobFailed { .. } => None,
        }
    }

    /// Whether the error is about credentials (bad app id or secret, token refused).
    pub fn is_auth(&self) -> bool {
        matches!(self, SymblError::Core(e) if e.is_auth())
    }

    /// Whether trying again later may help.
    pub fn is_retryable(&self) -> bool {
        match self {
            SymblError::TooManyConcurrentJobs { .. } => true,
            SymblError::Core(e) => e.is_retryable(),
            SymblError::JobFailed { .. } => false,
        }
    }

    /// Whether a deadline passed (a request, or waiting for a job).
    pub fn is_timeout(&self) -> bool {
        matches!(self, SymblError::Core(e) if e.is_timeout())
    }

    /// Whether the conversation or job does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }
}
