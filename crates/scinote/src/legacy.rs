//! Tokens users already hold: the official Python example's
//! `settings.json`, and a bare refresh token (as `python-scinote` users keep
//! one), imported into the token store so switching takes one step.
//!
//! ```no_run
//! # async fn run() -> scinote::Result<()> {
//! use scinote::legacy::LegacySettings;
//! let settings = LegacySettings::from_file("settings.json")?;
//! let client = scinote::SciNoteClient::builder()
//!     .legacy_settings(&settings)
//!     .token_file("scinote-tokens.json")
//!     .build()?;
//! client.import_legacy_tokens(&settings).await?;
//! // settings.json can now be deleted: the tokens live in the 0600 store.
//! # Ok(()) }
//! ```

use std::fmt;
use std::path::Path;

use auth_core::oauth::OAuthTokenResponse;
use auth_core::secret::{AccessToken, ClientSecret, RefreshToken};
use serde::Deserialize;

use crate::client::{SciNoteClient, SciNoteClientBuilder};
use crate::error::Result;

/// The official example's `settings.json` (`scinote-python-api-client-example`):
/// server, application, and the tokens `get_auth_tokens.py` wrote. Secrets
/// are redacted in `Debug`.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct LegacySettings {
    /// The server URL.
    #[serde(default)]
    pub server_url: String,
    /// The application's uid (client id).
    #[serde(default)]
    pub api_uid: String,
    /// The application's secret.
    #[serde(default)]
    pub api_secret: Option<ClientSecret>,
    /// The redirect URI (`urn:ietf:wg:oauth:2.0:oob`).
    #[serde(default)]
    pub api_redirect_uri: Option<String>,
    /// The access token.
    #[serde(default)]
    pub access_token: Option<AccessToken>,
    /// The refresh token.
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// When the access token was created (epoch seconds).
    #[serde(default)]
    pub access_token_created_at: Option<u64>,
    /// Its lifetime in seconds.
    #[serde(default)]
    pub access_token_expires_in: Option<u64>,
}

impl fmt::Debug for LegacySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacySettings")
            .field("server_url", &self.server_url)
            .field("api_uid", &self.api_uid)
            .field("api_secret", &self.api_secret)
            .field("api_redirect_uri", &self.api_redirect_uri)
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("access_token_created_at", &self.access_token_created_at)
            .field("access_token_expires_in", &self.access_token_expires_in)
            .finish()
    }
}

impl LegacySettings {
    /// Parses the file's JSON.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when it is not the example's JSON
    /// (the message never contains a secret).
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let settings = scinote::legacy::LegacySettings::from_json(r#"{"server_url":"https://eln.example.com","api_uid":"uid"}"#)?;
    /// # let _ = settings; Ok(()) }
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        serde_json::from_str(json).map_err(|e| {
            auth_core::Error::InvalidInput(format!(
                "not a SciNote settings.json (line {}, column {})",
                e.line(),
                e.column()
            ))
            .into()
        })
    }

    /// Reads and parses a `settings.json`.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the file cannot be read or
    /// parsed.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let settings = scinote::legacy::LegacySettings::from_file("settings.json")?;
    /// # let _ = settings; Ok(()) }
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            auth_core::Error::InvalidInput(format!("cannot read {}: {e}", path.display()))
        })?;
        Self::from_json(&text)
    }
}

impl SciNoteClientBuilder {
    /// Takes the server, client id, secret and redirect URI from the
    /// example's `settings.json`.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let settings = scinote::legacy::LegacySettings::from_file("settings.json")?;
    /// let client = scinote::SciNoteClient::builder().legacy_settings(&settings).build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn legacy_settings(self, settings: &LegacySettings) -> Self {
        let mut b = self
            .server_url(settings.server_url.clone())
            .client_id(settings.api_uid.clone());
        if let Some(secret) = &settings.api_secret {
            b = b.client_secret(secret.clone());
        }
        if let Some(uri) = settings.api_redirect_uri.as_ref().filter(|u| !u.is_empty()) {
            b = b.redirect_uri(uri.clone());
        }
        b
    }
}

impl SciNoteClient {
    /// Saves the tokens of a `settings.json` to this client's token store
    /// (expiry from `access_token_created_at + access_token_expires_in`)
    /// and starts using them; an expired access token is refreshed on first
    /// use, rotating the refresh token as usual.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the file holds no refresh or
    /// access token; [`auth_core::Error::Config`] for an API-key client;
    /// token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let settings = scinote::legacy::LegacySettings::from_file("settings.json")?;
    /// client.import_legacy_tokens(&settings).await?;
    /// # Ok(()) }
    /// ```
    pub async fn import_legacy_tokens(&self, settings: &LegacySettings) -> Result<()> {
        if settings.access_token.is_none() && settings.refresh_token.is_none() {
            return Err(auth_core::Error::InvalidInput(
                "the settings hold no access or refresh token; authorize first".into(),
            )
            .into());
        }
        let access = settings
            .access_token
            .as_ref()
            .map(|t| t.expose_secret().to_owned())
            .unwrap_or_default();
        let (expires_in, created_at) = if settings.access_token.is_some() {
            (
                settings.access_token_expires_in.unwrap_or(0),
                settings.access_token_created_at,
            )
        } else {
            (0, None)
        };
        self.import(
            access,
            settings
                .refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            expires_in,
            created_at,
        )
        .await
    }

    /// Bootstraps from a refresh token alone (as `python-scinote` users
    /// hold): it is saved to the token store and the first call refreshes,
    /// receiving and saving a new pair.
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] for an API-key client; token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.import_refresh_token(std::env::var("SCINOTE_REFRESH_TOKEN").unwrap_or_default()).await?;
    /// let teams = client.teams().list().all().await?;
    /// # let _ = teams; Ok(()) }
    /// ```
    pub async fn import_refresh_token(&self, refresh_token: impl Into<RefreshToken>) -> Result<()> {
        let rt: RefreshToken = refresh_token.into();
        self.import(String::new(), Some(rt.expose_secret().to_owned()), 0, None)
            .await
    }

    async fn import(
        &self,
        access: String,
        refresh: Option<String>,
        expires_in: u64,
        created_at: Option<u64>,
    ) -> Result<()> {
        let response: OAuthTokenResponse = serde_json::from_value(serde_json::json!({
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": expires_in,
            "created_at": created_at,
        }))
        .map_err(|_| auth_core::Error::InvalidInput("cannot import the tokens".into()))?;
        let clock = self.inner.http.clock().clone();
        let set = response.into_token_set(clock.now(), clock.as_ref());
        self.store_tokens(set).await
    }
}
