//! The MI client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use auth_core::clock::{SharedClock, system_clock};
use auth_core::http::{HttpClient, ProgressFn, RetryConfig};
use auth_core::secret::{Password, RefreshToken};
use auth_core::{PollPolicy, TokenCache, TokenSet};
use tokio::sync::Mutex;

use super::auth::{CognitoRefresh, FederatedCredentials};
use super::models::FileType;
use crate::cognito::{Challenge, Login, ScribeAuth};
use crate::config::{AuthConfig, DEFAULT_REGION};
use crate::credentials::AwsCredentials;
use crate::error::Result;
use crate::sigv4::{SigV4Auth, SigV4Signer};

/// Builds an [`MiClient`] from the same settings as the Python and
/// TypeScript clients (`API_URL`, `REGION`, `CLIENT_ID`, `USER_POOL_ID`,
/// `IDENTITY_POOL_ID`).
#[derive(Debug, Clone)]
pub struct MiClientBuilder {
    api_url: String,
    region: String,
    client_id: String,
    user_pool_id: String,
    identity_pool_id: String,
    cognito_endpoint: Option<String>,
    clock: Option<SharedClock>,
    retry: RetryConfig,
    poll: PollPolicy,
}

impl Default for MiClientBuilder {
    fn default() -> Self {
        Self {
            api_url: "mi.scribelabs.ai/v1".into(),
            region: DEFAULT_REGION.into(),
            client_id: String::new(),
            user_pool_id: String::new(),
            identity_pool_id: String::new(),
            cognito_endpoint: None,
            clock: None,
            retry: RetryConfig::default(),
            poll: PollPolicy::default()
                .interval(Duration::from_secs(2))
                .backoff(1.5, Duration::from_secs(20))
                .deadline(Some(Duration::from_secs(1800))),
        }
    }
}

impl MiClientBuilder {
    /// The API URL: `mi.scribelabs.ai/v1` (https is assumed) or a full URL.
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = url.into();
        self
    }

    /// The AWS region (default `eu-west-2`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// The Cognito app client id.
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = id.into();
        self
    }

    /// The Cognito user pool id.
    pub fn user_pool_id(mut self, id: impl Into<String>) -> Self {
        self.user_pool_id = id.into();
        self
    }

    /// The Cognito identity pool id.
    pub fn identity_pool_id(mut self, id: impl Into<String>) -> Self {
        self.identity_pool_id = id.into();
        self
    }

    /// Sends every Cognito call to this endpoint (a local emulator).
    pub fn cognito_endpoint(mut self, url: impl Into<String>) -> Self {
        self.cognito_endpoint = Some(url.into());
        self
    }

    /// Reads `API_URL`, `REGION`, `CLIENT_ID`, `USER_POOL_ID`, `IDENTITY_POOL_ID`
    /// (prefixed `SCRIBE_` or not) where set.
    pub fn from_env(mut self) -> Self {
        let var = |name: &str| {
            std::env::var(format!("SCRIBE_{name}"))
                .or_else(|_| std::env::var(name))
                .ok()
        };
        if let Some(v) = var("API_URL") {
            self.api_url = v;
        }
        if let Some(v) = var("REGION") {
            self.region = v;
        }
        if let Some(v) = var("CLIENT_ID") {
            self.client_id = v;
        }
        if let Some(v) = var("USER_POOL_ID") {
            self.user_pool_id = v;
        }
        if let Some(v) = var("IDENTITY_POOL_ID") {
            self.identity_pool_id = v;
        }
        self
    }

    /// Sets the clock (tests).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Sets the retry settings of MI calls.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the default policy of [`MiClient::wait_for_task`].
    pub fn poll_policy(mut self, policy: PollPolicy) -> Self {
        self.poll = policy;
        self
    }

    /// Builds the client (not yet authenticated).
    pub fn build(self) -> Result<MiClient> {
        for (value, name) in [
            (&self.client_id, "client id"),
            (&self.user_pool_id, "user pool id"),
            (&self.identity_pool_id, "identity pool id"),
        ] {
            if value.trim().is_empty() {
                return Err(
                    auth_core::Error::Config(format!("the MI client needs a {name}")).into(),
                );
            }
        }
        let clock = self.clock.unwrap_or_else(system_clock);
        let mut auth_config = AuthConfig::new(&self.client_id, &self.user_pool_id)
            .identity_pool_id(&self.identity_pool_id)
            .region(&self.region);
        if let Some(url) = &self.cognito_endpoint {
            auth_config = auth_config.endpoint(url);
        }
        let auth = ScribeAuth::with_clock(auth_config, Arc::clone(&clock));
        let http = HttpClient::builder("scribe-mi", &self.api_url)
            .user_agent(concat!("scribe-mi-rust/", env!("CARGO_PKG_VERSION")))
            .retry(self.retry)
            .clock(Arc::clone(&clock))
            .build()?;
        let tokens = TokenCache::builder(CognitoRefresh { auth: auth.clone() })
            .name("scribe-cognito")
            .clock(Arc::clone(&clock))
            .build();
        let credentials: TokenCache<AwsCredentials> = TokenCache::builder(FederatedCredentials {
            auth: auth.clone(),
            tokens: tokens.clone(),
            identity_id: Mutex::new(None),
        })
        .name("scribe-aws")
        .clock(Arc::clone(&clock))
        .build();
        let signer = SigV4Auth::new(credentials, SigV4Signer::execute_api(&self.region));
        Ok(MiClient {
            inner: Arc::new(Inner {
                auth,
                http,
                tokens,
                signer,
                poll: self.poll,
            }),
        })
    }
}

/// A client of the MI API. Cheap to clone; clones share credentials.
#[derive(Clone)]
pub struct MiClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) auth: ScribeAuth,
    pub(crate) http: HttpClient,
    pub(crate) tokens: TokenCache<TokenSet>,
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
            self.set_tokens(tokens.clone());
        }
        Ok(login)
    }

    /// Logs in with a refresh token.
    pub async fn authenticate_with_refresh_token(
        &self,
        refresh_token: &RefreshToken,
    ) -> Result<()> {
        let tokens = self.inner.auth.refresh(refresh_token).await?;
        self.set_tokens(tokens);
        Ok(())
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
        self.set_tokens(tokens);
        Ok(())
    }

    /// Uses these Cognito tokens from now on.
    pub fn set_tokens(&self, tokens: TokenSet) {
        self.inner.tokens.set(tokens);
        // Credentials of an earlier identity must not be reused.
        self.inner.signer.credentials().clear();
    }

    /// The current Cognito tokens (refreshed if needed).
    pub async fn tokens(&self) -> Result<Arc<TokenSet>> {
        Ok(self.inner.tokens.get().await?)
    }

    /// How many times the AWS credentials were fetched.
    pub fn credential_fetches(&self) -> u64 {
        self.inner.signer.credentials().refresh_count()
    }

    /// How many times the Cognito tokens were refreshed.
    pub fn token_refreshes(&self) -> u64 {
        self.inner.tokens.refresh_count()
    }

    pub(crate) fn clock(&self) -> &SharedClock {
        self.inner.http.clock()
    }
}
