//! The fault matrix, per service: each service client against a local
//! server that misbehaves in one way per cell (on its token endpoint or its
//! API endpoint). Every cell asserts the outcome (recovered, or the specific
//! typed error), that it came within the call's deadline, and how many
//! requests it cost, token requests included.
//!
//! Services: Symbl, SciNote (a refresh with a rotating refresh token) and
//! Ascribe (session login) on both endpoints; Scribe MI v2 in its
//! self-managed JWT mode on the API endpoint (it signs its own tokens; its
//! SigV4 clock-skew cell is `crates/scribe-mi/tests/mi.rs`, against the MI
//! mock and moto).
//!
//! Faults at the socket level (a reset before the headers or in the middle
//! of a body, a body that stalls after its headers) come from a raw HTTP/1.1
//! server (`socket_server`), since wiremock cannot make them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ascribe_coder::AscribeClient;
use auth_core::http::RetryConfig;
use auth_core::secret::{AccessToken, Password, RefreshToken};
use auth_core::{
    Clock, ErrorMetadata, Lifetime, MemoryStore, StoredToken, SystemClock, TokenSet, TokenStore,
};
use scinote::SciNoteClient;
use serde_json::json;
use symbl::SymblClient;
use wiremock::matchers::path_regex;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Retries per call (so at most this + 1 attempts).
const RETRIES: u64 = 3;
/// One attempt's timeout, and the whole call's deadline.
const ATTEMPT: Duration = Duration::from_millis(300);
const DEADLINE: Duration = Duration::from_millis(1500);

/// A scripted answer for the n-th request (from 1); `None`: the service's
/// good answer.
type Script = fn(u64) -> Option<ResponseTemplate>;

/// The service's good answer to the n-th request.
type Good = fn(u64) -> ResponseTemplate;

struct Counting {
    n: Arc<AtomicU64>,
    script: Script,
    good: Good,
}

impl Respond for Counting {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.n.fetch_add(1, Ordering::SeqCst) + 1;
        (self.script)(n).unwrap_or_else(|| (self.good)(n))
    }
}

async fn mount(server: &MockServer, route: &str, script: Script, good: Good) -> Arc<AtomicU64> {
    let n = Arc::new(AtomicU64::new(0));
    Mock::given(path_regex(route))
        .respond_with(Counting {
            n: Arc::clone(&n),
            script,
            good,
        })
        .mount(server)
        .await;
    n
}

/// What a call ended in, service-independent (through `ErrorMetadata`).
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// The kind of the `auth_core::Error` under the service's error, and
    /// the HTTP status where there was one.
    Err(&'static str, Option<u16>),
}

fn outcome<T, E: ErrorMetadata + std::fmt::Display>(result: Result<T, E>) -> Outcome {
    let Err(e) = result else {
        return Outcome::Ok;
    };
    use auth_core::Error as E2;
    let kind = match e.core_error() {
        Some(E2::Api(_)) => "api",
        Some(E2::RateLimited(_)) => "rate_limited",
        Some(E2::Unauthorized(_)) => "unauthorized",
        Some(E2::InvalidCredentials { .. }) => "invalid_credentials",
        Some(E2::ReauthorizationRequired { .. }) => "reauthorization_required",
        Some(E2::Timeout { .. }) => "timeout",
        Some(E2::ResponseTooLarge { .. }) => "response_too_large",
        Some(E2::Decode { .. }) => "decode",
        Some(E2::Transport { .. }) => "transport",
        Some(E2::Connect { .. }) => "connect",
        Some(_) => "other",
        // A service's own error variant for an HTTP answer.
        None if e.status().is_some() => "api",
        None => "service",
    };
    Outcome::Err(kind, e.status().map(|s| s.as_u16()))
}

/// One service as the matrix drives it.
struct Service {
    name: &'static str,
    token_route: &'static str,
    api_route: &'static str,
    token_ok: Good,
    api_ok: Good,
    /// Builds a client on `uri` (quick retries, short timeouts, a response
    /// cap of 64 KiB) and makes one authenticated call.
    call: fn(String) -> futures::future::BoxFuture<'static, Outcome>,
    /// Whether the token endpoint is a refresh with a refresh token (a
    /// revoked one is then `reauthorization_required`).
    refreshes: bool,
    /// The API path's end (lower case), and raw good bodies, for the
    /// socket-level cells (a server that is not wiremock).
    api_suffix: &'static str,
    api_body: &'static str,
    token_body: &'static str,
    /// Whether the service has a token endpoint here (Scribe's self-managed
    /// JWT mode signs its own tokens: the token-endpoint cells do not apply).
    token_endpoint: bool,
}

fn retry() -> RetryConfig {
    RetryConfig::default()
        .max_retries(RETRIES as usize)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
}

macro_rules! tuned {
    ($builder:expr) => {
        $builder
            .retry(retry())
            .timeout(ATTEMPT)
            .deadline(DEADLINE)
            .max_response_size(64 * 1024)
    };
}

fn symbl() -> Service {
    Service {
        name: "symbl",
        token_route: "token:generate$",
        api_route: "/v1/conversations$",
        token_ok: |_| {
            ResponseTemplate::new(200)
                .set_body_json(json!({"accessToken": "t", "expiresIn": 86400}))
        },
        api_ok: |_| ResponseTemplate::new(200).set_body_json(json!({"conversations": []})),
        call: |uri| {
            Box::pin(async move {
                let client = tuned!(SymblClient::builder().base_url(uri))
                    .app_id("app")
                    .app_secret("secret")
                    .build()
                    .expect("client");
                outcome(client.conversations().list().send().await)
            })
        },
        refreshes: false,
        api_suffix: "/v1/conversations",
        api_body: r#"{"conversations": []}"#,
        token_body: r#"{"accessToken": "t", "expiresIn": 86400}"#,
        token_endpoint: true,
    }
}

fn scinote() -> Service {
    Service {
        name: "scinote",
        token_route: "oauth/token$",
        api_route: "/api/v1/teams$",
        token_ok: |_| {
            ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "t", "refresh_token": "r2", "token_type": "Bearer",
                "expires_in": 7200, "created_at": unix_now()
            }))
        },
        api_ok: |_| ResponseTemplate::new(200).set_body_json(json!({"data": [], "links": {}})),
        call: |uri| {
            Box::pin(async move {
                // An expired access token and a refresh token in the store:
                // the call starts with a refresh.
                let store = Arc::new(MemoryStore::new());
                let clock = SystemClock;
                let expired = TokenSet::new(
                    AccessToken::new("old"),
                    Lifetime::expires_in(clock.now(), Duration::ZERO),
                )
                .with_refresh_token(Some(RefreshToken::new("r1")));
                store
                    .save("k", &StoredToken::from_token_set(&expired, &clock))
                    .await
                    .expect("seed");
                let client = tuned!(SciNoteClient::builder().server_url(uri))
                    .client_id("id")
                    .client_secret("secret")
                    .token_store(store)
                    .store_key("k")
                    .build()
                    .expect("client");
                outcome(client.teams().list().send().await)
            })
        },
        refreshes: true,
        api_suffix: "/api/v1/teams",
        api_body: r#"{"data": [], "links": {}}"#,
        token_body: r#"{"access_token": "t", "refresh_token": "r2", "token_type": "Bearer", "expires_in": 7200}"#,
        token_endpoint: true,
    }
}

fn ascribe() -> Service {
    Service {
        name: "ascribe",
        token_route: "(?i)/sessions$",
        api_route: "(?i)/studies$",
        token_ok: |n| {
            ResponseTemplate::new(200).set_body_json(
                json!({"authenticationToken": format!("s{n}"), "bearerToken": "bearer b"}),
            )
        },
        api_ok: |_| ResponseTemplate::new(200).set_body_json(json!({"studies": []})),
        call: |uri| {
            Box::pin(async move {
                let client = tuned!(AscribeClient::builder().base_url(uri))
                    .credentials("acct", "me", Password::new("pw"))
                    .build()
                    .expect("client");
                outcome(client.studies().list().send().await)
            })
        },
        refreshes: false,
        api_suffix: "/studies",
        api_body: r#"{"studies": []}"#,
        token_body: r#"{"authenticationToken": "s1"}"#,
        token_endpoint: true,
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Scribe MI v2 in the self-managed JWT mode (machine to machine: the
/// client signs its own RS256 tokens, so the API cells apply and the token
/// ones do not; Cognito's own faults are the AWS SDK's).
fn scribe_v2_jwt() -> Service {
    Service {
        name: "scribe-mi v2 (JWT)",
        token_route: "^/never-called$",
        api_route: "/v2/tasks$",
        token_ok: |_| ResponseTemplate::new(404),
        api_ok: |_| ResponseTemplate::new(200).set_body_json(json!({"tasks": []})),
        call: |uri| {
            Box::pin(async move {
                use scribe_mi::jwt::{RsaPrivateKey, SelfManagedSigner};
                const KEY: &str =
                    include_str!("../../crates/scribe-mi/tests/fixtures/jwt_test_key.pem");
                let signer =
                    SelfManagedSigner::new(&RsaPrivateKey::from_pem(KEY), "fault-matrix", "worker")
                        .expect("signer");
                let client = tuned!(scribe_mi::MiClient::builder().api_url(format!("{uri}/v2")))
                    .self_managed_jwt(signer, ["mi:read"], Duration::from_secs(900))
                    .build()
                    .expect("client");
                outcome(client.list_tasks().send().await)
            })
        },
        refreshes: false,
        api_suffix: "/v2/tasks",
        api_body: r#"{"tasks": []}"#,
        token_body: r#"{}"#,
        token_endpoint: false,
    }
}

/// One cell: a script for the token endpoint and for the API, the expected outcome and request bounds.
struct Cell {
    name: &'static str,
    token: Script,
    api: Script,
    expect: fn(&Service) -> Outcome,
    /// Whether the fault is on the token endpoint (the API is left alone).
    touches_token_endpoint: bool,
    /// At most this many token and API requests.
    max_token: u64,
    max_api: u64,
}

fn html(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/html")
        .set_body_string("<html><body>Bad gateway</body></html>")
}

fn cells() -> Vec<Cell> {
    let attempts = RETRIES + 1;
    vec![
        Cell {
            name: "429 with Retry-After, then ok",
            token: |_| None,
            api: |n| (n == 1).then(|| ResponseTemplate::new(429).insert_header("retry-after", "1")),
            expect: |_| Outcome::Ok,
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 2,
        },
        Cell {
            name: "429 without Retry-After, then ok",
            token: |_| None,
            api: |n| (n == 1).then(|| ResponseTemplate::new(429)),
            expect: |_| Outcome::Ok,
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 2,
        },
        Cell {
            name: "429 with RateLimit-Reset, then ok",
            token: |_| None,
            api: |n| {
                (n == 1).then(|| ResponseTemplate::new(429).insert_header("ratelimit-reset", "1"))
            },
            expect: |_| Outcome::Ok,
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 2,
        },
        Cell {
            name: "a burst of three 503s, then ok",
            token: |_| None,
            api: |n| (n <= 3).then(|| ResponseTemplate::new(503)),
            expect: |_| Outcome::Ok,
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 4,
        },
        Cell {
            name: "503 always",
            token: |_| None,
            api: |_| Some(ResponseTemplate::new(503)),
            expect: |_| Outcome::Err("api", Some(503)),
            touches_token_endpoint: false,
            max_token: 1,
            max_api: attempts,
        },
        Cell {
            name: "HTML 502 always",
            token: |_| None,
            api: |_| Some(html(502)),
            expect: |_| Outcome::Err("api", Some(502)),
            touches_token_endpoint: false,
            max_token: 1,
            max_api: attempts,
        },
        Cell {
            name: "HTML on 200",
            token: |_| None,
            api: |_| Some(html(200)),
            expect: |_| Outcome::Err("decode", None),
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 1,
        },
        Cell {
            name: "empty 200",
            token: |_| None,
            api: |_| Some(ResponseTemplate::new(200)),
            expect: |_| Outcome::Err("decode", None),
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 1,
        },
        Cell {
            name: "truncated JSON",
            token: |_| None,
            api: |_| Some(ResponseTemplate::new(200).set_body_string(r#"{"data": [{"id": "1", "#)),
            expect: |_| Outcome::Err("decode", None),
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 1,
        },
        Cell {
            name: "oversize body",
            token: |_| None,
            api: |_| Some(ResponseTemplate::new(200).set_body_string("x".repeat(200 * 1024))),
            expect: |_| Outcome::Err("response_too_large", None),
            touches_token_endpoint: false,
            max_token: 1,
            max_api: 1,
        },
        Cell {
            name: "headers stall on every attempt",
            token: |_| None,
            api: |_| Some(ResponseTemplate::new(200).set_delay(Duration::from_secs(10))),
            expect: |_| Outcome::Err("timeout", None),
            touches_token_endpoint: false,
            max_token: 1,
            max_api: attempts,
        },
        Cell {
            name: "401 once, then ok",
            token: |_| None,
            api: |n| (n == 1).then(|| ResponseTemplate::new(401)),
            expect: |_| Outcome::Ok,
            touches_token_endpoint: false,
            max_token: 2,
            max_api: 2,
        },
        Cell {
            name: "401 always",
            token: |_| None,
            api: |_| Some(ResponseTemplate::new(401)),
            expect: |_| Outcome::Err("unauthorized", Some(401)),
            touches_token_endpoint: false,
            max_token: 2,
            max_api: 2,
        },
        Cell {
            name: "token endpoint 500 always",
            token: |_| Some(ResponseTemplate::new(500)),
            api: no_fault,
            expect: |_| Outcome::Err("api", Some(500)),
            touches_token_endpoint: true,
            max_token: attempts,
            max_api: 0,
        },
        Cell {
            name: "token endpoint HTML 502 always",
            token: |_| Some(html(502)),
            api: no_fault,
            expect: |_| Outcome::Err("api", Some(502)),
            touches_token_endpoint: true,
            max_token: attempts,
            max_api: 0,
        },
        Cell {
            name: "token endpoint garbage on 200",
            token: |_| Some(ResponseTemplate::new(200).set_body_string("\u{0}\u{1}not json")),
            api: no_fault,
            expect: |_| Outcome::Err("decode", None),
            touches_token_endpoint: true,
            max_token: 1,
            max_api: 0,
        },
        Cell {
            name: "token endpoint refuses (400 invalid_grant / bad credentials)",
            token: |_| {
                Some(ResponseTemplate::new(400).set_body_json(json!({
                    "error": "invalid_grant", "error_description": "revoked",
                    "message": "invalid credentials"
                })))
            },
            api: no_fault,
            expect: |s| {
                if s.refreshes {
                    Outcome::Err("reauthorization_required", None)
                } else {
                    Outcome::Err("invalid_credentials", None)
                }
            },
            touches_token_endpoint: true,
            max_token: 1,
            max_api: 0,
        },
    ]
}

/// The script of a cell that leaves the API alone (a token-endpoint cell).
fn no_fault(_: u64) -> Option<ResponseTemplate> {
    None
}

/// Runs every cell against `service`; collects every mismatch so one run
/// shows the whole column.
async fn run_matrix(service: Service) {
    let mut failures = Vec::new();
    for cell in cells() {
        if !service.token_endpoint && cell.touches_token_endpoint {
            continue;
        }
        let server = MockServer::start().await;
        let tokens = mount(&server, service.token_route, cell.token, service.token_ok).await;
        let api = mount(&server, service.api_route, cell.api, service.api_ok).await;
        let started = Instant::now();
        let got = (service.call)(server.uri()).await;
        let took = started.elapsed();
        let (t, a) = (tokens.load(Ordering::SeqCst), api.load(Ordering::SeqCst));
        let want = (cell.expect)(&service);
        let matches = want == got;
        // A Retry-After / RateLimit-Reset of 1 s is waited for; anything
        // else ends within the deadline (plus scheduling slack).
        let limit = DEADLINE + Duration::from_millis(700);
        if !matches || t > cell.max_token || a > cell.max_api || took > limit {
            failures.push(format!(
                "{} / {}: got {got:?} (want {want:?}), {t} token requests (max {}), {a} API requests (max {}), {took:?}",
                service.name, cell.name, cell.max_token, cell.max_api
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "fault matrix:\n{}",
        failures.join("\n")
    );
}

/// Faults below HTTP, which wiremock cannot make.
#[derive(Debug, Clone, Copy)]
enum SocketFault {
    /// Every API connection closes right after the request, no answer.
    ResetBeforeHeaders,
    /// The first API answer stops in the middle of its body; then good.
    ResetMidBodyOnce,
    /// Every API answer sends its headers and part of the body, then stalls.
    BodyStallsAlways,
}

/// A raw HTTP/1.1 server: the service's good token answer on any other
/// path, `fault` on the API path. Returns its URL and the API request count.
async fn socket_server(service: &Service, fault: SocketFault) -> (String, Arc<AtomicU64>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let api = Arc::new(AtomicU64::new(0));
    let (count, suffix) = (Arc::clone(&api), service.api_suffix);
    let (api_body, token_body) = (service.api_body, service.token_body);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let count = Arc::clone(&count);
            tokio::spawn(async move {
                // The request head (and any small body) in one read.
                let mut buf = vec![0u8; 16 * 1024];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).to_lowercase();
                let path = head.split_whitespace().nth(1).unwrap_or("").to_owned();
                let path = path.split('?').next().unwrap_or("").to_owned();
                let answer = |body: &str| {
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                if !path.ends_with(suffix) {
                    let _ = socket.write_all(answer(token_body).as_bytes()).await;
                    return;
                }
                let k = count.fetch_add(1, Ordering::SeqCst);
                let full = answer(api_body);
                let cut = full.len() - api_body.len() / 2;
                match fault {
                    SocketFault::ResetBeforeHeaders => {}
                    SocketFault::ResetMidBodyOnce if k == 0 => {
                        let _ = socket.write_all(&full.as_bytes()[..cut]).await;
                    }
                    SocketFault::ResetMidBodyOnce => {
                        let _ = socket.write_all(full.as_bytes()).await;
                    }
                    SocketFault::BodyStallsAlways => {
                        let _ = socket.write_all(&full.as_bytes()[..cut]).await;
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), api)
}

/// The socket-level cells against `service`.
async fn run_socket_cells(service: Service) {
    let attempts = RETRIES + 1;
    let cells = [
        (SocketFault::ResetBeforeHeaders, "transport", attempts),
        (SocketFault::ResetMidBodyOnce, "ok", 2),
        (SocketFault::BodyStallsAlways, "timeout", attempts),
    ];
    let mut failures = Vec::new();
    for (fault, want, max_api) in cells {
        let (uri, api) = socket_server(&service, fault).await;
        let started = Instant::now();
        let got = (service.call)(uri).await;
        let took = started.elapsed();
        let a = api.load(Ordering::SeqCst);
        let kind = match &got {
            Outcome::Ok => "ok",
            Outcome::Err(kind, _) => kind,
        };
        if kind != want || a > max_api || took > DEADLINE + Duration::from_millis(700) {
            failures.push(format!(
                "{} / {fault:?}: got {got:?} (want {want}), {a} API requests (max {max_api}), {took:?}",
                service.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "socket faults:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn socket_faults_per_service() {
    for service in [symbl(), scinote(), ascribe(), scribe_v2_jwt()] {
        run_socket_cells(service).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symbl_fault_matrix() {
    run_matrix(symbl()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scinote_fault_matrix() {
    run_matrix(scinote()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ascribe_fault_matrix() {
    run_matrix(ascribe()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scribe_v2_jwt_fault_matrix() {
    run_matrix(scribe_v2_jwt()).await;
}
