//! Client configuration.

use std::fmt;
use std::time::Duration;

use auth_core::http::RetryConfig;
use auth_core::secret::ClientSecret;
use std::sync::Arc;

use auth_core::{PollPolicy, RefreshPolicy, SharedClock, TokenStore};

use crate::auth::SecretFn;

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

/// Everything a [`SymblClient`](crate::SymblClient) needs; built with
/// [`SymblClient::builder`](crate::SymblClient::builder).
#[derive(Clone)]
pub struct SymblConfig {
    pub(crate) base_url: String,
    pub(crate) app_id: String,
    pub(crate) app_secret: ClientSecret,
    pub(crate) auth_header: AuthHeader,
    pub(crate) clock: Option<SharedClock>,
    pub(crate) retry: RetryConfig,
    pub(crate) timeout: Duration,
    pub(crate) upload_timeout: Duration,
    pub(crate) refresh: RefreshPolicy,
    pub(crate) poll: PollPolicy,
    pub(crate) max_concurrent_jobs: Option<usize>,
    pub(crate) secret_fn: Option<SecretFn>,
    pub(crate) store: Option<(Arc<dyn TokenStore>, String)>,
}

impl Default for SymblConfig {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            app_id: String::new(),
            app_secret: ClientSecret::new(""),
            auth_header: AuthHeader::Bearer,
            clock: None,
            // Symbl's 429 is a concurrent-jobs cap that clears as jobs finish:
            // wait longer between attempts than for a flaky server.
            retry: RetryConfig::default()
                .max_retries(5)
                .backoff(Duration::from_secs(1), Duration::from_secs(30)),
            timeout: Duration::from_secs(60),
            upload_timeout: Duration::from_secs(3600),
            refresh: RefreshPolicy::default(),
            poll: PollPolicy::default()
                .interval(Duration::from_secs(2))
                .backoff(1.5, Duration::from_secs(30))
                .deadline(Some(Duration::from_secs(4 * 3600))),
            max_concurrent_jobs: None,
            secret_fn: None,
            store: None,
        }
    }
}

impl fmt::Debug for SymblConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SymblConfig")
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("app_secret", &self.app_secret)
            .field("auth_header", &self.auth_header)
            .field("timeout", &self.timeout)
            .field("max_concurrent_jobs", &self.max_concurrent_jobs)
            .finish_non_exhaustive()
    }
}
