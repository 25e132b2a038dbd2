//! Token persistence: file mode, atomic replace, corrupt files, refresh-token
//! carry-over, and two clients sharing one file.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use auth_core::clock::Clock;
use auth_core::secret::{AccessToken, RefreshToken};
use auth_core::{
    Error, FileStore, Lifetime, ManualClock, MemoryStore, PersistentProvider, StoredToken,
    TokenCache, TokenSet, TokenStore, provider_fn,
};

fn stored(clock: &ManualClock, access: &str, refresh: Option<&str>) -> StoredToken {
    let set = TokenSet::new(
        AccessToken::new(access),
        Lifetime::expires_in(clock.now(), Duration::from_secs(7200)),
    )
    .with_refresh_token(refresh.map(RefreshToken::new));
    StoredToken::from_token_set(&set, clock)
}

#[cfg(unix)]
#[tokio::test]
async fn the_file_is_private_and_replaced_atomically() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested").join("tokens.json");
    let store = FileStore::new(&path);
    let clock = ManualClock::new();

    store
        .save("svc", &stored(&clock, "a1", Some("r1")))
        .await
        .expect("save");
    let mode = std::fs::metadata(&path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "token file must be owner-only");
    let dir_mode = std::fs::metadata(path.parent().expect("parent"))
        .expect("dir")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);

    // Replace: the old file's inode is swapped for a new one (rename), and
    // no temporary file is left behind.
    let before = inode(&path);
    store
        .save("svc", &stored(&clock, "a2", Some("r2")))
        .await
        .expect("save again");
    assert_ne!(
        before,
        inode(&path),
        "the file must be replaced by rename, not rewritten in place"
    );
    let entries: Vec<_> = std::fs::read_dir(path.parent().expect("parent"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        // The lock files stay (empty); no temporary copy of the tokens does.
        .filter(|n| !n.to_string_lossy().ends_with("lock"))
        .collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("tokens.json")]);
    let loaded = store.load("svc").await.expect("load").expect("present");
    assert_eq!(loaded.access_token.expose_secret(), "a2");
    assert_eq!(
        loaded
            .refresh_token
            .as_ref()
            .map(RefreshToken::expose_secret),
        Some("r2")
    );
    let mode = std::fs::metadata(&path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);

    // Other keys are kept; clear removes only its own.
    store
        .save("other", &stored(&clock, "b1", None))
        .await
        .expect("save other");
    store.clear("svc").await.expect("clear");
    assert!(store.load("svc").await.expect("load").is_none());
    assert!(store.load("other").await.expect("load").is_some());
}

#[cfg(unix)]
fn inode(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("exists").ino()
}

#[tokio::test]
async fn a_corrupt_file_is_a_typed_error_that_shows_no_content() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    std::fs::write(
        &path,
        b"{\"version\":1,\"tokens\":{\"svc\":{\"access_token\":\"leaky-secret\"",
    )
    .expect("write");
    let store = FileStore::new(&path);
    let err = store.load("svc").await.expect_err("corrupt");
    assert!(matches!(err, Error::Store { .. }), "{err:?}");
    assert!(err.to_string().contains("corrupt"), "{err}");
    assert!(!err.to_string().contains("leaky-secret"));
    // Saving over a corrupt file is refused too, rather than losing it silently.
    let clock = ManualClock::new();
    assert!(store.save("svc", &stored(&clock, "a", None)).await.is_err());
}

#[tokio::test]
async fn a_missing_file_is_an_empty_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = FileStore::new(dir.path().join("none.json"));
    assert!(store.load("svc").await.expect("ok").is_none());
    store.clear("svc").await.expect("clearing nothing is fine");
}

#[tokio::test]
async fn round_trip_keeps_expiry_to_the_second() {
    let clock = ManualClock::new();
    let set = TokenSet::new(
        "a".into(),
        Lifetime::expires_in(clock.now(), Duration::from_secs(7200)),
    );
    let back = StoredToken::from_token_set(&set, &clock).to_token_set(&clock);
    let (a, b) = (
        set.expires_at().expect("expiry"),
        back.expires_at().expect("expiry"),
    );
    let diff = if a > b { a - b } else { b - a };
    assert!(diff <= Duration::from_secs(1), "{diff:?}");
}

/// A provider like a rotating OAuth server: each call needs the latest
/// refresh token and issues `a{n}` / `r{n}` (or no refresh token if `rotate`
/// is false).
fn rotating(
    calls: Arc<AtomicUsize>,
    clock: ManualClock,
    rotate: bool,
) -> impl auth_core::TokenProvider<TokenSet> {
    provider_fn(move |prev: Option<Arc<TokenSet>>| {
        let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
        let now = clock.now();
        let used = prev.and_then(|p| p.refresh_token().map(|r| r.expose_secret().to_owned()));
        async move {
            let expected = if rotate {
                format!("r{}", n - 1)
            } else {
                "r0".into()
            };
            if used.as_deref() != Some(expected.as_str()) {
                return Err(Error::ReauthorizationRequired {
                    message: format!("invalid_grant (used {used:?})"),
                    authorize_url: None,
                });
            }
            Ok(TokenSet::new(
                AccessToken::new(format!("a{n}")),
                Lifetime::expires_in(now, Duration::from_secs(7200)),
            )
            .with_refresh_token(rotate.then(|| RefreshToken::new(format!("r{n}")))))
        }
    })
}

/// A cache over `store` (seeded with `a0`/`r0` under `k`) whose provider
/// hands out `a1`, `a2`, ... without rotating the refresh token; it reads
/// time from `clock`, and `manual` sets the tokens' lifetimes.
async fn seeded_cache(
    store: &Arc<dyn TokenStore>,
    manual: &ManualClock,
    clock: auth_core::clock::SharedClock,
    calls: &Arc<AtomicUsize>,
) -> TokenCache<TokenSet> {
    store
        .save("k", &stored(manual, "a0", Some("r0")))
        .await
        .expect("seed");
    let provider = PersistentProvider::new(
        rotating(Arc::clone(calls), manual.clone(), false),
        Arc::clone(store),
        "k",
        Arc::clone(&clock),
    );
    let initial = provider.load().await.expect("load");
    TokenCache::builder(provider)
        .clock(clock)
        .initial(initial)
        .build()
}

#[tokio::test]
async fn a_refresh_is_saved_before_use_and_a_missing_refresh_token_is_carried_over() {
    let clock = ManualClock::new();
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = seeded_cache(&store, &clock, Arc::new(clock.clone()), &calls).await;
    let first = cache.get().await.expect("seeded token");
    assert_eq!(first.access_token().expose_secret(), "a0");
    cache.invalidate(&first);
    let second = cache.get().await.expect("refreshed");
    assert_eq!(second.access_token().expose_secret(), "a1");
    let saved = store.load("k").await.expect("load").expect("present");
    assert_eq!(
        saved.access_token.expose_secret(),
        "a1",
        "saved before being handed out"
    );
    assert_eq!(
        saved
            .refresh_token
            .as_ref()
            .map(RefreshToken::expose_secret),
        Some("r0"),
        "the old refresh token is kept when none comes back"
    );
}

/// A manual clock whose wall time can be stepped back (as NTP does) while
/// its monotonic time stands still.
#[derive(Debug, Clone)]
struct SteppedWall {
    inner: ManualClock,
    behind: Arc<std::sync::Mutex<Duration>>,
}

impl Clock for SteppedWall {
    fn now(&self) -> auth_core::clock::Instant {
        self.inner.now()
    }

    fn wall(&self) -> std::time::SystemTime {
        let behind = *self.behind.lock().expect("not poisoned");
        self.inner.wall() - behind
    }

    fn sleep(&self, duration: Duration) -> auth_core::clock::Sleep {
        self.inner.sleep(duration)
    }
}

#[tokio::test]
async fn a_refused_token_is_never_taken_back_from_the_store_even_when_the_wall_clock_stepped() {
    let manual = ManualClock::new();
    let clock = SteppedWall {
        inner: manual.clone(),
        behind: Arc::default(),
    };
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = seeded_cache(&store, &manual, Arc::new(clock.clone()), &calls).await;
    let refused = cache.get().await.expect("seeded token");
    // The wall clock steps back: the held token's expiry, in wall-clock
    // seconds, now looks earlier than the stored copy of the same token.
    *clock.behind.lock().expect("not poisoned") = Duration::from_millis(1500);
    cache.invalidate(&refused);
    let next = cache.get().await.expect("refreshed");
    assert_eq!(
        next.access_token().expose_secret(),
        "a1",
        "the refused token came back from the store"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn two_clients_sharing_one_file_refresh_once_and_never_lose_the_rotated_token() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    let clock = ManualClock::new();
    FileStore::new(&path)
        .save("k", &stored(&clock, "a0", Some("r0")))
        .await
        .expect("seed");
    let calls = Arc::new(AtomicUsize::new(0));
    let make = || {
        PersistentProvider::new(
            rotating(Arc::clone(&calls), clock.clone(), true),
            Arc::new(FileStore::new(&path)),
            "k",
            Arc::new(clock.clone()),
        )
    };
    let (p1, p2) = (make(), make());
    let seed1 = p1.load().await.expect("load");
    let seed2 = p2.load().await.expect("load");
    let c1 = TokenCache::builder(p1)
        .clock(Arc::new(clock.clone()))
        .initial(seed1)
        .build();
    let c2 = TokenCache::builder(p2)
        .clock(Arc::new(clock.clone()))
        .initial(seed2)
        .build();
    // Both see their token rejected at the same time and refresh.
    let (t1, t2) = (c1.get().await.expect("t1"), c2.get().await.expect("t2"));
    c1.invalidate(&t1);
    c2.invalidate(&t2);
    let (n1, n2) = tokio::join!(c1.get(), c2.get());
    let (n1, n2) = (
        n1.expect("client 1"),
        n2.expect("client 2: must not spend r0 again"),
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "one refresh for both clients"
    );
    assert_eq!(n1.access_token().expose_secret(), "a1");
    assert_eq!(n2.access_token().expose_secret(), "a1");
    let on_disk = FileStore::new(&path)
        .load("k")
        .await
        .expect("load")
        .expect("present");
    assert_eq!(
        on_disk
            .refresh_token
            .as_ref()
            .map(RefreshToken::expose_secret),
        Some("r1")
    );

    // Later, the second client refreshes with the rotated token from disk.
    c2.invalidate(&n2);
    clock.advance(Duration::from_secs(7200));
    let n3 = c2.get().await.expect("refresh with r1");
    assert_eq!(n3.access_token().expose_secret(), "a2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
