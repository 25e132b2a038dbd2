//! Where Scribe's Cognito pools live and how to reach them.

use std::time::Duration;

mod builder;
pub use builder::ScribeAuthBuilder;

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

/// Reads `SCRIBE_{name}`, falling back to the unprefixed `{name}` that the
/// Scribe SDKs document (`CLIENT_ID`, `REGION`, `API_URL`, ...).
pub(crate) fn scribe_env(name: &str) -> Option<String> {
    auth_core::config::env_var("SCRIBE", name)
        .or_else(|| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
}

/// `SCRIBE_REFRESH_TOKEN_ROTATION`, where set.
pub(crate) fn refresh_mode_from_env() -> Option<RefreshMode> {
    auth_core::config::env_var("SCRIBE", "REFRESH_TOKEN_ROTATION").map(|v| parse_refresh_mode(&v))
}

/// `true`/`1`/`yes`/`on` (any case) mean rotation; anything else does not.
fn parse_refresh_mode(value: &str) -> RefreshMode {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => RefreshMode::Rotating,
        _ => RefreshMode::InitiateAuth,
    }
}

#[cfg(test)]
mod tests {
    use super::{RefreshMode, parse_refresh_mode};

    #[test]
    fn rotation_is_turned_on_by_a_true_value_only() {
        for on in ["true", "TRUE", " 1 ", "yes", "on"] {
            assert_eq!(parse_refresh_mode(on), RefreshMode::Rotating, "{on}");
        }
        for off in ["false", "0", "no", "", "rotating?"] {
            assert_eq!(parse_refresh_mode(off), RefreshMode::InitiateAuth, "{off}");
        }
    }
}
