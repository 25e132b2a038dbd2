//! Client configuration.

use std::time::Duration;

use auth_core::secret::{AccessToken, Password};
use auth_core::{RefreshPolicy, ServiceDefaults};

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
    /// ([`AscribeClientBuilder::bearer_token`](crate::AscribeClientBuilder::bearer_token)).
    Bearer,
}

/// Ascribe's own settings (the shared ones live in
/// [`auth_core::ClientConfig`]).
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) session_path: String,
    pub(crate) account: Option<String>,
    pub(crate) user_name: Option<String>,
    pub(crate) password: Option<Password>,
    pub(crate) token_mode: TokenMode,
    pub(crate) bearer_token: Option<AccessToken>,
    pub(crate) chunk_size: usize,
    pub(crate) idle_timeout: Duration,
    pub(crate) idle_margin: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_path: V1_SESSION_PATH.to_owned(),
            account: None,
            user_name: None,
            password: None,
            token_mode: TokenMode::Session,
            bearer_token: None,
            chunk_size: DEFAULT_CHUNK_SIZE,
            idle_timeout: SESSION_IDLE_TIMEOUT,
            idle_margin: Duration::from_secs(30),
        }
    }
}

impl Settings {
    /// Checks the settings; with a token store, credentials may be left
    /// out (a stored token is then used, and a login without one fails with
    /// a re-authorization error).
    pub(crate) fn validate(&self, has_store: bool) -> auth_core::Result<()> {
        if self.chunk_size == 0 {
            return Err(auth_core::Error::Config(
                "chunk_size must be at least 1".into(),
            ));
        }
        if self.idle_margin >= self.idle_timeout {
            return Err(auth_core::Error::Config(
                "idle_margin must be shorter than idle_timeout".into(),
            ));
        }
        let has_credentials = self.account.as_deref().is_some_and(|a| !a.is_empty())
            && self.user_name.as_deref().is_some_and(|u| !u.is_empty())
            && self.password.as_ref().is_some_and(|p| !p.is_empty());
        let partial = self.account.is_some() || self.user_name.is_some() || self.password.is_some();
        if partial && !has_credentials {
            return Err(auth_core::Error::Config(
                "account, user name and password must all be set and non-empty".into(),
            ));
        }
        let reusable_bearer = self.token_mode == TokenMode::Bearer && self.bearer_token.is_some();
        if !has_credentials && !reusable_bearer && !has_store {
            return Err(auth_core::Error::Config(
                "set account, user name and password (or a bearer token to reuse)".into(),
            ));
        }
        Ok(())
    }
}

/// Ascribe's defaults on top of the shared ones.
pub(crate) fn defaults(settings: &Settings) -> ServiceDefaults {
    ServiceDefaults::new(
        "ascribe",
        DEFAULT_BASE_URL,
        concat!("ascribe-coder-rust/", env!("CARGO_PKG_VERSION")),
    )
    // Uploads of responses are large.
    .attempt_timeout(Duration::from_secs(120))
    .call_deadline(Duration::from_secs(300))
    // The cache gives up a sliding token `hard_margin` before its idle limit.
    .refresh(RefreshPolicy::default().hard_margin(settings.idle_margin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_required_unless_a_bearer_token_is_reused() {
        assert!(Settings::default().validate(false).is_err());
        let partial = Settings {
            account: Some("a".into()),
            user_name: Some("u".into()),
            ..Settings::default()
        };
        assert!(partial.validate(false).is_err());
        let bearer = Settings {
            bearer_token: Some(AccessToken::new("bearer x")),
            token_mode: TokenMode::Bearer,
            ..Settings::default()
        };
        assert!(bearer.validate(false).is_ok());
        let full = Settings {
            account: Some("a".into()),
            user_name: Some("u".into()),
            password: Some(Password::new("p")),
            ..Settings::default()
        };
        assert!(full.validate(false).is_ok());
        assert!(
            Settings {
                chunk_size: 0,
                ..full
            }
            .validate(false)
            .is_err()
        );
    }
}
