//! The HTTP layer against local mock servers: retries, Retry-After, the
//! 401 → refresh → retry flow, typed errors.

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::time::Duration;

use auth_core::http::{ApiRequest, HeaderAuth, HttpClient, NoAuth, RetryConfig};
use auth_core::oauth::ClientCredentialsProvider;
use auth_core::secret::ClientSecret;
use auth_core::{Error, ManualClock, TokenCache, TokenSet};
use mock_servers::token_api::{CLIENT_ID, CLIENT_SECRET};
use mock_servers::{Sequence, TokenApiMock};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: &str, clock: &ManualClock) -> HttpClient {
    HttpClient::builder("demo", uri)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid config")
}

fn bearer(http: &HttpClient, clock: &ManualClock, secret: &str) -> HeaderAuth<TokenSet> {
    let provider = ClientCredentialsProvider::new(
        http.clone(),
        "oauth/token",
        CLIENT_ID,
        ClientSecret::new(secret),
    );
    HeaderAuth::bearer(
        TokenCache::builder(provider)
            .clock(Arc::new(clock.clone()))
            .build(),
    )
}

#[tokio::test]
async fn a_429_with_retry_after_waits_that_long_then_succeeds() {
    let server = MockServer::start().await;
    let seq = Sequence::new([
        ResponseTemplate::new(429).insert_header("retry-after", "2"),
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})),
    ]);
    let calls = seq.counter();
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(seq)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let http = client(&server.uri(), &clock);
    let body: serde_json::Value = http
        .send_json(ApiRequest::get("list_things", "things"), &NoAuth)
        .await
        .expect("succeeds on the second attempt");
    assert_eq!(body["ok"], true);
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(2)],
        "must wait what Retry-After says"
    );
}

#[tokio::test]
async fn three_503s_then_200_succeeds_within_the_attempt_budget() {
    let server = MockServer::start().await;
    let seq = Sequence::new([
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})),
    ]);
    let calls = seq.counter();
    Mock::given(method("GET"))
        .respond_with(seq)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let http = client(&server.uri(), &clock);
    http.send(ApiRequest::get("get", "x"), &NoAuth)
        .await
        .expect("fourth attempt succeeds");
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 4);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 3);
    // Full jitter under an exponential bound: 200 ms, 400 ms, 800 ms.
    for (wait, bound) in sleeps.iter().zip([200, 400, 800]) {
        assert!(
            *wait <= Duration::from_millis(bound),
            "{wait:?} > {bound} ms"
        );
    }
}

#[tokio::test]
async fn a_persistent_503_gives_a_typed_error_after_the_budget() {
    let server = MockServer::start().await;
    let seq = Sequence::new([ResponseTemplate::new(503)
        .insert_header("x-request-id", "req-503")
        .set_body_json(serde_json::json!({"code": "Unavailable", "message": "try later"}))]);
    let calls = seq.counter();
    Mock::given(method("GET"))
        .respond_with(seq)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let http = HttpClient::builder("demo", server.uri())
        .clock(Arc::new(clock.clone()))
        .retry(RetryConfig::default().max_retries(2))
        .build()
        .expect("valid");
    let err = http
        .send(ApiRequest::get("get_thing", "x"), &NoAuth)
        .await
        .expect_err("fails");
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 3);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.code(), Some("Unavailable"));
    assert_eq!(err.message(), Some("try later"));
    assert_eq!(err.request_id(), Some("req-503"));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_post_is_not_retried_unless_marked_safe() {
    let server = MockServer::start().await;
    let seq = Sequence::new([
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        ResponseTemplate::new(201),
    ]);
    let calls = seq.counter();
    Mock::given(method("POST"))
        .respond_with(seq)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let http = client(&server.uri(), &clock);

    let err = http
        .send(
            ApiRequest::post("create", "x")
                .json(&serde_json::json!({}))
                .expect("json"),
            &NoAuth,
        )
        .await
        .expect_err("a POST is sent once");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);

    let ok = http
        .send(ApiRequest::post("create", "x").retry_safe(true), &NoAuth)
        .await
        .expect("marked safe: retried");
    assert_eq!(ok.status().as_u16(), 201);
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_post_refused_with_429_is_retried_because_it_was_not_processed() {
    let server = MockServer::start().await;
    let seq = Sequence::new([
        ResponseTemplate::new(429)
            .set_body_json(serde_json::json!({"statusCode": 429, "message": "too many jobs"})),
        ResponseTemplate::new(201),
    ]);
    let calls = seq.counter();
    Mock::given(method("POST"))
        .respond_with(seq)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let ok = client(&server.uri(), &clock)
        .send(ApiRequest::post("submit", "jobs"), &NoAuth)
        .await
        .expect("retried after the 429");
    assert_eq!(ok.status().as_u16(), 201);
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_then_200_causes_exactly_one_refresh_and_one_retry() {
    let mock = TokenApiMock::start().await;
    let clock = ManualClock::new();
    let http = client(&mock.uri(), &clock);
    let auth = bearer(&http, &clock, CLIENT_SECRET);
    http.send(ApiRequest::get("a", "api/a"), &auth)
        .await
        .expect("first call");
    assert_eq!(mock.token_requests(), 1);

    mock.revoke_all(); // the server forgets the token: next call → 401
    let body: serde_json::Value = http
        .send_json(ApiRequest::get("b", "api/b"), &auth)
        .await
        .expect("retried with a new token");
    assert_eq!(body["path"], "/api/b");
    assert_eq!(mock.token_requests(), 2, "exactly one refresh");
    assert_eq!(mock.rejected(), 1);
    assert_eq!(mock.api_requests(), 3, "exactly one retry");
}

/// The bearer header is built once per token and shared by the requests
/// after it: a new token (after expiry, or after a refusal) must still be
/// what goes on the wire.
#[tokio::test]
async fn every_request_carries_the_current_token_after_expiry_and_after_a_refusal() {
    let mock = TokenApiMock::start().await;
    mock.set_expires_in(600);
    let clock = ManualClock::new();
    let http = client(&mock.uri(), &clock);
    let auth = bearer(&http, &clock, CLIENT_SECRET);
    let sent_tokens = || async {
        mock.server()
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path().starts_with("/api/"))
            .map(|r| {
                r.headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect::<Vec<_>>()
    };
    for name in ["a", "b"] {
        http.send(ApiRequest::get("call", format!("api/{name}")), &auth)
            .await
            .expect("first token");
    }
    clock.advance(Duration::from_secs(601));
    http.send(ApiRequest::get("call", "api/c"), &auth)
        .await
        .expect("after expiry");
    mock.revoke_all();
    http.send(ApiRequest::get("call", "api/d"), &auth)
        .await
        .expect("after the refusal");
    assert_eq!(mock.token_requests(), 3);
    let sent = sent_tokens().await;
    // a, b: token 1; c: token 2; d: token 2 refused, then token 3.
    assert_eq!(sent.len(), 5, "{sent:?}");
    assert_eq!(sent[0], sent[1]);
    assert_ne!(sent[1], sent[2], "the token after expiry");
    assert_eq!(sent[2], sent[3], "the refused token was the current one");
    assert_ne!(sent[3], sent[4], "the token after the refusal");
    assert!(sent.iter().all(|t| t.starts_with("Bearer ")));
}

#[tokio::test]
async fn a_401_twice_is_a_typed_auth_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "tok-abcdef", "expires_in": 3600
        })))
        .mount(&server)
        .await;
    let api = Sequence::new([ResponseTemplate::new(401)
        .insert_header("x-request-id", "req-401")
        .set_body_json(
            serde_json::json!({"error": "invalid_token", "message": "token tok-abcdef is revoked"}),
        )]);
    let api_calls = api.counter();
    Mock::given(method("GET"))
        .and(path("/api/x"))
        .respond_with(api)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let http = client(&server.uri(), &clock);
    let auth = bearer(&http, &clock, CLIENT_SECRET);
    let err = http
        .send(ApiRequest::get("get_x", "api/x"), &auth)
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert!(err.is_auth());
    assert_eq!(err.request_id(), Some("req-401"));
    assert_eq!(
        api_calls.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "one retry only"
    );
    assert_eq!(auth.cache().refresh_count(), 2, "one forced refresh only");
    // The token the server echoed back is scrubbed from the error.
    assert_eq!(err.message(), Some("token [REDACTED] is revoked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_401s_cause_one_refresh() {
    let mock = TokenApiMock::start().await;
    let clock = ManualClock::new();
    let http = client(&mock.uri(), &clock);
    let auth = Arc::new(bearer(&http, &clock, CLIENT_SECRET));
    http.send(ApiRequest::get("warm", "api/warm"), auth.as_ref())
        .await
        .expect("warm");
    mock.revoke_all();
    let mut tasks = Vec::new();
    for i in 0..100 {
        let (http, auth) = (http.clone(), Arc::clone(&auth));
        tasks.push(tokio::spawn(async move {
            http.send(
                ApiRequest::get("item", format!("api/item/{i}")),
                auth.as_ref(),
            )
            .await
        }));
    }
    for t in tasks {
        t.await
            .expect("ran")
            .expect("each call succeeds after the refresh");
    }
    assert_eq!(mock.token_requests(), 2, "one refresh for a hundred 401s");
}

#[tokio::test]
async fn bad_client_credentials_are_a_typed_error_not_a_retry_loop() {
    let mock = TokenApiMock::start().await;
    let clock = ManualClock::new();
    let http = client(&mock.uri(), &clock);
    let auth = bearer(&http, &clock, "wrong-secret");
    let err = http
        .send(ApiRequest::get("a", "api/a"), &auth)
        .await
        .expect_err("bad secret");
    assert!(matches!(err, Error::InvalidCredentials { .. }), "{err:?}");
    assert_eq!(err.code(), Some("invalid_client"));
    assert_eq!(mock.token_requests(), 1);
    assert_eq!(mock.api_requests(), 0);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn connection_refused_is_retried_then_typed() {
    // Bind and drop a listener to get a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let clock = ManualClock::new();
    let http = client(&format!("http://127.0.0.1:{port}"), &clock);
    let err = http
        .send(ApiRequest::post("create", "x"), &NoAuth)
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(
        clock.sleeps().len(),
        3,
        "connect errors are retried even for POST"
    );
}

#[tokio::test]
async fn base_urls_join_paths_and_queries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/conversations/c1/messages"))
        .and(wiremock::matchers::query_param("sentiment", "true"))
        .and(wiremock::matchers::header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"messages": []})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    let http = client(&format!("{}/v1", server.uri()), &clock);
    let body: serde_json::Value = http
        .send_json(
            ApiRequest::get("messages", "/conversations/c1/messages").query("sentiment", true),
            &NoAuth,
        )
        .await
        .expect("joined");
    assert!(body["messages"].is_array());
}

#[tokio::test]
async fn query_values_are_percent_encoded_not_form_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let clock = ManualClock::new();
    client(&server.uri(), &clock)
        .send(
            ApiRequest::get("list", "tasks")
                .query("company", "Acme & Sons Ltd")
                .query("jobids", "a;b;c"),
            &NoAuth,
        )
        .await
        .expect("sent");
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        received[0].url.query(),
        Some("company=Acme%20%26%20Sons%20Ltd&jobids=a%3Bb%3Bc")
    );
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_names_the_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": [{"id": 1}, {"id": "two"}]})),
        )
        .mount(&server)
        .await;
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Items {
        items: Vec<Item>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        id: u64,
    }
    let clock = ManualClock::new();
    let err = client(&server.uri(), &clock)
        .send_json::<Items>(ApiRequest::get("list", "items"), &NoAuth)
        .await
        .expect_err("bad shape");
    match err {
        Error::Decode {
            path, operation, ..
        } => {
            assert_eq!(path, "items[1].id");
            assert_eq!(operation, "list");
        }
        other => panic!("unexpected {other:?}"),
    }
}
