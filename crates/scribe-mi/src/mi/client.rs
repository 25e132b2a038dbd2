//! The MI client and its builder.

use std::fmt;
use std::sync::Arc;

use auth_core::clock::SharedClock;
use auth_core::http::{HeaderAuth, HttpClient, RequestAuth};
use auth_core::secret::{Password, RefreshToken};
use auth_core::{PollPolicy, StoredCredentials, TokenSet};

use crate::cognito::{Challenge, Login, ScribeAuth};
use crate::credentials::AwsCredentials;
use crate::error::Result;
use crate::sigv4::SigV4Auth;

use super::builder::MiClientBuilder;
use super::version::MiVersion;

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
    pub(crate) access_token: HeaderAuth<TokenSet>,
    pub(crate) version: MiVersion,
    pub(crate) poll: PollPolicy,
}

impl fmt::Debug for MiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MiClient")
            .field("version", &self.inner.version)
            .field("http", &self.inner.http)
            .field("auth", &self.inner.auth)
            .field("signer", &self.inner.signer)
            .finish_non_exhaustive()
    }
}

impl MiClient {
    /// Starts building a client.
    ///
    /// ```no_run
    /// # fn run() -> scribe_mi::Result<()> {
    /// let client = scribe_mi::MiClient::builder().from_env().build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn builder() -> MiClientBuilder {
        MiClientBuilder::default()
    }

    /// The Cognito side (challenges, password changes, revocation).
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let delivery = client.auth().forgot_password("me@example.com").await?;
    /// # let _ = delivery; Ok(()) }
    /// ```
    pub fn auth(&self) -> &ScribeAuth {
        &self.inner.auth
    }

    /// Logs in with a password. On a challenge, answer it with
    /// [`complete_new_password`](Self::complete_new_password) (or through
    /// [`auth`](Self::auth) and then [`set_tokens`](Self::set_tokens)).
    ///
    /// # Errors
    /// As [`ScribeAuth::login`]: [`ScribeError::NotAuthorized`](crate::ScribeError::NotAuthorized) for a wrong password, [`ScribeError::UserNotFound`](crate::ScribeError::UserNotFound), [`ScribeError::Network`](crate::ScribeError::Network), [`ScribeError::Timeout`](crate::ScribeError::Timeout) or [`ScribeError::Throttled`](crate::ScribeError::Throttled) when Cognito cannot be reached or throttles, [`ScribeError::Srp`](crate::ScribeError::Srp) for a malformed SRP challenge; [`ScribeError::Core`](crate::ScribeError::Core) when the token store cannot be written.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::Password;
    /// let login = client.authenticate("me@example.com", &Password::new("pw")).await?;
    /// # let _ = login; Ok(()) }
    /// ```
    pub async fn authenticate(&self, username: &str, password: &Password) -> Result<Login> {
        let login = self.inner.auth.login(username, password).await?;
        if let Login::Tokens(tokens) = &login {
            self.set_tokens(tokens.clone()).await?;
        }
        Ok(login)
    }

    /// Logs in with a refresh token.
    /// (The app client's `SECRET_HASH`, when it has a secret, is computed
    /// on later refreshes from the access token's user name.)
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`](crate::ScribeError::NotAuthorized) for a revoked or unknown refresh token; [`ScribeError::Network`](crate::ScribeError::Network), [`ScribeError::Timeout`](crate::ScribeError::Timeout) or [`ScribeError::Throttled`](crate::ScribeError::Throttled) when Cognito cannot be reached or throttles; [`ScribeError::Core`](crate::ScribeError::Core) when the token store cannot be written.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::RefreshToken;
    /// let refresh = RefreshToken::new(std::env::var("SCRIBE_REFRESH_TOKEN").unwrap_or_default());
    /// client.authenticate_with_refresh_token(&refresh).await?;
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_with_refresh_token(
        &self,
        refresh_token: &RefreshToken,
    ) -> Result<()> {
        let tokens = self.inner.auth.refresh(refresh_token).await?;
        self.set_tokens(tokens).await
    }

    /// Answers the temporary-password challenge and uses the tokens it gives.
    ///
    /// # Errors
    /// [`ScribeError::PasswordPolicy`](crate::ScribeError::PasswordPolicy) for a weak password, [`ScribeError::NotAuthorized`](crate::ScribeError::NotAuthorized) for an expired session, [`ScribeError::ChallengeRequired`](crate::ScribeError::ChallengeRequired) when Cognito asks for a further challenge (MFA); [`ScribeError::Network`](crate::ScribeError::Network), [`ScribeError::Timeout`](crate::ScribeError::Timeout) or [`ScribeError::Throttled`](crate::ScribeError::Throttled) when Cognito cannot be reached or throttles; [`ScribeError::Core`](crate::ScribeError::Core) when the token store cannot be written.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::Password;
    /// if let scribe_mi::Login::Challenge(c) = client.authenticate("me@example.com", &Password::new("temp")).await? {
    ///     client.complete_new_password(&c, &Password::new("a-new-strong-password")).await?;
    /// }
    /// # Ok(()) }
    /// ```
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
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`](crate::ScribeError::NotAuthorized) for a refused refresh token, [`ScribeError::Core`](crate::ScribeError::Core) with [`auth_core::Error::ReauthorizationRequired`] when not signed in (or a store error); [`ScribeError::Network`](crate::ScribeError::Network) or [`ScribeError::Timeout`](crate::ScribeError::Timeout) when Cognito cannot be reached.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let tokens = client.tokens().await?;
    /// println!("expires at {:?}", tokens.expires_at());
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # fn run(client: scribe_mi::MiClient) {
    /// println!("{} credential fetches", client.credential_fetches());
    /// # }
    /// ```
    pub fn credential_fetches(&self) -> u64 {
        self.inner.signer.credentials().refresh_count()
    }

    /// How many times the Cognito tokens were refreshed.
    ///
    /// ```no_run
    /// # fn run(client: scribe_mi::MiClient) {
    /// println!("{} token refreshes", client.token_refreshes());
    /// # }
    /// ```
    pub fn token_refreshes(&self) -> u64 {
        self.inner.tokens.cache().refresh_count()
    }

    /// The MI API version this client speaks.
    ///
    /// ```no_run
    /// # fn run(client: scribe_mi::MiClient) {
    /// println!("MI API {}", client.api_version());
    /// # }
    /// ```
    pub fn api_version(&self) -> MiVersion {
        self.inner.version
    }

    /// How every MI call is authorized: SigV4 on v1, the token on v2.
    pub(crate) fn api_auth(&self) -> &dyn RequestAuth {
        match self.inner.version {
            MiVersion::V1 => &self.inner.signer,
            MiVersion::V2 => &self.inner.access_token,
        }
    }

    pub(crate) fn clock(&self) -> &SharedClock {
        self.inner.http.clock()
    }
}
