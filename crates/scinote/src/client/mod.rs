//! The client and its builder.

use std::fmt;
use std::sync::Arc;

use auth_core::http::{ApiRequest, ApiResponse, HeaderAuth, HttpClient, RequestAuth};
use auth_core::secret::{AccessToken, ClientSecret, SecretFn, SecretSource, SecretValue};
use auth_core::{ClientConfig, Error as CoreError, StoredCredentials, TokenSet};
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::{ApiKeyAuth, AuthorizeRequest, OOB_REDIRECT_URI, SciNoteOAuth};
use crate::config::{defaults, error_parser};
use crate::error::{Result, SciNoteError};

/// A SciNote client. Cheap to clone; clones share the tokens and connections.
#[derive(Clone)]
pub struct SciNoteClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: HttpClient,
    auth: Auth,
}

enum Auth {
    OAuth {
        header: HeaderAuth<TokenSet>,
        tokens: StoredCredentials<TokenSet>,
        oauth: SciNoteOAuth,
    },
    ApiKey(ApiKeyAuth),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::OAuth { tokens, oauth, .. } => f
                .debug_struct("OAuth")
                .field("oauth", oauth)
                .field("tokens", tokens)
                .finish(),
            Auth::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
        }
    }
}

impl fmt::Debug for SciNoteClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SciNoteClient")
            .field("http", &self.inner.http)
            .field("auth", &self.inner.auth)
            .finish()
    }
}

/// Builds a [`SciNoteClient`]: the shared settings of every SDK client
/// (server URL, timeouts, retry policy, token store, ...) plus SciNote's own
/// (OAuth application or API key, redirect URI).
///
/// Without a token store, tokens live in memory only, so the user must
/// authorize again in every process; a store (a file, or any
/// [`TokenStore`](auth_core::TokenStore)) keeps them, and SciNote's rotating
/// refresh tokens are saved before use, under the store's lock.
#[derive(Debug)]
pub struct SciNoteClientBuilder {
    config: ClientConfig,
    client_id: String,
    client_secret: Option<SecretSource<ClientSecret>>,
    redirect_uri: String,
    api_key: Option<ClientSecret>,
}

impl Default for SciNoteClientBuilder {
    fn default() -> Self {
        Self {
            config: ClientConfig::new(),
            client_id: String::new(),
            client_secret: None,
            redirect_uri: OOB_REDIRECT_URI.to_owned(),
            api_key: None,
        }
    }
}

impl SciNoteClientBuilder {
    auth_core::client_config_setters!(config, "scinote::SciNoteClient::builder()");

    /// Sets the SciNote server (`https://eln.example.com`), the same as
    /// [`base_url`](Self::base_url); the API lives under `{server}/api/v1`.
    ///
    /// ```no_run
    /// let builder = scinote::SciNoteClient::builder().server_url("https://eln.example.com");
    /// # let _ = builder;
    /// ```
    pub fn server_url(self, url: impl Into<String>) -> Self {
        self.base_url(url)
    }

    /// Sets the OAuth application's client id (uid).
    ///
    /// ```no_run
    /// let builder = scinote::SciNoteClient::builder().client_id("uid");
    /// # let _ = builder;
    /// ```
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = id.into();
        self
    }

    /// Sets the OAuth application's client secret.
    ///
    /// ```no_run
    /// let builder = scinote::SciNoteClient::builder().client_secret("secret");
    /// # let _ = builder;
    /// ```
    pub fn client_secret(mut self, secret: impl Into<ClientSecret>) -> Self {
        self.client_secret = Some(SecretSource::Fixed(secret.into()));
        self
    }

    /// Asks `f` for the client secret only when a token request needs it
    /// (code exchange, refresh), instead of [`client_secret`](Self::client_secret):
    /// stored valid tokens are then used without it.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use scinote::auth_core::secret::ClientSecret;
    /// let builder = scinote::SciNoteClient::builder()
    ///     .client_secret_source(Arc::new(|| Ok(ClientSecret::new("asked-for"))));
    /// # let _ = builder;
    /// ```
    pub fn client_secret_source(mut self, f: SecretFn<ClientSecret>) -> Self {
        self.client_secret = Some(SecretSource::Lazy(f));
        self
    }

    /// Sets the redirect URI registered for the application (default
    /// `urn:ietf:wg:oauth:2.0:oob`: SciNote shows the code to copy).
    ///
    /// ```no_run
    /// let builder = scinote::SciNoteClient::builder().redirect_uri("http://127.0.0.1:8765/callback");
    /// # let _ = builder;
    /// ```
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = uri.into();
        self
    }

    /// Uses an API key (`Api-Key` header, instances with
    /// `CORE_API_KEY_ENABLED`) instead of OAuth.
    ///
    /// ```no_run
    /// let builder = scinote::SciNoteClient::builder().api_key("key");
    /// # let _ = builder;
    /// ```
    pub fn api_key(mut self, key: impl Into<ClientSecret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Reads `SCINOTE_BASE_URL` (or `SCINOTE_SERVER_URL`), `SCINOTE_CLIENT_ID`,
    /// `SCINOTE_CLIENT_SECRET`, `SCINOTE_REDIRECT_URI` and `SCINOTE_API_KEY`,
    /// where set.
    ///
    /// ```no_run
    /// let builder = scinote::SciNoteClient::builder().from_env();
    /// # let _ = builder;
    /// ```
    pub fn from_env(mut self) -> Self {
        let var = |k: &str| auth_core::config::env_var("SCINOTE", k);
        if let Some(v) = var("SERVER_URL") {
            self.config = self.config.base_url(v);
        }
        self.config = self.config.from_env("SCINOTE");
        if let Some(v) = var("CLIENT_ID") {
            self.client_id = v;
        }
        if let Some(v) = var("CLIENT_SECRET") {
            self.client_secret = Some(SecretSource::Fixed(ClientSecret::new(v)));
        }
        if let Some(v) = var("REDIRECT_URI") {
            self.redirect_uri = v;
        }
        if let Some(v) = var("API_KEY") {
            self.api_key = Some(ClientSecret::new(v));
        }
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] on a missing server URL, when neither an
    /// API key nor a client id and secret are given, or on an invalid URL.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let client = scinote::SciNoteClient::builder()
    ///     .server_url("https://eln.example.com")
    ///     .client_id("uid")
    ///     .client_secret("secret")
    ///     .token_file("scinote-tokens.json")
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn build(self) -> Result<SciNoteClient> {
        if self
            .config
            .base_url_setting()
            .is_none_or(|u| u.trim().is_empty())
        {
            return Err(config("SciNote needs a server URL (SCINOTE_BASE_URL)"));
        }
        let base = self.config.build(&defaults(), |http| {
            http.error_parser(Arc::new(error_parser))
        })?;
        let http = base.http().clone();
        let auth = if let Some(key) = self.api_key {
            Auth::ApiKey(ApiKeyAuth { key })
        } else {
            let secret = self
                .client_secret
                .filter(|s| s.is_set() && !self.client_id.trim().is_empty())
                .ok_or_else(|| {
                    config(
                        "SciNote needs a client id and secret (SCINOTE_CLIENT_ID / \
                         SCINOTE_CLIENT_SECRET) or an API key (SCINOTE_API_KEY)",
                    )
                })?;
            let default_key = {
                let server = http.base_url().as_str().trim_end_matches('/').to_owned();
                let client_id = self.client_id.clone();
                move || format!("scinote:{server}:{client_id}")
            };
            let oauth = SciNoteOAuth::with_secret_source(
                http.clone(),
                self.client_id,
                secret,
                self.redirect_uri,
            );
            let tokens = base.credentials("scinote", oauth.clone(), default_key, "");
            Auth::OAuth {
                header: HeaderAuth::bearer(tokens.cache().clone()),
                tokens,
                oauth,
            }
        };
        Ok(SciNoteClient {
            inner: Arc::new(Inner { http, auth }),
        })
    }
}

fn config(message: &str) -> SciNoteError {
    CoreError::Config(message.to_owned()).into()
}

impl SciNoteClient {
    /// Starts building a client.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// let builder = scinote::SciNoteClient::builder().server_url("https://eln.example.com");
    /// # let _ = builder;
    /// # }
    /// ```
    pub fn builder() -> SciNoteClientBuilder {
        SciNoteClientBuilder::default()
    }

    /// The server URL.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// println!("{}", client.server_url());
    /// # }
    /// ```
    pub fn server_url(&self) -> &Url {
        self.inner.http.base_url()
    }

    fn oauth(&self) -> Result<&SciNoteOAuth> {
        match &self.inner.auth {
            Auth::OAuth { oauth, .. } => Ok(oauth),
            Auth::ApiKey(_) => Err(config("this client uses an API key, not OAuth")),
        }
    }

    /// A new authorization request: open its [`url`](AuthorizeRequest::url)
    /// in a browser; keep it to check the `state` of a redirect.
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] for an API-key client.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let request = client.authorize_request()?;
    /// println!("open {}", request.url());
    /// # Ok(()) }
    /// ```
    pub fn authorize_request(&self) -> Result<AuthorizeRequest> {
        self.oauth()?.authorize_request()
    }

    /// Exchanges the code the user copied for tokens, saves them to the
    /// token store and starts using them.
    ///
    /// # Errors
    /// [`SciNoteError::is_reauthorization_required`](crate::SciNoteError::is_reauthorization_required) for a used or expired code; [`auth_core::Error::Config`] for an API-key client; token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.exchange_code("code-the-user-copied").await?;
    /// # Ok(()) }
    /// ```
    pub async fn exchange_code(&self, code: impl Into<String>) -> Result<()> {
        let code = SecretValue::new(code.into().trim().to_owned());
        let Auth::OAuth { tokens, .. } = &self.inner.auth else {
            return Err(config("this client uses an API key, not OAuth"));
        };
        let set = self.oauth()?.exchange_code(&code).await?;
        // Saved before use, like every later refresh.
        tokens.set(set).await?;
        Ok(())
    }

    /// Checks the redirect's `state` against `request`, then exchanges its
    /// code as [`exchange_code`](Self::exchange_code) does.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the state does not match or no code is present; then as [`exchange_code`](Self::exchange_code).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let request = client.authorize_request()?;
    /// // ... the browser comes back to the redirect URI:
    /// client.exchange_redirect(&request, "http://127.0.0.1:8765/callback?code=abc&state=xyz").await?;
    /// # Ok(()) }
    /// ```
    pub async fn exchange_redirect(
        &self,
        request: &AuthorizeRequest,
        redirect_url: &str,
    ) -> Result<()> {
        let code = request.code_from_redirect(redirect_url)?;
        self.exchange_code(code.expose_secret()).await
    }

    /// Whether tokens are stored (so no authorization is needed to start).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): token-store errors (an unreadable file).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// if !client.has_stored_tokens().await? {
    ///     println!("authorize first: {}", client.authorize_request()?.url());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn has_stored_tokens(&self) -> Result<bool> {
        match &self.inner.auth {
            Auth::OAuth { tokens, .. } => {
                Ok(tokens.cache().peek().is_some() || tokens.stored().await?.is_some())
            }
            Auth::ApiKey(_) => Ok(true),
        }
    }

    /// A valid access token (loaded or refreshed if needed), for tools that
    /// call SciNote themselves.
    ///
    /// # Errors
    /// [`SciNoteError::is_reauthorization_required`](crate::SciNoteError::is_reauthorization_required) when no valid token can be obtained; [`auth_core::Error::Config`] for an API-key client.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let token = client.access_token().await?;
    /// # let _ = token;
    /// # Ok(()) }
    /// ```
    pub async fn access_token(&self) -> Result<AccessToken> {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => Ok(header.cache().get().await?.access_token().clone()),
            Auth::ApiKey(_) => Err(config("this client uses an API key, not OAuth")),
        }
    }

    /// How many times the token cache obtained tokens (loads from the store
    /// included).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// println!("{} token fetches", client.token_fetches());
    /// # }
    /// ```
    pub fn token_fetches(&self) -> u64 {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => header.cache().refresh_count(),
            Auth::ApiKey(_) => 0,
        }
    }

    /// Forgets the tokens here and in the token store (see also
    /// [`revoke`](Self::revoke) to end the grant at the server).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.logout().await?;
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<()> {
        if let Auth::OAuth { tokens, .. } = &self.inner.auth {
            tokens.clear().await?;
        }
        Ok(())
    }

    /// Ends the grant at the server (`POST /oauth/revoke` with the refresh
    /// token, or the access token when there is none), then forgets the
    /// tokens here and in the token store ([`logout`](Self::logout)). With
    /// no tokens held, only the local logout happens; an API-key client
    /// has nothing to revoke.
    ///
    /// # Errors
    /// The HTTP errors of the revocation (tokens are then kept, so the call
    /// can be repeated); token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.revoke().await?;
    /// assert!(!client.has_stored_tokens().await?);
    /// # Ok(()) }
    /// ```
    pub async fn revoke(&self) -> Result<()> {
        let Auth::OAuth { oauth, .. } = &self.inner.auth else {
            return Ok(());
        };
        if let Some(set) = self.stored_tokens().await? {
            let token = match set.refresh_token() {
                Some(rt) => SecretValue::new(rt.expose_secret().to_owned()),
                None => SecretValue::new(set.access_token().expose_secret().to_owned()),
            };
            oauth.revoke(&token).await?;
        }
        self.logout().await
    }

    /// The token set held now (in memory or in the store), without
    /// refreshing it.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// if let Some(set) = client.stored_tokens().await? {
    ///     println!("{:?}", set.expires_at());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn stored_tokens(&self) -> Result<Option<TokenSet>> {
        match &self.inner.auth {
            Auth::OAuth { tokens, .. } => match tokens.cache().peek() {
                Some(held) => Ok(Some((*held).clone())),
                None => Ok(tokens.stored().await?),
            },
            Auth::ApiKey(_) => Ok(None),
        }
    }

    /// Saves `set` to the token store and starts using it (OAuth only).
    pub(crate) async fn store_tokens(&self, set: TokenSet) -> Result<()> {
        let Auth::OAuth { tokens, .. } = &self.inner.auth else {
            return Err(config("this client uses an API key, not OAuth"));
        };
        tokens.set(set).await?;
        Ok(())
    }

    fn request_auth(&self) -> &dyn RequestAuth {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => header,
            Auth::ApiKey(key) => key,
        }
    }

    pub(crate) async fn send_json<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        Ok(self
            .inner
            .http
            .send_json(request, self.request_auth())
            .await?)
    }

    pub(crate) async fn send(&self, request: ApiRequest) -> Result<ApiResponse> {
        Ok(self.inner.http.send(request, self.request_auth()).await?)
    }

    pub(crate) async fn send_unauthenticated(&self, request: ApiRequest) -> Result<ApiResponse> {
        Ok(self.inner.http.send_unauthenticated(request).await?)
    }

    /// Turns a `links.next` URL into a request, refusing one that points to
    /// another server (the token must not go there).
    pub(crate) fn next_request(&self, operation: &'static str, next: &str) -> Result<ApiRequest> {
        let base = self.inner.http.base_url();
        let url = Url::parse(next)
            .or_else(|_| base.join(next))
            .map_err(|e| CoreError::InvalidInput(format!("invalid next link `{next}`: {e}")))?;
        if url.origin() != base.origin() {
            return Err(CoreError::InvalidInput(format!(
                "the next link points to another server: {}",
                url.origin().ascii_serialization()
            ))
            .into());
        }
        let relative = base
            .make_relative(&url)
            .filter(|r| !r.starts_with("../") && !r.starts_with('/'))
            .ok_or_else(|| {
                CoreError::InvalidInput(format!("the next link is outside the API: {next}"))
            })?;
        Ok(ApiRequest::get(operation, relative))
    }
}
