//! The OAuth session: authorizing, exchanging the code, the stored
//! tokens, logout and revocation.

use auth_core::TokenSet;
use auth_core::secret::{AccessToken, SecretValue};

use super::builder::config;
use super::{Auth, SciNoteClient};
use crate::auth::{AuthorizeRequest, SciNoteOAuth};
use crate::error::Result;

impl SciNoteClient {
    fn oauth(&self) -> Result<&SciNoteOAuth> {
        match &self.inner.auth {
            Auth::OAuth { oauth, .. } => Ok(oauth),
            Auth::ApiKey(_) => Err(config("this client uses an API key, not OAuth")),
        }
    }

    /// A new authorization request: open its [`url`](AuthorizeRequest::url)
    /// in a browser; keep it to check the `state` of a redirect.
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] for an API-key client.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let request = client.authorize_request()?;
    /// println!("open {}", request.url());
    /// # Ok(()) }
    /// ```
    pub fn authorize_request(&self) -> Result<AuthorizeRequest> {
        self.oauth()?.authorize_request()
    }

    /// Exchanges the code the user copied for tokens, saves them to the
    /// token store and starts using them.
    ///
    /// # Errors
    /// [`SciNoteError::is_reauthorization_required`](crate::SciNoteError::is_reauthorization_required) for a used or expired code; [`auth_core::Error::Config`] for an API-key client; token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.exchange_code("code-the-user-copied").await?;
    /// # Ok(()) }
    /// ```
    pub async fn exchange_code(&self, code: impl Into<String>) -> Result<()> {
        let code = SecretValue::new(code.into().trim().to_owned());
        let Auth::OAuth { tokens, .. } = &self.inner.auth else {
            return Err(config("this client uses an API key, not OAuth"));
        };
        let set = self.oauth()?.exchange_code(&code).await?;
        // Saved before use, like every later refresh.
        tokens.set(set).await?;
        Ok(())
    }

    /// Checks the redirect's `state` against `request`, then exchanges its
    /// code as [`exchange_code`](Self::exchange_code) does.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the state does not match or no code is present; then as [`exchange_code`](Self::exchange_code).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let request = client.authorize_request()?;
    /// // ... the browser comes back to the redirect URI:
    /// client.exchange_redirect(&request, "http://127.0.0.1:8765/callback?code=abc&state=xyz").await?;
    /// # Ok(()) }
    /// ```
    pub async fn exchange_redirect(
        &self,
        request: &AuthorizeRequest,
        redirect_url: &str,
    ) -> Result<()> {
        let code = request.code_from_redirect(redirect_url)?;
        self.exchange_code(code.expose_secret()).await
    }

    /// Whether tokens are stored (so no authorization is needed to start).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): token-store errors (an unreadable file).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// if !client.has_stored_tokens().await? {
    ///     println!("authorize first: {}", client.authorize_request()?.url());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn has_stored_tokens(&self) -> Result<bool> {
        match &self.inner.auth {
            Auth::OAuth { tokens, .. } => {
                Ok(tokens.cache().peek().is_some() || tokens.stored().await?.is_some())
            }
            Auth::ApiKey(_) => Ok(true),
        }
    }

    /// A valid access token (loaded or refreshed if needed), for tools that
    /// call SciNote themselves.
    ///
    /// # Errors
    /// [`SciNoteError::is_reauthorization_required`](crate::SciNoteError::is_reauthorization_required) when no valid token can be obtained; [`auth_core::Error::Config`] for an API-key client.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let token = client.access_token().await?;
    /// # let _ = token;
    /// # Ok(()) }
    /// ```
    pub async fn access_token(&self) -> Result<AccessToken> {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => Ok(header.cache().get().await?.access_token().clone()),
            Auth::ApiKey(_) => Err(config("this client uses an API key, not OAuth")),
        }
    }

    /// How many times the token cache obtained tokens (loads from the store
    /// included).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// println!("{} token fetches", client.token_fetches());
    /// # }
    /// ```
    pub fn token_fetches(&self) -> u64 {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => header.cache().refresh_count(),
            Auth::ApiKey(_) => 0,
        }
    }

    /// Forgets the tokens here and in the token store (see also
    /// [`revoke`](Self::revoke) to end the grant at the server).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.logout().await?;
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<()> {
        if let Auth::OAuth { tokens, .. } = &self.inner.auth {
            tokens.clear().await?;
        }
        Ok(())
    }

    /// Ends the grant at the server (`POST /oauth/revoke` with the refresh
    /// token, or the access token when there is none), then forgets the
    /// tokens here and in the token store ([`logout`](Self::logout)). With
    /// no tokens held, only the local logout happens; an API-key client
    /// has nothing to revoke.
    ///
    /// # Errors
    /// The HTTP errors of the revocation (tokens are then kept, so the call
    /// can be repeated); token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.revoke().await?;
    /// assert!(!client.has_stored_tokens().await?);
    /// # Ok(()) }
    /// ```
    pub async fn revoke(&self) -> Result<()> {
        let Auth::OAuth { oauth, .. } = &self.inner.auth else {
            return Ok(());
        };
        if let Some(set) = self.stored_tokens().await? {
            let token = match set.refresh_token() {
                Some(rt) => SecretValue::new(rt.expose_secret().to_owned()),
                None => SecretValue::new(set.access_token().expose_secret().to_owned()),
            };
            oauth.revoke(&token).await?;
        }
        self.logout().await
    }

    /// The token set held now (in memory or in the store), without
    /// refreshing it.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): token-store errors.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// if let Some(set) = client.stored_tokens().await? {
    ///     println!("{:?}", set.expires_at());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn stored_tokens(&self) -> Result<Option<TokenSet>> {
        match &self.inner.auth {
            Auth::OAuth { tokens, .. } => match tokens.cache().peek() {
                Some(held) => Ok(Some((*held).clone())),
                None => Ok(tokens.stored().await?),
            },
            Auth::ApiKey(_) => Ok(None),
        }
    }

    /// Saves `set` to the token store and starts using it (OAuth only).
    pub(crate) async fn store_tokens(&self, set: TokenSet) -> Result<()> {
        let Auth::OAuth { tokens, .. } = &self.inner.auth else {
            return Err(config("this client uses an API key, not OAuth"));
        };
        tokens.set(set).await?;
        Ok(())
    }
}
