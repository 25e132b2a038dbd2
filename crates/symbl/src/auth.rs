//! Symbl's token exchange: app id + app secret → access token.

use auth_core::ErrorMetadata;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use auth_core::http::{ApiRequest, HttpClient};
use auth_core::secret::{AccessToken, ClientSecret, SecretSource};
use auth_core::{Error, Lifetime, TokenProvider, TokenSet};
use http::StatusCode;
use serde::{Deserialize, Serialize};

/// The token endpoint, relative to the base URL.
pub const TOKEN_PATH: &str = "oauth2/token:generate";

/// Symbl's documented default lifetime, used only when a response omits `expiresIn`.
const DEFAULT_EXPIRES_IN: u64 = 86_400;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GenerateRequest<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    app_id: &'a str,
    app_secret: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenerateResponse {
    access_token: AccessToken,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Generates access tokens at `POST /oauth2/token:generate`.
///
/// Symbl caches tokens server-side: asking again before expiry returns the
/// same token with its *remaining* lifetime. The expiry is therefore taken
/// from each response (counted from when the request was sent); the cache's
/// policy keeps a short remaining lifetime from causing a refresh loop.
pub struct SymblTokenProvider {
    http: HttpClient,
    app_id: String,
    app_secret: SecretSource<ClientSecret>,
}

/// Asks for the app secret when a token must be generated.
pub type SecretFn = auth_core::secret::SecretFn<ClientSecret>;

impl SymblTokenProvider {
    /// A provider for this app.
    ///
    /// ```no_run
    /// use symbl::auth::SymblTokenProvider;
    /// use symbl::auth_core::secret::ClientSecret;
    /// # fn run(http: symbl::auth_core::http::HttpClient) {
    /// let provider = SymblTokenProvider::new(http, "app-id", ClientSecret::new("app-secret"));
    /// # let _ = provider; }
    /// ```
    pub fn new(http: HttpClient, app_id: impl Into<String>, app_secret: ClientSecret) -> Self {
        Self::with_source(http, app_id, SecretSource::Fixed(app_secret))
    }

    /// A provider that asks `app_secret` for the secret only when it must
    /// generate a token (tokens from a store need no secret).
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use symbl::auth::SymblTokenProvider;
    /// use symbl::auth_core::secret::ClientSecret;
    /// # fn run(http: symbl::auth_core::http::HttpClient) {
    /// let provider = SymblTokenProvider::lazy(http, "app-id", Arc::new(|| Ok(ClientSecret::new("asked-for"))));
    /// # let _ = provider; }
    /// ```
    pub fn lazy(http: HttpClient, app_id: impl Into<String>, app_secret: SecretFn) -> Self {
        Self::with_source(http, app_id, SecretSource::Lazy(app_secret))
    }

    pub(crate) fn with_source(
        http: HttpClient,
        app_id: impl Into<String>,
        app_secret: SecretSource<ClientSecret>,
    ) -> Self {
        Self {
            http,
            app_id: app_id.into(),
            app_secret,
        }
    }

    fn secret(&self) -> Result<ClientSecret, Error> {
        self.app_secret.get("a new Symbl token: the app secret")
    }
}

impl fmt::Debug for SymblTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SymblTokenProvider")
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl TokenProvider<TokenSet> for SymblTokenProvider {
    async fn fetch(&self, previous: Option<Arc<TokenSet>>) -> Result<TokenSet, Error> {
        let (mut token, mut expires_in, mut sent_at) = self.generate().await?;
        // Symbl hands back its current token until that expires; asked in
        // the last second (the remaining life is whole seconds) it answers
        // the old token with no life left. Wait out that second once
        // instead of asking again and again.
        let same = |t: &AccessToken| {
            previous
                .as_deref()
                .is_some_and(|p| p.access_token().expose_secret() == t.expose_secret())
        };
        if expires_in < Duration::from_secs(1) && same(&token) {
            self.http.clock().sleep(Duration::from_secs(1)).await;
            (token, expires_in, sent_at) = self.generate().await?;
        }
        // Asking before the expiry only brings the same token back, so a
        // Symbl token is used up to its expiry and replaced then: one token
        // request per token, however many processes share it.
        Ok(TokenSet::new(
            token,
            Lifetime::replaced_at_expiry(sent_at, expires_in),
        ))
    }
}

impl SymblTokenProvider {
    /// One `POST /oauth2/token:generate`: the token, its remaining life and
    /// when the request was sent.
    async fn generate(&self) -> Result<(AccessToken, Duration, auth_core::clock::Instant), Error> {
        let app_secret = self.secret()?;
        let body = GenerateRequest {
            kind: "application",
            app_id: &self.app_id,
            app_secret: app_secret.expose_secret(),
        };
        let request = ApiRequest::post("generate_token", TOKEN_PATH)
            .json(&body)?
            .redacting(&app_secret)
            // Generating a token twice is harmless.
            .retry_safe(true)
            .unauthenticated();
        let sent_at = self.http.clock().now();
        let response = self.http.send_unauthenticated(request).await.map_err(|e| {
            match e.status() {
                // Wrong app id or secret: retrying cannot help.
                Some(
                    StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::BAD_REQUEST,
                ) => Error::InvalidCredentials {
                    code: e.code().map(str::to_owned),
                    message: e
                        .message()
                        .unwrap_or("Symbl rejected the app id or app secret")
                        .to_owned(),
                },
                _ => e,
            }
        })?;
        let body: GenerateResponse = response.json()?;
        let expires_in = Duration::from_secs(body.expires_in.unwrap_or(DEFAULT_EXPIRES_IN));
        Ok((body.access_token, expires_in, sent_at))
    }
}
