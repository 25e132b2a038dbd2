//! RedisStore against a real `redis-server`: storage, the refresh lease
//! (exclusion, renewal, release, a SIGKILLed holder), Redis going down and
//! coming back, and one refresh per expiry for many workers and processes.

mod support;

use auth_core::ErrorMetadata;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use auth_core::secret::{AccessToken, Password, RefreshToken};
use auth_core::{
    Clock, Error, Lifetime, ManualClock, PersistentProvider, RefreshPolicy, SharedClock,
    StoredToken, SystemClock, TokenCache, TokenSet, TokenStore, provider_fn,
};
use support::{Redis, RedisServer, unique_prefix};
use token_stores::{RedisStore, StoreError};

fn token(clock: &dyn auth_core::Clock, access: &str, refresh: Option<&str>) -> StoredToken {
    let set = TokenSet::new(
        AccessToken::new(access),
        Lifetime::expires_in(clock.now(), Duration::from_secs(3600)),
    )
    .with_refresh_token(refresh.map(RefreshToken::new));
    StoredToken::from_token_set(&set, clock)
}

fn store(url: &str, prefix: &str) -> RedisStore {
    RedisStore::builder(url)
        .prefix(prefix)
        .build()
        .expect("valid settings")
}

#[tokio::test]
async fn a_token_set_round_trips_and_is_cleared() {
    let Some(redis) = Redis::shared("a_token_set_round_trips_and_is_cleared") else {
        return;
    };
    let prefix = unique_prefix("round_trip");
    let store = store(&redis.url(), &prefix);
    let clock = SystemClock;
    assert_eq!(store.load("k").await.expect("load"), None);
    let mut saved = token(&clock, "a-1", Some("r-1"));
    saved.extra.insert("user".into(), "me".into());
    store.save("k", &saved).await.expect("save");
    assert_eq!(store.load("k").await.expect("load"), Some(saved.clone()));
    // Another instance (another process) sees it; another tenant does not.
    let same = self::store(&redis.url(), &prefix);
    assert_eq!(same.load("k").await.expect("load"), Some(saved));
    let other_tenant = self::store(&redis.url(), &format!("{prefix}other:"));
    assert_eq!(other_tenant.load("k").await.expect("load"), None);
    store.clear("k").await.expect("clear");
    assert_eq!(same.load("k").await.expect("load"), None);
}

#[tokio::test]
async fn a_corrupt_value_is_a_typed_error_that_does_not_echo_it() {
    let Some(redis) = Redis::shared("a_corrupt_value_is_a_typed_error") else {
        return;
    };
    let prefix = unique_prefix("corrupt");
    let client = redis::Client::open(redis.url()).expect("client");
    let mut conn = client
        .get_multiplexed_async_connection()
        .await
        .expect("connect");
    let _: () = redis::cmd("SET")
        .arg(format!("{prefix}k"))
        .arg("{\"access_token\": \"secret-tok-123\", oops")
        .query_async(&mut conn)
        .await
        .expect("set");
    let e = store(&redis.url(), &prefix)
        .load("k")
        .await
        .expect_err("corrupt");
    assert!(
        matches!(StoreError::of(&e), Some(StoreError::Corrupt { .. })),
        "{e}"
    );
    assert!(!e.to_string().contains("secret-tok-123"), "{e}");
    assert!(!format!("{e:?}").contains("secret-tok-123"));
}

#[tokio::test]
async fn the_lease_excludes_a_second_holder_and_a_release_wakes_the_waiter() {
    let Some(redis) = Redis::shared("the_lease_excludes_a_second_holder") else {
        return;
    };
    let prefix = unique_prefix("exclusion");
    let a = store(&redis.url(), &prefix);
    let b = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .max_wait(Duration::from_millis(300))
        .build()
        .expect("valid");
    let held = a.lease("k").await.expect("first holder");
    let started = Instant::now();
    let e = b.lease("k").await.expect_err("second holder must wait");
    match StoreError::of(&e) {
        Some(StoreError::LeaseTimeout { waited, key, .. }) => {
            assert!(*waited >= Duration::from_millis(300), "{waited:?}");
            assert_eq!(key, "k");
        }
        other => panic!("expected a lease timeout, got {other:?} ({e})"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));

    // A waiter that would poll only every 10 s (and whose lease lasts 5 s) is
    // woken by the release message.
    let c = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .poll_interval(Duration::from_secs(10))
        .max_wait(Duration::from_secs(10))
        .build()
        .expect("valid");
    let waiter = tokio::spawn(async move {
        let started = Instant::now();
        let lease = c.lease("k").await.expect("after release");
        (started.elapsed(), lease.release().await)
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    held.release().await.expect("release");
    let (waited, released) = waiter.await.expect("waiter");
    released.expect("release");
    assert!(
        waited < Duration::from_millis(1500),
        "woken by pub/sub, not by the lease's expiry: {waited:?}"
    );
}

#[tokio::test]
async fn a_slow_holder_keeps_its_lease_by_renewing_it() {
    let Some(redis) = Redis::shared("a_slow_holder_keeps_its_lease") else {
        return;
    };
    let prefix = unique_prefix("renewal");
    let holder = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .lease(Duration::from_millis(300))
        .build()
        .expect("valid");
    let other = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .lease(Duration::from_millis(300))
        .max_wait(Duration::from_millis(150))
        .build()
        .expect("valid");
    let lease = holder.lease("k").await.expect("take");
    // Three lease times later the lease is still ours and still excludes.
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert!(lease.is_held());
    let e = other.lease("k").await.expect_err("still held");
    assert!(matches!(
        StoreError::of(&e),
        Some(StoreError::LeaseTimeout { .. })
    ));
    lease.release().await.expect("release");
    other
        .lease("k")
        .await
        .expect("free after release")
        .release()
        .await
        .expect("release");
}

#[tokio::test]
async fn dropping_the_lock_releases_it() {
    let Some(redis) = Redis::shared("dropping_the_lock_releases_it") else {
        return;
    };
    let prefix = unique_prefix("drop");
    let a = store(&redis.url(), &prefix);
    let b = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .max_wait(Duration::from_secs(2))
        .build()
        .expect("valid");
    let lock = a.lock("k").await.expect("lock");
    drop(lock);
    let started = Instant::now();
    let _again = b.lock("k").await.expect("released on drop");
    assert!(started.elapsed() < Duration::from_secs(1), "not by expiry");
}

#[tokio::test]
async fn many_holders_in_many_stores_never_overlap() {
    let Some(redis) = Redis::shared("many_holders_never_overlap") else {
        return;
    };
    let prefix = unique_prefix("overlap");
    let inside = Arc::new(AtomicBool::new(false));
    let entered = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let store = store(&redis.url(), &prefix);
        for _ in 0..8 {
            let (store, inside, entered) =
                (store.clone(), Arc::clone(&inside), Arc::clone(&entered));
            tasks.push(tokio::spawn(async move {
                let lease = store.lease("k").await.expect("lease");
                assert!(!inside.swap(true, Ordering::SeqCst), "two holders at once");
                tokio::time::sleep(Duration::from_millis(5)).await;
                inside.store(false, Ordering::SeqCst);
                entered.fetch_add(1, Ordering::SeqCst);
                lease.release().await.expect("release");
            }));
        }
    }
    for t in tasks {
        t.await.expect("holder task");
    }
    assert_eq!(entered.load(Ordering::SeqCst), 32);
}

/// A refresh-token "server" kept in Redis, so processes share it: it
/// accepts only the current refresh token, rotates it on every refresh and
/// counts refreshes and reuses of a spent token.
const SERVER: &str = r"
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  local n = redis.call('INCR', KEYS[2])
  redis.call('SET', KEYS[1], 'r' .. n)
  return n
end
redis.call('INCR', KEYS[3])
return -1";

struct FakeServer {
    conn: redis::aio::MultiplexedConnection,
    prefix: String,
}

impl FakeServer {
    async fn new(url: &str, prefix: &str) -> Self {
        let client = redis::Client::open(url).expect("client");
        let conn = client
            .get_multiplexed_async_connection()
            .await
            .expect("connect");
        Self {
            conn,
            prefix: prefix.to_owned(),
        }
    }

    async fn reset(&mut self) {
        let _: () = redis::pipe()
            .cmd("SET")
            .arg(format!("{}server:rt", self.prefix))
            .arg("r0")
            .ignore()
            .cmd("SET")
            .arg(format!("{}server:refreshes", self.prefix))
            .arg(0)
            .ignore()
            .cmd("SET")
            .arg(format!("{}server:reuse", self.prefix))
            .arg(0)
            .ignore()
            .query_async(&mut self.conn)
            .await
            .expect("reset");
    }

    async fn refresh(&self, used: &str) -> i64 {
        redis::Script::new(SERVER)
            .key(format!("{}server:rt", self.prefix))
            .key(format!("{}server:refreshes", self.prefix))
            .key(format!("{}server:reuse", self.prefix))
            .arg(used)
            .invoke_async(&mut self.conn.clone())
            .await
            .expect("fake server")
    }

    async fn counter(&self, name: &str) -> i64 {
        redis::cmd("GET")
            .arg(format!("{}server:{name}", self.prefix))
            .query_async::<Option<i64>>(&mut self.conn.clone())
            .await
            .expect("get")
            .unwrap_or(0)
    }
}

/// A worker as a service builder would assemble it: a TokenCache over a
/// PersistentProvider over a RedisStore, refreshing against the fake server.
async fn worker(
    url: &str,
    prefix: &str,
    clock: SharedClock,
    lifetime: Duration,
    policy: RefreshPolicy,
) -> TokenCache<TokenSet> {
    let server = Arc::new(FakeServer::new(url, prefix).await);
    let provider_clock = Arc::clone(&clock);
    let inner = provider_fn(move |previous: Option<Arc<TokenSet>>| {
        let (server, clock) = (Arc::clone(&server), Arc::clone(&provider_clock));
        async move {
            let used = previous
                .as_ref()
                .and_then(|p| p.refresh_token())
                .map(|r| r.expose_secret().to_owned())
                .unwrap_or_default();
            let sent = clock.now();
            // A token request takes a while (as over a network): without the
            // lease, workers that went stale together would all send one.
            tokio::time::sleep(Duration::from_millis(100)).await;
            match server.refresh(&used).await {
                n if n > 0 => Ok(TokenSet::new(
                    AccessToken::new(format!("a{n}")),
                    Lifetime::expires_in(sent, lifetime),
                )
                .with_refresh_token(Some(RefreshToken::new(format!("r{n}"))))),
                _ => Err(Error::ReauthorizationRequired {
                    message: "invalid_grant".into(),
                    authorize_url: None,
                }),
            }
        }
    });
    let store: Arc<dyn TokenStore> = Arc::new(
        RedisStore::builder(url)
            .prefix(prefix)
            .lease(Duration::from_secs(1))
            .build()
            .expect("valid"),
    );
    let persistent = PersistentProvider::new(inner, store, "account", Arc::clone(&clock))
        .with_policy(policy.clone().jitter(0.0));
    let initial = persistent.load().await.expect("load the seed");
    TokenCache::builder(persistent)
        .clock(clock)
        .policy(policy)
        .initial(initial)
        .build()
}

async fn seed(url: &str, prefix: &str, clock: &dyn auth_core::Clock, lifetime: Duration) {
    let set = TokenSet::new(
        AccessToken::new("a0"),
        Lifetime::expires_in(clock.now(), lifetime),
    )
    .with_refresh_token(Some(RefreshToken::new("r0")));
    store(url, prefix)
        .save("account", &StoredToken::from_token_set(&set, clock))
        .await
        .expect("seed");
    FakeServer::new(url, prefix).await.reset().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_workers_refresh_once_per_expiry_and_never_reuse_a_refresh_token() {
    let Some(redis) = Redis::shared("sixteen_workers_refresh_once_per_expiry") else {
        return;
    };
    let url = redis.url();
    let prefix = unique_prefix("fleet_tasks");
    let clock = ManualClock::new();
    let lifetime = Duration::from_secs(3600);
    seed(&url, &prefix, &clock, lifetime).await;
    let mut workers = Vec::new();
    for _ in 0..16 {
        workers.push(
            worker(
                &url,
                &prefix,
                Arc::new(clock.clone()),
                lifetime,
                RefreshPolicy::default(),
            )
            .await,
        );
    }
    let server = FakeServer::new(&url, &prefix).await;
    for round in 1..=3 {
        clock.advance(lifetime);
        // Every worker finds its token expired at the same moment.
        let gets = workers.iter().map(|w| {
            let w = w.clone();
            tokio::spawn(async move { w.get().await })
        });
        for got in futures::future::join_all(gets).await {
            let token = got.expect("task").expect("every caller gets a token");
            assert_eq!(token.access_token().expose_secret(), format!("a{round}"));
        }
        assert_eq!(
            server.counter("refreshes").await,
            round,
            "one refresh per expiry"
        );
        assert_eq!(server.counter("reuse").await, 0, "no refresh token reused");
    }
}

#[tokio::test]
async fn redis_down_fails_refreshes_with_a_typed_error_and_the_store_recovers_when_it_is_back() {
    let password = "redis-pass-8472";
    let Some(mut server) = RedisServer::start_with_password("redis_down", Some(password)) else {
        return;
    };
    let url = server.url();
    let prefix = unique_prefix("down");
    let clock = ManualClock::new();
    let lifetime = Duration::from_secs(3600);
    let store = RedisStore::builder(&url)
        .prefix(&prefix)
        .password(Password::new(password))
        .connect_timeout(Duration::from_millis(500))
        .build()
        .expect("valid");
    store.ping().await.expect("up");
    let set = TokenSet::new(
        AccessToken::new("tok-live-5531"),
        Lifetime::expires_in(clock.now(), lifetime),
    )
    .with_refresh_token(Some(RefreshToken::new("rt-live-9914")));
    store
        .save("account", &StoredToken::from_token_set(&set, &clock))
        .await
        .expect("save");

    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let provider_clock = clock.clone();
    let inner = provider_fn(move |_previous: Option<Arc<TokenSet>>| {
        let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
        let now = auth_core::Clock::now(&provider_clock);
        async move {
            Ok(TokenSet::new(
                AccessToken::new(format!("tok-new-{n}")),
                Lifetime::expires_in(now, lifetime),
            )
            .with_refresh_token(Some(RefreshToken::new(format!("rt-new-{n}")))))
        }
    });
    let shared: Arc<dyn TokenStore> = Arc::new(store.clone());
    let persistent = PersistentProvider::new(inner, shared, "account", Arc::new(clock.clone()));
    let initial = persistent.load().await.expect("load");
    let cache = TokenCache::builder(persistent)
        .clock(Arc::new(clock.clone()))
        .policy(RefreshPolicy::default().min_retry_gap(Duration::ZERO))
        .initial(initial)
        .build();
    let held = cache.get().await.expect("seeded");

    server.stop();
    // The valid token keeps being served without Redis.
    let again = cache.get().await.expect("served from memory");
    assert!(Arc::ptr_eq(&held, &again));
    // A refresh needs Redis: a typed error naming the host, no secret in it.
    cache.invalidate(&again);
    let started = Instant::now();
    let e = cache.get().await.expect_err("Redis is down");
    assert!(started.elapsed() < Duration::from_secs(3), "fails fast");
    match StoreError::of(&e) {
        Some(StoreError::Unreachable { host, .. }) => {
            assert_eq!(host, &url.trim_start_matches("redis://"))
        }
        other => panic!("expected Unreachable, got {other:?} ({e})"),
    }
    assert!(!e.is_auth(), "not an authentication error");
    let shown = format!("{e} {e:?} {store:?} {cache:?}");
    assert!(shown.contains("127.0.0.1"), "{shown}");
    for secret in [password, "tok-live-5531", "rt-live-9914"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "no refresh without the lease"
    );

    // Redis back (empty: no persistence): the next refresh works, no restart.
    server.restart();
    let fresh = cache.get().await.expect("recovered");
    assert_eq!(fresh.access_token().expose_secret(), "tok-new-1");
    let stored = store
        .load("account")
        .await
        .expect("load")
        .expect("saved again");
    assert_eq!(stored.access_token.expose_secret(), "tok-new-1");
    assert_eq!(
        stored
            .refresh_token
            .as_ref()
            .map(RefreshToken::expose_secret),
        Some("rt-new-1")
    );
}

#[tokio::test]
async fn a_wrong_password_is_a_refusal_that_never_shows_the_password() {
    let Some(server) = RedisServer::start_with_password("wrong_password", Some("right-pass-1"))
    else {
        return;
    };
    let url = server
        .url()
        .replace("redis://", "redis://default:wrong-pass-in-url-77@");
    let store = RedisStore::builder(&url).build().expect("valid");
    let e = store.ping().await.expect_err("wrong password");
    let shown = format!("{e} {e:?} {store:?}");
    assert!(!shown.contains("wrong-pass-in-url-77"), "{shown}");
    assert!(
        matches!(
            StoreError::of(&e),
            Some(StoreError::Refused { .. } | StoreError::Unreachable { .. })
        ),
        "{e}"
    );
    let store = RedisStore::builder(server.url())
        .password(Password::new("wrong-pass-2"))
        .build()
        .expect("valid");
    let e = store.ping().await.expect_err("wrong password");
    assert!(!format!("{e} {e:?} {store:?}").contains("wrong-pass-2"));
}

#[tokio::test]
async fn rediss_with_a_private_ca_round_trips_and_leases() {
    let Some((server, ca)) = RedisServer::start_tls("rediss_with_a_private_ca") else {
        return;
    };
    let url = format!("rediss://localhost:{}", server.port());
    let prefix = unique_prefix("tls");
    let store = RedisStore::builder(&url)
        .prefix(&prefix)
        .root_ca_pem(ca)
        .build()
        .expect("valid");
    store
        .ping()
        .await
        .expect("TLS handshake with the private CA");
    let t = token(&SystemClock, "tls-access-1", Some("tls-refresh-1"));
    store.save("k", &t).await.expect("save");
    assert_eq!(store.load("k").await.expect("load"), Some(t));
    store
        .lease("k")
        .await
        .expect("lease over TLS")
        .release()
        .await
        .expect("release");

    // Without the CA the certificate is not trusted: a typed error, no panic.
    let untrusted = RedisStore::builder(&url)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("valid");
    let e = untrusted.ping().await.expect_err("untrusted certificate");
    assert!(StoreError::of(&e).is_some(), "{e}");
    assert!(
        e.to_string()
            .contains(&format!("localhost:{}", server.port())),
        "{e}"
    );
    eprintln!("untrusted certificate: {e}");
    // Plain redis:// against the TLS port fails too, typed.
    let plain = RedisStore::builder(format!("redis://127.0.0.1:{}", server.port()))
        .connect_timeout(Duration::from_secs(1))
        .response_timeout(Duration::from_secs(1))
        .build()
        .expect("valid");
    let e = plain.ping().await.expect_err("not TLS");
    assert!(StoreError::of(&e).is_some(), "{e}");
}

// ---- child processes -------------------------------------------------------

/// Runs this test binary again as a child process in `role`.
fn child(role: &str, envs: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args(["--exact", "child_process_entry", "--ignored", "--nocapture"])
        .env("TOKEN_STORES_CHILD", role)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd
}

/// Kills the child (SIGKILL) if the test ends before it does.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Not a test: the body of the child processes the tests below start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by other tests as a child process"]
async fn child_process_entry() {
    let Ok(role) = std::env::var("TOKEN_STORES_CHILD") else {
        return;
    };
    let env = |k: &str| std::env::var(k).expect(k);
    let (url, prefix) = (env("CHILD_REDIS_URL"), env("CHILD_PREFIX"));
    match role.as_str() {
        "holder" => {
            let store = RedisStore::builder(&url)
                .prefix(&prefix)
                .lease(Duration::from_millis(
                    env("CHILD_LEASE_MS").parse().expect("ms"),
                ))
                .build()
                .expect("valid");
            let _lease = store.lease("account").await.expect("take the lease");
            println!("HELD");
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
        "worker" => {
            let secs = |k: &str| Duration::from_millis(env(k).parse().expect("ms"));
            let (lifetime, run_for) = (secs("CHILD_LIFETIME_MS"), secs("CHILD_RUN_MS"));
            let policy = fleet_policy(lifetime);
            let cache = worker(&url, &prefix, Arc::new(SystemClock), lifetime, policy).await;
            let (mut calls, mut errors, mut max_wait) = (0u64, 0u64, Duration::ZERO);
            let started = Instant::now();
            while started.elapsed() < run_for {
                let call = Instant::now();
                match cache.get().await {
                    Ok(_) => calls += 1,
                    Err(e) => {
                        errors += 1;
                        eprintln!("worker error: {e}");
                    }
                }
                max_wait = max_wait.max(call.elapsed());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            println!(
                "RESULT calls={calls} errors={errors} max_ms={}",
                max_wait.as_millis()
            );
        }
        other => panic!("unknown child role {other}"),
    }
}

/// Refresh 10 % of the lifetime ahead (at least 300 ms), without jitter:
/// every worker that loaded the same token refreshes at the same instant,
/// the worst case for the lease.
fn fleet_policy(lifetime: Duration) -> RefreshPolicy {
    let early = (lifetime / 10).max(Duration::from_millis(300));
    RefreshPolicy::default()
        .early_bounds(early, early)
        .jitter(0.0)
        .hard_margin(Duration::from_millis(100))
        .min_retry_gap(Duration::from_millis(200))
}

#[tokio::test]
async fn a_sigkilled_lease_holder_delays_the_others_by_at_most_the_lease() {
    let Some(redis) = Redis::shared("a_sigkilled_lease_holder") else {
        return;
    };
    let prefix = unique_prefix("sigkill");
    let lease = Duration::from_millis(1000);
    let mut holder = child(
        "holder",
        &[
            ("CHILD_REDIS_URL", redis.url()),
            ("CHILD_PREFIX", prefix.clone()),
            ("CHILD_LEASE_MS", lease.as_millis().to_string()),
        ],
    )
    .spawn()
    .map(KillOnDrop)
    .expect("spawn the holder");
    let stdout = holder.0.stdout.take().expect("stdout");
    let held = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|l| l == "HELD")
    });
    assert!(
        tokio::time::timeout(Duration::from_secs(30), held)
            .await
            .expect("holder started in time")
            .expect("reader"),
        "the holder took the lease"
    );
    // Held (and renewed) by the child: others wait.
    let impatient = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .max_wait(Duration::from_millis(1500))
        .build()
        .expect("valid");
    assert!(
        impatient.lease("account").await.is_err(),
        "held past its lease by renewal"
    );

    holder.0.kill().expect("SIGKILL the holder");
    let _ = holder.0.wait();
    let killed = Instant::now();
    let other = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .max_wait(Duration::from_secs(5))
        .build()
        .expect("valid");
    let lease_taken = other.lease("account").await.expect("the others go on");
    let delay = killed.elapsed();
    assert!(
        delay <= lease + Duration::from_millis(300),
        "delayed {delay:?}, more than the lease"
    );
    lease_taken.release().await.expect("release");
}

/// What a fleet of worker processes did.
#[derive(Debug)]
struct FleetResult {
    calls: u64,
    errors: u64,
    /// The longest one `get()` took in any worker.
    max_wait: Duration,
    refreshes: i64,
    reuse: i64,
    lifetimes: i64,
    /// Whether a lease holder was SIGKILLed while holding the lease.
    holder_killed: bool,
}

/// Runs `processes` worker processes sharing only Redis for `run_for`,
/// tokens living `lifetime`; with `kill_holder_at`, a process that takes the
/// refresh lease is started then and SIGKILLed while it holds it.
async fn run_fleet(
    url: &str,
    prefix: &str,
    processes: usize,
    lifetime: Duration,
    run_for: Duration,
    kill_holder_at: Option<Duration>,
) -> FleetResult {
    seed(url, prefix, &SystemClock, lifetime).await;
    let envs = |extra: &[(&'static str, String)]| {
        let mut v = vec![
            ("CHILD_REDIS_URL", url.to_owned()),
            ("CHILD_PREFIX", prefix.to_owned()),
        ];
        v.extend_from_slice(extra);
        v
    };
    let children: Vec<_> = (0..processes)
        .map(|_| {
            child(
                "worker",
                &envs(&[
                    ("CHILD_LIFETIME_MS", lifetime.as_millis().to_string()),
                    ("CHILD_RUN_MS", run_for.as_millis().to_string()),
                ]),
            )
            .spawn()
            .map(KillOnDrop)
            .expect("spawn a worker")
        })
        .collect();
    let mut holder_killed = false;
    if let Some(at) = kill_holder_at {
        tokio::time::sleep(at).await;
        let mut holder = child("holder", &envs(&[("CHILD_LEASE_MS", "1000".to_owned())]))
            .spawn()
            .map(KillOnDrop)
            .expect("spawn the holder");
        let stdout = holder.0.stdout.take().expect("stdout");
        let held = tokio::task::spawn_blocking(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .any(|l| l == "HELD")
        })
        .await
        .expect("reader");
        assert!(held, "the holder took the lease");
        tokio::time::sleep(Duration::from_millis(300)).await;
        holder.0.kill().expect("SIGKILL the holder");
        holder_killed = true;
    }
    let outputs = tokio::task::spawn_blocking(move || {
        children
            .into_iter()
            .map(|mut c| {
                let mut text = String::new();
                if let Some(mut out) = c.0.stdout.take() {
                    std::io::Read::read_to_string(&mut out, &mut text).expect("worker output");
                }
                let ok = c.0.wait().expect("worker exit").success();
                (ok, text)
            })
            .collect::<Vec<_>>()
    })
    .await
    .expect("join");
    let (mut calls, mut errors, mut max_ms) = (0u64, 0u64, 0u64);
    for (ok, text) in &outputs {
        assert!(ok, "a worker failed");
        let line = text
            .lines()
            .find(|l| l.starts_with("RESULT"))
            .unwrap_or_else(|| panic!("no RESULT line in {text}"));
        let field = |name: &str| -> u64 {
            line.split_whitespace()
                .find_map(|f| f.strip_prefix(name))
                .and_then(|v| v.parse().ok())
                .expect("a count")
        };
        calls += field("calls=");
        errors += field("errors=");
        max_ms = max_ms.max(field("max_ms="));
    }
    let server = FakeServer::new(url, prefix).await;
    FleetResult {
        calls,
        errors,
        max_wait: Duration::from_millis(max_ms),
        refreshes: server.counter("refreshes").await,
        reuse: server.counter("reuse").await,
        lifetimes: run_for.as_millis().div_ceil(lifetime.as_millis()) as i64,
        holder_killed,
    }
}

#[tokio::test]
async fn four_processes_sharing_only_redis_make_one_refresh_per_lifetime_despite_a_killed_holder() {
    let Some(redis) = Redis::shared("four_processes_sharing_only_redis") else {
        return;
    };
    // Stored expiries are whole seconds: lifetimes of a few seconds keep the
    // rounding small next to the lifetime.
    let r = run_fleet(
        &redis.url(),
        &unique_prefix("fleet_processes"),
        4,
        Duration::from_secs(4),
        Duration::from_secs(8),
        Some(Duration::from_millis(2500)),
    )
    .await;
    println!("4 processes, 8 s: {r:?}");
    assert!(r.holder_killed);
    assert_eq!(r.errors, 0, "no caller error");
    assert_eq!(r.reuse, 0, "no refresh token reused");
    assert!(
        (1..=r.lifetimes + 1).contains(&r.refreshes),
        "{} refreshes for {} lifetimes (4 independent processes would make at least {})",
        r.refreshes,
        r.lifetimes,
        4 * r.lifetimes
    );
    // The killed holder's lease (1 s) is the longest anybody waited.
    assert!(r.max_wait < Duration::from_millis(1800), "{:?}", r.max_wait);
    assert!(r.calls > 100, "the workers ran");
}

/// The figures of docs/fleet.md: `FLEET_PROCESSES` (16) worker processes
/// for `FLEET_SECS` (60) with `FLEET_LIFETIME_SECS` (10) tokens, a lease
/// holder SIGKILLed a third of the way in.
#[tokio::test]
#[ignore = "a one-minute measurement: cargo test -p token-stores --test redis -- --ignored fleet_figures --nocapture"]
async fn fleet_figures() {
    let Some(redis) = Redis::shared("fleet_figures") else {
        return;
    };
    let var = |k: &str, default: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (processes, secs, lifetime) = (
        var("FLEET_PROCESSES", 16),
        var("FLEET_SECS", 60),
        var("FLEET_LIFETIME_SECS", 10),
    );
    let started = Instant::now();
    let r = run_fleet(
        &redis.url(),
        &unique_prefix("fleet_figures"),
        processes as usize,
        Duration::from_secs(lifetime),
        Duration::from_secs(secs),
        Some(Duration::from_secs(secs / 3)),
    )
    .await;
    println!(
        "FIGURES processes={processes} secs={secs} lifetime={lifetime} lifetimes={} refreshes={} reuse={} errors={} calls={} max_wait_ms={} holder_killed={} wall_s={:.1}",
        r.lifetimes,
        r.refreshes,
        r.reuse,
        r.errors,
        r.calls,
        r.max_wait.as_millis(),
        r.holder_killed,
        started.elapsed().as_secs_f64()
    );
    assert_eq!((r.errors, r.reuse), (0, 0));
    assert!(r.refreshes <= r.lifetimes + 1, "{r:?}");
}

/// Lease latencies on this machine (uncontended take + release; how soon a
/// waiter gets a released lease, woken by pub/sub and by polling).
#[tokio::test]
#[ignore = "a measurement: cargo test -p token-stores --test redis -- --ignored lease_figures --nocapture"]
async fn lease_figures() {
    let Some(redis) = Redis::shared("lease_figures") else {
        return;
    };
    let prefix = unique_prefix("lease_figures");
    let store = store(&redis.url(), &prefix);
    let mut takes = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        store
            .lease("k")
            .await
            .expect("lease")
            .release()
            .await
            .expect("release");
        takes.push(t.elapsed());
    }
    for pubsub in [true, false] {
        let mut wakes = Vec::new();
        for _ in 0..20 {
            let holder = store.lease("k").await.expect("lease");
            let waiter = RedisStore::builder(redis.url())
                .prefix(&prefix)
                .pubsub(pubsub)
                .build()
                .expect("valid");
            let task = tokio::spawn(async move {
                let lease = waiter.lease("k").await.expect("lease");
                let at = Instant::now();
                lease.release().await.expect("release");
                at
            });
            tokio::time::sleep(Duration::from_millis(50)).await;
            let released = Instant::now();
            holder.release().await.expect("release");
            wakes.push(task.await.expect("waiter").duration_since(released));
        }
        wakes.sort();
        println!(
            "FIGURES wake pubsub={pubsub}: p50={:?} max={:?}",
            wakes[wakes.len() / 2],
            wakes[wakes.len() - 1]
        );
    }
    // Redis down (nothing listens on the port): how soon the typed error comes.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let down = RedisStore::builder(format!("redis://127.0.0.1:{closed}"))
        .build()
        .expect("valid");
    let t = Instant::now();
    let e = down.load("k").await.expect_err("down");
    println!(
        "FIGURES Redis down: typed error after {:?}: {e}",
        t.elapsed()
    );
    takes.sort();
    println!(
        "FIGURES uncontended lease take+release: p50={:?} p99={:?}",
        takes[takes.len() / 2],
        takes[takes.len() * 99 / 100]
    );
}
