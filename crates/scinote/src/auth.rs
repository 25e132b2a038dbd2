//! SciNote's OAuth2 authorization-code flow (Doorkeeper) and the `Api-Key`
//! alternative.
//!
//! 1. [`AuthorizeRequest`]: the URL the user opens (`/oauth/authorize`), with
//!    a random `state` checked when a redirect comes back.
//! 2. [`SciNoteOAuth::exchange_code`]: the code for an access token (2 h) and
//!    a refresh token.
//! 3. [`SciNoteOAuth`] as a [`TokenProvider`]: the refresh grant. SciNote
//!    rotates the refresh token on every refresh, so the client wraps it in
//!    an [`auth_core::PersistentProvider`]: under the store's lock it re-reads
//!    the newest refresh token, refreshes once, and saves the new pair before
//!    the new access token is used.

use auth_core::ErrorMetadata;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use auth_core::http::{ApiRequest, AuthRequest, AuthTicket, HttpClient, RequestAuth};
use auth_core::oauth::{OAuthTokenResponse, classify_oauth_error};
use auth_core::secret::{ClientSecret, SecretSource, SecretValue};
use auth_core::{Error, TokenProvider, TokenSet};
use http::{HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use url::Url;

use crate::error::{Result, SciNoteError};

/// The token endpoint, relative to the server URL.
pub const TOKEN_PATH: &str = "oauth/token";
/// The token revocation endpoint, relative to the server URL.
pub const REVOKE_PATH: &str = "oauth/revoke";
/// The authorization endpoint, relative to the server URL.
pub const AUTHORIZE_PATH: &str = "oauth/authorize";
/// The out-of-band redirect URI: SciNote shows the code for the user to copy.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";

/// An authorization request: the URL to open and the `state` it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    url: String,
    state: String,
}

impl AuthorizeRequest {
    /// Builds `{server}/oauth/authorize?client_id=…&redirect_uri=…&response_type=code&state=…`
    /// with a fresh random `state`.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the server URL cannot take the path.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::new(&server, "uid", scinote::OOB_REDIRECT_URI)?;
    /// println!("{}", request.url());
    /// # Ok(()) }
    /// ```
    pub fn new(server_url: &Url, client_id: &str, redirect_uri: &str) -> Result<Self> {
        Self::with_state(server_url, client_id, redirect_uri, random_state())
    }

    /// The same with a given `state` (tests, or a state kept by a web app).
    ///
    /// # Errors
    /// As [`new`](Self::new).
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::with_state(&server, "uid", scinote::OOB_REDIRECT_URI, "kept-state")?;
    /// assert_eq!(request.state(), "kept-state");
    /// # Ok(()) }
    /// ```
    pub fn with_state(
        server_url: &Url,
        client_id: &str,
        redirect_uri: &str,
        state: impl Into<String>,
    ) -> Result<Self> {
        let state = state.into();
        let mut url = server_url
            .join(AUTHORIZE_PATH)
            .map_err(|e| Error::Config(format!("invalid server URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("state", &state);
        Ok(Self {
            url: url.into(),
            state,
        })
    }

    /// The URL to send the user to.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::new(&server, "uid", scinote::OOB_REDIRECT_URI)?;
    /// println!("open {}", request.url());
    /// # Ok(()) }
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The random `state` this request carries.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::new(&server, "uid", scinote::OOB_REDIRECT_URI)?;
    /// assert_eq!(request.state().len(), 32);
    /// # Ok(()) }
    /// ```
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The authorization code from the URL the user was redirected to, after
    /// checking that its `state` is this request's (a mismatch means the
    /// redirect was not caused by this request: a CSRF attempt or a stale tab).
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the URL is invalid, the state differs or no code is present; the OAuth error the redirect carries (`access_denied`).
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::with_state(&server, "uid", "http://127.0.0.1:8765/cb", "s1")?;
    /// let code = request.code_from_redirect("http://127.0.0.1:8765/cb?code=abc&state=s1")?;
    /// # let _ = code;
    /// # Ok(()) }
    /// ```
    pub fn code_from_redirect(&self, redirect_url: &str) -> Result<SecretValue> {
        let url = Url::parse(redirect_url)
            .map_err(|e| Error::InvalidInput(format!("invalid redirect URL: {e}")))?;
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        if let Some(error) = param("error") {
            let message = param("error_description").unwrap_or_else(|| error.clone());
            return Err(Error::ReauthorizationRequired {
                message: format!("authorization refused: {message}"),
                authorize_url: Some(self.url.clone()),
            }
            .into());
        }
        if param("state").as_deref() != Some(self.state.as_str()) {
            return Err(SciNoteError::StateMismatch);
        }
        param("code")
            .filter(|c| !c.is_empty())
            .map(SecretValue::new)
            .ok_or_else(|| Error::InvalidInput("the redirect URL has no `code`".into()).into())
    }
}

/// 128 random bits, hex: unguessable enough for a CSRF token.
fn random_state() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

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
        self.authorize_request().ok().map(|r| r.url)
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

/// The `Api-Key: <key>` header, for instances with `CORE_API_KEY_ENABLED`.
pub(crate) struct ApiKeyAuth {
    pub(crate) key: ClientSecret,
}

impl fmt::Debug for ApiKeyAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyAuth")
            .field("key", &self.key)
            .finish()
    }
}

impl ApiKeyAuth {
    fn put(&self, request: &mut AuthRequest<'_>) -> Result<AuthTicket, Error> {
        let mut value = HeaderValue::try_from(self.key.expose_secret())
            .map_err(|_| Error::Config("the API key is not a valid header value".into()))?;
        value.set_sensitive(true);
        request
            .headers_mut()
            .insert(HeaderName::from_static("api-key"), value);
        Ok(AuthTicket::none())
    }
}

#[async_trait]
impl RequestAuth for ApiKeyAuth {
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<AuthTicket, Error> {
        self.put(request)
    }

    fn authorize_now(&self, request: &mut AuthRequest<'_>) -> Option<Result<AuthTicket, Error>> {
        Some(self.put(request))
    }

    fn reject(&self, _ticket: &AuthTicket) {}

    // A refused key cannot be refreshed: the 401 is returned as is.
    fn is_rejection(&self, _status: StatusCode) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Url {
        Url::parse("https://eln.example.com/").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn authorize_url_has_the_exact_form() {
        let req = AuthorizeRequest::with_state(&server(), "my app", OOB_REDIRECT_URI, "s1")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            req.url(),
            "https://eln.example.com/oauth/authorize?client_id=my+app&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&response_type=code&state=s1"
        );
    }

    #[test]
    fn states_are_random_and_checked() {
        let a = AuthorizeRequest::new(&server(), "c", "https://app/cb")
            .unwrap_or_else(|e| panic!("{e}"));
        let b = AuthorizeRequest::new(&server(), "c", "https://app/cb")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(a.state(), b.state());
        assert_eq!(a.state().len(), 32);
        let ok = format!("https://app/cb?code=xyz&state={}", a.state());
        let code = a.code_from_redirect(&ok).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code.expose_secret(), "xyz");
        let forged = format!("https://app/cb?code=xyz&state={}", b.state());
        assert!(matches!(
            a.code_from_redirect(&forged),
            Err(SciNoteError::StateMismatch)
        ));
        assert!(matches!(
            a.code_from_redirect("https://app/cb?code=xyz"),
            Err(SciNoteError::StateMismatch)
        ));
    }
}
