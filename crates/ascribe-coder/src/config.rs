//! Client configuration.

use std::time::Duration;

use auth_core::http::RetryConfig;
use auth_core::secret::{AccessToken, Password};
use auth_core::{SharedClock, SystemClock};

/// The v1 host and path of the Ascribe Coder API.
pub const DEFAULT_BASE_URL: &str = "https://webservices.languagelogic.net/coder";
/// The v1 login path (`POST /Sessions`).
pub const V1_SESSION_PATH: &str = "Sessions";
/// The v2 login path (`POST /Session/New`).
pub const V2_SESSION_PATH: &str = "Session/New";
/// The most responses the service takes in one upload request.
pub const DEFAULT_CHUNK_SIZE: usize = 1000;
/// How long a session token lives without a request.
pub const SESSION_IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// Which of the two tokens a login returns is sent. Only one is ever sent:
/// the service rejects a request carrying both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TokenMode {
    /// `authentication: <authenticationToken>`: dies after 30 minutes without
    /// a request, so the client logs in again after an idle period, and once
    /// more when the service answers 401 or 403.
    #[default]
    Session,
    /// `authorization: bearer <jwt>`: never expires, dies when the user's
    /// credentials change. Can be persisted and reused
    /// ([`AscribeConfigBuilder::bearer_token`]).
    Bearer,
}

/// The configuration of an [`AscribeClient`](crate::AscribeClient).
///
/// `Debug` never shows the password or a token.
#[derive(Debug, Clone)]
pub struct AscribeConfig {
    pub(crate) base_url: String,
    pub(crate) session_path: String,
    pub(crate) account: Option<String>,
    pub(crate) user_name: Option<String>,
    pub(crate) password: Option<Password>,
    pub(crate) token_mode: TokenMode,
    pub(crate) bearer_token: Option<AccessToken>,
    pub(crate) clock: SharedClock,
    pub(crate) retry: RetryConfig,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) chunk_size: usize,
    pub(crate) idle_timeout: Duration,
    pub(crate) idle_margin: Duration,
}

impl AscribeConfig {
    /// Starts a configuration with the defaults: the v1 host, `/Sessions`,
    /// session-token mode, chunks of 1000 responses.
    pub fn builder() -> AscribeConfigBuilder {
        AscribeConfigBuilder {
            config: AscribeConfig {
                base_url: DEFAULT_BASE_URL.to_owned(),
                session_path: V1_SESSION_PATH.to_owned(),
                account: None,
                user_name: None,
                password: None,
                token_mode: TokenMode::Session,
                bearer_token: None,
                clock: std::sync::Arc::new(SystemClock),
                retry: RetryConfig::default(),
                timeout: Duration::from_secs(120),
                connect_timeout: Duration::from_secs(10),
                chunk_size: DEFAULT_CHUNK_SIZE,
                idle_timeout: SESSION_IDLE_TIMEOUT,
                idle_margin: Duration::from_secs(30),
            },
        }
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The login path under the base URL.
    pub fn session_path(&self) -> &str {
        &self.session_path
    }

    /// The account.
    pub fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }

    /// The user name.
    pub fn user_name(&self) -> Option<&str> {
        self.user_name.as_deref()
    }

    /// The token mode.
    pub fn token_mode(&self) -> TokenMode {
        self.token_mode
    }

    /// The most responses sent in one request.
    pub fn chunk_size(&self) -> usize {
        self.chunk_size
    }
}

/// Builds an [`AscribeConfig`].
#[derive(Debug, Clone)]
pub struct AscribeConfigBuilder {
    config: AscribeConfig,
}

impl AscribeConfigBuilder {
    /// Sets the base URL (default [`DEFAULT_BASE_URL`]; v2 hosts such as
    /// `https://api.goascribe.us/coder/v2` also need
    /// [`session_path`](Self::session_path)`(`[`V2_SESSION_PATH`]`)`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    /// Sets the login path under the base URL (default [`V1_SESSION_PATH`]).
    pub fn session_path(mut self, path: impl Into<String>) -> Self {
        self.config.session_path = path.into();
        self
    }

    /// Sets the account.
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.config.account = Some(account.into());
        self
    }

    /// Sets the user name (a dedicated API user is advised, as the service
    /// attributes time accounting to it).
    pub fn user_name(mut self, user_name: impl Into<String>) -> Self {
        self.config.user_name = Some(user_name.into());
        self
    }

    /// Sets the password.
    pub fn password(mut self, password: Password) -> Self {
        self.config.password = Some(password);
        self
    }

    /// Sets account, user name and password at once.
    pub fn credentials(
        self,
        account: impl Into<String>,
        user_name: impl Into<String>,
        password: Password,
    ) -> Self {
        self.account(account)
            .user_name(user_name)
            .password(password)
    }

    /// Sets which token is sent (default [`TokenMode::Session`]).
    pub fn token_mode(mut self, mode: TokenMode) -> Self {
        self.config.token_mode = mode;
        self
    }

    /// Reuses a bearer token obtained earlier (implies [`TokenMode::Bearer`]):
    /// no login happens until the service rejects it. With or without its
    /// `bearer ` prefix; it is sent with exactly one.
    pub fn bearer_token(mut self, token: AccessToken) -> Self {
        self.config.bearer_token = Some(token);
        self.config.token_mode = TokenMode::Bearer;
        self
    }

    /// Sets the clock (tests pass an `auth_core::ManualClock`).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.config.clock = clock;
        self
    }

    /// Sets the retry settings of the HTTP layer.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Sets the whole-request timeout (default 120 s: uploads are large).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Sets the connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Sets the most responses sent in one request (default 1000, the
    /// service's recommended maximum).
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.config.chunk_size = size;
        self
    }

    /// Sets how long before the 30-minute idle limit a session token is no
    /// longer trusted and a new login happens first (default 30 s, which
    /// covers the time a request takes to reach the service).
    pub fn idle_margin(mut self, margin: Duration) -> Self {
        self.config.idle_margin = margin;
        self
    }

    /// Sets the session idle timeout (default 30 minutes, as documented).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.config.idle_timeout = timeout;
        self
    }

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> auth_core::Result<AscribeConfig> {
        let c = self.config;
        if c.chunk_size == 0 {
            return Err(auth_core::Error::Config(
                "chunk_size must be at least 1".into(),
            ));
        }
        if c.idle_margin >= c.idle_timeout {
            return Err(auth_core::Error::Config(
                "idle_margin must be shorter than idle_timeout".into(),
            ));
        }
        let has_credentials = c.account.as_deref().is_some_and(|a| !a.is_empty())
            && c.user_name.as_deref().is_some_and(|u| !u.is_empty())
            && c.password.as_ref().is_some_and(|p| !p.is_empty());
        let partial = c.account.is_some() || c.user_name.is_some() || c.password.is_some();
        if partial && !has_credentials {
            return Err(auth_core::Error::Config(
                "account, user name and password must all be set and non-empty".into(),
            ));
        }
        let reusable_bearer = c.token_mode == TokenMode::Bearer && c.bearer_token.is_some();
        if !has_credentials && !reusable_bearer {
            return Err(auth_core::Error::Config(
                "set account, user name and password (or a bearer token to reuse)".into(),
            ));
        }
        auth_core::http::parse_base_url(&c.base_url)?;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_required_unless_a_bearer_token_is_reused() {
        assert!(AscribeConfig::builder().build().is_err());
        assert!(
            AscribeConfig::builder()
                .account("a")
                .user_name("u")
                .build()
                .is_err()
        );
        assert!(
            AscribeConfig::builder()
                .bearer_token(AccessToken::new("bearer x"))
                .build()
                .is_ok()
        );
        let c = AscribeConfig::builder()
            .credentials("a", "u", Password::new("p"))
            .build()
            .expect("valid");
        assert_eq!(c.token_mode(), TokenMode::Session);
        assert_eq!(c.chunk_size(), 1000);
        assert_eq!(c.session_path(), "Sessions");
        assert!(
            AscribeConfig::builder()
                .credentials("a", "u", Password::new("p"))
                .chunk_size(0)
                .build()
                .is_err()
        );
    }
}
