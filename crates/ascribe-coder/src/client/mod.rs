//! The client: one per account and user, cheap to clone, shared by tasks.

use std::fmt;
use std::sync::Arc;

use auth_core::http::{ApiRequest, ApiResponse, HeaderAuth, HttpClient, RequestAuth};
use auth_core::secret::{AccessToken, Password, redact_all};
use auth_core::{SharedClock, StoredCredentials, TokenSet};
use futures::FutureExt;
use serde::de::DeserializeOwned;

use crate::api::{Codebooks, Companies, Exports, Questions, Responses, Studies};
use crate::config::TokenMode;
use crate::error::{Error, Result, from_core, service_messages};
use crate::version::ApiVersion;

mod builder;

pub use builder::AscribeClientBuilder;

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
    pub(crate) fn call<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<T>> {
        // A `map`, not an `async fn`: that would keep a second copy of
        // `request` (and of the inner future) in every task.
        self.execute(request)
            .map(|r| r.and_then(|r| r.json().map_err(Error::Core)))
    }

    /// Sends `request`; an answer whose body reports errors is an
    /// [`Error::Service`] whatever its status.
    pub(crate) fn execute(&self, request: ApiRequest) -> impl Future<Output = Result<ApiResponse>> {
        let operation = request.operation();
        let auth: &dyn RequestAuth = &self.inner.auth;
        self.inner
            .http
            .send(request, auth)
            .map(move |sent| self.check_answer(operation, sent))
    }

    /// An answer's own error report (`errors` / `errorMessage`), whatever
    /// its status, as [`Error::Service`].
    fn check_answer(
        &self,
        operation: &'static str,
        sent: auth_core::Result<ApiResponse>,
    ) -> Result<ApiResponse> {
        let response = sent.map_err(|e| self.map_error(e))?;
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
