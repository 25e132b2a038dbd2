//! Token persistence: a pluggable [`TokenStore`], an in-memory store and a
//! file store (JSON, mode 0600, atomic replace, cross-process lock).
//!
//! [`PersistentProvider`] puts a store in front of any [`TokenProvider`]: the
//! new token set is saved *before* it is handed out, a refresh token the
//! server did not rotate is carried over, and under the store's lock the
//! stored tokens are re-read first, so two processes sharing one file never
//! both spend the same (rotating) refresh token.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::clock::{Clock, Instant, SharedClock};
use crate::error::{Error, Result};
use crate::policy::RefreshPolicy;
use crate::provider::TokenProvider;
use crate::secret::{
    AccessToken, IdToken, RefreshToken, SecretValue, serialize_exposed, serialize_exposed_opt,
};
use crate::token::{Expiring, Expiry, Lifetime, TokenSet};

/// A token set as persisted: wall-clock times, plain JSON.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[non_exhaustive]
pub struct StoredToken {
    /// The access token.
    #[serde(serialize_with = "serialize_exposed")]
    pub access_token: AccessToken,
    /// The refresh token, if any.
    #[serde(
        default,
        serialize_with = "serialize_exposed_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token: Option<RefreshToken>,
    /// The id token, if any.
    #[serde(
        default,
        serialize_with = "serialize_exposed_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token: Option<IdToken>,
    /// When the access token expires, in seconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
    /// For sliding tokens: the idle timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle_timeout: Option<u64>,
    /// When the token was obtained, in seconds since the Unix epoch.
    pub issued_at: u64,
    /// Service-specific, non-secret values (an identity id, a user name).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// Service-specific secret values (an AWS session token).
    #[serde(
        default,
        serialize_with = "serialize_secret_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub secrets: BTreeMap<String, SecretValue>,
}

fn serialize_secret_map<S: serde::Serializer>(
    map: &BTreeMap<String, SecretValue>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut out = s.serialize_map(Some(map.len()))?;
    for (k, v) in map {
        out.serialize_entry(k, v.expose_secret())?;
    }
    out.end()
}

/// A credential that can be persisted in a [`TokenStore`]: how it becomes a
/// [`StoredToken`] and back. Implemented for [`TokenSet`]; a service with a
/// credential of its own shape (Scribe's AWS credentials) implements it too.
pub trait Persist: crate::token::Expiring + Sized {
    /// The persisted form, instants turned into wall-clock times.
    fn to_stored(&self, clock: &dyn Clock) -> StoredToken;

    /// The credential from its persisted form.
    ///
    /// # Errors
    /// [`Error::Store`] when the stored value lacks a field the credential needs.
    fn from_stored(stored: &StoredToken, clock: &dyn Clock) -> Result<Self>;

    /// The credential to keep after a refresh that returned `self`, given the
    /// one it replaces (a refresh token the server did not rotate is carried
    /// over). Default: `self`.
    fn carry_over(self, _previous: Option<&Self>) -> Self {
        self
    }
}

impl Persist for TokenSet {
    fn to_stored(&self, clock: &dyn Clock) -> StoredToken {
        StoredToken::from_token_set(self, clock)
    }

    fn from_stored(stored: &StoredToken, clock: &dyn Clock) -> Result<Self> {
        Ok(stored.to_token_set(clock))
    }

    fn carry_over(self, previous: Option<&Self>) -> Self {
        self.carry_over_refresh_token(previous)
    }
}

impl StoredToken {
    /// The persisted form of `set`, with instants turned into wall-clock times.
    pub fn from_token_set(set: &TokenSet, clock: &dyn Clock) -> Self {
        let lifetime = Expiring::lifetime(set);
        let (expires_at, idle_timeout) = match lifetime.expiry {
            Expiry::Never => (None, None),
            Expiry::At(at) => (Some(unix_secs(to_wall(at, clock))), None),
            Expiry::Idle(idle) => (None, Some(idle.as_secs())),
        };
        Self {
            access_token: set.access_token().clone(),
            refresh_token: set.refresh_token().cloned(),
            id_token: set.id_token().cloned(),
            expires_at,
            idle_timeout,
            issued_at: unix_secs(to_wall(lifetime.issued_at, clock)),
            extra: BTreeMap::new(),
            secrets: BTreeMap::new(),
        }
    }

    /// The in-memory form, with wall-clock times turned into instants.
    pub fn to_token_set(&self, clock: &dyn Clock) -> TokenSet {
        let issued_at = to_instant(from_unix_secs(self.issued_at), clock);
        let expiry = match (self.expires_at, self.idle_timeout) {
            (Some(at), _) => Expiry::At(to_instant(from_unix_secs(at), clock)),
            (None, Some(idle)) => Expiry::Idle(Duration::from_secs(idle)),
            (None, None) => Expiry::Never,
        };
        TokenSet::new(self.access_token.clone(), Lifetime { issued_at, expiry })
            .with_refresh_token(self.refresh_token.clone())
            .with_id_token(self.id_token.clone())
    }
}

fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn from_unix_secs(secs: u64) -> SystemTime {
    UNIX_EPOCH
        .checked_add(Duration::from_secs(secs))
        .unwrap_or(UNIX_EPOCH)
}

fn to_wall(at: Instant, clock: &dyn Clock) -> SystemTime {
    let (now, wall) = (clock.now(), clock.wall());
    if at >= now {
        wall + (at - now)
    } else {
        wall.checked_sub(now - at).unwrap_or(UNIX_EPOCH)
    }
}

fn to_instant(at: SystemTime, clock: &dyn Clock) -> Instant {
    let (now, wall) = (clock.now(), clock.wall());
    match at.duration_since(wall) {
        Ok(ahead) => now.checked_add(ahead).unwrap_or(now),
        Err(behind) => now.checked_sub(behind.duration()).unwrap_or(now),
    }
}

/// Held while a refresh runs, so other processes sharing the store wait.
pub trait StoreLock: Send {}

struct NoLock;
impl StoreLock for NoLock {}

/// Where tokens are persisted between runs. Keys name one credential each
/// (`"scinote:https://eln.example.com"`).
#[async_trait]
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// Loads the token stored under `key`, if any.
    async fn load(&self, key: &str) -> Result<Option<StoredToken>>;
    /// Saves `token` under `key`, replacing what was there.
    async fn save(&self, key: &str, token: &StoredToken) -> Result<()>;
    /// Removes the token stored under `key`.
    async fn clear(&self, key: &str) -> Result<()>;
    /// Takes an exclusive lock around a refresh. The default takes none,
    /// which is right for stores private to one process.
    async fn lock(&self, _key: &str) -> Result<Box<dyn StoreLock>> {
        Ok(Box::new(NoLock))
    }
}

/// A store that lives as long as the process.
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    tokens: Arc<Mutex<HashMap<String, StoredToken>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, StoredToken>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        Ok(self.map().get(key).cloned())
    }

    async fn save(&self, key: &str, token: &StoredToken) -> Result<()> {
        self.map().insert(key.to_owned(), token.clone());
        Ok(())
    }

    async fn clear(&self, key: &str) -> Result<()> {
        self.map().remove(key);
        Ok(())
    }
}

/// The file format: a version and a map of keys to tokens.
#[derive(Debug, Default, Serialize, Deserialize)]
struct FileContents {
    version: u32,
    #[serde(default)]
    tokens: BTreeMap<String, StoredToken>,
}

const FILE_VERSION: u32 = 1;

/// The largest token file read: far above any real one (a few KiB), so a
/// file that big is not ours and is refused rather than read into memory.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// A JSON file readable only by its owner (mode 0600), replaced atomically
/// (written to a temporary file in the same folder, then renamed), with an
/// OS lock (`<file>.lock`) held around refreshes shared between processes.
///
/// - Every save and clear takes a second lock (`<file>.wlock`) and re-reads
///   the file under it, so processes saving different keys never lose each
///   other's updates. Temporary files left by a writer that crashed are
///   removed by the next writer (under the same lock).
/// - The file and its folder must belong to this user and not be writable
///   by group or others; otherwise a typed error says how to fix it.
/// - Symlinks: a token path that is a symlink is written through to its
///   target, atomically (the temporary file is made beside the target), so
///   the link keeps pointing at the current tokens.
/// - A file written by a newer format version is refused, never
///   overwritten; a file larger than [`MAX_FILE_SIZE`] is refused.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// A store in the file at `path` (created on first save, with its folder).
    ///
    /// ```no_run
    /// let store = auth_core::FileStore::new("/home/me/.config/app/tokens.json");
    /// # let _ = store;
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file's path.
    ///
    /// ```no_run
    /// let store = auth_core::FileStore::new("tokens.json");
    /// assert_eq!(store.path(), std::path::Path::new("tokens.json"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file written: the symlink's target when the path is a symlink.
    fn target(&self) -> Result<PathBuf> {
        let mut path = self.path.clone();
        // A few levels of links are followed; a loop of links is an error.
        for _ in 0..8 {
            match fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => {
                    let to = fs::read_link(&path).map_err(|e| {
                        Error::store(format!("cannot resolve the symlink {}", path.display()), e)
                    })?;
                    path = match parent_dir(&path) {
                        Some(dir) if to.is_relative() => dir.join(to),
                        _ => to,
                    };
                }
                _ => return Ok(path),
            }
        }
        Err(store_error(format!(
            "{} is a loop of symlinks",
            self.path.display()
        )))
    }

    fn read(&self) -> Result<FileContents> {
        let path = self.target()?;
        let empty = || FileContents {
            version: FILE_VERSION,
            tokens: BTreeMap::new(),
        };
        let meta = match fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(empty()),
            Err(e) => return Err(Error::store(format!("cannot read {}", path.display()), e)),
        };
        check_private(&path, &meta, false)?;
        if let Some(dir) = parent_dir(&path) {
            check_dir(&dir)?;
        }
        if meta.len() > MAX_FILE_SIZE {
            return Err(store_error(format!(
                "{} is {} bytes, larger than any token file ({} bytes at most): \
                 not a token file of this SDK",
                path.display(),
                meta.len(),
                MAX_FILE_SIZE
            )));
        }
        let bytes = fs::read(&path)
            .map_err(|e| Error::store(format!("cannot read {}", path.display()), e))?;
        // The error names the position, never the content (it holds secrets).
        let contents: FileContents = serde_json::from_slice(&bytes).map_err(|e| {
            store_error(format!(
                "{} is corrupt (line {}, column {}); delete it to sign in again",
                path.display(),
                e.line(),
                e.column()
            ))
        })?;
        if contents.version > FILE_VERSION {
            return Err(store_error(format!(
                "{} was written by a newer version of this SDK (format {}, this one reads {}): \
                 upgrade, or point this one at another file",
                path.display(),
                contents.version,
                FILE_VERSION
            )));
        }
        Ok(contents)
    }

    fn write(&self, contents: &FileContents) -> Result<()> {
        let path = self.target()?;
        let dir = parent_dir(&path).unwrap_or_else(|| PathBuf::from("."));
        create_private_dir(&dir)?;
        check_dir(&dir)?;
        let json = serde_json::to_vec_pretty(contents)
            .map_err(|e| store_error(format!("cannot serialize tokens: {e}")))?;
        let io = |what: &str, e| Error::store(format!("cannot {what} {}", path.display()), e);
        // NamedTempFile is created with mode 0600 on Unix; its known prefix
        // lets the next writer remove it should this one be killed.
        let mut tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(&path))
            .tempfile_in(&dir)
            .map_err(|e| io("create a temporary file for", e))?;
        tmp.write_all(&json).map_err(|e| io("write", e))?;
        tmp.as_file().sync_all().map_err(|e| io("sync", e))?;
        set_private(tmp.path()).map_err(|e| io("set permissions of", e))?;
        tmp.persist(&path).map_err(|e| io("replace", e.error))?;
        Ok(())
    }

    /// Reads, changes and writes the file under the write lock, after
    /// removing what crashed writers left.
    fn update(&self, change: impl FnOnce(&mut FileContents) -> bool) -> Result<()> {
        let _lock = lock_file(&sibling(&self.path, ".wlock"))?;
        let path = self.target()?;
        remove_leftovers(&path);
        let mut contents = self.read()?;
        if change(&mut contents) {
            contents.version = FILE_VERSION;
            self.write(&contents)?;
        }
        Ok(())
    }
}

fn store_error(message: String) -> Error {
    Error::Store {
        message,
        source: None,
    }
}

fn parent_dir(path: &Path) -> Option<PathBuf> {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => Some(p.to_path_buf()),
        _ => None,
    }
}

/// `<dir>/.<file name>.tmp-`: the prefix of this file's temporary files.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tmp-")
}

/// `<file><suffix>` beside the file.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Removes temporary files of `path` that a killed writer left (called
/// under the write lock, so no live writer owns one).
fn remove_leftovers(path: &Path) {
    let dir = parent_dir(path).unwrap_or_else(|| PathBuf::from("."));
    let prefix = temp_prefix(path);
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            // A full copy of the tokens: never leave it behind.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The user this process runs as, where the OS tells (Linux: the owner of
/// `/proc/self`).
#[cfg(unix)]
fn current_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").ok().map(|m| m.uid())
}

/// Refuses a token file or folder another user owns, or that group or
/// others can write (they could replace the tokens).
#[cfg(unix)]
fn check_private(path: &Path, meta: &fs::Metadata, is_dir: bool) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    if let Some(uid) = current_uid()
        && meta.uid() != uid
    {
        return Err(store_error(format!(
            "{} belongs to another user (uid {}); use a token {} of your own",
            path.display(),
            meta.uid(),
            if is_dir { "folder" } else { "file" }
        )));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(store_error(format!(
            "{} can be written by group or others (mode {:o}): run `chmod {} {}`",
            path.display(),
            meta.mode() & 0o777,
            if is_dir { "700" } else { "600" },
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &fs::Metadata, _is_dir: bool) -> Result<()> {
    Ok(())
}

fn check_dir(dir: &Path) -> Result<()> {
    match fs::metadata(dir) {
        Ok(meta) => check_private(dir, &meta, true),
        Err(e) => Err(Error::store(format!("cannot read {}", dir.display()), e)),
    }
}

#[cfg(unix)]
fn set_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn set_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Error::store(format!("cannot create {}", dir.display()), e))
}

/// An exclusive OS lock on a file, released on drop.
struct FileLock(File);
impl StoreLock for FileLock {}
impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first is explicit.
        let _ = self.0.unlock();
    }
}

/// Takes an exclusive lock on `path` (created if missing), blocking.
fn lock_file(path: &Path) -> Result<FileLock> {
    if let Some(dir) = parent_dir(path) {
        create_private_dir(&dir)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::store(format!("cannot open {}", path.display()), e))?;
    set_private(path).map_err(|e| Error::store(format!("cannot protect {}", path.display()), e))?;
    file.lock()
        .map_err(|e| Error::store(format!("cannot lock {}", path.display()), e))?;
    Ok(FileLock(file))
}

async fn blocking<R: Send + 'static>(f: impl FnOnce() -> Result<R> + Send + 'static) -> Result<R> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| store_error(format!("token store task failed: {e}")))?
}

#[async_trait]
impl TokenStore for FileStore {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        let (this, key) = (self.clone(), key.to_owned());
        blocking(move || Ok(this.read()?.tokens.remove(&key))).await
    }

    async fn save(&self, key: &str, token: &StoredToken) -> Result<()> {
        let (this, key, token) = (self.clone(), key.to_owned(), token.clone());
        blocking(move || {
            this.update(|contents| {
                contents.tokens.insert(key, token);
                true
            })
        })
        .await
    }

    async fn clear(&self, key: &str) -> Result<()> {
        let (this, key) = (self.clone(), key.to_owned());
        blocking(move || this.update(|contents| contents.tokens.remove(&key).is_some())).await
    }

    async fn lock(&self, _key: &str) -> Result<Box<dyn StoreLock>> {
        let path = sibling(&self.path, ".lock");
        blocking(move || Ok(Box::new(lock_file(&path)?) as Box<dyn StoreLock>)).await
    }
}

/// A [`TokenProvider`] that persists every credential it obtains.
///
/// Around each refresh it takes the store's lock and re-reads the stored
/// credential: when another process already refreshed (the stored one is
/// another token, fresh, and expires no earlier than the one held here),
/// that one is used instead of spending the refresh token again. The token
/// held here is never taken back from the store. A new credential is saved
/// before it is returned, with the old refresh token carried over when the
/// server sent none.
pub struct PersistentProvider<P, T = TokenSet> {
    inner: P,
    store: Arc<dyn TokenStore>,
    key: String,
    clock: SharedClock,
    policy: RefreshPolicy,
    _credential: std::marker::PhantomData<fn() -> T>,
}

impl<P: TokenProvider<T>, T: Persist + Send + Sync + 'static> PersistentProvider<P, T> {
    /// Wraps `inner`, persisting under `key` in `store`.
    pub fn new(
        inner: P,
        store: Arc<dyn TokenStore>,
        key: impl Into<String>,
        clock: SharedClock,
    ) -> Self {
        Self {
            inner,
            store,
            key: key.into(),
            clock,
            policy: RefreshPolicy::default(),
            _credential: std::marker::PhantomData,
        }
    }

    /// Uses `policy` to judge whether a credential found in the store is
    /// fresh enough to use instead of refreshing.
    pub fn with_policy(mut self, policy: RefreshPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The key the credential is stored under.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn TokenStore> {
        &self.store
    }

    /// The credential stored under this provider's key, if any (to seed a cache).
    pub async fn load(&self) -> Result<Option<T>> {
        match self.store.load(&self.key).await? {
            Some(stored) => Ok(Some(T::from_stored(&stored, self.clock.as_ref())?)),
            None => Ok(None),
        }
    }

    /// Saves `value` under this provider's key (after a login).
    pub async fn save(&self, value: &T) -> Result<()> {
        let stored = value.to_stored(self.clock.as_ref());
        self.store.save(&self.key, &stored).await
    }

    /// Removes the stored credential (a logout).
    pub async fn clear(&self) -> Result<()> {
        self.store.clear(&self.key).await
    }

    fn is_fresh(&self, value: &T) -> bool {
        // Judged with no jitter: the earliest refresh point.
        let schedule = self.policy.schedule(value.lifetime(), 0.0);
        schedule.refresh_at.is_none_or(|t| self.clock.now() < t)
    }
}

/// When a persisted credential expires, in wall-clock seconds (`None`: it
/// never does, the latest possible). Compared in this persisted form, so two
/// conversions of the same stored value to instants cannot look different.
fn expiry_secs(stored: &StoredToken) -> Option<u64> {
    stored.expires_at
}

/// Whether `stored` expires no earlier than `held` (so it is not older).
fn not_older(stored: &StoredToken, held: &StoredToken) -> bool {
    match (expiry_secs(stored), expiry_secs(held)) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(s), Some(h)) => s >= h,
    }
}

#[async_trait]
impl<P, T> TokenProvider<T> for PersistentProvider<P, T>
where
    P: TokenProvider<T>,
    T: Persist + Send + Sync + 'static,
{
    async fn fetch(&self, previous: Option<Arc<T>>) -> Result<T> {
        let _lock = self.store.lock(&self.key).await?;
        let mut previous = previous;
        if let Some(raw) = self.store.load(&self.key).await? {
            let stored = T::from_stored(&raw, self.clock.as_ref())?;
            let held = previous
                .as_deref()
                .map(|p| p.to_stored(self.clock.as_ref()));
            // Another process refreshed when what it stored is another token,
            // fresh and no older than ours. The token we hold is never taken
            // back from the store: it is the one that needs replacing (refused,
            // or at its refresh point), and its expiry, turned into wall-clock
            // seconds again, can look a second later than the stored copy's
            // when the wall clock drifts from the monotonic one.
            let usable = held
                .as_ref()
                .is_none_or(|h| raw.access_token != h.access_token && not_older(&raw, h));
            if usable && self.is_fresh(&stored) {
                tracing::debug!("a fresh credential is stored already; using it");
                return Ok(stored);
            }
            // The stored refresh token is the newest one (it may have been
            // rotated by another process): refresh with it.
            if held.as_ref().is_none_or(|h| not_older(&raw, h)) {
                previous = Some(Arc::new(stored));
            }
        }
        let fresh = self
            .inner
            .fetch(previous.clone())
            .await?
            .carry_over(previous.as_deref());
        self.save(&fresh).await?;
        Ok(fresh)
    }
}

impl<P, T> fmt::Debug for PersistentProvider<P, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersistentProvider")
            .field("store", &self.store)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}
