//! [`KeyringStore`]: tokens in the OS keyring, one entry per key; and
//! [`LocalStore`], which picks the keyring when one works and a
//! [`FileStore`] otherwise.
//!
//! Backends (the `keyring` crate, without C libraries):
//!
//! | OS | backend | lifetime |
//! |---|---|---|
//! | Linux | kernel keyutils: the login session's keyring and the user's persistent keyring; without a login session (containers, services), the user-session keyring | until reboot, or the persistent keyring's expiry (days) after logout; the user-session keyring lasts while the user has processes |
//! | macOS | Keychain | persistent |
//! | Windows | Credential Manager | persistent |
//!
//! Linux keyutils is a secure in-memory cache: after a reboot the entries
//! are gone and the user signs in again. A Secret Service backend (GNOME
//! Keyring, KWallet) needs `libdbus` and is not built in.
//!
//! The keyring never sees a half-written value (each entry is replaced
//! whole). For refreshes shared between processes on one host, give the
//! store a lock file ([`KeyringStore::with_lock_file`]); [`LocalStore`] does.

use std::fmt;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use auth_core::store::StoreLock;
use auth_core::{FileStore, StoredToken, TokenStore};

use crate::error::{Result, StoreError};

/// The keyring backend compiled in for this OS.
pub const BACKEND: &str = if cfg!(target_os = "linux") {
    "linux keyutils"
} else if cfg!(target_os = "macos") {
    "macOS Keychain"
} else if cfg!(target_os = "windows") {
    "Windows Credential Manager"
} else if cfg!(target_os = "ios") {
    "iOS Keychain"
} else {
    "none (mock)"
};

/// Token sets in the OS keyring: service `service`, user = the token's key,
/// value = the token set as JSON.
///
/// ```no_run
/// use std::sync::Arc;
/// use auth_core::TokenStore;
/// use token_stores::KeyringStore;
///
/// let store: Arc<dyn TokenStore> = Arc::new(KeyringStore::new("dpsdk"));
/// ```
#[derive(Clone)]
pub struct KeyringStore {
    service: String,
    lock: Option<FileStore>,
}

impl fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringStore")
            .field("backend", &backend_detail())
            .field("service", &self.service)
            .field("lock_file", &self.lock.as_ref().map(FileStore::path))
            .finish()
    }
}

impl KeyringStore {
    /// A store whose entries belong to `service` (e.g. `"dpsdk"`).
    ///
    /// ```no_run
    /// let store = token_stores::KeyringStore::new("dpsdk");
    /// ```
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            lock: None,
        }
    }

    /// Takes [`lock`](TokenStore::lock) as an OS file lock on
    /// `<path>.lock`, so processes on one host refresh one at a time
    /// (nothing is written to `path` itself).
    ///
    /// ```no_run
    /// let store = token_stores::KeyringStore::new("dpsdk").with_lock_file("/run/user/1000/dpsdk-tokens");
    /// ```
    pub fn with_lock_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.lock = Some(FileStore::new(path));
        self
    }

    /// The service name.
    ///
    /// ```no_run
    /// assert_eq!(token_stores::KeyringStore::new("dpsdk").service(), "dpsdk");
    /// ```
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Whether the OS keyring works here: writes, reads back and deletes a
    /// throw-away entry.
    ///
    /// ```no_run
    /// if !token_stores::KeyringStore::available() {
    ///     eprintln!("no OS keyring; tokens go to a file");
    /// }
    /// ```
    pub fn available() -> bool {
        Self::probe().is_ok()
    }

    /// Like [`available`](Self::available), saying why not.
    ///
    /// # Errors
    /// [`StoreError::Keyring`] with the backend's reason.
    ///
    /// ```no_run
    /// if let Err(why) = token_stores::KeyringStore::probe() {
    ///     eprintln!("no OS keyring: {why}");
    /// }
    /// ```
    pub fn probe() -> Result<&'static str> {
        let user = format!("probe-{}-{:016x}", std::process::id(), fastrand::u64(..));
        let entry = entry("token-stores-probe", &user)?;
        let value = format!("{:016x}", fastrand::u64(..));
        let written = entry
            .set_password(&value)
            .map_err(|e| keyring_error("write", &e));
        let read = entry.get_password().map_err(|e| keyring_error("read", &e));
        // Removed whatever happened (a write can fail half-way).
        let _ = entry.delete_credential();
        written?;
        if read? != value {
            return Err(StoreError::Keyring {
                backend: BACKEND,
                detail: "a value written could not be read back".to_owned(),
            }
            .into());
        }
        Ok(backend_detail())
    }
}

#[cfg(not(target_os = "linux"))]
fn entry(service: &str, user: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(service, user).map_err(|e| keyring_error("open", &e).into())
}

/// On Linux, an entry in the session keyring, also linked into the user's
/// persistent keyring when the process has a session keyring of its own
/// (a login session).
///
/// Without one (containers, services, CI), the kernel falls back to the
/// user-session keyring, shared by all of the user's processes that have
/// no session keyring. The `keyring` crate's default credential then asks
/// for the persistent keyring, which makes the kernel install a new,
/// private session keyring: the entries just written become unreachable
/// (`EACCES`). This credential skips the persistent keyring in that case,
/// so the entries stay in the user-session keyring, where the next process
/// finds them.
#[cfg(target_os = "linux")]
fn entry(service: &str, user: &str) -> Result<keyring::Entry> {
    use keyring::keyutils::{KeyutilsCredential, decode_error};
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    let open = |e: keyring::Error| -> auth_core::Error { keyring_error("open", &e).into() };
    let session = KeyRing::from_special_id(KeyRingIdentifier::Session, false)
        .map_err(|e| open(decode_error(e)))?;
    let persistent = if has_own_session_keyring() {
        KeyRing::get_persistent(KeyRingIdentifier::Session).ok()
    } else {
        None
    };
    let credential = KeyutilsCredential {
        session,
        persistent,
        // The `keyring` crate's naming, so its other users find the entries.
        description: format!("keyring-rs:{user}@{service}"),
    };
    Ok(keyring::Entry::new_with_credential(Box::new(credential)))
}

/// Whether this process has a session keyring other than the user-session
/// fallback (asked without creating anything).
#[cfg(target_os = "linux")]
fn has_own_session_keyring() -> bool {
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    let session = KeyRing::from_special_id(KeyRingIdentifier::Session, false);
    let user_session = KeyRing::from_special_id(KeyRingIdentifier::UserSession, false);
    matches!((session, user_session), (Ok(s), Ok(u)) if s != u)
}

/// Where the Linux keyutils backend keeps entries here.
fn backend_detail() -> &'static str {
    #[cfg(target_os = "linux")]
    {
        if has_own_session_keyring() {
            "linux keyutils, session and persistent keyrings"
        } else {
            "linux keyutils, user-session keyring"
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        BACKEND
    }
}

/// Maps a keyring error without its payload (`BadEncoding` holds the value).
fn keyring_error(operation: &str, e: &keyring::Error) -> StoreError {
    let detail = match e {
        keyring::Error::NoEntry => "no such entry".to_owned(),
        keyring::Error::BadEncoding(_) => "the stored value is not UTF-8".to_owned(),
        keyring::Error::Ambiguous(items) => format!("{} entries match", items.len()),
        keyring::Error::PlatformFailure(err) => format!("platform failure: {err}"),
        keyring::Error::NoStorageAccess(err) => format!("no access: {err}"),
        keyring::Error::TooLong(what, max) => format!("{what} is longer than {max}"),
        keyring::Error::Invalid(what, why) => format!("{what} is invalid: {why}"),
        other => other.to_string(),
    };
    StoreError::Keyring {
        backend: BACKEND,
        detail: format!("cannot {operation}: {detail}"),
    }
}

async fn blocking<R: Send + 'static>(f: impl FnOnce() -> Result<R> + Send + 'static) -> Result<R> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
}

#[async_trait]
impl TokenStore for KeyringStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        let (service, key) = (self.service.clone(), key.to_owned());
        blocking(move || {
            let json = match entry(&service, &key)?.get_password() {
                Ok(json) => zeroize::Zeroizing::new(json),
                Err(keyring::Error::NoEntry) => return Ok(None),
                Err(e) => return Err(keyring_error("read", &e).into()),
            };
            serde_json::from_str(&json).map(Some).map_err(|e| {
                StoreError::Corrupt {
                    key,
                    detail: format!(
                        "not a stored token set (line {}, column {})",
                        e.line(),
                        e.column()
                    ),
                }
                .into()
            })
        })
        .await
    }

    async fn save(&self, key: &str, token: &StoredToken) -> Result<()> {
        let json = zeroize::Zeroizing::new(serde_json::to_string(token).map_err(|e| {
            StoreError::Corrupt {
                key: key.to_owned(),
                detail: format!("cannot serialize ({:?})", e.classify()),
            }
        })?);
        let (service, key) = (self.service.clone(), key.to_owned());
        blocking(move || {
            entry(&service, &key)?
                .set_password(&json)
                .map_err(|e| keyring_error("write", &e).into())
        })
        .await
    }

    async fn clear(&self, key: &str) -> Result<()> {
        let (service, key) = (self.service.clone(), key.to_owned());
        blocking(move || match entry(&service, &key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error("delete", &e).into()),
        })
        .await
    }

    async fn lock(&self, key: &str) -> Result<Box<dyn StoreLock>> {
        match &self.lock {
            Some(file) => file.lock(key).await,
            None => Ok(Box::new(NoLock)),
        }
    }
}

/// No lock: right for one process.
struct NoLock;
impl StoreLock for NoLock {}

/// The store for one machine: the OS keyring when it works, a 0600 file
/// otherwise. Both take refreshes one process at a time (`<path>.lock`).
///
/// ```no_run
/// use std::sync::Arc;
/// use auth_core::TokenStore;
/// use token_stores::LocalStore;
///
/// let local = LocalStore::keyring_or_file("dpsdk", "/home/me/.config/dpsdk/tokens.json");
/// eprintln!("tokens are kept in {}", local.describe());
/// let store: Arc<dyn TokenStore> = Arc::new(local);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum LocalStore {
    /// The OS keyring.
    Keyring(KeyringStore),
    /// A JSON file readable only by its owner.
    File(FileStore),
}

impl LocalStore {
    /// The keyring (service `service`) when [`KeyringStore::available`],
    /// else a [`FileStore`] at `path`. The keyring store locks `<path>.lock`.
    ///
    /// ```no_run
    /// let store = token_stores::LocalStore::keyring_or_file("dpsdk", "tokens.json");
    /// ```
    pub fn keyring_or_file(service: &str, path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        match KeyringStore::probe() {
            Ok(_) => LocalStore::Keyring(KeyringStore::new(service).with_lock_file(path)),
            Err(e) => {
                tracing::debug!(error = %e, "no usable OS keyring; using a file");
                LocalStore::File(FileStore::new(path))
            }
        }
    }

    /// Where the tokens are, for the user: `"the OS keyring (linux keyutils,
    /// service dpsdk)"` or `"the file /path/tokens.json"`.
    ///
    /// ```no_run
    /// let store = token_stores::LocalStore::keyring_or_file("dpsdk", "tokens.json");
    /// println!("using {}", store.describe());
    /// ```
    pub fn describe(&self) -> String {
        match self {
            LocalStore::Keyring(k) => {
                format!(
                    "the OS keyring ({}, service {})",
                    backend_detail(),
                    k.service()
                )
            }
            LocalStore::File(f) => format!("the file {}", f.path().display()),
        }
    }

    fn store(&self) -> &dyn TokenStore {
        match self {
            LocalStore::Keyring(k) => k,
            LocalStore::File(f) => f,
        }
    }
}

#[async_trait]
impl TokenStore for LocalStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        self.store().load(key).await
    }
    async fn save(&self, key: &str, token: &StoredToken) -> Result<()> {
        self.store().save(key, token).await
    }
    async fn clear(&self, key: &str) -> Result<()> {
        self.store().clear(key).await
    }
    async fn lock(&self, key: &str) -> Result<Box<dyn StoreLock>> {
        self.store().lock(key).await
    }
}

#[cfg(feature = "encrypted")]
impl crate::EncryptionKey {
    /// The key kept in the OS keyring under (`service`, `user`), as base64.
    ///
    /// # Errors
    /// [`StoreError::Key`] when there is no such entry or it is not a key,
    /// [`StoreError::Keyring`] when the keyring fails.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// let key = token_stores::EncryptionKey::from_keyring("dpsdk", "token-key")?;
    /// # Ok(()) }
    /// ```
    pub fn from_keyring(service: &str, user: &str) -> Result<Self> {
        match entry(service, user)?.get_password() {
            Ok(text) => Self::from_base64(&auth_core::secret::SecretValue::new(text)),
            Err(keyring::Error::NoEntry) => Err(StoreError::Key(format!(
                "no key in the OS keyring for service {service}, user {user}"
            ))
            .into()),
            Err(e) => Err(keyring_error("read the key", &e).into()),
        }
    }

    /// The key in the OS keyring under (`service`, `user`), generated and
    /// stored there first when there is none (one host, one key: for
    /// several hosts, provision the same key to each).
    ///
    /// # Errors
    /// [`StoreError::Keyring`] when the keyring fails, [`StoreError::Key`]
    /// when the entry holds something that is not a key.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// let key = token_stores::EncryptionKey::from_keyring_or_generate("dpsdk", "token-key")?;
    /// # Ok(()) }
    /// ```
    pub fn from_keyring_or_generate(service: &str, user: &str) -> Result<Self> {
        let entry = entry(service, user)?;
        match entry.get_password() {
            Ok(text) => Self::from_base64(&auth_core::secret::SecretValue::new(text)),
            Err(keyring::Error::NoEntry) => {
                let key = Self::generate();
                entry
                    .set_password(key.to_base64().expose_secret())
                    .map_err(|e| keyring_error("store the key", &e))?;
                Ok(key)
            }
            Err(e) => Err(keyring_error("read the key", &e).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_corrupt_entry_is_a_typed_error_without_its_content() {
        if let Err(why) = KeyringStore::probe() {
            eprintln!("SKIPPED a_corrupt_entry_is_a_typed_error: no usable OS keyring: {why}");
            return;
        }
        let service = format!("token-stores-unit-{}", std::process::id());
        entry(&service, "k")
            .expect("entry")
            .set_password("{\"access_token\":\"corrupt-secret-77\"")
            .expect("write garbage");
        let store = KeyringStore::new(&service);
        let e = store.load("k").await.expect_err("corrupt");
        assert!(
            matches!(StoreError::of(&e), Some(StoreError::Corrupt { .. })),
            "{e}"
        );
        assert!(!format!("{e} {e:?}").contains("corrupt-secret-77"));
        store.clear("k").await.expect("clear");
        assert_eq!(store.load("k").await.expect("gone"), None);
    }

    #[test]
    fn keyring_errors_never_show_the_value() {
        let e = keyring_error(
            "read",
            &keyring::Error::BadEncoding(b"secret-bytes-1".to_vec()),
        );
        assert!(!format!("{e} {e:?}").contains("secret-bytes-1"));
        assert!(e.to_string().contains("not UTF-8"));
    }
}
