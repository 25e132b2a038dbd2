//! The client builder: the shared settings of every SDK client plus
//! Ascribe's own, validated once in `build()`.

use std::sync::Arc;
use std::time::Duration;

use auth_core::ClientConfig;
use auth_core::secret::{AccessToken, Password};
use http::HeaderValue;
use http::header::ACCEPT;

use super::{AscribeClient, Inner};
use crate::auth::build_auth;
use crate::config::{Settings, TokenMode, defaults};
use crate::error::{Result, error_parser};
use crate::version::ApiVersion;

/// Builds an [`AscribeClient`]: the shared settings of every SDK client
/// (base URL, timeouts, retry policy, token store, ...) plus Ascribe's own
/// (account, user and password, token mode, login path, chunk size, idle
/// session limits). Defaults: the v1 host, `/Sessions`, session-token mode,
/// chunks of 1000 responses.
#[derive(Debug, Default)]
pub struct AscribeClientBuilder {
    config: ClientConfig,
    settings: Settings,
}

impl AscribeClientBuilder {
    auth_core::client_config_setters!(config, "ascribe_coder::AscribeClient::builder()");

    /// Sets the login path under the base URL (default [`V1_SESSION_PATH`](crate::config::V1_SESSION_PATH);
    /// v2 hosts such as `https://api.goascribe.us/coder/v2` use
    /// [`V2_SESSION_PATH`](crate::config::V2_SESSION_PATH)).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder()
    ///     .session_path(ascribe_coder::config::V2_SESSION_PATH);
    /// # let _ = builder;
    /// ```
    pub fn session_path(mut self, path: impl Into<String>) -> Self {
        self.settings.session_path = path.into();
        self
    }

    /// Sets the account.
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().account("acme");
    /// # let _ = builder;
    /// ```
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.settings.account = Some(account.into());
        self
    }

    /// Sets the user name (a dedicated API user is advised, as the service
    /// attributes time accounting to it).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().user_name("api-user");
    /// # let _ = builder;
    /// ```
    pub fn user_name(mut self, user_name: impl Into<String>) -> Self {
        self.settings.user_name = Some(user_name.into());
        self
    }

    /// Sets the password.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// let builder = ascribe_coder::AscribeClient::builder().password(Password::new("pw"));
    /// # let _ = builder;
    /// ```
    pub fn password(mut self, password: Password) -> Self {
        self.settings.password = Some(password);
        self
    }

    /// Sets account, user name and password at once.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// let builder = ascribe_coder::AscribeClient::builder()
    ///     .credentials("acme", "api-user", Password::new("pw"));
    /// # let _ = builder;
    /// ```
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
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().token_mode(ascribe_coder::TokenMode::Bearer);
    /// # let _ = builder;
    /// ```
    pub fn token_mode(mut self, mode: TokenMode) -> Self {
        self.settings.token_mode = mode;
        self
    }

    /// Reuses a bearer token obtained earlier (implies [`TokenMode::Bearer`]):
    /// no login happens until the service rejects it. With or without its
    /// `bearer ` prefix; it is sent with exactly one. (A token store does
    /// this for you across runs.)
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::AccessToken;
    /// let builder = ascribe_coder::AscribeClient::builder().bearer_token(AccessToken::new("bearer eyJ..."));
    /// # let _ = builder;
    /// ```
    pub fn bearer_token(mut self, token: AccessToken) -> Self {
        self.settings.bearer_token = Some(token);
        self.settings.token_mode = TokenMode::Bearer;
        self
    }

    /// Sets the most responses sent in one request (default 1000, the
    /// service's recommended maximum).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().chunk_size(500);
    /// # let _ = builder;
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.settings.chunk_size = size;
        self
    }

    /// Sets how long before the 30-minute idle limit a session token is no
    /// longer trusted and a new login happens first (default 30 s, which
    /// covers the time a request takes to reach the service).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().idle_margin(std::time::Duration::from_secs(60));
    /// # let _ = builder;
    /// ```
    pub fn idle_margin(mut self, margin: Duration) -> Self {
        self.settings.idle_margin = margin;
        self
    }

    /// Sets the session idle timeout (default 30 minutes, as documented).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().idle_timeout(std::time::Duration::from_secs(900));
    /// # let _ = builder;
    /// ```
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.settings.idle_timeout = timeout;
        self
    }

    /// Reads `ASCRIBE_BASE_URL`, `ASCRIBE_ACCOUNT`, `ASCRIBE_USERNAME` and
    /// `ASCRIBE_PASSWORD` where set.
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().from_env();
    /// # let _ = builder;
    /// ```
    pub fn from_env(mut self) -> Self {
        let var = |k: &str| auth_core::config::env_var("ASCRIBE", k);
        self.config = self.config.from_env("ASCRIBE");
        if let Some(v) = var("ACCOUNT") {
            self.settings.account = Some(v);
        }
        if let Some(v) = var("USERNAME") {
            self.settings.user_name = Some(v);
        }
        if let Some(v) = var("PASSWORD") {
            self.settings.password = Some(Password::new(v));
        }
        self
    }

    /// Builds the client. Nothing is sent until the first call (or
    /// [`AscribeClient::login`]).
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] when credentials are missing (and
    /// neither a bearer token nor a token store is given) or partial, on a zero chunk size, an idle margin
    /// not shorter than the idle timeout, or an invalid base URL.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// # fn run() -> ascribe_coder::Result<()> {
    /// let client = ascribe_coder::AscribeClient::builder()
    ///     .credentials("acme", "api-user", Password::new("pw"))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn build(self) -> Result<AscribeClient> {
        let settings = self.settings;
        settings.validate(self.config.store_setting().is_some())?;
        let base = self.config.build(&defaults(&settings), |http| {
            // ASP.NET answers XML to the default Accept header.
            http.default_header(ACCEPT, HeaderValue::from_static("application/json"))
                .error_parser(Arc::new(error_parser))
        })?;
        let (auth, tokens) = build_auth(&settings, &base);
        let http = base.http().clone();
        Ok(AscribeClient {
            inner: Arc::new(Inner {
                http,
                auth,
                tokens,
                api_version: ApiVersion::of_session_path(&settings.session_path),
                mode: settings.token_mode,
                chunk_size: settings.chunk_size,
                account: settings.account,
                user_name: settings.user_name,
                password: settings.password,
            }),
        })
    }
}
