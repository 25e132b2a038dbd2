//! The client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use auth_core::http::{ApiRequest, HeaderAuth, HttpClient, RetryConfig};
use auth_core::secret::{AccessToken, ClientSecret};
use auth_core::{
    PersistentProvider, PollPolicy, RefreshPolicy, SharedClock, TokenCache, TokenProvider,
    TokenSet, TokenStore,
};
use http::HeaderName;
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use crate::api::{ConversationApi, ConversationsApi, JobsApi, ProcessApi};
use auth_core::secret::SecretSource;

use crate::auth::{SecretFn, SymblTokenProvider};
use crate::config::{AuthHeader, SymblConfig};
use crate::error::Result;

/// A Symbl.ai client. Cheap to clone; clones share the token and connections.
#[derive(Clone)]
pub struct SymblClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: HttpClient,
    pub(crate) auth: HeaderAuth<TokenSet>,
    pub(crate) poll: PollPolicy,
    pub(crate) upload_timeout: Duration,
    pub(crate) job_slots: Option<Arc<Semaphore>>,
}

impl fmt::Debug for SymblClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SymblClient")
            .field("http", &self.inner.http)
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

/// Builds a [`SymblClient`].
#[derive(Debug, Default)]
pub struct SymblClientBuilder {
    config: SymblConfig,
}

impl SymblClientBuilder {
    /// Sets the app id (from the Symbl platform).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.config.app_id = app_id.into();
        self
    }

    /// Sets the app secret (from the Symbl platform).
    pub fn app_secret(mut self, app_secret: impl Into<ClientSecret>) -> Self {
        self.config.app_secret = app_secret.into();
        self
    }

    /// Reads `SYMBL_APP_ID`, `SYMBL_APP_SECRET` and, if set, `SYMBL_BASE_URL`.
    pub fn from_env(mut self) -> Self {
        if let Ok(id) = std::env::var("SYMBL_APP_ID") {
            self.config.app_id = id;
        }
        if let Ok(secret) = std::env::var("SYMBL_APP_SECRET") {
            self.config.app_secret = ClientSecret::new(secret);
        }
        if let Ok(url) = std::env::var("SYMBL_BASE_URL") {
            self.config.base_url = url;
        }
        self
    }

    /// Sets the API's base URL (default `https://api.symbl.ai`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    /// Sends the token as `x-api-key` instead of `Authorization: Bearer`.
    pub fn auth_header(mut self, header: AuthHeader) -> Self {
        self.config.auth_header = header;
        self
    }

    /// Sets the clock (tests).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.config.clock = Some(clock);
        self
    }

    /// Sets the retry settings (default: 5 retries, 1 s to 30 s backoff, as
    /// Symbl's 429 means "too many jobs running" and clears slowly).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Sets the timeout of ordinary calls (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Sets the timeout of media uploads (default 1 h).
    pub fn upload_timeout(mut self, timeout: Duration) -> Self {
        self.config.upload_timeout = timeout;
        self
    }

    /// Sets when the token is refreshed.
    pub fn refresh_policy(mut self, policy: RefreshPolicy) -> Self {
        self.config.refresh = policy;
        self
    }

    /// Sets the default policy of [`JobsApi::wait`](crate::api::JobsApi::wait).
    pub fn poll_policy(mut self, policy: PollPolicy) -> Self {
        self.config.poll = policy;
        self
    }

    /// Submits at most `n` processing jobs at once from this client (and its
    /// clones); further submissions wait for a free slot.
    pub fn max_concurrent_submissions(mut self, n: usize) -> Self {
        self.config.max_concurrent_jobs = Some(n.max(1));
        self
    }

    /// Asks `f` for the app secret only when a token must be generated
    /// (instead of [`app_secret`](Self::app_secret)): with a token store, a
    /// stored valid token is used without it.
    pub fn app_secret_source(mut self, f: SecretFn) -> Self {
        self.config.secret_fn = Some(f);
        self
    }

    /// Persists tokens in `store` under `key` and reuses a stored valid token
    /// (across runs and processes) instead of generating a new one.
    pub fn token_store(mut self, store: Arc<dyn TokenStore>, key: impl Into<String>) -> Self {
        self.config.store = Some((store, key.into()));
        self
    }

    /// Builds the client. Fails on a missing app id or secret or a bad URL.
    pub fn build(self) -> Result<SymblClient> {
        let c = self.config;
        let has_secret = !c.app_secret.is_empty() || c.secret_fn.is_some();
        if c.app_id.trim().is_empty() || !has_secret {
            return Err(auth_core::Error::Config(
                "Symbl needs an app id and an app secret (SYMBL_APP_ID / SYMBL_APP_SECRET)".into(),
            )
            .into());
        }
        let mut http = HttpClient::builder("symbl", &c.base_url)
            .user_agent(concat!("symbl-rust/", env!("CARGO_PKG_VERSION")))
            .timeout(c.timeout)
            .retry(c.retry);
        if let Some(clock) = &c.clock {
            http = http.clock(Arc::clone(clock));
        }
        let http = http.build()?;
        let source = match c.secret_fn {
            Some(f) => SecretSource::Lazy(f),
            None => SecretSource::Fixed(c.app_secret),
        };
        let provider = SymblTokenProvider::with_source(http.clone(), c.app_id, source);
        let provider: Arc<dyn TokenProvider<TokenSet>> = match c.store {
            Some((store, key)) => Arc::new(PersistentProvider::new(
                provider,
                store,
                key,
                Arc::clone(http.clock()),
            )),
            None => Arc::new(provider),
        };
        let cache = TokenCache::builder_shared(provider)
            .name("symbl")
            .policy(c.refresh)
            .clock(Arc::clone(http.clock()))
            .build();
        let auth = match c.auth_header {
            AuthHeader::Bearer => HeaderAuth::bearer(cache),
            AuthHeader::XApiKey => {
                HeaderAuth::new(cache, HeaderName::from_static("x-api-key"), "", |t| {
                    t.access_token().expose_secret()
                })
            }
        };
        Ok(SymblClient {
            inner: Arc::new(Inner {
                http,
                auth,
                poll: c.poll,
                upload_timeout: c.upload_timeout,
                job_slots: c.max_concurrent_jobs.map(|n| Arc::new(Semaphore::new(n))),
            }),
        })
    }
}

impl SymblClient {
    /// Starts building a client.
    pub fn builder() -> SymblClientBuilder {
        SymblClientBuilder::default()
    }

    /// The async processing API: submit text, audio and video.
    pub fn process(&self) -> ProcessApi<'_> {
        ProcessApi { client: self }
    }

    /// Processing jobs: status and waiting.
    pub fn jobs(&self) -> JobsApi<'_> {
        JobsApi { client: self }
    }

    /// Listing conversations.
    pub fn conversations(&self) -> ConversationsApi<'_> {
        ConversationsApi { client: self }
    }

    /// One conversation: details, metadata, insights, transcript.
    pub fn conversation(&self, id: impl Into<String>) -> ConversationApi<'_> {
        ConversationApi {
            client: self,
            id: id.into(),
        }
    }

    /// A valid access token (generated or refreshed if needed), for tools
    /// that call Symbl themselves.
    pub async fn access_token(&self) -> Result<AccessToken> {
        let set = self.inner.auth.cache().get().await?;
        Ok(set.access_token().clone())
    }

    /// How many tokens were generated so far.
    pub fn token_generations(&self) -> u64 {
        self.inner.auth.cache().refresh_count()
    }

    pub(crate) async fn send_json<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        Ok(self.inner.http.send_json(request, &self.inner.auth).await?)
    }

    pub(crate) async fn send(&self, request: ApiRequest) -> Result<auth_core::http::ApiResponse> {
        Ok(self.inner.http.send(request, &self.inner.auth).await?)
    }

    pub(crate) fn clock(&self) -> &SharedClock {
        self.inner.http.clock()
    }
}
