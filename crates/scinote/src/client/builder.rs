//! The client builder: the shared settings plus the OAuth application or
//! API key.

use std::sync::Arc;

use auth_core::http::HeaderAuth;
use auth_core::secret::{ClientSecret, SecretFn, SecretSource};
use auth_core::{ClientConfig, Error as CoreError};

use super::{Auth, Inner, SciNoteClient};
use crate::auth::{ApiKeyAuth, OOB_REDIRECT_URI, SciNoteOAuth};
use crate::config::{defaults, error_parser};
use crate::error::{Result, SciNoteError};

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

pub(super) fn config(message: &str) -> SciNoteError {
    CoreError::Config(message.to_owned()).into()
}
