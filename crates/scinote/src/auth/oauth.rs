//! The OAuth application: the code exchange, the refresh grant (as a
//! token provider) and revocation.

use auth_core::ErrorMetadata;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use auth_core::http::{ApiRequest, HttpClient};
use auth_core::oauth::{OAuthTokenResponse, classify_oauth_error};
use auth_core::secret::{ClientSecret, SecretSource, SecretValue};
use auth_core::{Error, TokenProvider, TokenSet};
use http::StatusCode;
use serde::Serialize;

use super::{AuthorizeRequest, REVOKE_PATH, TOKEN_PATH};
use crate::error::Result;

#[derive(Serialize)]
struct TokenForm<'a> {
    grant_type: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
    redirect_uri: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<&'a str>,
}

/// SciNote's token endpoint: the code exchange and the refresh grant.
///
/// As a [`TokenProvider`] it refreshes with the previous token set's refresh
/// token; with none, the user must authorize the app
/// ([`Error::ReauthorizationRequired`] carrying the authorize URL).
#[derive(Clone)]
pub struct SciNoteOAuth {
    http: HttpClient,
    client_id: String,
    client_secret: SecretSource<ClientSecret>,
    redirect_uri: String,
}

impl SciNoteOAuth {
    /// A token endpoint client for this OAuth application.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let http = scinote::auth_core::http::HttpClient::builder("scinote", "https://eln.example.com").build()?;
    /// let oauth = scinote::auth::SciNoteOAuth::new(http, "uid", "secret".into(), scinote::OOB_REDIRECT_URI);
    /// # let _ = oauth;
    /// # Ok(()) }
    /// ```
    pub fn new(
        http: HttpClient,
        client_id: impl Into<String>,
        client_secret: ClientSecret,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self::with_secret_source(
            http,
            client_id,
            SecretSource::Fixed(client_secret),
            redirect_uri,
        )
    }

    /// Like [`new`](Self::new), the client secret asked for only when a token
    /// request needs it (stored tokens are used without it).
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let http = scinote::auth_core::http::HttpClient::builder("scinote", "https://eln.example.com").build()?;
    /// use scinote::auth_core::secret::{ClientSecret, SecretSource};
    /// let oauth = scinote::auth::SciNoteOAuth::with_secret_source(http, "uid", SecretSource::Fixed(ClientSecret::new("secret")), scinote::OOB_REDIRECT_URI);
    /// # let _ = oauth;
    /// # Ok(()) }
    /// ```
    pub fn with_secret_source(
        http: HttpClient,
        client_id: impl Into<String>,
        client_secret: SecretSource<ClientSecret>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            http,
            client_id: client_id.into(),
            client_secret,
            redirect_uri: redirect_uri.into(),
        }
    }

    fn secret(&self) -> Result<ClientSecret, Error> {
        self.client_secret.get("the SciNote client secret")
    }

    /// A new authorization request (URL and random state) for this app.
    ///
    /// # Errors
    /// As [`AuthorizeRequest::new`].
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let http = scinote::auth_core::http::HttpClient::builder("scinote", "https://eln.example.com").build()?;
    /// let oauth = scinote::auth::SciNoteOAuth::new(http, "uid", "secret".into(), scinote::OOB_REDIRECT_URI);
    /// println!("{}", oauth.authorize_request()?.url());
    /// # Ok(()) }
    /// ```
    pub fn authorize_request(&self) -> Result<AuthorizeRequest> {
        AuthorizeRequest::new(self.http.base_url(), &self.client_id, &self.redirect_uri)
    }

    /// The authorize URL to put in a re-authorization error (a fresh state:
    /// the caller is expected to build its own request to check one).
    fn authorize_url(&self) -> Option<String> {
        self.authorize_request().ok().map(|r| r.url().to_owned())
    }

    /// Exchanges an authorization code for a token set (not persisted: the
    /// client's `exchange_code` saves it).
    ///
    /// # Errors
    /// [`auth_core::Error::ReauthorizationRequired`] for a used or expired code, [`auth_core::Error::InvalidCredentials`] for a wrong client id or secret.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), scinote::auth_core::Error> {
    /// let http = scinote::auth_core::http::HttpClient::builder("scinote", "https://eln.example.com").build()?;
    /// let oauth = scinote::auth::SciNoteOAuth::new(http, "uid", "secret".into(), scinote::OOB_REDIRECT_URI);
    /// let tokens = oauth.exchange_code(&scinote::auth_core::secret::SecretValue::new("code")).await?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn exchange_code(&self, code: &SecretValue) -> Result<TokenSet, Error> {
        let client_secret = self.secret()?;
        let form = TokenForm {
            grant_type: "authorization_code",
            client_id: &self.client_id,
            client_secret: client_secret.expose_secret(),
            redirect_uri: &self.redirect_uri,
            code: Some(code.expose_secret()),
            refresh_token: None,
        };
        // A code is single-use: sending it twice would fail the second time,
        // so the exchange is not retried.
        let request = ApiRequest::post("exchange_code", TOKEN_PATH)
            .form(&form)?
            .redacting(&client_secret)
            .redacting(code)
            .retry_safe(false)
            .unauthenticated();
        self.token_request(request).await
    }

    /// Revokes a token at `POST /oauth/revoke` (RFC 7009, Doorkeeper):
    /// revoking a refresh token revokes its access token too.
    pub(crate) async fn revoke(&self, token: &SecretValue) -> Result<(), Error> {
        #[derive(serde::Serialize)]
        struct RevokeForm<'a> {
            token: &'a str,
            client_id: &'a str,
            client_secret: &'a str,
        }
        let client_secret = self.secret()?;
        let form = RevokeForm {
            token: token.expose_secret(),
            client_id: &self.client_id,
            client_secret: client_secret.expose_secret(),
        };
        let request = ApiRequest::post("revoke_token", REVOKE_PATH)
            .form(&form)?
            .redacting(&client_secret)
            .redacting(token)
            .unauthenticated();
        self.http.send_unauthenticated(request).await?;
        Ok(())
    }

    async fn token_request(&self, request: ApiRequest) -> Result<TokenSet, Error> {
        let sent_at = self.http.clock().now();
        let response =
            self.http
                .send_unauthenticated(request)
                .await
                .map_err(|e| match e.status() {
                    // Doorkeeper answers a bad client with 401 `invalid_client`;
                    // with no recognisable code, still a credentials problem.
                    Some(StatusCode::UNAUTHORIZED) if e.code().is_none() => {
                        Error::InvalidCredentials {
                            code: None,
                            message: "SciNote rejected the client id or secret".into(),
                        }
                    }
                    _ => classify_oauth_error(e, self.authorize_url()),
                })?;
        let body: OAuthTokenResponse = response.json()?;
        Ok(body.into_token_set(sent_at, self.http.clock().as_ref()))
    }
}

impl fmt::Debug for SciNoteOAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SciNoteOAuth")
            .field("server", &self.http.base_url().as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

#[async_trait]
impl TokenProvider<TokenSet> for SciNoteOAuth {
    async fn fetch(&self, previous: Option<Arc<TokenSet>>) -> Result<TokenSet, Error> {
        let Some(refresh_token) = previous.as_ref().and_then(|p| p.refresh_token().cloned()) else {
            return Err(Error::ReauthorizationRequired {
                message: "no SciNote refresh token is stored; authorize the app first".into(),
                authorize_url: self.authorize_url(),
            });
        };
        let client_secret = self.secret()?;
        let form = TokenForm {
            grant_type: "refresh_token",
            client_id: &self.client_id,
            client_secret: client_secret.expose_secret(),
            redirect_uri: &self.redirect_uri,
            code: None,
            refresh_token: Some(refresh_token.expose_secret()),
        };
        // Not retried: if the server rotated the token but the answer was
        // lost, a second attempt with the old token can only fail.
        let request = ApiRequest::post("refresh_token", TOKEN_PATH)
            .form(&form)?
            .redacting(&client_secret)
            .redacting(&refresh_token)
            .retry_safe(false)
            .unauthenticated();
        tracing::debug!("refreshing the SciNote access token");
        self.token_request(request).await
    }
}
