//! Shared set-up of the Symbl tests: a client builder on the mock, with a
//! manual clock so polling never sleeps.

#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;

use auth_core::ManualClock;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use symbl::{SymblClient, SymblClientBuilder};

/// The mock's app id and secret, and a manual clock.
pub fn builder(mock: &SymblMock) -> SymblClientBuilder {
    SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .clock(Arc::new(ManualClock::new()))
}

/// A client of [`builder`].
pub fn client(mock: &SymblMock) -> SymblClient {
    builder(mock).build().expect("valid config")
}
