//! The client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use auth_core::http::{ApiRequest, HeaderAuth, HttpClient};
use auth_core::secret::{AccessToken, ClientSecret, SecretSource};
use auth_core::{ClientConfig, PollPolicy, SharedClock, StoredCredentials, TokenSet};
use futures::FutureExt;
use http::HeaderName;
use serde::de::DeserializeOwned;

use crate::api::job_slots::RunningJobs;
use crate::api::{ConversationApi, ConversationsApi, JobsApi, ManageApi, ProcessApi};
use crate::auth::{SecretFn, SymblTokenProvider};
use crate::config::{AuthHeader, defaults};
use crate::error::Result;
use crate::ids::ConversationId;

/// A Symbl.ai client. Cheap to clone; clones share the token and connections.
#[derive(Clone)]
pub struct SymblClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: HttpClient,
    pub(crate) tokens: StoredCredentials<TokenSet>,
    pub(crate) auth: HeaderAuth<TokenSet>,
    pub(crate) poll: PollPolicy,
    pub(crate) running_jobs: Option<RunningJobs>,
}

impl fmt::Debug for SymblClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SymblClient")
            .field("http", &self.inner.http)
            .field("auth", &self.inner.auth)
            .field("tokens", &self.inner.tokens)
            .finish_non_exhaustive()
    }
}

/// Builds a [`SymblClient`]: the shared settings of every SDK client
/// (base URL, timeouts, retry and poll policies, token store, ...) plus
/// Symbl's own (app id and secret, auth header, job limit).
#[derive(Debug, Default)]
pub struct SymblClientBuilder {
    config: ClientConfig,
    app_id: String,
    app_secret: Option<SecretSource<ClientSecret>>,
    auth_header: AuthHeader,
    max_running_jobs: Option<usize>,
    job_slot_wait: Option<Duration>,
}

/// How long a submission waits for a free job slot by default (see
/// [`SymblClientBuilder::job_slot_wait`]).
pub const DEFAULT_JOB_SLOT_WAIT: Duration = Duration::from_secs(10 * 60);

impl SymblClientBuilder {
    auth_core::client_config_setters!(config, "symbl::SymblClient::builder()");

    /// Sets the app id (from the Symbl platform).
    ///
    /// ```no_run
    /// let builder = symbl::SymblClient::builder().app_id("my-app-id");
    /// # let _ = builder;
    /// ```
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = app_id.into();
        self
    }

    /// Sets the app secret (from the Symbl platform).
    ///
    /// ```no_run
    /// let builder = symbl::SymblClient::builder().app_secret("my-app-secret");
    /// # let _ = builder;
    /// ```
    pub fn app_secret(mut self, app_secret: impl Into<ClientSecret>) -> Self {
        self.app_secret = Some(SecretSource::Fixed(app_secret.into()));
        self
    }

    /// Asks `f` for the app secret only when a token must be generated
    /// (instead of [`app_secret`](Self::app_secret)): with a token store, a
    /// stored valid token is used without it.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use symbl::auth_core::secret::ClientSecret;
    /// let builder = symbl::SymblClient::builder()
    ///     .app_secret_source(Arc::new(|| Ok(ClientSecret::new("asked-for-secret"))));
    /// # let _ = builder;
    /// ```
    pub fn app_secret_source(mut self, f: SecretFn) -> Self {
        self.app_secret = Some(SecretSource::Lazy(f));
        self
    }

    /// Reads `SYMBL_APP_ID`, `SYMBL_APP_SECRET` and `SYMBL_BASE_URL` where set.
    ///
    /// ```no_run
    /// let builder = symbl::SymblClient::builder().from_env();
    /// # let _ = builder;
    /// ```
    pub fn from_env(mut self) -> Self {
        self.config = self.config.from_env("SYMBL");
        if let Some(id) = auth_core::config::env_var("SYMBL", "APP_ID") {
            self.app_id = id;
        }
        if let Some(secret) = auth_core::config::env_var("SYMBL", "APP_SECRET") {
            self.app_secret = Some(SecretSource::Fixed(ClientSecret::new(secret)));
        }
        self
    }

    /// Sends the token as `x-api-key` instead of `Authorization: Bearer`.
    ///
    /// ```no_run
    /// let builder = symbl::SymblClient::builder().auth_header(symbl::AuthHeader::XApiKey);
    /// # let _ = builder;
    /// ```
    pub fn auth_header(mut self, header: AuthHeader) -> Self {
        self.auth_header = header;
        self
    }

    /// Keeps at most `n` processing jobs of this client (and its clones)
    /// running at Symbl: a submission waits for a free slot, and a job holds
    /// its slot until it is seen to end (completed or failed, by
    /// [`JobsApi::get`](crate::api::JobsApi::get) or
    /// [`wait`](crate::api::JobsApi::wait)) or until its
    /// [`ProcessingJob`](crate::models::ProcessingJob) (all clones) is
    /// dropped. Keeps submissions under Symbl's concurrent-job cap instead of
    /// running into 429s.
    ///
    /// ```no_run
    /// let builder = symbl::SymblClient::builder().max_running_jobs(4);
    /// # let _ = builder;
    /// ```
    pub fn max_running_jobs(mut self, n: usize) -> Self {
        self.max_running_jobs = Some(n.max(1));
        self
    }

    /// With [`max_running_jobs`](Self::max_running_jobs): how long a
    /// submission waits for a free slot (measured on the client's clock)
    /// before it fails with [`auth_core::Error::Timeout`] (kind
    /// [`TimeoutKind::Deadline`](auth_core::TimeoutKind::Deadline)), so a
    /// job nobody waits for cannot block submissions for ever. Default
    /// [`DEFAULT_JOB_SLOT_WAIT`] (10 minutes).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let builder = symbl::SymblClient::builder()
    ///     .max_running_jobs(4)
    ///     .job_slot_wait(Duration::from_secs(120));
    /// # let _ = builder;
    /// ```
    pub fn job_slot_wait(mut self, wait: Duration) -> Self {
        self.job_slot_wait = Some(wait);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] on a missing app id or secret, an invalid
    /// base URL, or plain `http://` to another host.
    ///
    /// ```no_run
    /// # fn run() -> symbl::Result<()> {
    /// let client = symbl::SymblClient::builder().app_id("id").app_secret("secret").build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn build(self) -> Result<SymblClient> {
        let secret = self.app_secret.filter(|s| s.is_set());
        let (Some(secret), false) = (secret, self.app_id.trim().is_empty()) else {
            return Err(auth_core::Error::Config(
                "Symbl needs an app id and an app secret (SYMBL_APP_ID / SYMBL_APP_SECRET)".into(),
            )
            .into());
        };
        let base = self.config.build(&defaults(), |http| http)?;
        let http = base.http().clone();
        let app_id = self.app_id;
        let default_key = {
            let url = http.base_url().as_str().trim_end_matches('/').to_owned();
            let app_id = app_id.clone();
            move || format!("symbl:{url}:{app_id}")
        };
        let provider = SymblTokenProvider::with_source(http.clone(), app_id, secret);
        let tokens = base.credentials("symbl", provider, default_key, "");
        let cache = tokens.cache().clone();
        let auth = match self.auth_header {
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
                tokens,
                auth,
                poll: base.poll_policy().clone(),
                running_jobs: self.max_running_jobs.map(|n| {
                    let wait = self.job_slot_wait.unwrap_or(DEFAULT_JOB_SLOT_WAIT);
                    RunningJobs::new(n, wait, base.clock().clone())
                }),
            }),
        })
    }
}

impl SymblClient {
    /// Starts building a client.
    ///
    /// ```no_run
    /// let builder = symbl::SymblClient::builder().from_env();
    /// # let _ = builder;
    /// ```
    pub fn builder() -> SymblClientBuilder {
        SymblClientBuilder::default()
    }

    /// The async processing API: submit text, audio and video.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::{TextMessage, TextRequest};
    /// let job = client.process().text(&TextRequest::new([TextMessage::new("Hi.")])).await?;
    /// # let _ = job;
    /// # Ok(()) }
    /// ```
    pub fn process(&self) -> ProcessApi<'_> {
        ProcessApi { client: self }
    }

    /// Processing jobs: status and waiting.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client.jobs().get("9b1deb4d").await?;
    /// # let _ = job;
    /// # Ok(()) }
    /// ```
    pub fn jobs(&self) -> JobsApi<'_> {
        JobsApi { client: self }
    }

    /// Listing conversations.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn conversations(&self) -> ConversationsApi<'_> {
        ConversationsApi { client: self }
    }

    /// One conversation: details, metadata, insights, transcript.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let topics = client.conversation("5102778889273344").topics().send().await?;
    /// # let _ = topics;
    /// # Ok(()) }
    /// ```
    pub fn conversation(&self, id: impl Into<ConversationId>) -> ConversationApi<'_> {
        ConversationApi {
            client: self,
            id: id.into(),
        }
    }

    /// The Management API (beta): trackers and conversation groups.
    ///
    /// ```no_run
    /// use symbl::models::TrackerSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let spec = TrackerSpec::new("Pricing", ["how much does it cost"]);
    /// let tracker = client.manage().trackers().create(&spec).send().await?;
    /// # let _ = tracker; Ok(()) }
    /// ```
    pub fn manage(&self) -> ManageApi<'_> {
        ManageApi { client: self }
    }

    /// A valid access token (generated or refreshed if needed), for tools
    /// that call Symbl themselves.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) when the token cannot be generated (wrong app id or secret: an auth error) or the token store fails.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let token = client.access_token().await?;
    /// # let _ = token;
    /// # Ok(()) }
    /// ```
    pub async fn access_token(&self) -> Result<AccessToken> {
        let set = self.inner.auth.cache().get().await?;
        Ok(set.access_token().clone())
    }

    /// The token held now (from memory or the token store), without
    /// generating one.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) when the token store cannot be read.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// if client.stored_token().await?.is_none() {
    ///     println!("no token yet");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn stored_token(&self) -> Result<Option<TokenSet>> {
        if let Some(held) = self.inner.tokens.cache().peek() {
            return Ok(Some((*held).clone()));
        }
        Ok(self.inner.tokens.stored().await?)
    }

    /// Forgets the token here and in the token store.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) when the token store cannot be cleared.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// client.logout().await?;
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<()> {
        Ok(self.inner.tokens.clear().await?)
    }

    /// How many tokens were generated so far.
    ///
    /// ```no_run
    /// # fn run(client: symbl::SymblClient) {
    /// println!("{} tokens generated", client.token_generations());
    /// # }
    /// ```
    pub fn token_generations(&self) -> u64 {
        self.inner.auth.cache().refresh_count()
    }

    // `map`s over the auth-core futures, not `async fn`s: those would keep
    // a second copy of `request` (and of the inner future) in every task.
    pub(crate) fn send_json<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<T>> {
        self.inner
            .http
            .send_json(request, &self.inner.auth)
            .map(|r| r.map_err(Into::into))
    }

    pub(crate) fn send(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<auth_core::http::ApiResponse>> {
        self.inner
            .http
            .send(request, &self.inner.auth)
            .map(|r| r.map_err(Into::into))
    }

    pub(crate) fn clock(&self) -> &SharedClock {
        self.inner.http.clock()
    }
}
