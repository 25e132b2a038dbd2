//! What is particular to Symbl's client configuration: its default URL and
//! policies, and how the token goes on the wire.

use std::time::Duration;

use auth_core::http::RetryConfig;
use auth_core::{PollPolicy, ServiceDefaults};

/// Symbl's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.symbl.ai";

/// How the access token is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AuthHeader {
    /// `Authorization: Bearer <token>` (what Symbl documents).
    #[default]
    Bearer,
    /// `x-api-key: <token>` (deprecated by Symbl, still accepted).
    XApiKey,
}

/// Symbl's defaults on top of the shared ones.
pub(crate) fn defaults() -> ServiceDefaults {
    ServiceDefaults::new(
        "symbl",
        DEFAULT_BASE_URL,
        concat!("symbl-rust/", env!("CARGO_PKG_VERSION")),
    )
    // Symbl's 429 is a concurrent-jobs cap that clears as jobs finish: wait
    // longer between attempts than for a flaky server.
    .retry(
        RetryConfig::default()
            .max_retries(5)
            .backoff(Duration::from_secs(1), Duration::from_secs(30)),
    )
    .call_deadline(Duration::from_secs(300))
    .poll(
        PollPolicy::default()
            .interval(Duration::from_secs(2))
            .backoff(1.5, Duration::from_secs(30))
            .deadline(Some(Duration::from_secs(4 * 3600))),
    )
}
