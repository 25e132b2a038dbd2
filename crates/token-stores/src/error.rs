//! What can go wrong in these stores, as a typed error inside
//! [`auth_core::Error::Store`].
//!
//! The [`TokenStore`](auth_core::TokenStore) trait returns
//! [`auth_core::Error`], so every failure here becomes an
//! [`Error::Store`](auth_core::Error::Store) whose message is this error's
//! text and whose source carries the [`StoreError`] itself. Recover it with
//! [`StoreError::of`]:
//!
//! ```no_run
//! # async fn run(store: &dyn auth_core::TokenStore) {
//! use token_stores::StoreError;
//!
//! if let Err(e) = store.load("scinote:https://eln.example.com").await {
//!     match StoreError::of(&e) {
//!         Some(StoreError::Unreachable { host, .. }) => eprintln!("Redis at {host} is down"),
//!         Some(StoreError::Tampered { .. }) => eprintln!("the stored value was altered"),
//!         _ => eprintln!("{e}"),
//!     }
//! }
//! # }
//! ```
//!
//! No variant ever holds a password, a key or a token: messages name the
//! host, the storage key and what was wrong, nothing else.

use std::sync::Arc;
use std::time::Duration;

/// A failure of one of this crate's stores.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The URL or another setting is wrong.
    #[error("invalid store configuration: {0}")]
    Config(String),

    /// Redis could not be reached (down, refused, timed out, connection lost).
    #[error("Redis at {host} is unreachable: {detail}")]
    Unreachable {
        /// `host:port` of the server (never the URL, which may hold a password).
        host: String,
        /// What failed, with any secret removed.
        detail: String,
    },

    /// Redis answered with an error (wrong password, ACL, out of memory).
    #[error("Redis at {host} refused {operation}: {detail}")]
    Refused {
        /// `host:port` of the server.
        host: String,
        /// The operation (`"GET"`, `"SET"`, `"lease"`).
        operation: String,
        /// The server's answer, with any secret removed.
        detail: String,
    },

    /// The refresh lease stayed taken by another holder for longer than
    /// the configured bound.
    #[error("gave up waiting for the refresh lease on `{key}` at {host} after {waited:?}")]
    LeaseTimeout {
        /// `host:port` of the server.
        host: String,
        /// The storage key.
        key: String,
        /// How long we waited.
        waited: Duration,
    },

    /// A stored value is not a token set this crate can read.
    #[error("the value stored under `{key}` is corrupt: {detail}")]
    Corrupt {
        /// The storage key.
        key: String,
        /// What was wrong (a position, never the content).
        detail: String,
    },

    /// A stored value was not encrypted by an [`EncryptedStore`](crate::EncryptedStore).
    #[error("the value stored under `{key}` is not encrypted (written by an unencrypted store?)")]
    NotEncrypted {
        /// The storage key.
        key: String,
    },

    /// A stored value was encrypted with a key this store does not have.
    #[error(
        "the value stored under `{key}` was encrypted with key {found}; this store has {known}"
    )]
    UnknownKey {
        /// The storage key.
        key: String,
        /// The id of the key the value names.
        found: String,
        /// The ids of the keys this store holds.
        known: String,
    },

    /// A stored value failed authentication: it was altered, or encrypted
    /// under another storage key, or with another key of the same id.
    #[error("the value stored under `{key}` failed authentication (altered or moved)")]
    Tampered {
        /// The storage key.
        key: String,
    },

    /// A stored value is shorter than any encrypted value can be.
    #[error("the value stored under `{key}` is truncated ({len} bytes)")]
    Truncated {
        /// The storage key.
        key: String,
        /// Its length in bytes.
        len: usize,
    },

    /// An encryption key could not be had or is malformed.
    #[error("encryption key: {0}")]
    Key(String),

    /// The OS keyring failed.
    #[error("OS keyring ({backend}): {detail}")]
    Keyring {
        /// The backend (`"linux keyutils"`, `"macOS Keychain"`, ...).
        backend: &'static str,
        /// What failed (never the stored value).
        detail: String,
    },

    /// A background task of the store failed.
    #[error("token store task failed: {0}")]
    Task(String),
}

impl StoreError {
    /// The [`StoreError`] inside `error`, when it came from this crate.
    ///
    /// ```no_run
    /// # fn check(e: &auth_core::Error) {
    /// if let Some(token_stores::StoreError::LeaseTimeout { waited, .. }) = token_stores::StoreError::of(e) {
    ///     eprintln!("another worker held the refresh lease for {waited:?}");
    /// }
    /// # }
    /// ```
    pub fn of(error: &auth_core::Error) -> Option<&StoreError> {
        match error {
            auth_core::Error::Store {
                source: Some(io), ..
            } => io.get_ref()?.downcast_ref::<StoreError>(),
            _ => None,
        }
    }
}

impl From<StoreError> for auth_core::Error {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        let kind = match e {
            StoreError::Unreachable { .. } => std::io::ErrorKind::ConnectionRefused,
            StoreError::LeaseTimeout { .. } => std::io::ErrorKind::TimedOut,
            StoreError::Config(_) => std::io::ErrorKind::InvalidInput,
            _ => std::io::ErrorKind::InvalidData,
        };
        auth_core::Error::Store {
            message,
            source: Some(Arc::new(std::io::Error::new(kind, e))),
        }
    }
}

/// `Result` with [`auth_core::Error`], the error every store method returns.
#[cfg(any(feature = "redis", feature = "encrypted", feature = "keyring"))]
pub(crate) type Result<T> = auth_core::Result<T>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_error_survives_the_trip_through_auth_core() {
        let e: auth_core::Error = StoreError::Tampered { key: "k".into() }.into();
        assert!(matches!(e, auth_core::Error::Store { .. }));
        assert_eq!(
            StoreError::of(&e),
            Some(&StoreError::Tampered { key: "k".into() })
        );
        assert_eq!(
            e.to_string(),
            "token store: the value stored under `k` failed authentication (altered or moved)"
        );
        let other = auth_core::Error::Config("x".into());
        assert_eq!(StoreError::of(&other), None);
    }
}
