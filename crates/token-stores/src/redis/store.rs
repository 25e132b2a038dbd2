//! [`RedisStore`]: load, save and clear over one lazily (re)connected
//! multiplexed connection.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use auth_core::store::StoreLock;
use auth_core::{StoredToken, TokenStore};
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, RedisError};

use super::config::RedisConfig;
use super::lease::Lease;
use crate::error::{Result, StoreError};

/// A [`TokenStore`] in Redis, shared by every process and host that points
/// at the same server and prefix, with a distributed refresh lease (see the
/// [module docs](crate::redis)).
///
/// Cloning is cheap; clones share the connection.
///
/// ```no_run
/// use std::sync::Arc;
/// use auth_core::TokenStore;
/// use token_stores::RedisStore;
///
/// # fn run() -> auth_core::Result<()> {
/// let store: Arc<dyn TokenStore> = Arc::new(
///     RedisStore::builder("redis://127.0.0.1:6379").prefix("tenant-a:").build()?,
/// );
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    pub(crate) shared: Arc<Shared>,
}

pub(crate) struct Shared {
    pub(crate) config: RedisConfig,
    client: std::result::Result<redis::Client, String>,
    /// The connection in use; `None` until the first call and after a
    /// connection error (the next call reconnects).
    conn: tokio::sync::Mutex<Option<MultiplexedConnection>>,
    /// One lease attempt per key per process at a time: tasks of one process
    /// queue here instead of all polling Redis.
    local: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("config", &self.shared.config)
            .finish()
    }
}

impl RedisStore {
    pub(crate) fn from_config(config: RedisConfig) -> Self {
        let client = if config.tls && config.root_ca_pem.is_some() {
            redis::Client::build_with_tls(
                config.info.clone(),
                redis::TlsCertificates {
                    client_tls: None,
                    root_cert: config.root_ca_pem.clone(),
                },
            )
        } else {
            redis::Client::open(config.info.clone())
        }
        .map_err(|e| config.scrub(&e.to_string()));
        Self {
            shared: Arc::new(Shared {
                config,
                client,
                conn: tokio::sync::Mutex::new(None),
                local: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// `host:port` of the server.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// let store = token_stores::RedisStore::builder("redis://127.0.0.1:6379").build()?;
    /// assert_eq!(store.host(), "127.0.0.1:6379");
    /// # Ok(()) }
    /// ```
    pub fn host(&self) -> &str {
        &self.shared.config.host
    }

    /// The key prefix of this store.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// let store = token_stores::RedisStore::builder("redis://127.0.0.1:6379").prefix("t1:").build()?;
    /// assert_eq!(store.prefix(), "t1:");
    /// # Ok(()) }
    /// ```
    pub fn prefix(&self) -> &str {
        &self.shared.config.prefix
    }

    /// Checks that Redis answers (connecting first if needed).
    ///
    /// # Errors
    /// [`StoreError::Unreachable`] when Redis cannot be reached within the
    /// connect timeout, [`StoreError::Refused`] when it rejects our
    /// credentials.
    ///
    /// ```no_run
    /// # async fn run() -> auth_core::Result<()> {
    /// let store = token_stores::RedisStore::builder("redis://127.0.0.1:6379").build()?;
    /// store.ping().await?;
    /// # Ok(()) }
    /// ```
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.shared.conn().await?;
        let _: String = redis::cmd("PING")
            .query_async(&mut conn)
            .await
            .map_err(|e| self.shared.fail("PING", e))?;
        Ok(())
    }

    /// Takes the refresh lease on `key`, waiting for it while another
    /// process holds it. [`TokenStore::lock`] does the same, boxed; this
    /// form can also be released explicitly and asked whether it is still
    /// held.
    ///
    /// # Errors
    /// [`StoreError::LeaseTimeout`] when the lease stayed taken for the
    /// configured [`max_wait`](super::RedisStoreBuilder::max_wait),
    /// [`StoreError::Unreachable`] when Redis is down.
    ///
    /// ```no_run
    /// # async fn run() -> auth_core::Result<()> {
    /// let store = token_stores::RedisStore::builder("redis://127.0.0.1:6379").build()?;
    /// let lease = store.lease("symbl:app-1").await?;
    /// // ... refresh and save ...
    /// lease.release().await?;
    /// # Ok(()) }
    /// ```
    pub async fn lease(&self, key: &str) -> Result<Lease> {
        Lease::acquire(Arc::clone(&self.shared), key).await
    }
}

impl Shared {
    pub(crate) fn client(&self) -> Result<&redis::Client> {
        self.client
            .as_ref()
            .map_err(|e| StoreError::Config(format!("invalid Redis settings: {e}")).into())
    }

    /// The current connection, connecting when there is none.
    pub(crate) async fn conn(&self) -> Result<MultiplexedConnection> {
        let mut guard = self.conn.lock().await;
        if let Some(conn) = guard.as_ref() {
            return Ok(conn.clone());
        }
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.config.connect_timeout))
            .set_response_timeout(Some(self.config.response_timeout));
        let conn = self
            .client()?
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(|e| self.error("connect", &e))?;
        *guard = Some(conn.clone());
        Ok(conn)
    }

    /// Maps a Redis error, dropping the connection when it is broken so the
    /// next call reconnects (after Redis restarts, the store recovers).
    pub(crate) fn fail(&self, operation: &str, e: RedisError) -> auth_core::Error {
        if is_connection_error(&e) {
            if let Ok(mut guard) = self.conn.try_lock() {
                *guard = None;
            } else {
                // Someone is (re)connecting right now; their connection is new.
                tracing::debug!("Redis connection in use while dropping it");
            }
        }
        self.error(operation, &e)
    }

    fn error(&self, operation: &str, e: &RedisError) -> auth_core::Error {
        let detail = self.config.scrub(&e.to_string());
        let host = self.config.host.clone();
        if is_connection_error(e) {
            StoreError::Unreachable { host, detail }.into()
        } else {
            StoreError::Refused {
                host,
                operation: operation.to_owned(),
                detail,
            }
            .into()
        }
    }

    pub(crate) fn local_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.local.lock().unwrap_or_else(PoisonError::into_inner);
        // Forget locks nobody holds or waits for, so the map stays small.
        map.retain(|_, m| Arc::strong_count(m) > 1);
        Arc::clone(map.entry(key.to_owned()).or_default())
    }
}

fn is_connection_error(e: &RedisError) -> bool {
    e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() || e.is_timeout()
}

#[async_trait]
impl TokenStore for RedisStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        let mut conn = self.shared.conn().await?;
        let raw: Option<Vec<u8>> = redis::cmd("GET")
            .arg(self.shared.config.data_key(key))
            .query_async(&mut conn)
            .await
            .map_err(|e| self.shared.fail("GET", e))?;
        let Some(raw) = raw else { return Ok(None) };
        // The error names the position, never the content (it holds secrets).
        serde_json::from_slice(&raw).map(Some).map_err(|e| {
            StoreError::Corrupt {
                key: key.to_owned(),
                detail: format!(
                    "not a stored token set (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            }
            .into()
        })
    }

    async fn save(&self, key: &str, token: &StoredToken) -> Result<()> {
        let json = serde_json::to_vec(token).map_err(|e| StoreError::Corrupt {
            key: key.to_owned(),
            detail: format!("cannot serialize: {}", e.classify() as u8),
        })?;
        let mut conn = self.shared.conn().await?;
        // Saved, then waiters are told (they re-read under the lease).
        let _: () = redis::pipe()
            .cmd("SET")
            .arg(self.shared.config.data_key(key))
            .arg(json)
            .ignore()
            .cmd("PUBLISH")
            .arg(self.shared.config.channel(key))
            .arg("saved")
            .ignore()
            .query_async(&mut conn)
            .await
            .map_err(|e| self.shared.fail("SET", e))?;
        Ok(())
    }

    async fn clear(&self, key: &str) -> Result<()> {
        let mut conn = self.shared.conn().await?;
        let _: () = redis::pipe()
            .cmd("DEL")
            .arg(self.shared.config.data_key(key))
            .ignore()
            .cmd("PUBLISH")
            .arg(self.shared.config.channel(key))
            .arg("cleared")
            .ignore()
            .query_async(&mut conn)
            .await
            .map_err(|e| self.shared.fail("DEL", e))?;
        Ok(())
    }

    async fn lock(&self, key: &str) -> Result<Box<dyn StoreLock>> {
        Ok(Box::new(self.lease(key).await?))
    }
}
