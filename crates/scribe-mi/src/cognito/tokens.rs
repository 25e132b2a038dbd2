//! Tokens: refresh, revoke, and reading an authentication result.

use std::collections::HashMap;
use std::time::Duration;

use auth_core::secret::{AccessToken, IdToken, RefreshToken};
use auth_core::{Lifetime, TokenSet};
use aws_sdk_cognitoidentityprovider as idp;
use idp::types::{AuthFlowType, AuthenticationResultType};

use super::ScribeAuth;
use crate::config::RefreshMode;
use crate::error::{Result, ScribeError};

impl ScribeAuth {
    /// New tokens from a refresh token: `REFRESH_TOKEN_AUTH`, or
    /// `GetTokensFromRefreshToken` with [`RefreshMode::Rotating`]. When
    /// Cognito rotates the refresh token the new one is in the returned set
    /// (store it: the old one stops working), else the old one is kept.
    /// (An app client with a secret needs the user: see
    /// [`refresh_as`](Self::refresh_as).)
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for a revoked or unknown refresh token; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// # let tokens: scribe_mi::auth_core::TokenSet = todo!();
    /// if let Some(refresh) = tokens.refresh_token() {
    ///     let fresh = auth.refresh(refresh).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<TokenSet> {
        self.refresh_as(refresh_token, None).await
    }

    /// Like [`refresh`](Self::refresh), naming the user (their user name or
    /// `sub`), which an app client with a secret needs for `SECRET_HASH`.
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for a revoked or unknown refresh token
    /// (or a missing or wrong `SECRET_HASH`); the other Cognito errors typed.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, rt: auth_core::secret::RefreshToken) -> scribe_mi::Result<()> {
    /// let tokens = auth.refresh_as(&rt, Some("ann")).await?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn refresh_as(
        &self,
        refresh_token: &RefreshToken,
        username: Option<&str>,
    ) -> Result<TokenSet> {
        let sent_at = self.clock.now();
        let (operation, result) = match self.config.refresh_mode {
            RefreshMode::Rotating => (
                "GetTokensFromRefreshToken",
                self.refresh_rotating(refresh_token).await?,
            ),
            _ => (
                "InitiateAuth",
                self.refresh_initiate_auth(refresh_token, username).await?,
            ),
        };
        let result = result.ok_or(ScribeError::MissingField {
            operation,
            field: "AuthenticationResult",
        })?;
        // A rotated refresh token comes back in the result and replaces the
        // old one; without one the old one stays valid and is kept.
        let set = tokens_from(&result, sent_at, operation)?;
        let carried = TokenSet::new(AccessToken::new(""), Lifetime::never(sent_at))
            .with_refresh_token(Some(refresh_token.clone()));
        Ok(set.carry_over_refresh_token(Some(&carried)))
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH` (+ `SECRET_HASH` of `username`).
    async fn refresh_initiate_auth(
        &self,
        refresh_token: &RefreshToken,
        username: Option<&str>,
    ) -> Result<Option<AuthenticationResultType>> {
        let mut params = HashMap::from([(
            "REFRESH_TOKEN".to_owned(),
            refresh_token.expose_secret().to_owned(),
        )]);
        if let Some(hash) = username.and_then(|u| self.secret_hash(u)) {
            params.insert("SECRET_HASH".to_owned(), hash);
        }
        let out = self
            .user_pool()
            .initiate_auth()
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .client_id(&self.config.client_id)
            .set_auth_parameters(Some(params))
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("InitiateAuth", e))?;
        Ok(out.authentication_result)
    }

    /// `GetTokensFromRefreshToken`, for app clients with refresh-token
    /// rotation: it takes the app client's secret itself, not a hash.
    async fn refresh_rotating(
        &self,
        refresh_token: &RefreshToken,
    ) -> Result<Option<AuthenticationResultType>> {
        let out = self
            .user_pool()
            .get_tokens_from_refresh_token()
            .client_id(&self.config.client_id)
            .refresh_token(refresh_token.expose_secret())
            .set_client_secret(
                self.config
                    .client_secret
                    .as_ref()
                    .map(|s| s.expose_secret().to_owned()),
            )
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("GetTokensFromRefreshToken", e))?;
        Ok(out.authentication_result)
    }

    /// Revokes a refresh token (and the tokens issued with it).
    ///
    /// # Errors
    /// [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// # let tokens: scribe_mi::auth_core::TokenSet = todo!();
    /// if let Some(refresh) = tokens.refresh_token() {
    ///     auth.revoke(refresh).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn revoke(&self, refresh_token: &RefreshToken) -> Result<()> {
        self.user_pool()
            .revoke_token()
            .client_id(&self.config.client_id)
            .token(refresh_token.expose_secret())
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("RevokeToken", e))?;
        Ok(())
    }
}

/// The token set of an authentication result, its expiry counted from the
/// send instant.
pub(super) fn tokens_from(
    result: &AuthenticationResultType,
    sent_at: auth_core::clock::Instant,
    operation: &'static str,
) -> Result<TokenSet> {
    let access = result.access_token().ok_or(ScribeError::MissingField {
        operation,
        field: "AccessToken",
    })?;
    let expires_in = u64::try_from(result.expires_in()).unwrap_or(0);
    let lifetime = if expires_in > 0 {
        Lifetime::expires_in(sent_at, Duration::from_secs(expires_in))
    } else {
        // Cognito always sends ExpiresIn; without it assume its 1-hour default.
        Lifetime::expires_in(sent_at, Duration::from_secs(3600))
    };
    Ok(TokenSet::new(AccessToken::new(access), lifetime)
        .with_refresh_token(result.refresh_token().map(RefreshToken::new))
        .with_id_token(result.id_token().map(IdToken::new)))
}

/// The user an access token names (`username`, else `sub`), read from its
/// payload without verifying it (it only picks the `SECRET_HASH` input).
pub(crate) fn token_username(access_token: &str) -> Option<String> {
    use base64::Engine as _;
    let payload = access_token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims["username"]
        .as_str()
        .or_else(|| claims["sub"].as_str())
        .map(str::to_owned)
}
