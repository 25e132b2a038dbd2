//! How a service obtains a credential: the one trait each service implements.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;

use crate::error::Result;

/// Obtains a fresh credential: logs in, exchanges a secret, or uses a refresh
/// token.
///
/// A [`TokenCache`](crate::cache::TokenCache) calls it, at most once at a time,
/// whenever its credential must be replaced. Implementations only talk to the
/// service; when and how often to call them is the cache's job.
#[async_trait]
pub trait TokenProvider<T>: Send + Sync + 'static {
    /// Obtains a new credential.
    ///
    /// `previous` is the credential being replaced, if any, so its refresh
    /// token can be used. An error whose [`is_auth`](crate::ErrorMetadata::is_auth) is
    /// true means the grant is dead; retrying will not help.
    async fn fetch(&self, previous: Option<Arc<T>>) -> Result<T>;
}

/// A [`TokenProvider`] made from an async closure; handy in tests and for
/// one-off providers.
pub struct FnProvider<F>(F);

/// Wraps an async closure `Fn(Option<Arc<T>>) -> Future<Output = Result<T>>`
/// as a [`TokenProvider`].
pub fn provider_fn<F>(f: F) -> FnProvider<F> {
    FnProvider(f)
}

#[async_trait]
impl<T, F, Fut> TokenProvider<T> for FnProvider<F>
where
    T: Send + Sync + 'static,
    F: Fn(Option<Arc<T>>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T>> + Send + 'static,
{
    async fn fetch(&self, previous: Option<Arc<T>>) -> Result<T> {
        (self.0)(previous).await
    }
}
