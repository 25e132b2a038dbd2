//! A token store in Redis for fleets: many processes on many hosts sharing
//! one account, with **one refresh per token lifetime for the whole fleet**.
//!
//! # How one refresh per fleet works
//!
//! [`auth_core::PersistentProvider`] calls [`TokenStore::lock`] around every
//! refresh, re-reads the stored token set under the lock, and only calls the
//! service when the stored set is not fresh; the new set is saved before it
//! is handed out. With a [`RedisStore`] the lock is a *lease* in Redis:
//!
//! - **take**: `SET {prefix}{key}#lease <random token> NX PX <lease>`;
//! - **hold**: a background task renews it (`PEXPIRE`, only while it still
//!   holds our token) every third of the lease, so a slow refresh keeps it;
//! - **release**: a Lua script deletes it only if it still holds our token
//!   (never someone else's lease) and publishes `released` on
//!   `{prefix}{key}#events`; a save publishes `saved` there too;
//! - **wait**: within one process, tasks queue on a local mutex, so one
//!   waiter per process talks to Redis. That waiter subscribes to the channel
//!   and sleeps until a message, or until the lease's remaining time (`PTTL`)
//!   runs out, or a jittered poll interval when pub/sub is unavailable. On a
//!   wake-up it tries `SET NX` once. The winner re-reads the store, finds the
//!   fresh set and hands the lease on within a millisecond or two: the
//!   service sees **one** refresh, whatever the number of waiters;
//! - **bounded**: a waiter gives up after
//!   [`max_wait`](RedisStoreBuilder::max_wait) with
//!   [`StoreError::LeaseTimeout`](crate::StoreError::LeaseTimeout).
//!
//! # Failures
//!
//! - **A holder dies** (SIGKILL, host lost): nobody renews its lease, so it
//!   expires after at most [`lease`](RedisStoreBuilder::lease); the waiters
//!   wake at the expiry (they sleep no longer than `PTTL`) and one of them
//!   refreshes. The fleet is delayed by at most one lease, never blocked.
//! - **Redis is down**: every call fails fast (within the connect timeout)
//!   with [`StoreError::Unreachable`](crate::StoreError::Unreachable), naming
//!   `host:port` and never the URL or password. A
//!   [`TokenCache`](auth_core::TokenCache) keeps serving the token it holds
//!   while that token is valid; only a refresh needs Redis, and it fails with
//!   that typed error (the cache then waits its retry gap, no storm). The
//!   connection is re-made on the next call, so when Redis is back the
//!   fleet recovers without a restart. A Redis restart without persistence
//!   loses the stored sets: the next refresh then uses the refresh token the
//!   process holds in memory.
//! - **A holder stalls past its lease** (a stopped VM, a debugger): its
//!   renewal finds the lease gone and [`Lease::is_held`] turns false; another
//!   worker may refresh meanwhile. Keep the lease well above a refresh's
//!   normal duration (the default is 5 s, renewed every ~1.7 s).
//!
//! # The crash window
//!
//! Rotating refresh tokens (SciNote) are spent by use: the server answers a
//! refresh with a new refresh token and forgets the old one. Between the
//! moment the server rotated and the moment the new set is saved in Redis
//! (one network round trip), a crash of the holder loses the new refresh
//! token: Redis still holds the spent one. The next holder (after the lease
//! expires) refreshes with it, the server answers `invalid_grant`, and the
//! service's provider reports
//! [`Error::ReauthorizationRequired`](auth_core::Error::ReauthorizationRequired):
//! an authentication error that is never retried (`is_retryable()` is false),
//! so the fleet stops refreshing and asks for a new sign-in instead of
//! hammering the server. No store can close this window (the server's answer
//! is lost with the process); it is one round trip per token lifetime wide.
//!
//! # Example
//!
//! ```no_run
//! use std::sync::Arc;
//! use auth_core::TokenStore;
//! use auth_core::secret::Password;
//! use token_stores::RedisStore;
//!
//! # fn run() -> auth_core::Result<()> {
//! let store: Arc<dyn TokenStore> = Arc::new(
//!     RedisStore::builder("rediss://redis.internal:6380/0")
//!         .password(Password::new(std::env::var("REDIS_PASSWORD").unwrap_or_default()))
//!         .prefix("tenant-a:")
//!         .build()?,
//! );
//! // Give `store` and a key to a service builder (its token-store setter).
//! # Ok(()) }
//! ```
//!
//! Not supported: Redis Cluster (the lease, data and channel of one key are
//! separate keys) and Sentinel; point the store at a primary.
//!
//! [`TokenStore::lock`]: auth_core::TokenStore::lock

mod config;
mod lease;
mod store;

pub use config::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_LEASE, DEFAULT_MAX_WAIT, DEFAULT_POLL_INTERVAL,
    DEFAULT_RESPONSE_TIMEOUT, RedisStoreBuilder,
};
pub use lease::Lease;
pub use store::RedisStore;
