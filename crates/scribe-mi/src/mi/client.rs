//! The MI client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use auth_core::clock::SharedClock;
use auth_core::http::{HttpClient, ProgressFn};
use auth_core::secret::{Password, RefreshToken};
use auth_core::{ClientConfig, PollPolicy, ServiceDefaults, StoredCredentials, TokenSet};
use tokio::sync::Mutex;

use super::auth::{CognitoRefresh, FederatedCredentials};
use super::models::FileType;
use crate::cognito::{Challenge, Login, ScribeAuth};
use crate::config::{AuthConfig, DEFAULT_REGION, scribe_env};
use crate::credentials::AwsCredentials;
use crate::error::Result;
use crate::sigv4::{SigV4Auth, SigV4Signer};

/// The MI API's production URL.
pub const DEFAULT_API_URL: &str = "https://mi.scribelabs.ai/v1";

/// Builds an [`MiClient`]: the shared settings of every SDK client (API
/// URL, timeouts, retry and poll policies, token store, ...) plus Scribe's
/// own, with the same names as the Python and TypeScript clients
/// (`API_URL`, `REGION`, `CLIENT_ID`, `USER_POOL_ID`, `IDENTITY_POOL_ID`).
#[derive(Debug, Clone, Default)]
pub struct MiClientBuilder {
    config: ClientConfig,
    region: Option<String>,
    client_id: String,
    user_pool_id: String,
    identity_pool_id: String,
    cognito_endpoint: Option<String>,
}

impl MiClientBuilder {
    auth_core::client_config_setters!(config, "scribe_mi::MiClient::builder()");

    /// The API URL: `mi.scribelabs.ai/v1` (https is assumed) or a full URL;
    /// the same as [`base_url`](Self::base_url).
    ///
    /// ```no_run
    /// let builder = scribe_mi::MiClient::builder().api_url("mi.scribelabs.ai/v1");
    /// # let _ = builder;
    /// ```
    pub fn api_url(self, url: impl Into<String>) -> Self {
        self.base_url(url)
    }

    /// The AWS region (default `eu-west-2`).
    ///
    /// ```no_run
    /// let builder = scribe_mi::MiClient::builder().region("eu-west-2");
    /// # let _ = builder;
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The Cognito app client id.
    ///
    /// ```no_run
    /// let builder = scribe_mi::MiClient::builder().client_id("my-client-id");
    /// # let _ = builder;
    /// ```
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = id.into();
        self
    }

    /// The Cognito user pool id.
    ///
    /// ```no_run
    /// let builder = scribe_mi::MiClient::builder().user_pool_id("eu-west-2_AbCdEf");
    /// # let _ = builder;
    /// ```
    pub fn user_pool_id(mut self, id: impl Into<String>) -> Self {
        self.user_pool_id = id.into();
        self
    }

    /// The Cognito identity pool id.
    ///
    /// ```no_run
    /// let builder = scribe_mi::MiClient::builder().identity_pool_id("eu-west-2:1234");
    /// # let _ = builder;
    /// ```
    pub fn identity_pool_id(mut self, id: impl Into<String>) -> Self {
        self.identity_pool_id = id.into();
        self
    }

    /// Sends every Cognito call to this endpoint (a local emulator).
    ///
    /// ```no_run
    /// let builder = scribe_mi::MiClient::builder().cognito_endpoint("http://127.0.0.1:5000");
    /// # let _ = builder;
    /// ```
    pub fn cognito_endpoint(mut self, url: impl Into<String>) -> Self {
        self.cognito_endpoint = Some(url.into());
        self
    }

    /// Reads `SCRIBE_API_URL`, `SCRIBE_REGION`, `SCRIBE_CLIENT_ID`,
    /// `SCRIBE_USER_POOL_ID`, `SCRIBE_IDENTITY_POOL_ID` and
    /// `SCRIBE_COGNITO_ENDPOINT` where set; the unprefixed names of the
    /// Scribe SDKs (`API_URL`, `REGION`, ...) are documented fallbacks, read
    /// only when the prefixed one is not set.
    ///
    /// ```no_run
    /// let builder = scribe_mi::MiClient::builder().from_env();
    /// # let _ = builder;
    /// ```
    pub fn from_env(mut self) -> Self {
        if let Some(v) = scribe_env("API_URL") {
            self.config = self.config.base_url(v);
        }
        if let Some(v) = scribe_env("REGION") {
            self.region = Some(v);
        }
        if let Some(v) = scribe_env("CLIENT_ID") {
            self.client_id = v;
        }
        if let Some(v) = scribe_env("USER_POOL_ID") {
            self.user_pool_id = v;
        }
        if let Some(v) = scribe_env("IDENTITY_POOL_ID") {
            self.identity_pool_id = v;
        }
        if let Some(v) = auth_core::config::env_var("SCRIBE", "COGNITO_ENDPOINT") {
            self.cognito_endpoint = Some(v);
        }
        self
    }

    /// Builds the client (not yet authenticated). With a token store, the
    /// Cognito tokens and the AWS credentials are persisted (under the store
    /// key, and the key plus `:aws`), so a later client signs in without a
    /// password.
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] when the client id or user pool id is
    /// missing, or the API URL is invalid.
    ///
    /// ```no_run
    /// # fn run() -> scribe_mi::Result<()> {
    /// let client = scribe_mi::MiClient::builder()
    ///     .client_id("my-client-id")
    ///     .user_pool_id("eu-west-2_AbCdEf")
    ///     .identity_pool_id("eu-west-2:1234")
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn build(self) -> Result<MiClient> {
        // The identity pool is needed only to sign MI calls (their first
        // call reports it missing); logins and token refreshes work without.
        for (value, name) in [
            (&self.client_id, "client id"),
            (&self.user_pool_id, "user pool id"),
        ] {
            if value.trim().is_empty() {
                return Err(
                    auth_core::Error::Config(format!("the MI client needs a {name}")).into(),
                );
            }
        }
        let region = self.region.unwrap_or_else(|| DEFAULT_REGION.to_owned());
        let base = self.config.build(&defaults(), |http| http)?;
        let clock = Arc::clone(base.clock());
        let mut auth_config = AuthConfig::new(&self.client_id, &self.user_pool_id).region(&region);
        if !self.identity_pool_id.trim().is_empty() {
            auth_config = auth_config.identity_pool_id(&self.identity_pool_id);
        }
        if let Some(url) = &self.cognito_endpoint {
            auth_config = auth_config.endpoint(url);
        }
        let auth = ScribeAuth::with_clock(auth_config, Arc::clone(&clock));
        let http = base.http().clone();
        let default_key = {
            let pools = format!(
                "{}/{}",
                self.cognito_endpoint.as_deref().unwrap_or(&region),
                self.user_pool_id
            );
            let client_id = self.client_id.clone();
            move || format!("scribe:{pools}:{client_id}")
        };
        let tokens = base.credentials(
            "scribe-cognito",
            CognitoRefresh { auth: auth.clone() },
            default_key.clone(),
            "",
        );
        let credentials = base.credentials(
            "scribe-aws",
            FederatedCredentials {
                auth: auth.clone(),
                tokens: tokens.cache().clone(),
                identity_id: Mutex::new(None),
            },
            default_key,
            ":aws",
        );
        let signer = SigV4Auth::new(
            credentials.cache().clone(),
            SigV4Signer::execute_api(&region),
        );
        Ok(MiClient {
            inner: Arc::new(Inner {
                auth,
                http,
                tokens,
                credentials,
                signer,
                poll: base.poll_policy().clone(),
            }),
        })
    }
}

/// The MI API's defaults on top of the shared ones.
fn defaults() -> ServiceDefaults {
    ServiceDefaults::new(
        "scribe-mi",
        DEFAULT_API_URL,
        concat!("scribe-mi-rust/", env!("CARGO_PKG_VERSION")),
    )
    .poll(
        PollPolicy::default()
            .interval(Duration::from_secs(2))
            .backoff(1.5, Duration::from_secs(20))
            .deadline(Some(Duration::from_secs(1800))),
    )
}

/// A client of the MI API. Cheap to clone; clones share credentials.
#[derive(Clone)]
pub struct MiClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) auth: ScribeAuth,
    pub(crate) http: HttpClient,
    pub(crate) tokens: StoredCredentials<TokenSet>,
    pub(crate) credentials: StoredCredentials<AwsCredentials>,
    pub(crate) signer: SigV4Auth,
    pub(crate) poll: PollPolicy,
}

impl fmt::Debug for MiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MiClient")
            .field("http", &self.inner.http)
            .field("auth", &self.inner.auth)
            .field("signer", &self.inner.signer)
            .finish_non_exhaustive()
    }
}

/// Options of [`MiClient::submit_task`].
#[derive(Clone, Default)]
pub struct SubmitOptions {
    pub(crate) filetype: Option<FileType>,
    pub(crate) filename: Option<String>,
    pub(crate) company: Option<String>,
    pub(crate) progress: Option<ProgressFn>,
}

impl fmt::Debug for SubmitOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubmitOptions")
            .field("filetype", &self.filetype)
            .field("filename", &self.filename)
            .field("company", &self.company)
            .finish_non_exhaustive()
    }
}

impl SubmitOptions {
    /// Default options: type from the extension, name from the path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the file type (default: from the file name's extension).
    pub fn filetype(mut self, filetype: FileType) -> Self {
        self.filetype = Some(filetype);
        self
    }

    /// Sets the file name sent to Scribe (default: the path's base name).
    pub fn filename(mut self, name: impl Into<String>) -> Self {
        self.filename = Some(name.into());
        self
    }

    /// Sets the company the document is about.
    pub fn company(mut self, company: impl Into<String>) -> Self {
        self.company = Some(company.into());
        self
    }

    /// Calls `progress(sent, total)` while the file uploads.
    pub fn progress(mut self, progress: ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }
}

impl MiClient {
    /// Starts building a client.
    pub fn builder() -> MiClientBuilder {
        MiClientBuilder::default()
    }

    /// The Cognito side (challenges, password changes, revocation).
    pub fn auth(&self) -> &ScribeAuth {
        &self.inner.auth
    }

    /// Logs in with a password. On a challenge, answer it with
    /// [`complete_new_password`](Self::complete_new_password) (or through
    /// [`auth`](Self::auth) and then [`set_tokens`](Self::set_tokens)).
    pub async fn authenticate(&self, username: &str, password: &Password) -> Result<Login> {
        let login = self.inner.auth.login(username, password).await?;
        if let Login::Tokens(tokens) = &login {
            self.set_tokens(tokens.clone()).await?;
        }
        Ok(login)
    }

    /// Logs in with a refresh token.
    pub async fn authenticate_with_refresh_token(
        &self,
        refresh_token: &RefreshToken,
    ) -> Result<()> {
        let tokens = self.inner.auth.refresh(refresh_token).await?;
        self.set_tokens(tokens).await
    }

    /// Answers the temporary-password challenge and uses the tokens it gives.
    pub async fn complete_new_password(
        &self,
        challenge: &Challenge,
        new_password: &Password,
    ) -> Result<()> {
        let tokens = self
            .inner
            .auth
            .complete_new_password(challenge, new_password)
            .await?
            .into_tokens()?;
        self.set_tokens(tokens).await
    }

    /// Uses these Cognito tokens from now on (saved to the token store
    /// first, when there is one).
    ///
    /// # Errors
    /// [`ScribeError::Core`](crate::ScribeError::Core) when the token store
    /// cannot be written.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient, tokens: auth_core::TokenSet) -> scribe_mi::Result<()> {
    /// client.set_tokens(tokens).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_tokens(&self, tokens: TokenSet) -> Result<()> {
        // Credentials of an earlier identity must not be reused.
        self.inner.credentials.clear().await?;
        self.inner.tokens.set(tokens).await?;
        Ok(())
    }

    /// The current Cognito tokens (refreshed if needed, or loaded from the
    /// token store).
    pub async fn tokens(&self) -> Result<Arc<TokenSet>> {
        Ok(self.inner.tokens.cache().get().await?)
    }

    /// The Cognito tokens held now (in memory or in the store), without
    /// refreshing them.
    ///
    /// # Errors
    /// [`ScribeError::Core`](crate::ScribeError::Core) when the store cannot be read.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// if client.stored_tokens().await?.is_none() { println!("not signed in"); }
    /// # Ok(()) }
    /// ```
    pub async fn stored_tokens(&self) -> Result<Option<TokenSet>> {
        if let Some(held) = self.inner.tokens.cache().peek() {
            return Ok(Some((*held).clone()));
        }
        Ok(self.inner.tokens.stored().await?)
    }

    /// Forgets the tokens and AWS credentials here and in the token store
    /// (see [`ScribeAuth::revoke`] to also end the refresh token at Cognito).
    ///
    /// # Errors
    /// [`ScribeError::Core`](crate::ScribeError::Core) when the store cannot be updated.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// client.logout().await?;
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<()> {
        self.inner.credentials.clear().await?;
        self.inner.tokens.clear().await?;
        Ok(())
    }

    /// Refreshes the Cognito tokens now with the refresh token (saved to the
    /// token store), whatever their expiry.
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`](crate::ScribeError::NotAuthorized) for a
    /// refused refresh token, a re-authorization error when not signed in.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let tokens = client.refresh_tokens().await?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn refresh_tokens(&self) -> Result<Arc<TokenSet>> {
        let cache = self.inner.tokens.cache();
        let current = match cache.peek() {
            Some(held) => held,
            None => cache.get().await?,
        };
        Ok(cache.refresh_after_rejection(&current).await?)
    }

    /// The AWS credentials of the user's federated identity (fetched, or
    /// reused from memory or the token store while valid).
    ///
    /// # Errors
    /// [`ScribeError::MissingIdentityPool`](crate::ScribeError::MissingIdentityPool)
    /// without an identity pool; Cognito's errors otherwise.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let creds = client.aws_credentials().await?;
    /// println!("{}", creds.access_key_id());
    /// # Ok(()) }
    /// ```
    pub async fn aws_credentials(&self) -> Result<Arc<AwsCredentials>> {
        Ok(self.inner.credentials.cache().get().await?)
    }

    /// How many times the AWS credentials were fetched.
    pub fn credential_fetches(&self) -> u64 {
        self.inner.signer.credentials().refresh_count()
    }

    /// How many times the Cognito tokens were refreshed.
    pub fn token_refreshes(&self) -> u64 {
        self.inner.tokens.cache().refresh_count()
    }

    pub(crate) fn clock(&self) -> &SharedClock {
        self.inner.http.clock()
    }
}
