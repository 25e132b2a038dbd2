//! The client and its builder.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use auth_core::http::{ApiRequest, ApiResponse, HeaderAuth, HttpClient, RequestAuth, RetryConfig};
use auth_core::secret::SecretSource;
use auth_core::secret::{AccessToken, ClientSecret, SecretValue};
use auth_core::{
    Error as CoreError, FileStore, MemoryStore, PersistentProvider, RefreshPolicy, SharedClock,
    TokenCache, TokenProvider, TokenSet, TokenStore,
};
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::{ApiKeyAuth, AuthorizeRequest, SciNoteOAuth};
use crate::config::{SciNoteConfig, error_parser};
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
        persistent: Arc<PersistentProvider<SciNoteOAuth>>,
        oauth: SciNoteOAuth,
    },
    ApiKey(ApiKeyAuth),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::OAuth {
                header,
                persistent,
                oauth,
            } => f
                .debug_struct("OAuth")
                .field("oauth", oauth)
                .field("store", persistent)
                .field("cache", header)
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

/// Builds a [`SciNoteClient`].
#[derive(Debug, Default)]
pub struct SciNoteClientBuilder {
    config: SciNoteConfig,
}

impl SciNoteClientBuilder {
    /// Sets the SciNote server (`https://eln.example.com`); the API lives
    /// under `{server}/api/v1`.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.config.server_url = url.into();
        self
    }

    /// Sets the OAuth application's client id (uid).
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.config.client_id = id.into();
        self
    }

    /// Sets the OAuth application's client secret.
    pub fn client_secret(mut self, secret: impl Into<ClientSecret>) -> Self {
        self.config.client_secret = Some(secret.into());
        self
    }

    /// Asks `f` for the client secret only when a token request needs it
    /// (code exchange, refresh), instead of [`client_secret`](Self::client_secret):
    /// stored valid tokens are then used without it.
    pub fn client_secret_source(mut self, f: auth_core::secret::SecretFn<ClientSecret>) -> Self {
        self.config.client_secret_fn = Some(f);
        self
    }

    /// Sets the redirect URI registered for the application (default
    /// `urn:ietf:wg:oauth:2.0:oob`: SciNote shows the code to copy).
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.config.redirect_uri = uri.into();
        self
    }

    /// Uses an API key (`Api-Key` header, instances with
    /// `CORE_API_KEY_ENABLED`) instead of OAuth.
    pub fn api_key(mut self, key: impl Into<ClientSecret>) -> Self {
        self.config.api_key = Some(key.into());
        self
    }

    /// Persists tokens in this store (default: memory only, so the user must
    /// authorize again in every process).
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.config.store = Some(store);
        self
    }

    /// Persists tokens in this JSON file (mode 0600, atomic replace, locked
    /// around refreshes so processes sharing it never lose a rotated token).
    pub fn token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.token_file = Some(path.into());
        self
    }

    /// The key the tokens are stored under (default `scinote:{server}:{client id}`).
    pub fn store_key(mut self, key: impl Into<String>) -> Self {
        self.config.store_key = Some(key.into());
        self
    }

    /// Reads `SCINOTE_SERVER_URL`, `SCINOTE_CLIENT_ID`, `SCINOTE_CLIENT_SECRET`,
    /// `SCINOTE_REDIRECT_URI` and `SCINOTE_API_KEY`, where set.
    pub fn from_env(mut self) -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(v) = var("SCINOTE_SERVER_URL") {
            self.config.server_url = v;
        }
        if let Some(v) = var("SCINOTE_CLIENT_ID") {
            self.config.client_id = v;
        }
        if let Some(v) = var("SCINOTE_CLIENT_SECRET") {
            self.config.client_secret = Some(ClientSecret::new(v));
        }
        if let Some(v) = var("SCINOTE_REDIRECT_URI") {
            self.config.redirect_uri = v;
        }
        if let Some(v) = var("SCINOTE_API_KEY") {
            self.config.api_key = Some(ClientSecret::new(v));
        }
        self
    }

    /// Sets the clock (tests).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.config.clock = Some(clock);
        self
    }

    /// Sets the retry settings. Keep
    /// [`rate_limit_wait`](crate::config::rate_limit_wait) as the
    /// `retry_after_fn` to honour SciNote's `RateLimit-Reset`.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Sets the timeout of each call (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Sets when the access token is refreshed ahead of its expiry.
    pub fn refresh_policy(mut self, policy: RefreshPolicy) -> Self {
        self.config.refresh = policy;
        self
    }

    /// Builds the client. Fails on a missing server URL, or when neither an
    /// API key nor a client id and secret are given.
    pub fn build(self) -> Result<SciNoteClient> {
        let c = self.config;
        if c.server_url.trim().is_empty() {
            return Err(config("SciNote needs a server URL (SCINOTE_SERVER_URL)"));
        }
        let mut http = HttpClient::builder("scinote", &c.server_url)
            .user_agent(concat!("scinote-rust/", env!("CARGO_PKG_VERSION")))
            .timeout(c.timeout)
            .retry(c.retry)
            .error_parser(Arc::new(error_parser));
        if let Some(clock) = &c.clock {
            http = http.clock(Arc::clone(clock));
        }
        let http = http.build()?;
        let auth = if let Some(key) = c.api_key {
            Auth::ApiKey(ApiKeyAuth { key })
        } else {
            let secret = match (c.client_secret_fn, c.client_secret) {
                (Some(f), _) => Some(SecretSource::Lazy(f)),
                (None, Some(s)) if !s.is_empty() => Some(SecretSource::Fixed(s)),
                _ => None,
            };
            let secret = secret
                .filter(|_| !c.client_id.trim().is_empty())
                .ok_or_else(|| {
                    config(
                        "SciNote needs a client id and secret (SCINOTE_CLIENT_ID / \
                         SCINOTE_CLIENT_SECRET) or an API key (SCINOTE_API_KEY)",
                    )
                })?;
            let store: Arc<dyn TokenStore> = match (c.store, c.token_file) {
                (Some(store), _) => store,
                (None, Some(path)) => Arc::new(FileStore::new(path)),
                (None, None) => Arc::new(MemoryStore::new()),
            };
            let key = c.store_key.unwrap_or_else(|| {
                format!(
                    "scinote:{}:{}",
                    http.base_url().as_str().trim_end_matches('/'),
                    c.client_id
                )
            });
            let oauth =
                SciNoteOAuth::with_secret_source(http.clone(), c.client_id, secret, c.redirect_uri);
            let persistent = Arc::new(
                PersistentProvider::new(oauth.clone(), store, key, Arc::clone(http.clock()))
                    .with_policy(c.refresh.clone()),
            );
            let provider: Arc<dyn TokenProvider<TokenSet>> = persistent.clone();
            // Starts empty: the first call loads the stored tokens through
            // the provider (under the store's lock), refreshing them if stale.
            let cache = TokenCache::builder_shared(provider)
                .name("scinote")
                .policy(c.refresh)
                .clock(Arc::clone(http.clock()))
                .build();
            Auth::OAuth {
                header: HeaderAuth::bearer(cache),
                persistent,
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
    pub fn builder() -> SciNoteClientBuilder {
        SciNoteClientBuilder::default()
    }

    /// The server URL.
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
    pub fn authorize_request(&self) -> Result<AuthorizeRequest> {
        self.oauth()?.authorize_request()
    }

    /// Exchanges the code the user copied for tokens, saves them to the
    /// token store and starts using them.
    pub async fn exchange_code(&self, code: impl Into<String>) -> Result<()> {
        let code = SecretValue::new(code.into().trim().to_owned());
        let Auth::OAuth {
            header, persistent, ..
        } = &self.inner.auth
        else {
            return Err(config("this client uses an API key, not OAuth"));
        };
        let set = self.oauth()?.exchange_code(&code).await?;
        // Saved before use, like every later refresh.
        persistent.save(&set).await?;
        header.cache().set(set);
        Ok(())
    }

    /// Checks the redirect's `state` against `request`, then exchanges its
    /// code as [`exchange_code`](Self::exchange_code) does.
    pub async fn exchange_redirect(
        &self,
        request: &AuthorizeRequest,
        redirect_url: &str,
    ) -> Result<()> {
        let code = request.code_from_redirect(redirect_url)?;
        self.exchange_code(code.expose_secret()).await
    }

    /// Whether tokens are stored (so no authorization is needed to start).
    pub async fn has_stored_tokens(&self) -> Result<bool> {
        match &self.inner.auth {
            Auth::OAuth { persistent, .. } => Ok(persistent.load().await?.is_some()),
            Auth::ApiKey(_) => Ok(true),
        }
    }

    /// A valid access token (loaded or refreshed if needed), for tools that
    /// call SciNote themselves.
    pub async fn access_token(&self) -> Result<AccessToken> {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => Ok(header.cache().get().await?.access_token().clone()),
            Auth::ApiKey(_) => Err(config("this client uses an API key, not OAuth")),
        }
    }

    /// How many times the token cache obtained tokens (loads from the store
    /// included).
    pub fn token_fetches(&self) -> u64 {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => header.cache().refresh_count(),
            Auth::ApiKey(_) => 0,
        }
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
