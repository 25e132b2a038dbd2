//! How credentials are put on a request, and taken back when refused.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use http::header::AUTHORIZATION;
use http::{HeaderName, HeaderValue, StatusCode};

use crate::cache::TokenCache;
use crate::error::{Error, Result};
use crate::token::{Expiring, TokenSet};

/// Names the credential an attempt was sent with, so a rejection drops that
/// credential and not a newer one.
#[derive(Clone, Default)]
pub struct AuthTicket(Option<Arc<dyn Any + Send + Sync>>);

impl AuthTicket {
    /// A ticket for no credential.
    pub fn none() -> Self {
        Self(None)
    }

    /// A ticket for `credential`.
    pub fn new<T: Send + Sync + 'static>(credential: Arc<T>) -> Self {
        Self(Some(credential))
    }

    /// The credential, if it is a `T`.
    pub fn credential<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        self.0.clone().and_then(|c| c.downcast::<T>().ok())
    }
}

impl fmt::Debug for AuthTicket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "AuthTicket(..)"
        } else {
            "AuthTicket(none)"
        })
    }
}

/// Puts credentials on requests; implemented once per authentication scheme
/// (a header token here, SigV4 in `scribe-mi`).
#[async_trait]
pub trait RequestAuth: Send + Sync + fmt::Debug {
    /// Adds credentials to `request` (which is complete: URL, headers, body)
    /// and returns a ticket naming the credential used.
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<AuthTicket>;

    /// The service refused the credential named by `ticket`: drop it if it is
    /// still the current one, so the next [`authorize`](Self::authorize)
    /// obtains a new one.
    fn reject(&self, ticket: &AuthTicket);

    /// Whether a response with `status` means "credential refused" (one
    /// forced refresh and one retry follow). Default: 401.
    fn is_rejection(&self, status: StatusCode) -> bool {
        status == StatusCode::UNAUTHORIZED
    }
}

/// No credentials (token endpoints, public endpoints).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

#[async_trait]
impl RequestAuth for NoAuth {
    async fn authorize(&self, _request: &mut reqwest::Request) -> Result<AuthTicket> {
        Ok(AuthTicket::none())
    }

    fn reject(&self, _ticket: &AuthTicket) {}

    fn is_rejection(&self, _status: StatusCode) -> bool {
        false
    }
}

/// A token from a [`TokenCache`] sent in one header, as
/// `<header>: <prefix><token>` (`Authorization: Bearer x`, Ascribe's
/// `authentication: x`). The header is marked sensitive.
pub struct HeaderAuth<T: Expiring> {
    cache: TokenCache<T>,
    header: HeaderName,
    prefix: &'static str,
    token_of: fn(&T) -> &str,
    rejection_statuses: Vec<StatusCode>,
}

impl HeaderAuth<TokenSet> {
    /// `Authorization: Bearer <access token>`.
    pub fn bearer(cache: TokenCache<TokenSet>) -> Self {
        Self::new(cache, AUTHORIZATION, "Bearer ", |t| {
            t.access_token().expose_secret()
        })
    }
}

impl<T: Expiring> HeaderAuth<T> {
    /// A token taken from the cached `T` by `token_of`, sent as
    /// `<header>: <prefix><token>`.
    pub fn new(
        cache: TokenCache<T>,
        header: HeaderName,
        prefix: &'static str,
        token_of: fn(&T) -> &str,
    ) -> Self {
        Self {
            cache,
            header,
            prefix,
            token_of,
            rejection_statuses: vec![StatusCode::UNAUTHORIZED],
        }
    }

    /// Which statuses mean "token refused" (default: only 401).
    pub fn rejection_statuses(mut self, statuses: impl IntoIterator<Item = StatusCode>) -> Self {
        self.rejection_statuses = statuses.into_iter().collect();
        self
    }

    /// The cache behind this auth.
    pub fn cache(&self) -> &TokenCache<T> {
        &self.cache
    }
}

impl<T: Expiring> fmt::Debug for HeaderAuth<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderAuth")
            .field("header", &self.header)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl<T: Expiring> RequestAuth for HeaderAuth<T> {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<AuthTicket> {
        let credential = self.cache.get().await?;
        let token = (self.token_of)(&credential);
        let mut value =
            HeaderValue::try_from(format!("{}{}", self.prefix, token)).map_err(|_| {
                Error::InvalidCredentials {
                    code: None,
                    message: "the service returned a token that is not a valid header value".into(),
                }
            })?;
        value.set_sensitive(true);
        request.headers_mut().insert(self.header.clone(), value);
        Ok(AuthTicket::new(credential))
    }

    fn reject(&self, ticket: &AuthTicket) {
        if let Some(credential) = ticket.credential::<T>() {
            self.cache.invalidate(&credential);
        }
    }

    fn is_rejection(&self, status: StatusCode) -> bool {
        self.rejection_statuses.contains(&status)
    }
}
