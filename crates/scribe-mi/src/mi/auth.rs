//! The two credentials behind every MI call, each in an `auth-core` cache:
//! the Cognito tokens (refreshed with the refresh token) and the AWS
//! credentials of the federated identity (fetched with the id token).

use auth_core::ErrorMetadata;
use std::sync::Arc;

use async_trait::async_trait;
use auth_core::{Error, TokenCache, TokenProvider, TokenSet};
use tokio::sync::Mutex;

use crate::cognito::ScribeAuth;
use crate::credentials::AwsCredentials;
use crate::error::ScribeError;

/// Wraps a Scribe error for the shared cache, keeping it recoverable.
pub(crate) fn to_core(err: ScribeError) -> Error {
    match err {
        ScribeError::Core(e) => e,
        other => Error::Provider {
            service: "scribe",
            retryable: other.is_retryable(),
            auth: other.is_auth(),
            source: Arc::new(other),
        },
    }
}

/// Refreshes the Cognito tokens with the refresh token of the previous set.
pub(crate) struct CognitoRefresh {
    pub(crate) auth: ScribeAuth,
}

#[async_trait]
impl TokenProvider<TokenSet> for CognitoRefresh {
    async fn fetch(&self, previous: Option<Arc<TokenSet>>) -> Result<TokenSet, Error> {
        let refresh = previous
            .as_ref()
            .and_then(|p| p.refresh_token().cloned())
            .ok_or_else(|| Error::ReauthorizationRequired {
                message: "not authenticated: call authenticate() with a password or refresh token"
                    .into(),
                authorize_url: None,
            })?;
        // An app client with a secret hashes the user's name into the
        // refresh: it is in the access token's claims.
        let username = previous
            .as_ref()
            .and_then(|p| crate::cognito::token_username(p.access_token().expose_secret()));
        self.auth
            .refresh_as(&refresh, username.as_deref())
            .await
            .map_err(to_core)
    }
}

/// Fetches AWS credentials for the user's federated identity. The identity
/// id is looked up once and kept.
pub(crate) struct FederatedCredentials {
    pub(crate) auth: ScribeAuth,
    pub(crate) tokens: TokenCache<TokenSet>,
    pub(crate) identity_id: Mutex<Option<String>>,
}

#[async_trait]
impl TokenProvider<AwsCredentials> for FederatedCredentials {
    async fn fetch(&self, _previous: Option<Arc<AwsCredentials>>) -> Result<AwsCredentials, Error> {
        let tokens = self.tokens.get().await?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| Error::ReauthorizationRequired {
                message: "Cognito returned no id token".into(),
                authorize_url: None,
            })?;
        let identity = {
            let mut cached = self.identity_id.lock().await;
            match cached.as_ref() {
                Some(id) => id.clone(),
                None => {
                    let id = self.auth.federated_id(id_token).await.map_err(to_core)?;
                    *cached = Some(id.clone());
                    id
                }
            }
        };
        self.auth
            .federated_credentials(&identity, id_token)
            .await
            .map_err(to_core)
    }
}

/// A self-managed JWT configuration: who signs, which scopes, how long.
#[derive(Debug, Clone)]
pub(crate) struct SelfManagedJwt {
    pub(crate) signer: crate::jwt::SelfManagedSigner,
    pub(crate) scopes: Vec<String>,
    pub(crate) lifetime: std::time::Duration,
}

/// Signs a new JWT each time the cache asks (ahead of the previous one's
/// `exp`, or after a 401).
pub(crate) struct SelfSignedTokens {
    pub(crate) jwt: SelfManagedJwt,
    pub(crate) clock: auth_core::SharedClock,
}

#[async_trait]
impl TokenProvider<TokenSet> for SelfSignedTokens {
    async fn fetch(&self, _previous: Option<Arc<TokenSet>>) -> Result<TokenSet, Error> {
        let issued = self.clock.now();
        let exp = self.clock.wall() + self.jwt.lifetime;
        let token = self
            .jwt
            .signer
            .sign(&self.jwt.scopes, exp)
            .map_err(|e| to_core(ScribeError::Jwt(e)))?;
        Ok(TokenSet::new(
            token,
            auth_core::Lifetime::expires_in(issued, self.jwt.lifetime),
        ))
    }
}

/// Where the token cache gets its tokens: Cognito, or the caller's own key.
pub(crate) enum TokenSource {
    Cognito(CognitoRefresh),
    SelfManaged(SelfSignedTokens),
}

#[async_trait]
impl TokenProvider<TokenSet> for TokenSource {
    async fn fetch(&self, previous: Option<Arc<TokenSet>>) -> Result<TokenSet, Error> {
        match self {
            TokenSource::Cognito(p) => p.fetch(previous).await,
            TokenSource::SelfManaged(p) => p.fetch(previous).await,
        }
    }
}
