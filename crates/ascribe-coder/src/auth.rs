//! Logging in (`POST /Sessions`) and putting the token on the wire.
//!
//! The login is a [`TokenProvider`], so `auth-core`'s [`TokenCache`](auth_core::TokenCache) decides
//! when to call it and makes sure only one login is in flight however many
//! calls need one. The session token gets a sliding [`Lifetime::idle`] of 30
//! minutes, which the cache extends on every use; the bearer token gets
//! [`Lifetime::never`].

use auth_core::ErrorMetadata;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use auth_core::http::{ApiRequest, HeaderAuth, HttpClient};
use auth_core::secret::{AccessToken, Password, redact_all};
use auth_core::{BaseClient, Error, Lifetime, Result, StoredCredentials, TokenProvider, TokenSet};
use http::{HeaderName, StatusCode};
use serde::{Deserialize, Serialize};

use crate::config::{Settings, TokenMode};
use crate::error::service_messages;

/// The header carrying the session token.
pub const SESSION_HEADER: &str = "authentication";
/// The header carrying the bearer token.
pub const BEARER_HEADER: &str = "authorization";

/// The credentials a login sends.
#[derive(Clone)]
pub(crate) struct Credentials {
    pub(crate) account: String,
    pub(crate) user_name: String,
    pub(crate) password: Password,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("account", &self.account)
            .field("user_name", &self.user_name)
            .field("password", &self.password)
            .finish()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionRequest<'a> {
    account: &'a str,
    user_name: &'a str,
    password: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionResponse {
    #[serde(default)]
    authentication_token: Option<AccessToken>,
    #[serde(default)]
    bearer_token: Option<AccessToken>,
}

/// Logs in with account, user name and password.
pub(crate) struct SessionProvider {
    http: HttpClient,
    session_path: String,
    credentials: Option<Credentials>,
    mode: TokenMode,
    idle_timeout: Duration,
}

impl fmt::Debug for SessionProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionProvider")
            .field("session_path", &self.session_path)
            .field("credentials", &self.credentials)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl SessionProvider {
    fn login_failed(&self, message: String, had_token: bool) -> Error {
        let message = self.scrub(&message);
        if self.mode == TokenMode::Bearer && had_token {
            // A bearer token only dies when the credentials change; a login
            // refused right after it died confirms it.
            Error::ReauthorizationRequired {
                message,
                authorize_url: None,
            }
        } else {
            Error::InvalidCredentials {
                code: None,
                message,
            }
        }
    }

    /// Removes the password from text the service sent back.
    fn scrub(&self, text: &str) -> String {
        match &self.credentials {
            Some(c) => redact_all(text, &[c.password.expose_secret()]),
            None => text.to_owned(),
        }
    }
}

#[async_trait]
impl TokenProvider<TokenSet> for SessionProvider {
    async fn fetch(&self, previous: Option<Arc<TokenSet>>) -> Result<TokenSet> {
        let had_token = previous.is_some();
        let Some(creds) = &self.credentials else {
            return Err(Error::ReauthorizationRequired {
                message: "the bearer token was rejected and no credentials are configured to log in again"
                    .into(),
                authorize_url: None,
            });
        };
        let body = SessionRequest {
            account: &creds.account,
            user_name: &creds.user_name,
            password: creds.password.expose_secret(),
        };
        let request = ApiRequest::post("create_session", self.session_path.clone())
            .json(&body)?
            .redacting(&creds.password)
            // Logging in twice is harmless.
            .retry_safe(true)
            .unauthenticated();
        // Expiry counts from the send instant, so latency never stretches it.
        let sent_at = self.http.clock().now();
        let response = match self.http.send_unauthenticated(request).await {
            Ok(r) => r,
            Err(err) => {
                let refused = err.status().is_some_and(|s| {
                    s == StatusCode::BAD_REQUEST
                        || s == StatusCode::UNAUTHORIZED
                        || s == StatusCode::FORBIDDEN
                });
                if refused {
                    let message = err
                        .message()
                        .map(str::to_owned)
                        .unwrap_or_else(|| err.to_string());
                    return Err(self.login_failed(message, had_token));
                }
                return Err(err);
            }
        };
        // Ascribe refuses a login with HTTP 200 and `errors`.
        if let Some(messages) = service_messages(response.body()) {
            return Err(self.login_failed(messages.join("; "), had_token));
        }
        let session: SessionResponse = response.json()?;
        let missing = |what: &str| Error::Decode {
            operation: "create_session".into(),
            path: what.into(),
            message: "the login answer has no token".into(),
        };
        let set = match self.mode {
            TokenMode::Session => {
                let token = session
                    .authentication_token
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| missing("authenticationToken"))?;
                TokenSet::new(token, Lifetime::idle(sent_at, self.idle_timeout))
            }
            TokenMode::Bearer => {
                let token = session
                    .bearer_token
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| missing("bearerToken"))?;
                TokenSet::new(normalize_bearer(&token), Lifetime::never(sent_at))
            }
        };
        tracing::debug!(mode = ?self.mode, "logged in to Ascribe");
        Ok(set)
    }
}

/// Puts exactly one `bearer ` prefix on a bearer token.
///
/// The service returns `"bearer eyJ…"`: prefixing it again (`Bearer bearer
/// eyJ…`) is the classic mistake. Any number of leading `bearer` words, in
/// any case, become one lower-case `bearer `, which is the token exactly as
/// the service issued it.
///
/// ```no_run
/// use ascribe_coder::auth::normalize_bearer;
/// use ascribe_coder::auth_core::secret::AccessToken;
/// let once = normalize_bearer(&AccessToken::new("Bearer bearer eyJ.x.y"));
/// assert_eq!(once.expose_secret(), "bearer eyJ.x.y");
/// ```
pub fn normalize_bearer(token: &AccessToken) -> AccessToken {
    let mut rest = token.expose_secret().trim();
    while let Some(word) = rest.get(..6)
        && word.eq_ignore_ascii_case("bearer")
        && rest[6..].starts_with(char::is_whitespace)
    {
        rest = rest[6..].trim_start();
    }
    AccessToken::new(format!("bearer {rest}"))
}

fn token_of(set: &TokenSet) -> &str {
    set.access_token().expose_secret()
}

/// Builds the token cache (persisted in the configured store, if any) and
/// the request auth for `settings`.
pub(crate) fn build_auth(
    settings: &Settings,
    base: &BaseClient,
) -> (HeaderAuth<TokenSet>, StoredCredentials<TokenSet>) {
    let credentials = match (&settings.account, &settings.user_name, &settings.password) {
        (Some(account), Some(user_name), Some(password)) => Some(Credentials {
            account: account.clone(),
            user_name: user_name.clone(),
            password: password.clone(),
        }),
        _ => None,
    };
    let http = base.http();
    let default_key = {
        let url = http.base_url().as_str().trim_end_matches('/').to_owned();
        let who = format!(
            "{}/{}",
            settings.account.as_deref().unwrap_or_default(),
            settings.user_name.as_deref().unwrap_or_default()
        );
        let mode = match settings.token_mode {
            TokenMode::Session => "session",
            TokenMode::Bearer => "bearer",
        };
        move || format!("ascribe:{url}:{who}:{mode}")
    };
    let provider = SessionProvider {
        http: http.clone(),
        session_path: settings.session_path.trim_start_matches('/').to_owned(),
        credentials,
        mode: settings.token_mode,
        idle_timeout: settings.idle_timeout,
    };
    let tokens = base.credentials("ascribe", provider, default_key, "");
    if let (TokenMode::Bearer, Some(token)) = (settings.token_mode, &settings.bearer_token) {
        tokens.cache().set(TokenSet::new(
            normalize_bearer(token),
            Lifetime::never(base.clock().now()),
        ));
    }
    let cache = tokens.cache().clone();
    let auth = match settings.token_mode {
        TokenMode::Session => {
            HeaderAuth::new(cache, HeaderName::from_static(SESSION_HEADER), "", token_of)
                // An expired session may come back as 403 too.
                .rejection_statuses([StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN])
        }
        TokenMode::Bearer => {
            HeaderAuth::new(cache, HeaderName::from_static(BEARER_HEADER), "", token_of)
                .rejection_statuses([StatusCode::UNAUTHORIZED])
        }
    };
    (auth, tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_get_exactly_one_prefix() {
        for raw in [
            "bearer eyJ.a.b",
            "Bearer eyJ.a.b",
            "Bearer bearer eyJ.a.b",
            "eyJ.a.b",
            "  BEARER   eyJ.a.b ",
        ] {
            let t = normalize_bearer(&AccessToken::new(raw));
            assert_eq!(t.expose_secret(), "bearer eyJ.a.b", "{raw}");
        }
        // A token that merely starts with the letters is left alone.
        let t = normalize_bearer(&AccessToken::new("bearerless"));
        assert_eq!(t.expose_secret(), "bearer bearerless");
    }
}
