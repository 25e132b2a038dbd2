//! The builder of [`ScribeAuth`](crate::ScribeAuth).

use std::time::Duration;

use super::{AuthConfig, AuthFlow, RefreshMode, refresh_mode_from_env, scribe_env};

/// Builds a [`ScribeAuth`](crate::ScribeAuth): `ScribeAuth::builder()
/// .client_id(..).user_pool_id(..) ... .build()`, like every client here.
#[derive(Debug, Clone)]
pub struct ScribeAuthBuilder {
    config: AuthConfig,
    clock: Option<auth_core::SharedClock>,
}

impl Default for ScribeAuthBuilder {
    fn default() -> Self {
        Self {
            config: AuthConfig::new("", ""),
            clock: None,
        }
    }
}

impl ScribeAuthBuilder {
    /// Sets the Cognito app client id.
    ///
    /// ```no_run
    /// let builder = scribe_mi::ScribeAuth::builder().client_id("my-client-id");
    /// # let _ = builder;
    /// ```
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.config.client_id = id.into();
        self
    }

    /// Sets the user pool id (`eu-west-2_AbCdEf`).
    ///
    /// ```no_run
    /// let builder = scribe_mi::ScribeAuth::builder().user_pool_id("eu-west-2_AbCdEf");
    /// # let _ = builder;
    /// ```
    pub fn user_pool_id(mut self, id: impl Into<String>) -> Self {
        self.config.user_pool_id = id.into();
        self
    }

    /// Sets the identity pool (for federated AWS credentials).
    ///
    /// ```no_run
    /// let builder = scribe_mi::ScribeAuth::builder().identity_pool_id("eu-west-2:1234");
    /// # let _ = builder;
    /// ```
    pub fn identity_pool_id(mut self, id: impl Into<String>) -> Self {
        self.config = self.config.identity_pool_id(id);
        self
    }

    /// Sets the region (default `eu-west-2`).
    ///
    /// ```no_run
    /// let builder = scribe_mi::ScribeAuth::builder().region("us-east-1");
    /// # let _ = builder;
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config = self.config.region(region);
        self
    }

    /// Sends both kinds of Cognito calls to this endpoint (a local emulator).
    ///
    /// ```no_run
    /// let builder = scribe_mi::ScribeAuth::builder().endpoint("http://127.0.0.1:5000");
    /// # let _ = builder;
    /// ```
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.config = self.config.endpoint(url);
        self
    }

    /// Sets how password logins are sent: [`AuthFlow::UserSrp`] for SRP
    /// (the password never leaves the machine), default
    /// [`AuthFlow::UserPassword`].
    ///
    /// ```no_run
    /// use scribe_mi::config::AuthFlow;
    /// let builder = scribe_mi::ScribeAuth::builder().auth_flow(AuthFlow::UserSrp);
    /// # let _ = builder;
    /// ```
    pub fn auth_flow(mut self, flow: AuthFlow) -> Self {
        self.config = self.config.auth_flow(flow);
        self
    }

    /// Sets the app client's secret, for app clients that have one
    /// (`SECRET_HASH` is then sent on every call that needs it).
    ///
    /// ```no_run
    /// use auth_core::secret::ClientSecret;
    /// let secret = ClientSecret::new(std::env::var("SCRIBE_CLIENT_SECRET").unwrap_or_default());
    /// let builder = scribe_mi::ScribeAuth::builder().client_secret(secret);
    /// # let _ = builder;
    /// ```
    pub fn client_secret(mut self, secret: auth_core::secret::ClientSecret) -> Self {
        self.config = self.config.client_secret(secret);
        self
    }

    /// Sets how tokens are refreshed: [`RefreshMode::Rotating`]
    /// (`GetTokensFromRefreshToken`) for app clients with refresh-token
    /// rotation, default [`RefreshMode::InitiateAuth`].
    ///
    /// ```no_run
    /// use scribe_mi::RefreshMode;
    /// let builder = scribe_mi::ScribeAuth::builder().refresh_mode(RefreshMode::Rotating);
    /// # let _ = builder;
    /// ```
    pub fn refresh_mode(mut self, mode: RefreshMode) -> Self {
        self.config = self.config.refresh_mode(mode);
        self
    }

    /// Sets the timeouts of Cognito calls.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let builder = scribe_mi::ScribeAuth::builder().timeouts(Duration::from_secs(3), Duration::from_secs(20));
    /// # let _ = builder;
    /// ```
    pub fn timeouts(mut self, connect: Duration, operation: Duration) -> Self {
        self.config = self.config.timeouts(connect, operation);
        self
    }

    /// Sets the clock (tests).
    ///
    /// ```no_run
    /// let builder = scribe_mi::ScribeAuth::builder()
    ///     .clock(std::sync::Arc::new(auth_core::ManualClock::new()));
    /// # let _ = builder;
    /// ```
    pub fn clock(mut self, clock: auth_core::SharedClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Starts from this whole configuration.
    ///
    /// ```no_run
    /// use scribe_mi::AuthConfig;
    /// let builder = scribe_mi::ScribeAuth::builder().auth_config(AuthConfig::new("client", "pool"));
    /// # let _ = builder;
    /// ```
    pub fn auth_config(mut self, config: AuthConfig) -> Self {
        self.config = config;
        self
    }

    /// Reads `SCRIBE_CLIENT_ID`, `SCRIBE_USER_POOL_ID`, `SCRIBE_IDENTITY_POOL_ID`,
    /// `SCRIBE_REGION`, `SCRIBE_CLIENT_SECRET` and `SCRIBE_COGNITO_ENDPOINT` (and, as documented
    /// fallbacks for the Scribe SDKs' names, the same without `SCRIBE_`), and
    /// `SCRIBE_REFRESH_TOKEN_ROTATION` (`true` for [`RefreshMode::Rotating`]).
    ///
    /// ```no_run
    /// let builder = scribe_mi::ScribeAuth::builder().from_env();
    /// # let _ = builder;
    /// ```
    pub fn from_env(mut self) -> Self {
        if let Some(v) = scribe_env("CLIENT_ID") {
            self.config.client_id = v;
        }
        if let Some(v) = scribe_env("USER_POOL_ID") {
            self.config.user_pool_id = v;
        }
        if let Some(v) = scribe_env("IDENTITY_POOL_ID") {
            self.config = self.config.identity_pool_id(v);
        }
        if let Some(v) = scribe_env("REGION") {
            self.config = self.config.region(v);
        }
        if let Some(v) = auth_core::config::env_var("SCRIBE", "CLIENT_SECRET") {
            self.config = self
                .config
                .client_secret(auth_core::secret::ClientSecret::new(v));
        }
        if let Some(v) = auth_core::config::env_var("SCRIBE", "COGNITO_ENDPOINT") {
            self.config = self.config.endpoint(v);
        }
        if let Some(mode) = refresh_mode_from_env() {
            self.config = self.config.refresh_mode(mode);
        }
        self
    }

    /// Builds the client (nothing is sent yet).
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] when the client id or user pool id is missing.
    ///
    /// ```no_run
    /// # fn run() -> scribe_mi::Result<()> {
    /// let auth = scribe_mi::ScribeAuth::builder()
    ///     .client_id("my-client-id")
    ///     .user_pool_id("eu-west-2_AbCdEf")
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn build(self) -> crate::Result<crate::ScribeAuth> {
        for (value, name) in [
            (&self.config.client_id, "client id (SCRIBE_CLIENT_ID)"),
            (
                &self.config.user_pool_id,
                "user pool id (SCRIBE_USER_POOL_ID)",
            ),
        ] {
            if value.trim().is_empty() {
                return Err(auth_core::Error::Config(format!("Scribe needs a {name}")).into());
            }
        }
        let clock = self.clock.unwrap_or_else(auth_core::clock::system_clock);
        Ok(crate::ScribeAuth::with_clock(self.config, clock))
    }
}
