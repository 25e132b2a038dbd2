//! A fleet of worker processes that share nothing but Redis, against the
//! real service mocks: 16 processes (each its own connection, cache and
//! store, as on 16 hosts; stricter than two groups of 8) call
//! SciNote, Symbl and Ascribe (session mode) for 60 s with 10 s token
//! lifetimes. The fleet refreshes once per lifetime (within one), never
//! reuses a rotated refresh token, and no caller sees an error.
//!
//! Eight Symbl processes sharing one token file (no Redis) make at most two
//! token requests per minted token too: Symbl answers its current token
//! until it expires, so the SDK uses a token up to its expiry instead of
//! asking early again and again.
//!
//! The Redis tests need `REDIS_URL` (set by `cargo xtask test`, which starts
//! redis-server); without it they print why and pass without running.
//! `FLEET_SERVICE_SECS` shortens the run for a quick local try.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ascribe_coder::{AscribeClient, TokenMode};
use auth_core::secret::Password;
use auth_core::{FileStore, RefreshPolicy, TokenStore};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use scinote::SciNoteClient;
use symbl::SymblClient;
use token_stores::RedisStore;

const PROCESSES: usize = 16;
const LIFETIME: Duration = Duration::from_secs(10);

fn redis_url(test: &str) -> Option<String> {
    let url = std::env::var("REDIS_URL").ok();
    if url.is_none() {
        eprintln!(
            "SKIPPED {test}: no REDIS_URL (run `cargo xtask test`, which starts redis-server)"
        );
    }
    url
}

fn run_for() -> Duration {
    let secs = std::env::var("FLEET_SERVICE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

fn unique_prefix(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("fleet-services:{name}:{}:{nanos}:", std::process::id())
}

/// One store client per process: the processes share only the server.
fn redis_store(url: &str, prefix: &str) -> Arc<dyn TokenStore> {
    Arc::new(
        RedisStore::builder(url)
            .prefix(prefix)
            .lease(Duration::from_secs(2))
            .build()
            .expect("a valid Redis store"),
    )
}

/// Refresh a second ahead, without jitter: every worker that loaded the
/// same token wants to refresh at the same instant, the worst case.
fn fleet_policy() -> RefreshPolicy {
    RefreshPolicy::default()
        .early_bounds(Duration::from_secs(1), Duration::from_secs(1))
        .jitter(0.0)
        .hard_margin(Duration::from_millis(200))
}

/// What the parent tells a worker: the service, its URL, Redis, the prefix
/// and how long to run.
struct Worker {
    service: &'static str,
    /// A token file shared instead of Redis.
    token_file: Option<std::path::PathBuf>,
    base_url: String,
    redis_url: String,
    prefix: String,
}

impl Worker {
    fn spawn(&self) -> KillOnDrop {
        let mut command = Command::new(std::env::current_exe().expect("test binary"));
        if let Some(path) = &self.token_file {
            command.env("FLEET_TOKEN_FILE", path);
        }
        let child = command
            .args(["--exact", "fleet_worker_entry", "--ignored", "--nocapture"])
            .env("FLEET_ROLE", self.service)
            .env("FLEET_BASE_URL", &self.base_url)
            .env("FLEET_REDIS_URL", &self.redis_url)
            .env("FLEET_PREFIX", &self.prefix)
            .env("FLEET_RUN_MS", run_for().as_millis().to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn a worker");
        KillOnDrop(child)
    }
}

/// Kills the child (SIGKILL) if the test ends before it does.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The summed `RESULT calls=N errors=M` lines of the workers.
#[derive(Debug, Default)]
struct Totals {
    calls: u64,
    errors: u64,
}

/// Starts 16 workers of `service` sharing Redis and waits for them.
async fn run_fleet(service: &'static str, base_url: &str, redis_url: &str, prefix: &str) -> Totals {
    run_workers(PROCESSES, service, None, base_url, redis_url, prefix).await
}

/// Starts `processes` workers of `service` (sharing `token_file`, else
/// Redis) and waits for them.
async fn run_workers(
    processes: usize,
    service: &'static str,
    token_file: Option<&std::path::Path>,
    base_url: &str,
    redis_url: &str,
    prefix: &str,
) -> Totals {
    let children: Vec<KillOnDrop> = (0..processes)
        .map(|_| {
            Worker {
                service,
                token_file: token_file.map(std::path::Path::to_path_buf),
                base_url: base_url.to_owned(),
                redis_url: redis_url.to_owned(),
                prefix: prefix.to_owned(),
            }
            .spawn()
        })
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut totals = Totals::default();
        for mut child in children {
            let mut text = String::new();
            if let Some(mut out) = child.0.stdout.take() {
                out.read_to_string(&mut text).expect("worker output");
            }
            assert!(
                child.0.wait().expect("worker exit").success(),
                "a worker failed: {text}"
            );
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
            totals.calls += field("calls=");
            totals.errors += field("errors=");
        }
        totals
    })
    .await
    .expect("join the workers")
}

/// Token lifetimes in one run.
fn lifetimes() -> u64 {
    run_for().as_secs().div_ceil(LIFETIME.as_secs())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_scinote_workers_sharing_only_redis_refresh_once_per_lifetime() {
    let Some(redis) = redis_url("sixteen_scinote_workers") else {
        return;
    };
    let mock = SciNoteMock::start().await;
    mock.seed_team("Lab");
    mock.set_token_lifetime(LIFETIME.as_secs());
    let prefix = unique_prefix("scinote");
    // One authorization, stored in Redis; the workers never see the code.
    let seeder = scinote_client(&mock.uri(), redis_store(&redis, &prefix));
    seeder
        .exchange_code(mock.issue_code())
        .await
        .expect("exchange the code");
    let before = mock.token_requests();
    let totals = run_fleet("scinote", &mock.uri(), &redis, &prefix).await;
    let refreshes = mock.refreshes();
    let failed_grants = mock.token_requests() - before - refreshes;
    println!(
        "scinote fleet: {totals:?}, {refreshes} refreshes for {} lifetimes",
        lifetimes()
    );
    assert_eq!(totals.errors, 0, "no caller error");
    assert!(totals.calls > 100, "the workers ran");
    assert_eq!(
        failed_grants, 0,
        "no refresh token reused (no invalid_grant)"
    );
    assert!(
        (lifetimes().saturating_sub(1)..=lifetimes() + 1).contains(&refreshes),
        "{refreshes} refreshes for {} lifetimes ({PROCESSES} independent workers would make {})",
        lifetimes(),
        PROCESSES as u64 * lifetimes()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_symbl_workers_sharing_only_redis_request_one_token_per_lifetime() {
    let Some(redis) = redis_url("sixteen_symbl_workers") else {
        return;
    };
    let mock = SymblMock::start().await;
    mock.seed_conversations(1);
    mock.set_token_lifetime(LIFETIME.as_secs());
    let prefix = unique_prefix("symbl");
    let totals = run_fleet("symbl", &mock.uri(), &redis, &prefix).await;
    let (tokens, minted) = (mock.token_requests(), mock.tokens_minted());
    println!(
        "symbl fleet: {totals:?}, {tokens} token requests, {minted} tokens minted, {} lifetimes",
        lifetimes()
    );
    assert_eq!(totals.errors, 0, "no caller error");
    assert!(totals.calls > 100, "the workers ran");
    assert_symbl_token_requests_bounded(tokens, minted, PROCESSES, LIFETIME);
}

/// At most two token requests per minted token (the one at the expiry may
/// still get the old token back within the last second), and a new token
/// only once per lifetime.
fn assert_symbl_token_requests_bounded(
    tokens: u64,
    minted: u64,
    processes: usize,
    lifetime: Duration,
) {
    let lifetimes = run_for().as_secs().div_ceil(lifetime.as_secs());
    assert!(
        (1..=lifetimes + 1).contains(&minted),
        "{minted} tokens minted for {lifetimes} lifetimes"
    );
    assert!(
        tokens <= 2 * minted,
        "{tokens} token requests for {minted} minted tokens ({processes} independent workers would make {})",
        processes as u64 * lifetimes
    );
}

/// The same for processes on one host sharing a token file (no Redis).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_symbl_processes_sharing_a_token_file_request_at_most_two_per_minted_token() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(1);
    // The reliability issue's shape: 8 processes, 60 s, 15 s tokens.
    let lifetime = Duration::from_secs(15);
    mock.set_token_lifetime(lifetime.as_secs());
    let dir = std::env::temp_dir().join(unique_prefix("symbl-file").replace(':', "-"));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let file = dir.join("tokens.json");
    let totals = run_workers(8, "symbl", Some(&file), &mock.uri(), "redis://unused", "").await;
    let (tokens, minted) = (mock.token_requests(), mock.tokens_minted());
    println!("symbl file fleet: {totals:?}, {tokens} token requests, {minted} minted");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(totals.errors, 0, "no caller error");
    assert!(totals.calls > 50, "the workers ran");
    assert_symbl_token_requests_bounded(tokens, minted, 8, lifetime);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_ascribe_workers_sharing_only_redis_log_in_once_per_expired_session() {
    let Some(redis) = redis_url("sixteen_ascribe_workers") else {
        return;
    };
    let mock = Arc::new(AscribeMock::start().await);
    let prefix = unique_prefix("ascribe");
    // Sessions die every LIFETIME (as idle expiry would), under the fleet.
    let expirer = {
        let mock = Arc::clone(&mock);
        tokio::spawn(async move {
            let started = Instant::now();
            let mut expiries = 0u64;
            while started.elapsed() + LIFETIME < run_for() {
                tokio::time::sleep(LIFETIME).await;
                mock.expire_sessions();
                expiries += 1;
            }
            expiries
        })
    };
    let totals = run_fleet("ascribe", &mock.uri(), &redis, &prefix).await;
    let expiries = expirer.await.expect("expirer");
    let logins = mock.logins();
    println!("ascribe fleet: {totals:?}, {logins} logins for {expiries} expiries");
    assert_eq!(totals.errors, 0, "no caller error");
    assert!(totals.calls > 100, "the workers ran");
    assert!(
        (1..=expiries + 2).contains(&logins),
        "{logins} logins for {expiries} session expiries ({PROCESSES} independent workers would make {})",
        PROCESSES as u64 * (expiries + 1)
    );
}

fn scinote_client(base_url: &str, store: Arc<dyn TokenStore>) -> SciNoteClient {
    SciNoteClient::builder()
        .server_url(base_url)
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .token_store(store)
        .refresh_policy(fleet_policy())
        .build()
        .expect("scinote client")
}

/// Not a test: the body of the worker processes the tests above start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by the fleet tests as a child process"]
async fn fleet_worker_entry() {
    let Ok(role) = std::env::var("FLEET_ROLE") else {
        return;
    };
    let env = |k: &str| std::env::var(k).expect(k);
    let (base_url, redis, prefix) = (
        env("FLEET_BASE_URL"),
        env("FLEET_REDIS_URL"),
        env("FLEET_PREFIX"),
    );
    let run_for = Duration::from_millis(env("FLEET_RUN_MS").parse().expect("ms"));
    let store: Arc<dyn TokenStore> = match std::env::var("FLEET_TOKEN_FILE") {
        Ok(path) => Arc::new(FileStore::new(path)),
        Err(_) => redis_store(&redis, &prefix),
    };
    let call: Box<dyn Fn() -> futures::future::BoxFuture<'static, Result<(), String>>> =
        match role.as_str() {
            "scinote" => {
                let client = scinote_client(&base_url, store);
                Box::new(move || {
                    let client = client.clone();
                    Box::pin(async move {
                        client
                            .teams()
                            .list()
                            .send()
                            .await
                            .map(drop)
                            .map_err(|e| e.to_string())
                    })
                })
            }
            "symbl" => {
                let client = SymblClient::builder()
                    .base_url(&base_url)
                    .app_id(APP_ID)
                    .app_secret(APP_SECRET)
                    .token_store(store)
                    .refresh_policy(fleet_policy())
                    .build()
                    .expect("symbl client");
                Box::new(move || {
                    let client = client.clone();
                    Box::pin(async move {
                        client
                            .conversations()
                            .list()
                            .send()
                            .await
                            .map(drop)
                            .map_err(|e| e.to_string())
                    })
                })
            }
            "ascribe" => {
                let client = AscribeClient::builder()
                    .base_url(&base_url)
                    .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
                    .token_mode(TokenMode::Session)
                    .token_store(store)
                    .build()
                    .expect("ascribe client");
                Box::new(move || {
                    let client = client.clone();
                    Box::pin(async move {
                        client
                            .studies()
                            .list()
                            .send()
                            .await
                            .map(drop)
                            .map_err(|e| e.to_string())
                    })
                })
            }
            other => panic!("unknown worker role {other}"),
        };
    let (mut calls, mut errors) = (0u64, 0u64);
    let started = Instant::now();
    while started.elapsed() < run_for {
        match call().await {
            Ok(()) => calls += 1,
            Err(e) => {
                errors += 1;
                eprintln!("worker error: {e}");
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!("RESULT calls={calls} errors={errors}");
}
