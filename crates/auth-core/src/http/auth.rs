//! How credentials are put on a request, and taken back when refused.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use arc_swap::ArcSwapOption;
use async_trait::async_trait;
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use url::Url;

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

/// The body of an attempt as an auth sees it (to sign it).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Payload<'a> {
    /// The whole body is in memory (empty for a request without a body).
    Bytes(&'a [u8]),
    /// The body is streamed and cannot be read before it is sent.
    Streamed,
}

/// One attempt, complete (URL with its query, headers, body), as the auth
/// sees it: on [`http`] types, so no auth depends on the HTTP library.
#[derive(Debug)]
pub struct AuthRequest<'a> {
    method: &'a Method,
    url: &'a Url,
    headers: &'a mut HeaderMap,
    payload: Payload<'a>,
}

impl<'a> AuthRequest<'a> {
    /// An attempt to authorize (the HTTP layer builds these; tests and
    /// custom signers may too).
    ///
    /// ```no_run
    /// use auth_core::http::{AuthRequest, Payload};
    /// let url = url::Url::parse("https://api.example.com/v1/items?a=1").expect("valid");
    /// let mut headers = http::HeaderMap::new();
    /// let request = AuthRequest::new(&http::Method::GET, &url, &mut headers, Payload::Bytes(b""));
    /// # let _ = request;
    /// ```
    pub fn new(
        method: &'a Method,
        url: &'a Url,
        headers: &'a mut HeaderMap,
        payload: Payload<'a>,
    ) -> Self {
        Self {
            method,
            url,
            headers,
            payload,
        }
    }

    /// The method.
    ///
    /// ```no_run
    /// # fn f(r: &auth_core::http::AuthRequest<'_>) {
    /// println!("{}", r.method());
    /// # }
    /// ```
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The full URL, query included, exactly as it will be sent.
    ///
    /// ```no_run
    /// # fn f(r: &auth_core::http::AuthRequest<'_>) {
    /// println!("{}", r.url().path());
    /// # }
    /// ```
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The headers the attempt carries so far.
    ///
    /// ```no_run
    /// # fn f(r: &auth_core::http::AuthRequest<'_>) {
    /// println!("{} headers", r.headers().len());
    /// # }
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers, to add credentials to.
    ///
    /// ```no_run
    /// # fn f(r: &mut auth_core::http::AuthRequest<'_>) {
    /// r.headers_mut().insert("x-api-key", http::HeaderValue::from_static("k"));
    /// # }
    /// ```
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body, for schemes that sign it.
    ///
    /// ```no_run
    /// # fn f(r: &auth_core::http::AuthRequest<'_>) {
    /// let _ = r.payload();
    /// # }
    /// ```
    pub fn payload(&self) -> Payload<'a> {
        self.payload
    }
}

/// Puts credentials on requests; implemented once per authentication scheme
/// (a header token here, SigV4 in `scribe-mi`).
#[async_trait]
pub trait RequestAuth: Send + Sync + fmt::Debug {
    /// Adds credentials to `request` (which is complete: URL, headers, body)
    /// and returns a ticket naming the credential used.
    ///
    /// # Errors
    /// Whatever obtaining the credential failed with; the HTTP layer never
    /// retries such an error itself (the credential's own fetch already did).
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<AuthTicket>;

    /// The same without waiting, when the credential is at hand (a fresh
    /// cache hit): `None` means "go through [`authorize`](Self::authorize)".
    /// The HTTP layer tries this first, so the common case costs no future.
    fn authorize_now(&self, _request: &mut AuthRequest<'_>) -> Option<Result<AuthTicket>> {
        None
    }

    /// The service refused the credential named by `ticket`: drop it if it is
    /// still the current one, so the next [`authorize`](Self::authorize)
    /// obtains a new one.
    fn reject(&self, ticket: &AuthTicket);

    /// Whether a response with `status` means "credential refused" (one
    /// forced refresh and one retry follow). Default: 401.
    fn is_rejection(&self, status: StatusCode) -> bool {
        status == StatusCode::UNAUTHORIZED
    }

    /// The refusal itself, for schemes that learn from it before the one
    /// retry (SigV4 learns the server's clock from a "signature expired"
    /// answer and signs again, without dropping good credentials).
    /// Default: [`reject`](Self::reject) the credential.
    fn rejected(&self, ticket: &AuthTicket, _response: &Rejection<'_>) {
        self.reject(ticket);
    }
}

/// A response that refused a credential ([`RequestAuth::rejected`]).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Rejection<'a> {
    /// Its status (401, or 403 where the scheme says so).
    pub status: StatusCode,
    /// Its headers (`Date`, `WWW-Authenticate`, ...).
    pub headers: &'a http::HeaderMap,
    /// Its body, as read (within the error-body cap).
    pub body: &'a [u8],
}

impl<'a> Rejection<'a> {
    /// A rejection from its parts (for tests of a [`RequestAuth`]).
    ///
    /// ```no_run
    /// let headers = http::HeaderMap::new();
    /// let r = auth_core::http::Rejection::new(http::StatusCode::FORBIDDEN, &headers, b"{}");
    /// assert_eq!(r.status, 403);
    /// ```
    pub fn new(status: StatusCode, headers: &'a http::HeaderMap, body: &'a [u8]) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }
}

/// No credentials (token endpoints, public endpoints).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAuth;

#[async_trait]
impl RequestAuth for NoAuth {
    async fn authorize(&self, _request: &mut AuthRequest<'_>) -> Result<AuthTicket> {
        Ok(AuthTicket::none())
    }

    fn authorize_now(&self, _request: &mut AuthRequest<'_>) -> Option<Result<AuthTicket>> {
        Some(Ok(AuthTicket::none()))
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
    /// The header value of the credential last sent, built once per
    /// credential: every request then shares it (a reference count) instead
    /// of formatting and allocating `<prefix><token>` again.
    rendered: ArcSwapOption<Rendered<T>>,
}

/// A credential and its header value.
struct Rendered<T> {
    credential: Arc<T>,
    value: HeaderValue,
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
            rendered: ArcSwapOption::empty(),
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

impl<T: Expiring> HeaderAuth<T> {
    fn put(&self, credential: Arc<T>, request: &mut AuthRequest<'_>) -> Result<AuthTicket> {
        let value = match &*self.rendered.load() {
            Some(r) if Arc::ptr_eq(&r.credential, &credential) => r.value.clone(),
            _ => self.render(&credential)?,
        };
        request.headers_mut().insert(self.header.clone(), value);
        Ok(AuthTicket::new(credential))
    }

    /// Builds the header value of a new credential and keeps it for the
    /// requests after this one.
    fn render(&self, credential: &Arc<T>) -> Result<HeaderValue> {
        let token = (self.token_of)(credential);
        let mut bytes = Vec::with_capacity(self.prefix.len() + token.len());
        bytes.extend_from_slice(self.prefix.as_bytes());
        bytes.extend_from_slice(token.as_bytes());
        let mut value =
            HeaderValue::from_maybe_shared(bytes::Bytes::from(bytes)).map_err(|_| {
                Error::InvalidCredentials {
                    code: None,
                    message: "the service returned a token that is not a valid header value".into(),
                }
            })?;
        value.set_sensitive(true);
        self.rendered.store(Some(Arc::new(Rendered {
            credential: Arc::clone(credential),
            value: value.clone(),
        })));
        Ok(value)
    }
}

#[async_trait]
impl<T: Expiring> RequestAuth for HeaderAuth<T> {
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<AuthTicket> {
        let credential = self.cache.get().await?;
        self.put(credential, request)
    }

    fn authorize_now(&self, request: &mut AuthRequest<'_>) -> Option<Result<AuthTicket>> {
        let credential = self.cache.get_now()?;
        Some(self.put(credential, request))
    }

    fn reject(&self, ticket: &AuthTicket) {
        if let Some(credential) = ticket.credential::<T>() {
            // A refused token is not kept, not even as a header value.
            self.rendered.rcu(|r| match r {
                Some(r) if Arc::ptr_eq(&r.credential, &credential) => None,
                other => other.clone(),
            });
            self.cache.invalidate(&credential);
        }
    }

    fn is_rejection(&self, status: StatusCode) -> bool {
        self.rejection_statuses.contains(&status)
    }
}
