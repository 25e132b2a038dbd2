//! The client: one per account and user, cheap to clone, shared by tasks.

use std::fmt;
use std::sync::Arc;

use auth_core::http::{ApiRequest, ApiResponse, HeaderAuth, HttpClient, RequestAuth};
use auth_core::secret::{AccessToken, Password, redact_all};
use auth_core::{SharedClock, TokenSet};
use http::HeaderValue;
use http::header::ACCEPT;
use serde::de::DeserializeOwned;

use crate::api::{Codebooks, Companies, Exports, Questions, Responses, Studies};
use crate::auth::build_auth;
use crate::config::{AscribeConfig, TokenMode};
use crate::error::{Error, Result, error_parser, from_core, service_messages};

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
    /// A client for `config`. Nothing is sent until the first call (or
    /// [`login`](Self::login)).
    pub fn new(config: AscribeConfig) -> Result<Self> {
        let http = HttpClient::builder("ascribe", config.base_url.clone())
            .user_agent(format!("ascribe-coder-rust/{}", env!("CARGO_PKG_VERSION")))
            // ASP.NET answers XML to the default Accept header.
            .default_header(ACCEPT, HeaderValue::from_static("application/json"))
            .error_parser(Arc::new(error_parser))
            .clock(config.clock.clone())
            .retry(config.retry.clone())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .build()?;
        let auth = build_auth(&config, &http);
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                auth,
                mode: config.token_mode,
                chunk_size: config.chunk_size,
                account: config.account,
                user_name: config.user_name,
                password: config.password,
            }),
        })
    }

    /// Studies: list, get with counts, create, wait until completed.
    pub fn studies(&self) -> Studies {
        Studies::new(self.clone())
    }

    /// Questions of a study: list, create.
    pub fn questions(&self) -> Questions {
        Questions::new(self.clone())
    }

    /// Responses of a question: read, add, upsert (chunked).
    pub fn responses(&self) -> Responses {
        Responses::new(self.clone())
    }

    /// Codebooks: read flat or as a tree, replace, add codes.
    pub fn codebooks(&self) -> Codebooks {
        Codebooks::new(self.clone())
    }

    /// Companies: list, create.
    pub fn companies(&self) -> Companies {
        Companies::new(self.clone())
    }

    /// Exports: scripts, start, poll until complete.
    pub fn exports(&self) -> Exports {
        Exports::new(self.clone())
    }

    /// Logs in now unless a usable token is held, so wrong credentials show
    /// up at start-up rather than on the first call.
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
    /// [`AscribeConfigBuilder::bearer_token`](crate::AscribeConfigBuilder::bearer_token)
    /// next time. `None` in session mode or before the first login.
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

    /// How many logins this client (and its clones) made.
    pub fn login_count(&self) -> u64 {
        self.inner.auth.cache().refresh_count()
    }

    /// The token mode.
    pub fn token_mode(&self) -> TokenMode {
        self.inner.mode
    }

    /// The most responses sent in one upload request.
    pub fn chunk_size(&self) -> usize {
        self.inner.chunk_size
    }

    /// The clock (polling waits go through it).
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
