//! The client and its builder.

use std::fmt;
use std::sync::Arc;

use auth_core::http::{ApiRequest, ApiResponse, HeaderAuth, HttpClient, RequestAuth};
use auth_core::{Error as CoreError, StoredCredentials, TokenSet};
use futures::FutureExt;
use serde::de::DeserializeOwned;
use url::Url;

use crate::auth::{ApiKeyAuth, SciNoteOAuth};
use crate::error::Result;

mod builder;
mod session;

pub use builder::SciNoteClientBuilder;

/// A SciNote client. Cheap to clone; clones share the tokens and connections.
#[derive(Clone)]
pub struct SciNoteClient {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: HttpClient,
    auth: Auth,
}

enum Auth {
    OAuth {
        header: HeaderAuth<TokenSet>,
        tokens: StoredCredentials<TokenSet>,
        oauth: SciNoteOAuth,
    },
    ApiKey(ApiKeyAuth),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::OAuth { tokens, oauth, .. } => f
                .debug_struct("OAuth")
                .field("oauth", oauth)
                .field("tokens", tokens)
                .finish(),
            Auth::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
        }
    }
}

impl fmt::Debug for SciNoteClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SciNoteClient")
            .field("http", &self.inner.http)
            .field("auth", &self.inner.auth)
            .finish()
    }
}
impl SciNoteClient {
    /// Starts building a client.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// let builder = scinote::SciNoteClient::builder().server_url("https://eln.example.com");
    /// # let _ = builder;
    /// # }
    /// ```
    pub fn builder() -> SciNoteClientBuilder {
        SciNoteClientBuilder::default()
    }

    /// The server URL.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// println!("{}", client.server_url());
    /// # }
    /// ```
    pub fn server_url(&self) -> &Url {
        self.inner.http.base_url()
    }

    fn request_auth(&self) -> &dyn RequestAuth {
        match &self.inner.auth {
            Auth::OAuth { header, .. } => header,
            Auth::ApiKey(key) => key,
        }
    }

    // `map`s over the auth-core futures, not `async fn`s: those would keep
    // a second copy of `request` (and of the inner future) in every task.
    pub(crate) fn send_json<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<T>> {
        self.inner
            .http
            .send_json(request, self.request_auth())
            .map(|r| r.map_err(Into::into))
    }

    pub(crate) fn send(&self, request: ApiRequest) -> impl Future<Output = Result<ApiResponse>> {
        self.inner
            .http
            .send(request, self.request_auth())
            .map(|r| r.map_err(Into::into))
    }

    pub(crate) fn send_unauthenticated(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<ApiResponse>> {
        self.inner
            .http
            .send_unauthenticated(request)
            .map(|r| r.map_err(Into::into))
    }

    /// Turns a `links.next` URL into a request, refusing one that points to
    /// another server (the token must not go there).
    pub(crate) fn next_request(&self, operation: &'static str, next: &str) -> Result<ApiRequest> {
        let base = self.inner.http.base_url();
        let url = Url::parse(next)
            .or_else(|_| base.join(next))
            .map_err(|e| CoreError::InvalidInput(format!("invalid next link `{next}`: {e}")))?;
        if url.origin() != base.origin() {
            return Err(CoreError::InvalidInput(format!(
                "the next link points to another server: {}",
                url.origin().ascii_serialization()
            ))
            .into());
        }
        let relative = base
            .make_relative(&url)
            .filter(|r| !r.starts_with("../") && !r.starts_with('/'))
            .ok_or_else(|| {
                CoreError::InvalidInput(format!("the next link is outside the API: {next}"))
            })?;
        Ok(ApiRequest::get(operation, relative))
    }
}
