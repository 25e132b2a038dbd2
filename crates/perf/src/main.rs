//! The hot-path benchmarks behind `cargo xtask bench`, each measured next to
//! its baseline in the same process and run:
//!
//! - `construct`: building each SDK client vs building a fresh
//!   `reqwest::Client` (TLS configuration and certificate loading).
//! - `http`: 20,000 authenticated GETs at concurrency 64 against a local
//!   HTTP/1.1 server started here, through auth-core `HttpClient` +
//!   `HeaderAuth` and through `symbl` `conversation(id).get()`, vs raw
//!   reqwest sending the same fixed `Authorization` header: throughput and
//!   p99 latency, each ratio the median of per-round ratios over 9
//!   interleaved rounds. Informational rows: raw reqwest with a per-request
//!   timeout, and raw reqwest decoding the answer into symbl's type.
//! - `sign`: `SigV4Signer::sign` vs `aws_sigv4::http_request::sign` on the
//!   same request.
//! - `upload`: a file (1 GiB from xtask) through the Symbl audio upload and
//!   the MI presigned PUT (the request `MiClient::submit_task` sends), with
//!   and without a progress callback, vs raw reqwest streaming 256 KiB
//!   chunks; each variant in its own child process so its peak RSS
//!   (`VmHWM`) is its own.
//! - `md5`: scribe-mi's MD5 pass vs a plain buffered 1 MiB-read loop.
//!
//! Every result is one line `RESULT|goal|label|ours|baseline|unit|ratio`
//! (plus `INFO|...` lines), which xtask turns into a table and
//! `docs/performance.md`.
//!
//! Usage: `perf all <file>` or `perf <construct|http|sign|md5 <file>|upload
//! <variant> <file>>`.

use std::hint::black_box;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use auth_core::http::{ApiRequest, AuthRequest, FileSource, HeaderAuth, HttpClient, Payload};
use auth_core::secret::{AccessToken, AwsSecret, Password};
use auth_core::{Lifetime, TokenCache, TokenSet, provider_fn};
use bytes::{Buf, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const REQUESTS: usize = 20_000;
const CONCURRENCY: usize = 64;
/// Interleaved rounds of each HTTP variant; the medians count. Odd, and
/// enough that one disturbed round cannot move a median.
const HTTP_ROUNDS: usize = 9;
const TOKEN: &str = "bench-token-0123456789abcdef";
/// The user agent the bench's auth-core client sends (`HttpClient::builder("bench", ..)`).
const USER_AGENT: &str = concat!("bench-rust-sdk/", env!("CARGO_PKG_VERSION"));
const CHUNK: usize = 256 * 1024;

fn main() {
    auth_core::http::install_crypto_provider();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_default();
    match arg(0) {
        "construct" => construct(),
        "http" => http_bench(),
        // One variant only, for a profiler: `perf record target/release/perf http-only core`.
        "http-only" => http_only(arg(1)),
        "sign" => sign_bench(),
        "md5" => md5_bench(Path::new(arg(1))),
        "upload" => upload_one(arg(1), Path::new(arg(2))),
        "uploads" => uploads(Path::new(arg(1))),
        "all" => {
            construct();
            sign_bench();
            http_bench();
            md5_bench(Path::new(arg(1)));
            uploads(Path::new(arg(1)));
        }
        other => {
            eprintln!(
                "usage: perf <all FILE|construct|http|sign|md5 FILE|uploads FILE|upload VARIANT FILE> (got `{other}`)"
            );
            std::process::exit(2);
        }
    }
}

fn result(goal: &str, label: &str, ours: f64, baseline: f64, unit: &str) {
    println!(
        "RESULT|{goal}|{label}|{ours}|{baseline}|{unit}|{}",
        ours / baseline
    );
}

/// A result whose ratio is not `ours / baseline` of the medians shown but
/// the median of paired per-round ratios (see `http_bench`).
fn result_paired(goal: &str, label: &str, (ours, baseline): (f64, f64), ratio: f64, unit: &str) {
    println!("RESULT|{goal}|{label}|{ours}|{baseline}|{unit}|{ratio}");
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median nanoseconds per call of `f`, over `samples` batches of `batch`.
fn time_ns(samples: usize, batch: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..batch {
        f();
    }
    let mut out = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        out.push(start.elapsed().as_nanos() as f64 / batch as f64);
    }
    median(out)
}

// ---------------------------------------------------------------- construct

fn construct() {
    let rt = runtime(1);
    let _guard = rt.enter();
    // Alternate subject and baseline so both see the same machine state.
    let mut baseline = Vec::new();
    let mut subjects: Vec<(&str, Vec<f64>)> = vec![
        ("symbl", Vec::new()),
        ("scinote", Vec::new()),
        ("ascribe", Vec::new()),
        ("mi", Vec::new()),
    ];
    for round in 0..40 {
        let start = Instant::now();
        black_box(reqwest::Client::builder().build().expect("reqwest client"));
        let b = start.elapsed().as_nanos() as f64;
        if round > 0 {
            baseline.push(b);
        }
        for (name, samples) in &mut subjects {
            let start = Instant::now();
            match *name {
                "symbl" => drop(black_box(
                    symbl::SymblClient::builder()
                        .base_url("http://127.0.0.1:9")
                        .allow_insecure_http(true)
                        .app_id("id")
                        .app_secret("secret")
                        .build()
                        .expect("symbl"),
                )),
                "scinote" => drop(black_box(
                    scinote::SciNoteClient::builder()
                        .server_url("http://127.0.0.1:9")
                        .allow_insecure_http(true)
                        .api_key("key")
                        .build()
                        .expect("scinote"),
                )),
                "ascribe" => drop(black_box(
                    ascribe_coder::AscribeClient::builder()
                        .base_url("http://127.0.0.1:9")
                        .allow_insecure_http(true)
                        .credentials("acct", "user", Password::new("pw"))
                        .build()
                        .expect("ascribe"),
                )),
                _ => drop(black_box(
                    scribe_mi::MiClient::builder()
                        .api_url("http://127.0.0.1:9")
                        .allow_insecure_http(true)
                        .region("eu-west-2")
                        .client_id("client")
                        .user_pool_id("eu-west-2_pool")
                        .identity_pool_id("eu-west-2:00000000-0000-0000-0000-000000000000")
                        .build()
                        .expect("mi"),
                )),
            }
            if round > 0 {
                samples.push(start.elapsed().as_nanos() as f64);
            }
        }
    }
    let baseline = median(baseline);
    for (name, samples) in subjects {
        result(
            "1",
            &format!("build {name} client vs reqwest::Client::new"),
            median(samples),
            baseline,
            "ns",
        );
    }
}

// --------------------------------------------------------------------- http

fn runtime(workers: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Starts the local server on its own thread and runtime; returns its URL.
fn start_server() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            tx.send(listener.local_addr().expect("addr"))
                .expect("report address");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(stream));
            }
        });
    });
    let addr = rx.recv().expect("server address");
    format!("http://{addr}/")
}

/// Reads until `buf` holds a CRLF; returns its index.
async fn read_line(stream: &mut TcpStream, buf: &mut BytesMut) -> Option<usize> {
    loop {
        if let Some(i) = buf.windows(2).position(|w| w == b"\r\n") {
            return Some(i);
        }
        if stream.read_buf(buf).await.ok()? == 0 {
            return None;
        }
    }
}

/// Drops `n` body bytes, from `buf` first, then from the socket.
async fn skip(stream: &mut TcpStream, buf: &mut BytesMut, mut n: u64) -> Option<()> {
    loop {
        let take = n.min(buf.len() as u64) as usize;
        buf.advance(take);
        n -= take as u64;
        if n == 0 {
            return Some(());
        }
        buf.reserve(CHUNK);
        if stream.read_buf(buf).await.ok()? == 0 {
            return None;
        }
    }
}

/// One keep-alive HTTP/1.1 connection: bodies (Content-Length or chunked)
/// are read and dropped, never kept.
async fn connection(mut stream: TcpStream) -> Option<()> {
    let mut buf = BytesMut::with_capacity(64 * 1024);
    loop {
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if stream.read_buf(&mut buf).await.ok()? == 0 {
                return None;
            }
        };
        let head = std::str::from_utf8(&buf[..end]).ok()?.to_ascii_lowercase();
        buf.advance(end);
        let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
        let mut length = 0u64;
        let mut chunked = false;
        for line in head.lines() {
            if let Some(v) = line.strip_prefix("content-length:") {
                length = v.trim().parse().ok()?;
            } else if line.starts_with("transfer-encoding:") && line.contains("chunked") {
                chunked = true;
            }
        }
        if chunked {
            loop {
                let i = read_line(&mut stream, &mut buf).await?;
                let size = std::str::from_utf8(&buf[..i]).ok()?;
                let size = u64::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
                buf.advance(i + 2);
                if size == 0 {
                    loop {
                        let i = read_line(&mut stream, &mut buf).await?;
                        buf.advance(i + 2);
                        if i == 0 {
                            break;
                        }
                    }
                    break;
                }
                skip(&mut stream, &mut buf, size + 2).await?;
            }
        } else {
            skip(&mut stream, &mut buf, length).await?;
        }
        let body: &str = if path.starts_with("/oauth2/token") {
            r#"{"accessToken":"bench-token-0123456789abcdef","expiresIn":86400}"#
        } else if path.starts_with("/v1/conversations/") {
            r#"{"id":"abc","type":"meeting","name":"bench","startTime":"2026-01-01T00:00:00Z"}"#
        } else if path.starts_with("/v1/process/") {
            r#"{"conversationId":"c1","jobId":"j1"}"#
        } else {
            "{}"
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes()).await.ok()?;
    }
}

/// Runs `REQUESTS` calls of `call` from `CONCURRENCY` tasks; returns
/// (requests per second, p99 latency in µs).
async fn load<F, Fut>(call: F) -> (f64, f64)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicUsize::new(0));
    // PERF_CONCURRENCY=1 (with `http-only`): one call at a time, so the
    // latency is the cost of one request alone, for comparing variants.
    let concurrency = std::env::var("PERF_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CONCURRENCY);
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let call = Arc::clone(&call);
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(REQUESTS / concurrency + 1);
                while next.fetch_add(1, Ordering::Relaxed) < REQUESTS {
                    let t = Instant::now();
                    call().await;
                    latencies.push(t.elapsed().as_nanos() as f64 / 1_000.0);
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::with_capacity(REQUESTS);
    for t in tasks {
        all.extend(t.await.expect("load task"));
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let p99 = all[(all.len() * 99) / 100];
    if concurrency != CONCURRENCY {
        eprintln!("p50 {:.2} µs", all[all.len() / 2]);
    }
    (REQUESTS as f64 / elapsed, p99)
}

/// The clients every variant calls through, warmed up.
struct Clients {
    raw: reqwest::Client,
    url: String,
    http: HttpClient,
    auth: Arc<HeaderAuth<TokenSet>>,
    symbl: symbl::SymblClient,
}

async fn clients(base: &str) -> Clients {
    let cache = TokenCache::new(provider_fn(|_prev: Option<Arc<TokenSet>>| async {
        Ok(TokenSet::new(
            AccessToken::new(TOKEN),
            Lifetime::expires_in(tokio::time::Instant::now(), Duration::from_secs(86_400)),
        ))
    }));
    let symbl = symbl::SymblClient::builder()
        .base_url(base)
        .allow_insecure_http(true)
        .app_id("id")
        .app_secret("secret")
        .build()
        .expect("symbl");
    symbl.conversation("abc").get().await.expect("warm symbl");
    Clients {
        raw: reqwest::Client::builder().build().expect("reqwest"),
        url: format!("{base}v1/conversations/abc"),
        http: HttpClient::builder("bench", base)
            .allow_insecure_http(true)
            .build()
            .expect("http client"),
        auth: Arc::new(HeaderAuth::bearer(cache)),
        symbl,
    }
}

/// The call closures of the HTTP benchmark, as macros so each variant's
/// future stays unboxed inside its task (as an application's would).
/// `raw`: reqwest with the SDK's fixed headers (Authorization, Accept,
/// User-Agent) (with `Some(timeout)`: and a
/// per-request timeout, as every SDK attempt has).
macro_rules! raw_call {
    ($clients:expr, $timeout:expr) => {{
        let (raw, url) = ($clients.raw.clone(), $clients.url.clone());
        let timeout: Option<Duration> = $timeout;
        move || {
            let (raw, url) = (raw.clone(), url.clone());
            async move {
                let mut req = raw
                    .get(&url)
                    .header("authorization", format!("Bearer {TOKEN}"))
                    // The headers every SDK request carries too, so the
                    // local server parses the same bytes for both.
                    .header("accept", "application/json")
                    .header("user-agent", USER_AGENT);
                if let Some(t) = timeout {
                    req = req.timeout(t);
                }
                let r = req.send().await.expect("raw get");
                assert!(r.status().is_success());
                black_box(r.bytes().await.expect("raw body"));
            }
        }
    }};
}

/// Raw reqwest decoding the answer into symbl's `Conversation`, as a user
/// of raw reqwest who wants the typed answer would: what the symbl row
/// costs beyond the raw baseline for the decode alone.
macro_rules! raw_decode_call {
    ($clients:expr) => {{
        let (raw, url) = ($clients.raw.clone(), $clients.url.clone());
        move || {
            let (raw, url) = (raw.clone(), url.clone());
            async move {
                let r = raw
                    .get(&url)
                    .header("authorization", format!("Bearer {TOKEN}"))
                    .header("accept", "application/json")
                    .header("user-agent", USER_AGENT)
                    .send()
                    .await
                    .expect("raw get");
                assert!(r.status().is_success());
                let c: symbl::models::Conversation = r.json().await.expect("raw decode");
                black_box(c);
            }
        }
    }};
}

/// auth-core `HttpClient` + `HeaderAuth`.
macro_rules! core_call {
    ($clients:expr) => {{
        let (http, auth) = ($clients.http.clone(), Arc::clone(&$clients.auth));
        move || {
            let (http, auth) = (http.clone(), Arc::clone(&auth));
            async move {
                let r = http
                    .send(ApiRequest::get("get", "v1/conversations/abc"), &*auth)
                    .await
                    .expect("auth-core get");
                black_box(r);
            }
        }
    }};
}

/// `symbl` `conversation(id).get()`.
macro_rules! symbl_call {
    ($clients:expr) => {{
        let symbl = $clients.symbl.clone();
        move || {
            let symbl = symbl.clone();
            async move {
                black_box(symbl.conversation("abc").get().await.expect("symbl get"));
            }
        }
    }};
}

/// One round of `variant`: (requests per second, p99 µs).
async fn round(clients: &Clients, variant: &str) -> (f64, f64) {
    match variant {
        "raw" => load(raw_call!(clients, None)).await,
        "raw-timeout" => load(raw_call!(clients, Some(Duration::from_secs(60)))).await,
        "raw-decode" => load(raw_decode_call!(clients)).await,
        "core" => load(core_call!(clients)).await,
        _ => load(symbl_call!(clients)).await,
    }
}

/// Loops one variant of the HTTP benchmark for a profiler.
fn http_only(variant: &str) {
    let base = start_server();
    let rt = runtime(2);
    rt.block_on(async move {
        let clients = clients(&base).await;
        for _ in 0..10 {
            let (t, p) = round(&clients, variant).await;
            println!("{variant}: {t:.0} req/s, p99 {p:.0} µs");
        }
    });
}

fn http_bench() {
    let base = start_server();
    let rt = runtime(2);
    rt.block_on(async move {
        let clients = clients(&base).await;
        let variants = ["raw", "raw-timeout", "raw-decode", "core", "symbl"];
        // Warm every pool, then interleave rounds; the medians count.
        for v in variants {
            round(&clients, v).await;
        }
        let mut rounds: Vec<(Vec<f64>, Vec<f64>)> = vec![(vec![], vec![]); variants.len()];
        // Each round starts with the next variant, so none always runs
        // right after the same other one (a machine's drift or the pool's
        // state after a variant would otherwise favour one side).
        for r in 0..HTTP_ROUNDS {
            for k in 0..variants.len() {
                let i = (r + k) % variants.len();
                let (thr, p99) = round(&clients, variants[i]).await;
                rounds[i].0.push(thr);
                rounds[i].1.push(p99);
            }
        }
        // Each ratio is the median of the per-round ratios: a variant is
        // compared with the raw run of its own round (seconds apart, not
        // minutes), so the machine's slow drift cancels out.
        let (raw_t, raw_p) = &rounds[0];
        let rows = [
            ("2i", "raw reqwest + a per-request timeout", &rounds[1]),
            (
                "2i",
                "raw reqwest + decoding symbl's Conversation",
                &rounds[2],
            ),
            ("2", "auth-core HttpClient + HeaderAuth", &rounds[3]),
            ("2", "symbl conversation(id).get()", &rounds[4]),
        ];
        let paired =
            |ours: &[f64], raw: &[f64]| median(ours.iter().zip(raw).map(|(o, r)| o / r).collect());
        for (goal, what, (t, p)) in rows {
            result_paired(
                goal,
                &format!("GET throughput: {what} vs raw reqwest"),
                (median(t.clone()), median(raw_t.clone())),
                paired(t, raw_t),
                "req/s",
            );
            result_paired(
                goal,
                &format!("GET p99 latency: {what} vs raw reqwest"),
                (median(p.clone()), median(raw_p.clone())),
                paired(p, raw_p),
                "µs",
            );
        }
    });
}

// --------------------------------------------------------------------- sign

fn sign_bench() {
    let clock = auth_core::ManualClock::new();
    let creds = scribe_mi::AwsCredentials::new(
        "ASIAEXAMPLEKEYID",
        AwsSecret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        Some(AwsSecret::new(
            "FwoGZXIvYXdzEBYaDEXAMPLESESSIONTOKEN//////////wEaDA==",
        )),
        None,
        auth_core::clock::Clock::now(&clock),
        &clock,
    );
    let url = url::Url::parse(
        "https://abc123.execute-api.eu-west-2.amazonaws.com/v1/tasks?includePresigned=true&company=Acme%20%26%20Sons",
    )
    .expect("url");
    let method = http::Method::GET;
    let mut headers = http::HeaderMap::new();
    headers.insert("accept", http::HeaderValue::from_static("application/json"));
    headers.insert(
        "user-agent",
        http::HeaderValue::from_static("scribe-mi/0.1.0"),
    );
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_633_600);
    let signer = scribe_mi::sigv4::SigV4Signer::execute_api("eu-west-2");

    // Baseline: aws-sigv4 alone, given the same request.
    let identity: aws_smithy_runtime_api::client::identity::Identity =
        aws_credential_types::Credentials::new(
            "ASIAEXAMPLEKEYID",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("FwoGZXIvYXdzEBYaDEXAMPLESESSIONTOKEN//////////wEaDA==".to_owned()),
            None,
            "bench",
        )
        .into();
    let raw = || {
        use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("eu-west-2")
            .name("execute-api")
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .expect("params")
            .into();
        let request = SignableRequest::new(
            "GET",
            url.as_str(),
            headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap_or(""))),
            SignableBody::Bytes(b""),
        )
        .expect("signable");
        black_box(sign(request, &params).expect("signed").into_parts());
    };
    let ours = || {
        let mut h = headers.clone();
        let mut request = AuthRequest::new(&method, &url, &mut h, Payload::Bytes(b""));
        signer.sign(&mut request, &creds, time).expect("signed");
        black_box(h);
    };
    // Interleave: several medians of each, the median of those counts.
    let (mut a, mut b) = (vec![], vec![]);
    for _ in 0..5 {
        b.push(time_ns(30, 500, raw));
        a.push(time_ns(30, 500, ours));
    }
    result(
        "3",
        "SigV4 sign (GET, query, session token) vs aws_sigv4::http_request::sign",
        median(a),
        median(b),
        "ns",
    );
}

// ---------------------------------------------------------------------- md5

fn md5_bench(file: &Path) {
    use md5::{Digest, Md5};
    let rt = runtime(2);
    let plain = || {
        let mut f = std::fs::File::open(file).expect("open");
        let mut buf = vec![0u8; 1024 * 1024];
        let mut h = Md5::new();
        loop {
            let n = f.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
        }
        black_box(h.finalize());
    };
    let ours = || {
        black_box(rt.block_on(scribe_mi::mi::file_md5(file)).expect("md5"));
    };
    plain();
    let (mut a, mut b) = (vec![], vec![]);
    for _ in 0..5 {
        let t = Instant::now();
        plain();
        b.push(t.elapsed().as_nanos() as f64);
        let t = Instant::now();
        ours();
        a.push(t.elapsed().as_nanos() as f64);
    }
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0) as f64;
    let mib = |ns: f64| size / (1024.0 * 1024.0) / (ns / 1e9);
    result(
        "4",
        "MD5 pass (scribe-mi file_md5) vs buffered 1 MiB-read loop",
        mib(median(a)),
        mib(median(b)),
        "MiB/s",
    );
}

// ------------------------------------------------------------------- upload

const VARIANTS: [&str; 5] = [
    "raw",
    "symbl",
    "symbl-progress",
    "mi-put",
    "mi-put-progress",
];

/// Each variant in its own child process (its own peak RSS), raw first and
/// last so the baseline brackets the others.
fn uploads(file: &Path) {
    let exe = std::env::current_exe().expect("own path");
    let run = |variant: &str| -> (f64, f64) {
        let out = Command::new(&exe)
            .args(["upload", variant])
            .arg(file)
            .output()
            .expect("child");
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix("UPLOAD|"))
            .unwrap_or_else(|| {
                panic!(
                    "upload {variant} failed: {text} {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
        let mut parts = line.split('|');
        let mibs: f64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
        let rss: f64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
        (mibs, rss)
    };
    // Three interleaved rounds of every variant, raw included: one upload
    // of a cached file takes well under a second, so a single run is noise.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new(); VARIANTS.len()];
    for _ in 0..3 {
        for (v, out) in VARIANTS.iter().zip(runs.iter_mut()) {
            out.push(run(v));
        }
    }
    let summary = |r: &[(f64, f64)]| {
        (
            median(r.iter().map(|x| x.0).collect()),
            r.iter().map(|x| x.1).fold(0.0, f64::max),
        )
    };
    let (raw_mibs, raw_rss) = summary(&runs[0]);
    let subjects: Vec<(&str, (f64, f64))> = VARIANTS[1..]
        .iter()
        .zip(&runs[1..])
        .map(|(v, r)| (*v, summary(r)))
        .collect();
    for (v, (mibs, rss)) in subjects {
        result(
            "4",
            &format!("upload throughput: {v} vs raw reqwest 256 KiB chunks"),
            mibs,
            raw_mibs,
            "MiB/s",
        );
        result(
            "4",
            &format!("upload peak RSS: {v} vs raw reqwest (limit 64 MiB)"),
            rss,
            raw_rss,
            "MiB",
        );
    }
}

/// Peak resident set size of this process, in MiB.
fn vm_hwm_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn upload_one(variant: &str, file: &Path) {
    let base = start_server();
    let rt = runtime(2);
    let size = std::fs::metadata(file).expect("upload file").len();
    let reported = Arc::new(AtomicU64::new(0));
    let progress: auth_core::http::ProgressFn = {
        let reported = Arc::clone(&reported);
        Arc::new(move |sent, _total| reported.store(sent, Ordering::Relaxed))
    };
    let elapsed = rt.block_on(async {
        let start = Instant::now();
        match variant {
            "raw" => {
                let client = reqwest::Client::builder().build().expect("reqwest");
                let f = tokio::fs::File::open(file).await.expect("open");
                let stream = futures::stream::try_unfold(f, |mut f| async move {
                    let mut buf = BytesMut::with_capacity(CHUNK);
                    while buf.len() < CHUNK {
                        if f.read_buf(&mut buf).await? == 0 {
                            break;
                        }
                    }
                    if buf.is_empty() {
                        Ok::<_, std::io::Error>(None)
                    } else {
                        Ok(Some((buf.freeze(), f)))
                    }
                });
                let r = client
                    .put(format!("{base}upload/raw"))
                    .header("content-length", size)
                    .header("content-type", "application/octet-stream")
                    .body(reqwest::Body::wrap_stream(stream))
                    .send()
                    .await
                    .expect("raw upload");
                assert!(r.status().is_success());
            }
            "symbl" | "symbl-progress" => {
                let client = symbl::SymblClient::builder()
                    .base_url(base.clone())
                    .allow_insecure_http(true)
                    .app_id("id")
                    .app_secret("secret")
                    .build()
                    .expect("symbl");
                let p = (variant == "symbl-progress").then(|| Arc::clone(&progress));
                let upload = client
                    .process()
                    .file(symbl::api::Media::Audio, file)
                    .content_type("audio/wav");
                let upload = match p {
                    Some(p) => upload.progress(p),
                    None => upload,
                };
                upload.send().await.expect("symbl upload");
            }
            _ => {
                // The presigned PUT of MiClient::submit_task: unsigned, streamed
                // from the file, with its Content-MD5.
                let http = HttpClient::builder("scribe-mi", base.clone())
                    .allow_insecure_http(true)
                    .build()
                    .expect("http");
                let mut source = FileSource::new(file);
                if variant == "mi-put-progress" {
                    source = source.with_progress(Arc::clone(&progress));
                }
                let url = url::Url::parse(&format!("{base}upload/presigned?X-Amz-Signature=x"))
                    .expect("url");
                let upload = ApiRequest::to_url("upload_document", http::Method::PUT, url)
                    .header(
                        http::HeaderName::from_static("content-md5"),
                        http::HeaderValue::from_static("1B2M2Y8AsgTpgAmY7PhCfg=="),
                    )
                    .stream(
                        Arc::new(source),
                        http::HeaderValue::from_static("application/octet-stream"),
                    )
                    .timeout(Duration::from_secs(3600));
                http.send_unauthenticated(upload).await.expect("mi put");
            }
        }
        start.elapsed()
    });
    if variant.ends_with("progress") {
        assert_eq!(
            reported.load(Ordering::Relaxed),
            size,
            "progress reached the end"
        );
    }
    let mibs = size as f64 / (1024.0 * 1024.0) / elapsed.as_secs_f64();
    println!("UPLOAD|{mibs}|{}", vm_hwm_mib());
}
