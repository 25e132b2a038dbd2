//! Authentication against the stateful mock: one login for many calls,
//! sliding idle expiry on a controlled clock, re-login on 401, bearer tokens
//! sent verbatim, exactly one auth header per request.

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::time::Duration;

use ascribe_coder::auth_core::ManualClock;
use ascribe_coder::auth_core::secret::{AccessToken, Password};
use ascribe_coder::{AscribeClient, AscribeClientBuilder, Error, TokenMode};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};

fn config(mock: &AscribeMock, clock: &ManualClock) -> AscribeClientBuilder {
    AscribeClient::builder()
        .base_url(mock.uri())
        .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
        .clock(Arc::new(clock.clone()))
}

fn client(builder: AscribeClientBuilder) -> AscribeClient {
    builder.build().expect("client")
}

/// The auth headers of every request that was not a login.
async fn auth_headers(mock: &AscribeMock) -> Vec<(Option<String>, Option<String>)> {
    mock.server()
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| !r.url.path().to_ascii_lowercase().contains("session"))
        .map(|r| {
            let h = |n: &str| {
                r.headers
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            (h("authentication"), h("authorization"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_login_serves_100_concurrent_calls() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock));
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move { c.studies().list().send().await }));
    }
    for t in tasks {
        t.await.expect("task").expect("call succeeds");
    }
    assert_eq!(mock.logins(), 1, "single-flight login");
    assert_eq!(client.login_count(), 1);
    assert_eq!(mock.requests(), 101);
}

#[tokio::test]
async fn a_session_idle_for_31_minutes_is_replaced_before_the_next_call() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock));
    client.studies().list().send().await.expect("first call");
    assert_eq!(mock.logins(), 1);

    clock.advance(Duration::from_secs(31 * 60));
    client.studies().list().send().await.expect("after idle");
    assert_eq!(mock.logins(), 2, "31 minutes idle: log in again first");
    assert_eq!(mock.rejected(), 0, "the stale token was never sent");

    let headers = auth_headers(&mock).await;
    assert_ne!(headers[0].0, headers[1].0, "a new session token is used");
}

#[tokio::test]
async fn a_session_used_every_29_minutes_lives_on() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock));
    client.studies().list().send().await.expect("first call");
    for _ in 0..4 {
        // Each call extends the sliding expiry: two hours with one login.
        clock.advance(Duration::from_secs(29 * 60));
        client.studies().list().send().await.expect("call");
    }
    assert_eq!(mock.logins(), 1, "29 minutes idle: no new login");
}

#[tokio::test]
async fn a_401_logs_in_again_once_and_retries_once() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock));
    client.studies().list().send().await.expect("first call");
    mock.expire_sessions();
    client
        .studies()
        .list()
        .send()
        .await
        .expect("healed by a re-login");
    assert_eq!(mock.logins(), 2);
    assert_eq!(mock.rejected(), 1);
    assert_eq!(mock.requests(), 5, "login, call, 401, login, retry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_401s_at_once_cause_one_re_login() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock));
    client.login().await.expect("login");
    mock.expire_sessions();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move { c.companies().list().await }));
    }
    for t in tasks {
        t.await.expect("task").expect("healed");
    }
    assert_eq!(mock.logins(), 2, "one re-login for every rejected call");
}

#[tokio::test]
async fn the_bearer_token_is_sent_verbatim_and_can_be_reused() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let first = client(config(&mock, &clock).token_mode(TokenMode::Bearer));
    first.studies().list().send().await.expect("call");
    let token = first.bearer_token().expect("bearer mode holds a token");
    assert!(token.expose_secret().starts_with("bearer eyJ"));

    let headers = auth_headers(&mock).await;
    assert_eq!(headers.len(), 1);
    assert_eq!(headers[0].0, None, "no session header in bearer mode");
    assert_eq!(
        headers[0].1.as_deref(),
        Some(token.expose_secret()),
        "sent exactly as issued"
    );

    // Reused later (even saved with a doubled prefix): no login at all.
    let doubled = AccessToken::new(format!("Bearer {}", token.expose_secret()));
    let second = client(config(&mock, &clock).bearer_token(doubled));
    second.companies().list().await.expect("reused token works");
    assert_eq!(mock.logins(), 1);
    assert_eq!(mock.rejected(), 0, "never `Bearer bearer`");
    let headers = auth_headers(&mock).await;
    assert_eq!(headers[1].1.as_deref(), Some(token.expose_secret()));
}

#[tokio::test]
async fn a_bearer_token_needs_no_credentials_to_be_reused() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let first = client(config(&mock, &clock).token_mode(TokenMode::Bearer));
    first.login().await.expect("login");
    let token = first.bearer_token().expect("token");
    let reused = client(
        AscribeClient::builder()
            .base_url(mock.uri())
            .bearer_token(token)
            .clock(Arc::new(clock.clone())),
    );
    reused.studies().list().send().await.expect("works");
    mock.change_password("n3w-pa55word!");
    let err = reused
        .studies()
        .list()
        .send()
        .await
        .expect_err("token dead, nothing to log in with");
    assert!(
        matches!(err, Error::CredentialsChanged { .. }),
        "got {err:?}"
    );
}

#[tokio::test]
async fn a_rejected_bearer_token_after_a_password_change_is_a_typed_error() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock).token_mode(TokenMode::Bearer));
    client.studies().list().send().await.expect("call");
    mock.change_password("n3w-pa55word!");
    let err = client
        .studies()
        .list()
        .send()
        .await
        .expect_err("credentials changed");
    assert!(
        matches!(err, Error::CredentialsChanged { .. }),
        "got {err:?}"
    );
    assert!(err.is_auth() && !err.is_retryable());
    let logins = mock
        .server()
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/Sessions")
        .count();
    assert_eq!(logins, 2, "exactly one re-login attempt");
}

#[tokio::test]
async fn a_bearer_token_revoked_server_side_is_renewed_by_one_login() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock).token_mode(TokenMode::Bearer));
    client.login().await.expect("login");
    let before = client.bearer_token().expect("token");
    // Same password again: bearer tokens die, the credentials still work.
    mock.change_password(PASSWORD);
    client.studies().list().send().await.expect("healed");
    assert_eq!(mock.logins(), 2);
    assert_ne!(client.bearer_token(), Some(before));
}

#[tokio::test]
async fn only_one_auth_header_is_ever_sent_and_json_is_asked_for() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let session = client(config(&mock, &clock));
    let bearer = client(config(&mock, &clock).token_mode(TokenMode::Bearer));
    for c in [&session, &bearer] {
        c.studies().list().send().await.expect("list");
        c.companies().list().await.expect("companies");
    }
    mock.expire_sessions();
    session.studies().list().send().await.expect("re-login");

    let requests = mock.server().received_requests().await.unwrap_or_default();
    assert!(requests.len() >= 8);
    for r in &requests {
        let session_h = r.headers.get("authentication").is_some();
        let bearer_h = r.headers.get("authorization").is_some();
        if r.url.path() == "/Sessions" {
            assert!(!session_h && !bearer_h, "a login carries no token");
        } else {
            assert!(session_h ^ bearer_h, "exactly one auth header: {r:?}");
        }
        assert_eq!(
            r.headers.get("accept").and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
    }
    assert_eq!(mock.rejected(), 1, "only the expired session was refused");
}

#[tokio::test]
async fn the_v2_session_path_is_configurable() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(config(&mock, &clock).session_path(ascribe_coder::config::V2_SESSION_PATH));
    client.studies().list().send().await.expect("call");
    let requests = mock.server().received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].url.path(), "/Session/New");
}

#[tokio::test]
async fn wrong_credentials_are_a_typed_auth_error() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(
        AscribeClient::builder()
            .base_url(mock.uri())
            .credentials(ACCOUNT, USER_NAME, Password::new("wrong-password"))
            .clock(Arc::new(clock.clone())),
    );
    let err = client.login().await.expect_err("refused");
    assert!(err.is_auth(), "{err:?}");
    assert!(matches!(
        err.core(),
        Some(ascribe_coder::auth_core::Error::InvalidCredentials { .. })
    ));
    assert!(err.to_string().contains("Invalid account"));
}
