//! Token stores for the data-platform SDKs, beyond `auth-core`'s memory and
//! file stores. Each implements [`auth_core::TokenStore`], so every service
//! builder takes it through its one token-store setter (an
//! `Arc<dyn TokenStore>` and a key).
//!
//! | store | feature | for |
//! |---|---|---|
//! | [`RedisStore`] | `redis` | many processes on many hosts sharing one account: one refresh per token lifetime for the whole fleet (a distributed lease), `redis://` and `rediss://` |
//! | [`EncryptedStore`] | `encrypted` | sealing tokens (XChaCha20-Poly1305) in any store, the key from the environment, a secrets manager or the OS keyring |
//! | [`KeyringStore`], [`LocalStore`] | `keyring` | one machine: the OS keyring (keyutils, Keychain, Credential Manager), the file store as the fallback |
//!
//! All three features are on by default.
//!
//! # Quick start: a fleet sharing one account
//!
//! ```no_run
//! use std::sync::Arc;
//! use auth_core::secret::Password;
//! use auth_core::TokenStore;
//! use token_stores::{EncryptedStore, EncryptionKey, RedisStore};
//!
//! # fn run() -> auth_core::Result<()> {
//! let redis = RedisStore::builder(std::env::var("REDIS_URL").unwrap_or_default())
//!     .password(Password::new(std::env::var("REDIS_PASSWORD").unwrap_or_default()))
//!     .prefix("tenant-a:")
//!     .build()?;
//! // Tokens are sealed before they reach Redis; every worker has the same key.
//! let store: Arc<dyn TokenStore> =
//!     Arc::new(EncryptedStore::new(redis, EncryptionKey::from_env("DPSDK_TOKEN_KEY")?));
//! // e.g. SciNoteClient::builder().token_store(store, "scinote:eln.example.com")
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every failure is an [`auth_core::Error::Store`] whose source is a typed
//! [`StoreError`] ([`StoreError::of`] recovers it). No message or `Debug`
//! output holds a password, a key or a token.
//!
//! # Testing your code
//!
//! Test the code you build on this crate against the local mock servers of
//! the [`mock-servers`](https://docs.rs/mock-servers) crate (a
//! dev-dependency: `cargo add --dev mock-servers`): they listen on
//! 127.0.0.1 and need no network or real credentials. Every store works with any service client through its `.token_store(..)` setter, so a test can pair a store with any mock. See the
//! `mock-servers` crate docs for a complete example per service.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
pub use error::StoreError;

#[cfg(feature = "redis")]
pub mod redis;
#[cfg(feature = "redis")]
pub use redis::{Lease, RedisStore, RedisStoreBuilder};

#[cfg(feature = "encrypted")]
pub mod encrypted;
#[cfg(feature = "encrypted")]
pub use encrypted::{EncryptedStore, EncryptionKey};

#[cfg(feature = "keyring")]
pub mod keyring;
#[cfg(feature = "keyring")]
pub use keyring::{KeyringStore, LocalStore};
