//! Where Scribe's Cognito pools live and how to reach them.

use std::time::Duration;

/// The region Scribe runs in unless told otherwise.
pub const DEFAULT_REGION: &str = "eu-west-2";

/// How a password login is sent to Cognito.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AuthFlow {
    /// `USER_PASSWORD_AUTH`: the password is sent (over TLS) to Cognito, as
    /// `scribeauth` (Python) does. The default.
    #[default]
    UserPassword,
    /// `USER_SRP_AUTH`: Secure Remote Password, the password never leaves
    /// the machine, as `@scribelabsai/auth` 2.0 does.
    UserSrp,
}

/// How tokens are refreshed with a refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RefreshMode {
    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`: the refresh token stays the
    /// same. The default, and what app clients without rotation accept.
    #[default]
    InitiateAuth,
    /// `GetTokensFromRefreshToken`, for app clients with refresh-token
    /// rotation: every refresh returns a new refresh token, which replaces
    /// the old one (kept in the token cache and its store). The app
    /// client's secret, if any, is sent as `ClientSecret`.
    Rotating,
}

/// The Cognito side of Scribe: user pool, app client, optional identity pool.
///
/// The region is used everywhere it matters (Cognito endpoints, the `Logins`
/// key `cognito-idp.<region>.amazonaws.com/<user_pool_id>`, the SigV4 scope);
/// it is never hard-coded elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthConfig {
    /// The Cognito app client id.
    pub client_id: String,
    /// The user pool id (`eu-west-2_AbCdEf`).
    pub user_pool_id: String,
    /// The identity pool id, needed for AWS credentials (MI API).
    pub identity_pool_id: Option<String>,
    /// The AWS region.
    pub region: String,
    /// Overrides the user pool (cognito-idp) endpoint (a local emulator).
    pub user_pool_endpoint: Option<String>,
    /// Overrides the identity pool (cognito-identity) endpoint.
    pub identity_pool_endpoint: Option<String>,
    /// Connect timeout of Cognito calls.
    pub connect_timeout: Duration,
    /// Whole-operation timeout of Cognito calls (all attempts).
    pub operation_timeout: Duration,
    /// How [`ScribeAuth::login`](crate::ScribeAuth::login) sends the password.
    pub auth_flow: AuthFlow,
    /// The app client's secret, for app clients that have one: every call
    /// that needs it then carries `SECRET_HASH`.
    pub client_secret: Option<auth_core::secret::ClientSecret>,
    /// How a refresh token is turned into new tokens (rotation or not).
    pub refresh_mode: RefreshMode,
}

impl AuthConfig {
    /// A configuration for this app client and user pool in the default region.
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf");
    /// ```
    pub fn new(client_id: impl Into<String>, user_pool_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            user_pool_id: user_pool_id.into(),
            identity_pool_id: None,
            region: DEFAULT_REGION.to_owned(),
            user_pool_endpoint: None,
            identity_pool_endpoint: None,
            connect_timeout: Duration::from_secs(5),
            operation_timeout: Duration::from_secs(30),
            auth_flow: AuthFlow::UserPassword,
            client_secret: None,
            refresh_mode: RefreshMode::InitiateAuth,
        }
    }

    /// Sets how tokens are refreshed: [`RefreshMode::Rotating`] for app
    /// clients with refresh-token rotation.
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .refresh_mode(scribe_mi::RefreshMode::Rotating);
    /// ```
    pub fn refresh_mode(mut self, mode: RefreshMode) -> Self {
        self.refresh_mode = mode;
        self
    }

    /// Sets the app client's secret (for app clients created with one).
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .client_secret(scribe_mi::auth_core::secret::ClientSecret::new("s3cr3t"));
    /// ```
    pub fn client_secret(mut self, secret: auth_core::secret::ClientSecret) -> Self {
        self.client_secret = Some(secret);
        self
    }

    /// Sets how password logins are sent (default `USER_PASSWORD_AUTH`).
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .auth_flow(scribe_mi::AuthFlow::UserSrp);
    /// ```
    pub fn auth_flow(mut self, flow: AuthFlow) -> Self {
        self.auth_flow = flow;
        self
    }

    /// Sets the identity pool (for federated AWS credentials).
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .identity_pool_id("eu-west-2:0000-1111");
    /// ```
    pub fn identity_pool_id(mut self, id: impl Into<String>) -> Self {
        self.identity_pool_id = Some(id.into());
        self
    }

    /// Sets the region.
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .region("eu-west-1");
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Sends user pool calls to this endpoint (a local Cognito such as moto).
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .user_pool_endpoint("http://127.0.0.1:5000");
    /// ```
    pub fn user_pool_endpoint(mut self, url: impl Into<String>) -> Self {
        self.user_pool_endpoint = Some(url.into());
        self
    }

    /// Sends identity pool calls to this endpoint.
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .identity_pool_endpoint("http://127.0.0.1:5000");
    /// ```
    pub fn identity_pool_endpoint(mut self, url: impl Into<String>) -> Self {
        self.identity_pool_endpoint = Some(url.into());
        self
    }

    /// Sends both kinds of Cognito calls to this endpoint.
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .endpoint("http://127.0.0.1:5000");
    /// ```
    pub fn endpoint(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.user_pool_endpoint(url.clone())
            .identity_pool_endpoint(url)
    }

    /// Sets the timeouts of Cognito calls.
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf")
    ///     .timeouts(std::time::Duration::from_secs(5), std::time::Duration::from_secs(30));
    /// ```
    pub fn timeouts(mut self, connect: Duration, operation: Duration) -> Self {
        self.connect_timeout = connect;
        self.operation_timeout = operation;
        self
    }

    /// The identity pool `Logins` key for this user pool.
    ///
    /// ```no_run
    /// let config = scribe_mi::AuthConfig::new("my-client-id", "eu-west-2_AbCdEf");
    /// assert!(config.logins_key().ends_with("/eu-west-2_AbCdEf"));
    /// ```
    pub fn logins_key(&self) -> String {
        format!(
            "cognito-idp.{}.amazonaws.com/{}",
            self.region, self.user_pool_id
        )
    }
}

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
    /// fallbacks for the Scribe SDKs' names, the same without `SCRIBE_`).
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

/// Reads `SCRIBE_{name}`, falling back to the unprefixed `{name}` that the
/// Scribe SDKs document (`CLIENT_ID`, `REGION`, `API_URL`, ...).
pub(crate) fn scribe_env(name: &str) -> Option<String> {
    auth_core::config::env_var("SCRIBE", name)
        .or_else(|| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
}
