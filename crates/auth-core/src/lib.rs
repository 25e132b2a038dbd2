//! What every SDK of this workspace shares: secrets, tokens and their expiry,
//! a token cache with single-flight refresh, token persistence, and the HTTP
//! layer (timeouts, retries with backoff honouring `Retry-After`, one forced
//! refresh and retry on 401, typed errors, tracing without secrets).
//!
//! A service crate implements [`TokenProvider`] (how it obtains a token) and,
//! when its scheme is not a header token, [`RequestAuth`](http::RequestAuth)
//! (how the token goes on the wire). Everything else lives here.
//!
//! # Quick start
//!
//! ```no_run
//! use auth_core::http::{ApiRequest, HeaderAuth, HttpClient};
//! use auth_core::oauth::ClientCredentialsProvider;
//! use auth_core::{TokenCache, secret::ClientSecret};
//!
//! # async fn run() -> auth_core::Result<()> {
//! let http = HttpClient::builder("demo", "https://api.example.com").build()?;
//! let provider = ClientCredentialsProvider::new(
//!     http.clone(),
//!     "oauth/token",
//!     "my-client-id",
//!     ClientSecret::new(std::env::var("CLIENT_SECRET").unwrap_or_default()),
//! );
//! // One cache per credential: cache hits are lock-free, refreshes single-flight.
//! let auth = HeaderAuth::bearer(TokenCache::new(provider));
//! let items: serde_json::Value = http
//!     .send_json(ApiRequest::get("list_items", "api/items"), &auth)
//!     .await?;
//! println!("{items}");
//! # Ok(()) }
//! ```
//!
//! # Layout
//! - [`config`]: the one client configuration every service builder wraps.
//! - [`paginate`]: one paginator for offset and next-link listings.
//! - [`ids`]: the macro every service declares its typed ids with.
//! - [`secret`]: redacted, zeroized secret types.
//! - [`token`]: token sets and the expiry models (absolute, sliding, none).
//! - [`clock`]: the time source tests control.
//! - [`policy`]: when to refresh.
//! - [`mod@poll`]: waiting for long-running jobs (interval, backoff, deadline).
//! - [`cache`]: lock-free reads, single-flight refresh, invalidate-if-current.
//! - [`provider`]: the trait a service implements to obtain a token.
//! - [`store`]: persistence (memory, file with 0600 + atomic replace + lock).
//! - [`http`]: requests, auth on the wire, retries, errors.
//! - [`oauth`]: standard OAuth2 token responses and client credentials.
//! - [`error`]: the shared error type.
//!
//! # Testing your code
//!
//! Test the code you build on this crate against the local mock servers of
//! the [`mock-servers`](https://docs.rs/mock-servers) crate (a
//! dev-dependency: `cargo add --dev mock-servers`): they listen on
//! 127.0.0.1 and need no network or real credentials. `mock_servers::TokenApiMock` is a generic OAuth-style service (token endpoint and protected resources) to exercise providers and stores of your own. See the
//! `mock-servers` crate docs for a complete example per service.

#![cfg_attr(docsrs, feature(doc_cfg))]

// The exported macros name this crate as `auth_core`; its own tests use them too.
#[cfg(test)]
extern crate self as auth_core;

pub mod cache;
pub mod clock;
pub mod config;
pub mod error;
pub mod http;
pub mod ids;
pub mod oauth;
pub mod paginate;
pub mod policy;
pub mod poll;
pub mod provider;
pub mod secret;
pub mod store;
pub mod token;

pub use cache::TokenCache;
pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use config::{BaseClient, ClientConfig, ServiceDefaults, StoredCredentials};
pub use error::{ApiError, Error, ErrorMetadata, Result, TimeoutKind};
pub use paginate::{PageOf, Paginator};

/// The `http` crate's types (headers, methods, status codes), as the SDKs use them.
pub use ::http as http_types;
pub use policy::RefreshPolicy;
pub use poll::{PollPolicy, poll};
pub use provider::{TokenProvider, provider_fn};
/// reqwest, for the one place it is part of the public API: a custom client
/// given to [`ClientConfig::http_client`].
pub use reqwest;
pub use store::{FileStore, MemoryStore, Persist, PersistentProvider, StoredToken, TokenStore};
pub use token::{Expiring, Expiry, Lifetime, TokenSet};

/// Paths the exported macros expand to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
