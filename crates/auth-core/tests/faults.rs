//! The HTTP layer against servers that misbehave: each case ends recovered
//! or with the specific typed error, within the call's deadline, with a
//! bounded number of requests (token requests included).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use auth_core::http::{ApiRequest, HeaderAuth, HttpClient, NoAuth, RetryConfig};
use auth_core::oauth::ClientCredentialsProvider;
use auth_core::secret::ClientSecret;
use auth_core::{Error, ErrorMetadata, ManualClock, TimeoutKind, TokenCache, TokenSet};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Counts requests and answers each with `f(n)` (n from 1).
struct Counting<F> {
    n: Arc<AtomicU64>,
    f: F,
}

impl<F: Fn(u64) -> ResponseTemplate + Send + Sync> Respond for Counting<F> {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.n.fetch_add(1, Ordering::SeqCst) + 1;
        (self.f)(n)
    }
}

async fn mount<F>(server: &MockServer, route: &str, f: F) -> Arc<AtomicU64>
where
    F: Fn(u64) -> ResponseTemplate + Send + Sync + 'static,
{
    let n = Arc::new(AtomicU64::new(0));
    Mock::given(path(route))
        .respond_with(Counting {
            n: Arc::clone(&n),
            f,
        })
        .mount(server)
        .await;
    n
}

fn quick_retry() -> RetryConfig {
    RetryConfig::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn client(uri: &str, clock: &ManualClock) -> HttpClient {
    HttpClient::builder("demo", uri)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("client")
}

fn bearer(http: &HttpClient, clock: &ManualClock) -> HeaderAuth<TokenSet> {
    let provider =
        ClientCredentialsProvider::new(http.clone(), "oauth/token", "id", ClientSecret::new("s"));
    HeaderAuth::bearer(
        TokenCache::builder(provider)
            .clock(Arc::new(clock.clone()))
            .build(),
    )
}

fn token_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": "tok", "token_type": "Bearer", "expires_in": 3600
    }))
}

#[tokio::test]
async fn a_token_endpoint_failing_every_time_costs_at_most_retries_plus_one_token_requests() {
    for answer in [
        ResponseTemplate::new(500),
        ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"),
        ResponseTemplate::new(200).set_body_string("garbage{"),
    ] {
        let server = MockServer::start().await;
        let tokens = mount(&server, "/oauth/token", move |_| answer.clone()).await;
        let api = mount(&server, "/things", |_| ResponseTemplate::new(200)).await;
        let clock = ManualClock::new();
        let http = client(&server.uri(), &clock);
        let auth = bearer(&http, &clock);
        let err = http
            .send(ApiRequest::get("list_things", "things"), &auth)
            .await
            .expect_err("no token can be had");
        let max = auth_core::http::DEFAULT_MAX_RETRIES as u64 + 1;
        assert!(
            tokens.load(Ordering::SeqCst) <= max,
            "{} token requests for one call ({err})",
            tokens.load(Ordering::SeqCst)
        );
        assert_eq!(
            api.load(Ordering::SeqCst),
            0,
            "nothing sent without a token"
        );
    }
}

#[tokio::test]
async fn a_persistent_503_is_retried_the_configured_number_of_times_then_typed() {
    let server = MockServer::start().await;
    let n = mount(&server, "/things", |_| ResponseTemplate::new(503)).await;
    let clock = ManualClock::new();
    let http = client(&server.uri(), &clock);
    let err = http
        .send_unauthenticated(ApiRequest::get("list_things", "things"))
        .await
        .expect_err("503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(n.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_401_always_is_one_refresh_then_a_typed_auth_error() {
    let server = MockServer::start().await;
    let tokens = mount(&server, "/oauth/token", |_| token_ok()).await;
    let api = mount(&server, "/things", |_| ResponseTemplate::new(401)).await;
    let clock = ManualClock::new();
    let http = client(&server.uri(), &clock);
    let auth = bearer(&http, &clock);
    let err = http
        .send(ApiRequest::get("list_things", "things"), &auth)
        .await
        .expect_err("refused");
    assert!(
        matches!(err, Error::Unauthorized(_)) && err.is_auth(),
        "{err}"
    );
    assert_eq!(
        (tokens.load(Ordering::SeqCst), api.load(Ordering::SeqCst)),
        (2, 2)
    );
}

#[tokio::test]
async fn a_server_stalling_on_every_attempt_ends_at_the_call_deadline() {
    let server = MockServer::start().await;
    let n = mount(&server, "/things", |_| {
        ResponseTemplate::new(200).set_delay(Duration::from_secs(30))
    })
    .await;
    // Real time here: the stall is real.
    let http = HttpClient::builder("demo", server.uri())
        .timeout(Duration::from_millis(200))
        .deadline(Duration::from_millis(700))
        .retry(quick_retry())
        .build()
        .expect("client");
    let started = Instant::now();
    let err = http
        .send_unauthenticated(ApiRequest::get("list_things", "things"))
        .await
        .expect_err("stalled");
    let took = started.elapsed();
    assert!(
        matches!(
            err,
            Error::Timeout {
                limit: TimeoutKind::Deadline,
                ..
            }
        ),
        "{err}"
    );
    assert!(took < Duration::from_millis(1_500), "took {took:?}");
    assert!(n.load(Ordering::SeqCst) <= 4);
}

#[tokio::test]
async fn an_oversize_body_is_a_typed_error_not_buffered() {
    let server = MockServer::start().await;
    mount(&server, "/big", |_| {
        ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 3 * 1024 * 1024])
    })
    .await;
    let http = HttpClient::builder("demo", server.uri())
        .max_response_size(1024 * 1024)
        .build()
        .expect("client");
    let err = http
        .send_unauthenticated(ApiRequest::get("get_big", "big"))
        .await
        .expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err}");
}

#[tokio::test]
async fn html_on_200_and_an_empty_200_are_decode_errors() {
    let server = MockServer::start().await;
    mount(&server, "/html", |_| {
        ResponseTemplate::new(200).set_body_string("<html>login</html>")
    })
    .await;
    mount(&server, "/empty", |_| ResponseTemplate::new(200)).await;
    let http = client(&server.uri(), &ManualClock::new());
    for route in ["html", "empty"] {
        let err = http
            .send_json::<serde_json::Value>(ApiRequest::get("get", route), &NoAuth)
            .await
            .expect_err("not JSON");
        assert!(matches!(err, Error::Decode { .. }), "{route}: {err}");
    }
}

/// A server whose first connection sends half a body and resets; later
/// ones answer properly.
async fn reset_mid_body_once() -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let n = Arc::new(AtomicU64::new(0));
    let count = Arc::clone(&n);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let k = count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                if k == 0 {
                    let _ = socket
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n{\"ok\":")
                        .await;
                    // Dropped: the body stops short, the connection closes.
                } else {
                    let body = br#"{"ok":true}"#;
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(body).await;
                }
            });
        }
    });
    (format!("http://{addr}"), n)
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_retried_for_a_get_but_not_a_post() {
    let (uri, n) = reset_mid_body_once().await;
    let http = client(&uri, &ManualClock::new());
    let body: serde_json::Value = http
        .send_json(ApiRequest::get("get", "x"), &NoAuth)
        .await
        .expect("recovered");
    assert_eq!(body["ok"], true);
    assert_eq!(n.load(Ordering::SeqCst), 2);

    let (uri, n) = reset_mid_body_once().await;
    let http = client(&uri, &ManualClock::new());
    let err = http
        .send_json::<serde_json::Value>(ApiRequest::post("create", "x"), &NoAuth)
        .await
        .expect_err("a POST is not sent twice");
    assert!(
        matches!(
            err,
            Error::Transport {
                during_body: true,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(n.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_burst_of_503s_is_shed_by_the_retry_budget_not_multiplied() {
    let server = MockServer::start().await;
    const CALLS: u64 = 1_000;
    // The first CALLS requests fail (every first attempt); the rest succeed.
    let n = mount(&server, "/things", |k| {
        if k <= CALLS {
            ResponseTemplate::new(503)
        } else {
            ResponseTemplate::new(200)
        }
    })
    .await;
    let clock = ManualClock::new();
    let http = client(&server.uri(), &clock);
    let calls: Vec<_> = (0..CALLS)
        .map(|_| {
            let http = http.clone();
            tokio::spawn(async move {
                http.send_unauthenticated(ApiRequest::get("list_things", "things"))
                    .await
            })
        })
        .collect();
    for c in calls {
        let _ = c.await.expect("task");
    }
    let sent = n.load(Ordering::SeqCst);
    assert!(
        sent as f64 <= 1.5 * CALLS as f64,
        "{sent} requests for {CALLS} calls"
    );
}

#[tokio::test]
async fn after_a_429_with_retry_after_no_call_of_the_client_is_sent_before_the_reset() {
    let server = MockServer::start().await;
    let started = Instant::now();
    let arrivals = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&arrivals);
    mount(&server, "/things", move |k| {
        seen.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(started.elapsed());
        if k == 1 {
            ResponseTemplate::new(429).insert_header("retry-after", "1")
        } else {
            ResponseTemplate::new(200)
        }
    })
    .await;
    // Real time: the gate's wait is what is measured.
    let http = HttpClient::builder("demo", server.uri())
        .build()
        .expect("client");
    http.send_unauthenticated(ApiRequest::get("first", "things"))
        .await
        .expect("the first call waits for the reset, then succeeds");
    let arrivals = arrivals
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_millis(900));

    // While the gate is closed, new calls of the same client wait too.
    let server = MockServer::start().await;
    let started = Instant::now();
    let arrivals = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&arrivals);
    mount(&server, "/things", move |k| {
        seen.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(started.elapsed());
        if k == 1 {
            ResponseTemplate::new(429).insert_header("retry-after", "1")
        } else {
            ResponseTemplate::new(200)
        }
    })
    .await;
    let http = HttpClient::builder("demo", server.uri())
        .build()
        .expect("client");
    let first = {
        let http = http.clone();
        tokio::spawn(async move {
            http.send_unauthenticated(ApiRequest::get("first", "things"))
                .await
        })
    };
    // The first call has taken its 429 once it spent retry budget (the gate
    // closes just before that).
    while http.retry_budget().available() == 500 {
        tokio::task::yield_now().await;
    }
    let others: Vec<_> = (0..19)
        .map(|_| {
            let http = http.clone();
            tokio::spawn(async move {
                http.send_unauthenticated(ApiRequest::get("other", "things"))
                    .await
            })
        })
        .collect();
    for call in others {
        call.await.expect("task").expect("served after the reset");
    }
    first.await.expect("task").expect("first");
    let arrivals = arrivals
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    assert_eq!(arrivals.len(), 21);
    let held_back = arrivals[1..]
        .iter()
        .filter(|t| **t - arrivals[0] < Duration::from_millis(900))
        .count();
    assert_eq!(held_back, 0, "requests sent before the reset: {arrivals:?}");
}

#[tokio::test]
async fn plain_http_is_refused_for_other_hosts_unless_allowed() {
    let err = HttpClient::builder("demo", "http://api.example.com")
        .build()
        .expect_err("clear text to a remote host");
    assert!(matches!(err, Error::Config(_)), "{err}");
    assert!(err.to_string().contains("allow_insecure_http"), "{err}");
    for local in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9"] {
        assert!(
            HttpClient::builder("demo", local).build().is_ok(),
            "{local}"
        );
    }
    assert!(
        HttpClient::builder("demo", "http://api.example.com")
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
}

/// The per-attempt timeout covers the body, not only the headers: a server
/// that sends its headers and half a body, then stalls, ends as that
/// timeout (not the call deadline, far away here), as a typed error.
#[tokio::test]
async fn a_body_stalling_after_its_headers_ends_at_the_attempt_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n{\"ok\":")
                    .await;
                // Held open, silent: the body never ends.
                tokio::time::sleep(Duration::from_secs(30)).await;
                drop(socket);
            });
        }
    });
    let http = HttpClient::builder("demo", format!("http://{addr}"))
        .timeout(Duration::from_millis(200))
        .deadline(Duration::from_secs(20))
        .retry(RetryConfig::default().max_retries(0))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = http
        .send_unauthenticated(ApiRequest::get("stalled", "x"))
        .await
        .expect_err("stalled body");
    assert!(
        matches!(
            err,
            Error::Timeout {
                limit: TimeoutKind::Attempt,
                ..
            }
        ),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}
