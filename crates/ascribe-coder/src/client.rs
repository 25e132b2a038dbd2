//! The client: one per account and user, cheap to clone, shared by tasks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use auth_core::http::{ApiRequest, ApiResponse, HeaderAuth, HttpClient, RequestAuth};
use auth_core::secret::{AccessToken, Password, redact_all};
use auth_core::{ClientConfig, SharedClock, StoredCredentials, TokenSet};
use http::HeaderValue;
use http::header::ACCEPT;
use serde::de::DeserializeOwned;

use crate::api::{Codebooks, Companies, Exports, Questions, Responses, Studies};
use crate::auth::build_auth;
use crate::config::{Settings, TokenMode, defaults};
use crate::error::{Error, Result, error_parser, from_core, service_messages};
use crate::version::ApiVersion;

/// A client of the Ascribe Coder API.
///
/// Logs in on first use, keeps the session alive (or logs in again after 30
/// minutes idle), sends exactly one auth header, and turns `errors` /
/// `errorMessage` bodies into [`Error::Service`] even with HTTP 200. Clones
/// share the login.
///
/// Calls are grouped by resource: [`studies`](Self::studies),
/// [`questions`](Self::questions), [`responses`](Self::responses),
/// [`codebooks`](Self::codebooks), [`companies`](Self::companies),
/// [`exports`](Self::exports).
#[derive(Clone)]
pub struct AscribeClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: HttpClient,
    auth: HeaderAuth<TokenSet>,
    tokens: StoredCredentials<TokenSet>,
    api_version: ApiVersion,
    mode: TokenMode,
    chunk_size: usize,
    account: Option<String>,
    user_name: Option<String>,
    password: Option<Password>,
}

impl fmt::Debug for AscribeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The auth's Debug shows the cache state, never the token.
        f.debug_struct("AscribeClient")
            .field("base_url", &self.inner.http.base_url().as_str())
            .field("account", &self.inner.account)
            .field("user_name", &self.inner.user_name)
            .field("token_mode", &self.inner.mode)
            .field("chunk_size", &self.inner.chunk_size)
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

/// Builds an [`AscribeClient`]: the shared settings of every SDK client
/// (base URL, timeouts, retry policy, token store, ...) plus Ascribe's own
/// (account, user and password, token mode, login path, chunk size, idle
/// session limits). Defaults: the v1 host, `/Sessions`, session-token mode,
/// chunks of 1000 responses.
#[derive(Debug, Default)]
pub struct AscribeClientBuilder {
    config: ClientConfig,
    settings: Settings,
}

impl AscribeClientBuilder {
    auth_core::client_config_setters!(config, "ascribe_coder::AscribeClient::builder()");

    /// Sets the login path under the base URL (default [`V1_SESSION_PATH`](crate::config::V1_SESSION_PATH);
    /// v2 hosts such as `https://api.goascribe.us/coder/v2` use
    /// [`V2_SESSION_PATH`](crate::config::V2_SESSION_PATH)).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder()
    ///     .session_path(ascribe_coder::config::V2_SESSION_PATH);
    /// # let _ = builder;
    /// ```
    pub fn session_path(mut self, path: impl Into<String>) -> Self {
        self.settings.session_path = path.into();
        self
    }

    /// Sets the account.
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().account("acme");
    /// # let _ = builder;
    /// ```
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.settings.account = Some(account.into());
        self
    }

    /// Sets the user name (a dedicated API user is advised, as the service
    /// attributes time accounting to it).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().user_name("api-user");
    /// # let _ = builder;
    /// ```
    pub fn user_name(mut self, user_name: impl Into<String>) -> Self {
        self.settings.user_name = Some(user_name.into());
        self
    }

    /// Sets the password.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// let builder = ascribe_coder::AscribeClient::builder().password(Password::new("pw"));
    /// # let _ = builder;
    /// ```
    pub fn password(mut self, password: Password) -> Self {
        self.settings.password = Some(password);
        self
    }

    /// Sets account, user name and password at once.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// let builder = ascribe_coder::AscribeClient::builder()
    ///     .credentials("acme", "api-user", Password::new("pw"));
    /// # let _ = builder;
    /// ```
    pub fn credentials(
        self,
        account: impl Into<String>,
        user_name: impl Into<String>,
        password: Password,
    ) -> Self {
        self.account(account)
            .user_name(user_name)
            .password(password)
    }

    /// Sets which token is sent (default [`TokenMode::Session`]).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().token_mode(ascribe_coder::TokenMode::Bearer);
    /// # let _ = builder;
    /// ```
    pub fn token_mode(mut self, mode: TokenMode) -> Self {
        self.settings.token_mode = mode;
        self
    }

    /// Reuses a bearer token obtained earlier (implies [`TokenMode::Bearer`]):
    /// no login happens until the service rejects it. With or without its
    /// `bearer ` prefix; it is sent with exactly one. (A token store does
    /// this for you across runs.)
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::AccessToken;
    /// let builder = ascribe_coder::AscribeClient::builder().bearer_token(AccessToken::new("bearer eyJ..."));
    /// # let _ = builder;
    /// ```
    pub fn bearer_token(mut self, token: AccessToken) -> Self {
        self.settings.bearer_token = Some(token);
        self.settings.token_mode = TokenMode::Bearer;
        self
    }

    /// Sets the most responses sent in one request (default 1000, the
    /// service's recommended maximum).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().chunk_size(500);
    /// # let _ = builder;
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.settings.chunk_size = size;
        self
    }

    /// Sets how long before the 30-minute idle limit a session token is no
    /// longer trusted and a new login happens first (default 30 s, which
    /// covers the time a request takes to reach the service).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().idle_margin(std::time::Duration::from_secs(60));
    /// # let _ = builder;
    /// ```
    pub fn idle_margin(mut self, margin: Duration) -> Self {
        self.settings.idle_margin = margin;
        self
    }

    /// Sets the session idle timeout (default 30 minutes, as documented).
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().idle_timeout(std::time::Duration::from_secs(900));
    /// # let _ = builder;
    /// ```
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.settings.idle_timeout = timeout;
        self
    }

    /// Reads `ASCRIBE_BASE_URL`, `ASCRIBE_ACCOUNT`, `ASCRIBE_USERNAME` and
    /// `ASCRIBE_PASSWORD` where set.
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder().from_env();
    /// # let _ = builder;
    /// ```
    pub fn from_env(mut self) -> Self {
        let var = |k: &str| auth_core::config::env_var("ASCRIBE", k);
        self.config = self.config.from_env("ASCRIBE");
        if let Some(v) = var("ACCOUNT") {
            self.settings.account = Some(v);
        }
        if let Some(v) = var("USERNAME") {
            self.settings.user_name = Some(v);
        }
        if let Some(v) = var("PASSWORD") {
            self.settings.password = Some(Password::new(v));
        }
        self
    }

    /// Builds the client. Nothing is sent until the first call (or
    /// [`AscribeClient::login`]).
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] when credentials are missing (and
    /// neither a bearer token nor a token store is given) or partial, on a zero chunk size, an idle margin
    /// not shorter than the idle timeout, or an invalid base URL.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// # fn run() -> ascribe_coder::Result<()> {
    /// let client = ascribe_coder::AscribeClient::builder()
    ///     .credentials("acme", "api-user", Password::new("pw"))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn build(self) -> Result<AscribeClient> {
        let settings = self.settings;
        settings.validate(self.config.store_setting().is_some())?;
        let base = self.config.build(&defaults(&settings), |http| {
            // ASP.NET answers XML to the default Accept header.
            http.default_header(ACCEPT, HeaderValue::from_static("application/json"))
                .error_parser(Arc::new(error_parser))
        })?;
        let (auth, tokens) = build_auth(&settings, &base);
        let http = base.http().clone();
        Ok(AscribeClient {
            inner: Arc::new(Inner {
                http,
                auth,
                tokens,
                api_version: ApiVersion::of_session_path(&settings.session_path),
                mode: settings.token_mode,
                chunk_size: settings.chunk_size,
                account: settings.account,
                user_name: settings.user_name,
                password: settings.password,
            }),
        })
    }
}

impl AscribeClient {
    /// Starts building a client.
    ///
    /// ```no_run
    /// let builder = ascribe_coder::AscribeClient::builder();
    /// # let _ = builder;
    /// ```
    pub fn builder() -> AscribeClientBuilder {
        AscribeClientBuilder::default()
    }

    /// Studies: list, get with counts, create, wait until completed.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let studies = client.studies().list().send().await?;
    /// # let _ = studies;
    /// # Ok(()) }
    /// ```
    pub fn studies(&self) -> Studies {
        Studies::new(self.clone())
    }

    /// Questions of a study: list, create.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let questions = client.questions().list(544).send().await?;
    /// # let _ = questions;
    /// # Ok(()) }
    /// ```
    pub fn questions(&self) -> Questions {
        Questions::new(self.clone())
    }

    /// Responses of a question: read, add, upsert (chunked).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let responses = client.responses().get(1001).include_text(true).send().await?;
    /// # let _ = responses;
    /// # Ok(()) }
    /// ```
    pub fn responses(&self) -> Responses {
        Responses::new(self.clone())
    }

    /// Codebooks: read flat or as a tree, replace, add codes.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client.codebooks().for_question(1001).tree(true).send().await?;
    /// # let _ = codebook;
    /// # Ok(()) }
    /// ```
    pub fn codebooks(&self) -> Codebooks {
        Codebooks::new(self.clone())
    }

    /// Companies: list, create.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let companies = client.companies().list().await?;
    /// # let _ = companies;
    /// # Ok(()) }
    /// ```
    pub fn companies(&self) -> Companies {
        Companies::new(self.clone())
    }

    /// Exports: scripts, start, poll until complete.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let scripts = client.exports().scripts().await?;
    /// # let _ = scripts;
    /// # Ok(()) }
    /// ```
    pub fn exports(&self) -> Exports {
        Exports::new(self.clone())
    }

    /// Logs in now unless a usable token is held, so wrong credentials show
    /// up at start-up rather than on the first call.
    ///
    /// # Errors
    /// [`Error::Core`] when the login is refused (wrong credentials) or
    /// cannot be sent; [`Error::CredentialsChanged`] in bearer mode when the
    /// held token is refused and a new login fails.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.login().await?;
    /// # Ok(()) }
    /// ```
    pub async fn login(&self) -> Result<()> {
        self.inner
            .auth
            .cache()
            .get()
            .await
            .map(|_| ())
            .map_err(|e| self.map_error(e))
    }

    /// The bearer token held now (bearer mode), to persist and pass to
    /// [`AscribeClientBuilder::bearer_token`]
    /// next time. `None` in session mode or before the first login.
    ///
    /// ```no_run
    /// # fn f(client: &ascribe_coder::AscribeClient) {
    /// if let Some(token) = client.bearer_token() {
    ///     // Persist `token` (it is redacted in Debug output).
    ///     # let _ = token;
    /// }
    /// # }
    /// ```
    pub fn bearer_token(&self) -> Option<AccessToken> {
        if self.inner.mode != TokenMode::Bearer {
            return None;
        }
        self.inner
            .auth
            .cache()
            .peek()
            .map(|t| t.access_token().clone())
    }

    /// Forgets the token here and in the token store.
    ///
    /// # Errors
    /// [`Error::Core`] when the token store cannot be updated.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.logout().await?;
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<()> {
        self.inner.tokens.clear().await.map_err(Error::Core)
    }

    /// The token held now (in memory or in the store), without logging in.
    ///
    /// # Errors
    /// [`Error::Core`] when the token store cannot be read.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let held = client.stored_token().await?;
    /// # let _ = held; Ok(()) }
    /// ```
    pub async fn stored_token(&self) -> Result<Option<TokenSet>> {
        if let Some(held) = self.inner.tokens.cache().peek() {
            return Ok(Some((*held).clone()));
        }
        self.inner.tokens.stored().await.map_err(Error::Core)
    }

    /// How many times this client (and its clones) obtained a token: a
    /// login, or a load from the token store.
    ///
    /// ```no_run
    /// # fn f(client: &ascribe_coder::AscribeClient) {
    /// println!("{} logins so far", client.login_count());
    /// # }
    /// ```
    pub fn login_count(&self) -> u64 {
        self.inner.auth.cache().refresh_count()
    }

    /// The base URL (always ending in `/`).
    ///
    /// ```no_run
    /// # fn f(client: &ascribe_coder::AscribeClient) {
    /// println!("{}", client.base_url());
    /// # }
    /// ```
    pub fn base_url(&self) -> &url::Url {
        self.inner.http.base_url()
    }

    /// The API version, as told by the login path.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// use ascribe_coder::{ApiVersion, AscribeClient, Region};
    /// # fn run() -> ascribe_coder::Result<()> {
    /// let client = AscribeClient::builder()
    ///     .region(Region::Us)
    ///     .credentials("a", "u", Password::new("p"))
    ///     .build()?;
    /// assert_eq!(client.api_version(), ApiVersion::V2);
    /// # Ok(()) }
    /// ```
    pub fn api_version(&self) -> ApiVersion {
        self.inner.api_version
    }

    /// The token mode.
    ///
    /// ```no_run
    /// # fn f(client: &ascribe_coder::AscribeClient) {
    /// assert_eq!(client.token_mode(), ascribe_coder::TokenMode::Session);
    /// # }
    /// ```
    pub fn token_mode(&self) -> TokenMode {
        self.inner.mode
    }

    /// The most responses sent in one upload request.
    ///
    /// ```no_run
    /// # fn f(client: &ascribe_coder::AscribeClient) {
    /// println!("uploads go in chunks of {}", client.chunk_size());
    /// # }
    /// ```
    pub fn chunk_size(&self) -> usize {
        self.inner.chunk_size
    }

    /// The clock (polling waits go through it).
    ///
    /// ```no_run
    /// # fn f(client: &ascribe_coder::AscribeClient) {
    /// let now = client.clock().now();
    /// # let _ = now;
    /// # }
    /// ```
    pub fn clock(&self) -> &SharedClock {
        self.inner.http.clock()
    }

    /// Sends `request` and decodes the JSON answer into `T`, after checking
    /// the body for `errors` / `errorMessage`.
    pub(crate) async fn call<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T> {
        self.execute(request).await?.json().map_err(Error::Core)
    }

    /// Sends `request`; an answer whose body reports errors is an
    /// [`Error::Service`] whatever its status.
    pub(crate) async fn execute(&self, request: ApiRequest) -> Result<ApiResponse> {
        let operation = request.operation();
        let auth: &dyn RequestAuth = &self.inner.auth;
        let response = self
            .inner
            .http
            .send(request, auth)
            .await
            .map_err(|e| self.map_error(e))?;
        if let Some(messages) = service_messages(response.body()) {
            return Err(Error::Service {
                operation: operation.to_owned(),
                messages: messages.iter().map(|m| self.scrub(m)).collect(),
                status: response.status(),
                request_id: response.request_id().map(str::to_owned),
            });
        }
        Ok(response)
    }

    /// Gives `auth-core` errors their Ascribe meaning.
    fn map_error(&self, err: auth_core::Error) -> Error {
        if self.inner.mode == TokenMode::Bearer {
            match &err {
                // Refused again after a new login, or the new login itself
                // was refused: a bearer token only dies with the credentials.
                auth_core::Error::Unauthorized(api) => {
                    return Error::CredentialsChanged {
                        message: api
                            .message
                            .clone()
                            .unwrap_or_else(|| "the bearer token was rejected".into()),
                    };
                }
                auth_core::Error::ReauthorizationRequired { message, .. } => {
                    return Error::CredentialsChanged {
                        message: message.clone(),
                    };
                }
                _ => {}
            }
        }
        from_core(err)
    }

    /// Removes the password and the current token from text the service
    /// sent back (some services echo what they were sent).
    fn scrub(&self, text: &str) -> String {
        let token = self.inner.auth.cache().peek();
        let mut secrets: Vec<&str> = Vec::new();
        if let Some(p) = &self.inner.password {
            secrets.push(p.expose_secret());
        }
        if let Some(t) = &token {
            let t = t.access_token().expose_secret();
            secrets.push(t);
            if let Some((_, jwt)) = t.split_once(' ') {
                secrets.push(jwt);
            }
        }
        redact_all(text, &secrets)
    }
}
