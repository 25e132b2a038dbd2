//! The settings of a [`RedisStore`](super::RedisStore) and its builder.

use std::fmt;
use std::time::Duration;

use auth_core::secret::{Password, REDACTED, redact_all};
use redis::{ConnectionAddr, IntoConnectionInfo};

use super::RedisStore;
use crate::error::{Result, StoreError};

/// How long connecting may take (default 2 s).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long one command may take (default 2 s).
pub const DEFAULT_RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a refresh lease lives without renewal (default 5 s): the most a
/// dead holder delays the others.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(5);
/// How long a waiter waits for the lease before giving up (default 25 s,
/// under the 30 s a [`TokenCache`](auth_core::TokenCache) allows one refresh).
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(25);
/// The longest a waiter sleeps between two tries when no wake-up message
/// arrives (default 250 ms without pub/sub; with pub/sub the lease's
/// remaining time bounds the sleep instead).
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The longest any setting may be (one day), so deadlines never overflow.
const MAX_SETTING: Duration = Duration::from_secs(24 * 3600);

/// Everything a [`RedisStore`] needs; built by [`RedisStoreBuilder`].
#[derive(Clone)]
pub(crate) struct RedisConfig {
    pub(crate) info: redis::ConnectionInfo,
    /// `host:port`, for messages.
    pub(crate) host: String,
    pub(crate) tls: bool,
    pub(crate) root_ca_pem: Option<Vec<u8>>,
    /// Kept to scrub it from any error text.
    pub(crate) password: Option<Password>,
    pub(crate) username: Option<String>,
    pub(crate) prefix: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) response_timeout: Duration,
    pub(crate) lease: Duration,
    pub(crate) max_wait: Duration,
    pub(crate) poll_interval: Duration,
    pub(crate) pubsub: bool,
}

impl RedisConfig {
    /// `text` with the password (and a password given in the URL) removed.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut secrets: Vec<&str> = Vec::new();
        if let Some(p) = &self.password {
            secrets.push(p.expose_secret());
        }
        if let Some(p) = self.info.redis_settings().password() {
            secrets.push(p);
        }
        redact_all(text, &secrets)
    }

    pub(crate) fn data_key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub(crate) fn lease_key(&self, key: &str) -> String {
        format!("{}{key}#lease", self.prefix)
    }

    pub(crate) fn channel(&self, key: &str) -> String {
        format!("{}{key}#events", self.prefix)
    }
}

impl fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let has_password =
            self.password.is_some() || self.info.redis_settings().password().is_some();
        f.debug_struct("RedisConfig")
            .field("host", &self.host)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &has_password.then_some(REDACTED))
            .field("prefix", &self.prefix)
            .field("lease", &self.lease)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

/// Builds a [`RedisStore`]; start with [`RedisStore::builder`].
///
/// Nothing connects until the first call: a store can be built while Redis
/// is still starting.
pub struct RedisStoreBuilder {
    url: String,
    username: Option<String>,
    password: Option<Password>,
    prefix: String,
    root_ca_pem: Option<Vec<u8>>,
    connect_timeout: Duration,
    response_timeout: Duration,
    lease: Duration,
    max_wait: Duration,
    poll_interval: Duration,
    pubsub: bool,
}

impl fmt::Debug for RedisStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry a password: only its scheme is shown.
        let scheme = self.url.split("://").next().unwrap_or_default();
        f.debug_struct("RedisStoreBuilder")
            .field("scheme", &scheme)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// Starts building a store for the server at `url`: `redis://host:port/db`
    /// or `rediss://host:port/db` (TLS). A password may be given in the URL,
    /// but [`password`](RedisStoreBuilder::password) keeps it out of
    /// configuration files and process listings.
    ///
    /// ```no_run
    /// use auth_core::secret::Password;
    /// use token_stores::RedisStore;
    ///
    /// # fn run() -> auth_core::Result<()> {
    /// let store = RedisStore::builder("rediss://redis.internal:6380/0")
    ///     .username("sdk")
    ///     .password(Password::new(std::env::var("REDIS_PASSWORD").unwrap_or_default()))
    ///     .prefix("tenant-a:")
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn builder(url: impl Into<String>) -> RedisStoreBuilder {
        RedisStoreBuilder {
            url: url.into(),
            username: None,
            password: None,
            prefix: "dpsdk:tokens:".to_owned(),
            root_ca_pem: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            response_timeout: DEFAULT_RESPONSE_TIMEOUT,
            lease: DEFAULT_LEASE,
            max_wait: DEFAULT_MAX_WAIT,
            poll_interval: DEFAULT_POLL_INTERVAL,
            pubsub: true,
        }
    }
}

impl RedisStoreBuilder {
    /// Authenticates as this ACL user (Redis 6+).
    ///
    /// ```no_run
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379").username("sdk");
    /// ```
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Authenticates with this password (never printed, never in an error).
    ///
    /// ```no_run
    /// use auth_core::secret::Password;
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379")
    ///     .password(Password::new("from-a-vault"));
    /// ```
    pub fn password(mut self, password: Password) -> Self {
        self.password = Some(password);
        self
    }

    /// Puts every key of this store under `prefix` (default
    /// `"dpsdk:tokens:"`): one prefix per tenant keeps tenants apart on one
    /// server. Tokens live under `{prefix}{key}`, the lease under
    /// `{prefix}{key}#lease`, wake-ups go to the channel `{prefix}{key}#events`.
    ///
    /// ```no_run
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379").prefix("tenant-a:");
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Trusts this PEM-encoded CA for `rediss://` (a private CA); the system
    /// roots are trusted otherwise.
    ///
    /// ```no_run
    /// # fn run() -> std::io::Result<()> {
    /// let b = token_stores::RedisStore::builder("rediss://redis.internal:6380")
    ///     .root_ca_pem(std::fs::read("/etc/redis/ca.pem")?);
    /// # Ok(()) }
    /// ```
    pub fn root_ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_ca_pem = Some(pem.into());
        self
    }

    /// Bounds connecting (default [`DEFAULT_CONNECT_TIMEOUT`]).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379")
    ///     .connect_timeout(Duration::from_millis(500));
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Bounds each command (default [`DEFAULT_RESPONSE_TIMEOUT`]).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379")
    ///     .response_timeout(Duration::from_millis(500));
    /// ```
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// How long a refresh lease lives without renewal (default
    /// [`DEFAULT_LEASE`], at least 100 ms). A live holder renews it every
    /// third of this; a dead one delays the others by at most this much.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379")
    ///     .lease(Duration::from_secs(3));
    /// ```
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_millis(100));
        self
    }

    /// How long [`lock`](auth_core::TokenStore::lock) waits for the lease
    /// before failing with [`StoreError::LeaseTimeout`] (default
    /// [`DEFAULT_MAX_WAIT`]).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379")
    ///     .max_wait(Duration::from_secs(10));
    /// ```
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// The longest sleep between two tries for the lease when no wake-up
    /// message comes (default [`DEFAULT_POLL_INTERVAL`], at least 10 ms);
    /// each sleep is jittered down by up to half, so waiters spread out.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379")
    ///     .poll_interval(Duration::from_millis(100));
    /// ```
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval.max(Duration::from_millis(10));
        self
    }

    /// Whether waiters subscribe to the key's channel to be woken when the
    /// holder saves or releases (default true). Without it they poll.
    ///
    /// ```no_run
    /// let b = token_stores::RedisStore::builder("redis://127.0.0.1:6379").pubsub(false);
    /// ```
    pub fn pubsub(mut self, enabled: bool) -> Self {
        self.pubsub = enabled;
        self
    }

    /// Checks the settings and builds the store (without connecting).
    ///
    /// # Errors
    /// [`StoreError::Config`] (as [`auth_core::Error::Store`]) when the URL
    /// is not a `redis://` or `rediss://` URL. The message never repeats the
    /// URL, which may hold a password.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// let store = token_stores::RedisStore::builder("redis://127.0.0.1:6379").build()?;
    /// # Ok(()) }
    /// ```
    pub fn build(self) -> Result<RedisStore> {
        Ok(RedisStore::from_config(self.into_config()?))
    }

    pub(crate) fn into_config(self) -> Result<RedisConfig> {
        let scheme = self.url.split("://").next().unwrap_or_default();
        if !matches!(scheme, "redis" | "rediss") || !self.url.contains("://") {
            return Err(StoreError::Config(
                "the Redis URL must start with redis:// or rediss://".to_owned(),
            )
            .into());
        }
        let url_password = password_in_url(&self.url);
        let info = self.url.as_str().into_connection_info().map_err(|e| {
            let detail = redact_all(&e.to_string(), &[url_password.as_deref().unwrap_or("")]);
            StoreError::Config(format!("invalid Redis URL: {detail}"))
        })?;
        let (host, tls) = match info.addr() {
            ConnectionAddr::Tcp(host, port) => (format!("{host}:{port}"), false),
            ConnectionAddr::TcpTls { host, port, .. } => (format!("{host}:{port}"), true),
            other => (format!("{other}"), false),
        };
        let mut settings = info.redis_settings().clone();
        if let Some(user) = &self.username {
            settings = settings.set_username(user);
        }
        if let Some(password) = &self.password {
            settings = settings.set_password(password.expose_secret());
        }
        let username = settings.username().map(str::to_owned);
        let info = info.set_redis_settings(settings);
        if tls {
            install_ring_provider();
        }
        Ok(RedisConfig {
            info,
            host,
            tls,
            root_ca_pem: self.root_ca_pem,
            password: self.password.or(url_password.map(Password::new)),
            username,
            prefix: self.prefix,
            connect_timeout: self.connect_timeout.min(MAX_SETTING),
            response_timeout: self.response_timeout.min(MAX_SETTING),
            lease: self.lease.min(MAX_SETTING),
            max_wait: self.max_wait.min(MAX_SETTING),
            poll_interval: self.poll_interval.min(MAX_SETTING),
            pubsub: self.pubsub,
        })
    }
}

/// The password in `redis://user:password@host`, percent-decoding aside, to
/// scrub it from messages.
fn password_in_url(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let userinfo = authority.rsplit_once('@')?.0;
    let password = userinfo.split_once(':')?.1;
    (!password.is_empty()).then(|| password.to_owned())
}

/// `rediss://` uses rustls: make sure the workspace's ring provider is the
/// process default when no other was installed.
fn install_ring_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only when another thread installed one meanwhile: fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_redis_and_rediss_and_names_the_host() {
        let c = RedisStore::builder("redis://127.0.0.1:6390/2")
            .into_config()
            .expect("valid");
        assert_eq!((c.host.as_str(), c.tls), ("127.0.0.1:6390", false));
        let c = RedisStore::builder("rediss://cache.example.com")
            .into_config()
            .expect("valid");
        assert_eq!((c.host.as_str(), c.tls), ("cache.example.com:6379", true));
    }

    #[test]
    fn rejects_other_schemes_without_echoing_the_url() {
        for url in ["http://u:hunter22@host", "hunter22", "unix:///tmp/x"] {
            let e = RedisStore::builder(url).build().expect_err("rejected");
            assert!(!e.to_string().contains("hunter22"), "{e}");
            assert!(matches!(StoreError::of(&e), Some(StoreError::Config(_))));
        }
    }

    #[test]
    fn debug_never_shows_a_password_from_the_url_or_the_builder() {
        let b = RedisStore::builder("redis://sdk:url-pass-1234@127.0.0.1:6379")
            .password(Password::new("builder-pass-5678"));
        let text = format!("{b:?}");
        assert!(!text.contains("url-pass-1234") && !text.contains("builder-pass-5678"));
        let c = b.into_config().expect("valid");
        let text = format!("{c:?}");
        assert!(!text.contains("url-pass-1234") && !text.contains("builder-pass-5678"));
        assert!(text.contains(REDACTED), "{text}");
        assert_eq!(
            c.scrub("AUTH failed for builder-pass-5678"),
            format!("AUTH failed for {REDACTED}")
        );
        assert_eq!(password_in_url("redis://a:b@h:1/0").as_deref(), Some("b"));
        assert_eq!(password_in_url("redis://h:1/0"), None);
    }

    #[test]
    fn absurd_durations_are_capped_so_deadlines_cannot_overflow() {
        let c = RedisStore::builder("redis://h")
            .max_wait(Duration::MAX)
            .lease(Duration::MAX)
            .connect_timeout(Duration::MAX)
            .into_config()
            .expect("valid");
        assert_eq!(c.max_wait, MAX_SETTING);
        assert_eq!(c.lease, MAX_SETTING);
        assert!(
            tokio::time::Instant::now()
                .checked_add(c.max_wait)
                .is_some()
        );
    }

    #[test]
    fn keys_are_prefixed_per_tenant() {
        let c = RedisStore::builder("redis://h")
            .prefix("t1:")
            .into_config()
            .expect("valid");
        assert_eq!(c.data_key("symbl:app"), "t1:symbl:app");
        assert_eq!(c.lease_key("symbl:app"), "t1:symbl:app#lease");
        assert_eq!(c.channel("symbl:app"), "t1:symbl:app#events");
    }
}
