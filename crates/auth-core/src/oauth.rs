//! Standard OAuth2 token responses (RFC 6749 §5) and the client-credentials
//! grant, shared by the services that speak plain OAuth2.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, Instant};
use crate::error::{Error, Result};
use crate::http::{ApiRequest, HttpClient};
use crate::provider::TokenProvider;
use crate::secret::{AccessToken, ClientSecret, IdToken, RefreshToken};
use crate::token::{Lifetime, TokenSet};

/// A token endpoint's successful answer. Every field but `access_token` is
/// optional, as servers differ in what they send.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct OAuthTokenResponse {
    /// The access token.
    pub access_token: AccessToken,
    /// The token type (`Bearer`).
    #[serde(default)]
    pub token_type: Option<String>,
    /// The lifetime in seconds.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// A refresh token (new, when the server rotates them).
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// An OpenID Connect id token.
    #[serde(default)]
    pub id_token: Option<IdToken>,
    /// The granted scope.
    #[serde(default)]
    pub scope: Option<String>,
    /// When the token was created, in seconds since the Unix epoch
    /// (Doorkeeper sends it).
    #[serde(default)]
    pub created_at: Option<u64>,
}

impl OAuthTokenResponse {
    /// The token set, its expiry from `created_at + expires_in` when the
    /// server gave both, else from `sent_at` (when the request was sent).
    pub fn into_token_set(self, sent_at: Instant, clock: &dyn Clock) -> TokenSet {
        let lifetime = match (self.expires_in, self.created_at) {
            (Some(expires_in), Some(created_at)) => {
                let expires_wall =
                    UNIX_EPOCH + Duration::from_secs(created_at.saturating_add(expires_in));
                let remaining = expires_wall
                    .duration_since(clock.wall())
                    .unwrap_or(Duration::ZERO);
                // Never later than measured from our own send instant.
                Lifetime::expires_in(sent_at, remaining.min(Duration::from_secs(expires_in)))
            }
            (Some(expires_in), None) => {
                Lifetime::expires_in(sent_at, Duration::from_secs(expires_in))
            }
            (None, _) => Lifetime::never(sent_at),
        };
        TokenSet::new(self.access_token, lifetime)
            .with_refresh_token(self.refresh_token)
            .with_id_token(self.id_token)
    }
}

/// Turns an OAuth2 error answer into the typed error it means:
/// `invalid_client` / `unauthorized_client` → [`Error::InvalidCredentials`],
/// `invalid_grant` → [`Error::ReauthorizationRequired`]. Others pass through.
pub fn classify_oauth_error(err: Error, authorize_url: Option<String>) -> Error {
    let Some(api) = err.api_error() else {
        return err;
    };
    let message = api
        .message
        .clone()
        .unwrap_or_else(|| format!("token endpoint answered HTTP {}", api.status.as_u16()));
    match api.code.as_deref() {
        Some("invalid_client" | "unauthorized_client") => Error::InvalidCredentials {
            code: api.code.clone(),
            message,
        },
        Some("invalid_grant") => Error::ReauthorizationRequired {
            message,
            authorize_url,
        },
        _ => err,
    }
}

/// The OAuth2 client-credentials grant: a client id and secret exchanged at
/// a token endpoint for an access token.
pub struct ClientCredentialsProvider {
    http: HttpClient,
    token_path: String,
    client_id: String,
    client_secret: ClientSecret,
    scope: Option<String>,
}

#[derive(Serialize)]
struct ClientCredentialsForm<'a> {
    grant_type: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
}

impl ClientCredentialsProvider {
    /// A provider posting to `token_path` under `http`'s base URL.
    pub fn new(
        http: HttpClient,
        token_path: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: ClientSecret,
    ) -> Self {
        Self {
            http,
            token_path: token_path.into(),
            client_id: client_id.into(),
            client_secret,
            scope: None,
        }
    }

    /// Requests this scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }
}

impl fmt::Debug for ClientCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentialsProvider")
            .field("token_path", &self.token_path)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish()
    }
}

#[async_trait]
impl TokenProvider<TokenSet> for ClientCredentialsProvider {
    async fn fetch(&self, _previous: Option<Arc<TokenSet>>) -> Result<TokenSet> {
        let form = ClientCredentialsForm {
            grant_type: "client_credentials",
            client_id: &self.client_id,
            client_secret: self.client_secret.expose_secret(),
            scope: self.scope.as_deref(),
        };
        let request = ApiRequest::post("token", self.token_path.clone())
            .form(&form)?
            .redacting(&self.client_secret)
            // Asking for a token twice is harmless.
            .retry_safe(true)
            .unauthenticated();
        let sent_at = self.http.clock().now();
        let response = self
            .http
            .send_unauthenticated(request)
            .await
            .map_err(|e| classify_oauth_error(e, None))?;
        let body: OAuthTokenResponse = response.json()?;
        Ok(body.into_token_set(sent_at, self.http.clock().as_ref()))
    }
}

/// Seconds since the Unix epoch of `t` (0 before it).
pub fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::token::{Expiring, Expiry};

    #[test]
    fn expiry_from_created_at_when_given() {
        let clock = ManualClock::new();
        let now = unix_seconds(clock.wall());
        let body = format!(
            r#"{{"access_token":"a","expires_in":7200,"created_at":{},"refresh_token":"r"}}"#,
            now - 200
        );
        let resp: OAuthTokenResponse = serde_json::from_str(&body).expect("valid");
        let sent = clock.now();
        let set = resp.into_token_set(sent, &clock);
        let Expiry::At(at) = set.lifetime().expiry else {
            panic!("absolute expiry expected")
        };
        let left = at - sent;
        assert!(
            left <= Duration::from_secs(7000) && left >= Duration::from_secs(6999),
            "{left:?}"
        );
        assert_eq!(
            set.refresh_token().map(RefreshToken::expose_secret),
            Some("r")
        );
    }

    #[test]
    fn expiry_from_send_time_otherwise() {
        let clock = ManualClock::new();
        let resp: OAuthTokenResponse =
            serde_json::from_str(r#"{"access_token":"a","expires_in":60}"#).expect("valid");
        let sent = clock.now();
        clock.advance(Duration::from_secs(5)); // the answer took 5 s
        let set = resp.into_token_set(sent, &clock);
        assert_eq!(set.expires_at(), Some(sent + Duration::from_secs(60)));
    }

    #[test]
    fn only_access_token_is_required() {
        let resp: OAuthTokenResponse =
            serde_json::from_str(r#"{"access_token":"a"}"#).expect("valid");
        let clock = ManualClock::new();
        assert_eq!(
            resp.into_token_set(clock.now(), &clock).lifetime().expiry,
            Expiry::Never
        );
    }
}
