//! The small harness every mock is built on: a wiremock server on a free
//! port of 127.0.0.1 whose catch-all responder reads and updates shared
//! state, so a mock can behave like the real service (tokens issued, jobs
//! progressing, files stored) and tests can inspect and steer it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond};

/// State shared between a mock's responder and its handle.
#[derive(Debug, Default)]
pub struct Shared<S>(Arc<Mutex<S>>);

impl<S> Clone for Shared<S> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<S> Shared<S> {
    /// Wraps the initial state.
    pub fn new(state: S) -> Self {
        Self(Arc::new(Mutex::new(state)))
    }

    /// Locks the state. A panic in another holder (a failing assertion)
    /// does not make the state unusable for the rest of the test.
    pub fn lock(&self) -> MutexGuard<'_, S> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Starts a server on a free port of 127.0.0.1.
pub async fn start_server() -> MockServer {
    MockServer::start().await
}

/// Sends every request to `responder` (which dispatches on method and path).
pub async fn route_all(server: &MockServer, responder: impl Respond + 'static) {
    Mock::given(any())
        .respond_with(responder)
        .mount(server)
        .await;
}
