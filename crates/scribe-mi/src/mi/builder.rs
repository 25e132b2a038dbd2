//! The MI client's builder: the shared client settings plus Scribe's own
//! (pools, version, login flow, refresh mode, self-managed JWT).

use std::sync::Arc;
use std::time::Duration;

use auth_core::http::HeaderAuth;
use auth_core::secret::ClientSecret;
use auth_core::{ClientConfig, PollPolicy, ServiceDefaults, TokenSet};
use tokio::sync::Mutex;

use super::auth::{
    CognitoRefresh, FederatedCredentials, SelfManagedJwt, SelfSignedTokens, TokenSource,
};
use crate::cognito::ScribeAuth;
use crate::config::{AuthConfig, AuthFlow, DEFAULT_REGION, RefreshMode, scribe_env};
use crate::error::Result;
use crate::jwt::SelfManagedSigner;
use crate::sigv4::{SigV4Auth, SigV4Signer};

use super::client::{Inner, MiClient};
use super::version::{DEFAULT_API_URL, DEFAULT_API_URL_V2, MiVersion};

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
    api_version: Option<MiVersion>,
    self_managed: Option<SelfManagedJwt>,
    auth_flow: AuthFlow,
    client_secret: Option<ClientSecret>,
    refresh_mode: RefreshMode,
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

    /// Chooses the MI API version explicitly. Without it the version
    /// follows from the API URL's path (`.../v2` is v2; anything else v1),
    /// and without an API URL v1 is used; with `V2` and no API URL the
    /// client talks to [`DEFAULT_API_URL_V2`].
    ///
    /// ```no_run
    /// use scribe_mi::mi::MiVersion;
    /// let builder = scribe_mi::MiClient::builder().api_version(MiVersion::V2);
    /// # let _ = builder;
    /// ```
    pub fn api_version(mut self, version: MiVersion) -> Self {
        self.api_version = Some(version);
        self
    }

    /// Machine-to-machine mode (MI v2 only): every call sends a JWT signed
    /// with this signer (see [`SelfManagedSigner`]) instead of a Cognito
    /// access token. The JWT lives `lifetime` and is re-signed ahead of its
    /// `exp` through the token cache, as Cognito tokens are refreshed; no
    /// password or Cognito login is involved.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use scribe_mi::jwt::{RsaPrivateKey, SelfManagedSigner};
    /// # fn run(pem: String) -> scribe_mi::Result<()> {
    /// let signer = SelfManagedSigner::new(&RsaPrivateKey::from_pem(pem), "my-issuer", "my-service")?;
    /// let builder = scribe_mi::MiClient::builder()
    ///     .api_url("mi.scribelabs.ai/v2")
    ///     .self_managed_jwt(signer, ["mi:read", "mi:write"], Duration::from_secs(900));
    /// # let _ = builder; Ok(()) }
    /// ```
    pub fn self_managed_jwt<S: Into<String>>(
        mut self,
        signer: SelfManagedSigner,
        scopes: impl IntoIterator<Item = S>,
        lifetime: Duration,
    ) -> Self {
        self.self_managed = Some(SelfManagedJwt {
            signer,
            scopes: scopes.into_iter().map(Into::into).collect(),
            lifetime,
        });
        self
    }

    /// How [`MiClient::authenticate`] sends the password:
    /// [`AuthFlow::UserSrp`] for SRP, default [`AuthFlow::UserPassword`].
    ///
    /// ```no_run
    /// use scribe_mi::AuthFlow;
    /// let builder = scribe_mi::MiClient::builder().auth_flow(AuthFlow::UserSrp);
    /// # let _ = builder;
    /// ```
    pub fn auth_flow(mut self, flow: AuthFlow) -> Self {
        self.auth_flow = flow;
        self
    }

    /// The app client's secret, for app clients created with one
    /// (`SECRET_HASH` is then sent on every Cognito call that needs it).
    ///
    /// ```no_run
    /// use auth_core::secret::ClientSecret;
    /// let secret = ClientSecret::new(std::env::var("SCRIBE_CLIENT_SECRET").unwrap_or_default());
    /// let builder = scribe_mi::MiClient::builder().client_secret(secret);
    /// # let _ = builder;
    /// ```
    pub fn client_secret(mut self, secret: ClientSecret) -> Self {
        self.client_secret = Some(secret);
        self
    }

    /// How the Cognito tokens are refreshed: [`RefreshMode::Rotating`]
    /// for app clients with refresh-token rotation (the rotated refresh
    /// token replaces the stored one).
    ///
    /// ```no_run
    /// use scribe_mi::RefreshMode;
    /// let builder = scribe_mi::MiClient::builder().refresh_mode(RefreshMode::Rotating);
    /// # let _ = builder;
    /// ```
    pub fn refresh_mode(mut self, mode: RefreshMode) -> Self {
        self.refresh_mode = mode;
        self
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
    /// `SCRIBE_USER_POOL_ID`, `SCRIBE_IDENTITY_POOL_ID`,
    /// `SCRIBE_COGNITO_ENDPOINT`, `SCRIBE_CLIENT_SECRET` and
    /// `SCRIBE_REFRESH_TOKEN_ROTATION` (`true` for
    /// [`RefreshMode::Rotating`]) where set; the unprefixed names of the
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
        if let Some(v) = auth_core::config::env_var("SCRIBE", "CLIENT_SECRET") {
            self.client_secret = Some(ClientSecret::new(v));
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
        if let Some(mode) = crate::config::refresh_mode_from_env() {
            self.refresh_mode = mode;
        }
        self
    }

    /// Builds the client (not yet authenticated). With a token store, the
    /// Cognito tokens and the AWS credentials are persisted (under the store
    /// key, and the key plus `:aws`), so a later client signs in without a
    /// password.
    ///
    /// The API version is the one set with [`api_version`](Self::api_version),
    /// else the one the API URL's path names (`.../v2`), else v1. A v1
    /// client signs every call with SigV4 (the identity pool is needed by
    /// its first call); a v2 client sends the Cognito access token, or the
    /// self-signed JWT of [`self_managed_jwt`](Self::self_managed_jwt).
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] when the client id or user pool id is
    /// missing (they are not needed with a self-managed JWT), when a
    /// self-managed JWT is asked of a v1 client, or when the API URL is
    /// invalid.
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
        let config_error = |m: String| -> crate::ScribeError { auth_core::Error::Config(m).into() };
        // The identity pool is needed only to sign v1 calls (their first
        // call reports it missing); logins and token refreshes work without.
        if self.self_managed.is_none() {
            for (value, name) in [
                (&self.client_id, "client id"),
                (&self.user_pool_id, "user pool id"),
            ] {
                if value.trim().is_empty() {
                    return Err(config_error(format!("the MI client needs a {name}")));
                }
            }
        }
        let service = defaults();
        let mut config = self.config;
        if config.base_url_setting().is_none() && self.api_version == Some(MiVersion::V2) {
            config = config.base_url(DEFAULT_API_URL_V2);
        }
        let region = self.region.unwrap_or_else(|| DEFAULT_REGION.to_owned());
        let base = config.build(&service, |http| http)?;
        let version = self
            .api_version
            .or_else(|| MiVersion::from_url_path(base.http().base_url().path()))
            .unwrap_or(MiVersion::V1);
        if self.self_managed.is_some() && version != MiVersion::V2 {
            return Err(config_error(
                "a self-managed JWT is accepted by the MI API v2 only (set `api_version(MiVersion::V2)` or a `/v2` API URL)".into(),
            ));
        }
        let clock = Arc::clone(base.clock());
        let mut auth_config = AuthConfig::new(&self.client_id, &self.user_pool_id)
            .region(&region)
            .auth_flow(self.auth_flow)
            .refresh_mode(self.refresh_mode);
        if let Some(secret) = self.client_secret {
            auth_config = auth_config.client_secret(secret);
        }
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
            let jwt = self
                .self_managed
                .as_ref()
                .map(|j| format!("scribe-jwt:{}:{}", j.signer.issuer(), j.signer.subject()));
            move || jwt.unwrap_or_else(|| format!("scribe:{pools}:{client_id}"))
        };
        let source = match self.self_managed {
            Some(jwt) => TokenSource::SelfManaged(SelfSignedTokens {
                jwt,
                clock: Arc::clone(&clock),
            }),
            None => TokenSource::Cognito(CognitoRefresh { auth: auth.clone() }),
        };
        let tokens = base.credentials("scribe-cognito", source, default_key.clone(), "");
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
        // v2: `Authorization: <access token>`, verbatim (no `Bearer`), as
        // Scribe's own SDK sends it; a 401 forces one refresh and one retry.
        let access_token = HeaderAuth::new(
            tokens.cache().clone(),
            http::header::AUTHORIZATION,
            "",
            |t: &TokenSet| t.access_token().expose_secret(),
        );
        Ok(MiClient {
            inner: Arc::new(Inner {
                auth,
                http,
                tokens,
                credentials,
                signer,
                access_token,
                version,
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
