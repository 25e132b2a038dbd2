//! No secret in any Debug output, error message or log line.

use std::sync::Arc;

use auth_core::http::{ApiRequest, HeaderAuth, HttpClient};
use auth_core::oauth::{ClientCredentialsProvider, OAuthTokenResponse};
use auth_core::secret::{
    AccessToken, AwsSecret, ClientSecret, IdToken, Password, RefreshToken, SecretValue,
};
use auth_core::{Lifetime, ManualClock, StoredToken, TokenCache, TokenSet};
use http::{HeaderName, HeaderValue};
use mock_servers::Sequence;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCESS: &str = "access-Zq8uXr3Kd7";
const REFRESH: &str = "refresh-Lm4Np9Wv2Y";
const ID: &str = "idtok-Hs5Tb1Qc6E";
const CLIENT_SECRET: &str = "clientsecret-Pa55w0rdish";
const PASSWORD: &str = "hunter2-Correct-Horse";
const AWS: &str = "aws-wJalrXUtnFEMI/K7MDENG";
const API_KEY: &str = "apikey-Gg7Ff6Ee5Dd4";
const ALL: [&str; 7] = [ACCESS, REFRESH, ID, CLIENT_SECRET, PASSWORD, AWS, API_KEY];

fn assert_clean(what: &str, text: &str) {
    for secret in ALL {
        assert!(!text.contains(secret), "{what} leaks a secret: {text}");
    }
}

#[test]
fn debug_of_every_secret_holding_type_is_redacted() {
    let clock = ManualClock::new();
    let set = TokenSet::new(
        AccessToken::new(ACCESS),
        Lifetime::never(auth_core::Clock::now(&clock)),
    )
    .with_refresh_token(Some(RefreshToken::new(REFRESH)))
    .with_id_token(Some(IdToken::new(ID)));
    let stored = StoredToken::from_token_set(&set, &clock);
    let response: OAuthTokenResponse = serde_json::from_value(serde_json::json!({
        "access_token": ACCESS, "refresh_token": REFRESH, "id_token": ID, "expires_in": 60
    }))
    .expect("valid");
    let http = HttpClient::builder("demo", "http://127.0.0.1:9")
        .build()
        .expect("valid");
    let provider = ClientCredentialsProvider::new(
        http.clone(),
        "oauth/token",
        "client",
        ClientSecret::new(CLIENT_SECRET),
    );
    let cache = TokenCache::builder(provider)
        .initial(Some(set.clone()))
        .build();
    let auth = HeaderAuth::bearer(cache.clone());
    let request = ApiRequest::post("login", "sessions")
        .json(&serde_json::json!({"password": PASSWORD}))
        .expect("json")
        .sensitive_header(
            HeaderName::from_static("x-api-key"),
            HeaderValue::from_static(API_KEY),
        );

    let outputs = [
        format!("{:?} {}", Password::new(PASSWORD), Password::new(PASSWORD)),
        format!(
            "{:?} {}",
            ClientSecret::new(CLIENT_SECRET),
            ClientSecret::new(CLIENT_SECRET)
        ),
        format!(
            "{:?} {}",
            AccessToken::new(ACCESS),
            AccessToken::new(ACCESS)
        ),
        format!(
            "{:?} {}",
            RefreshToken::new(REFRESH),
            RefreshToken::new(REFRESH)
        ),
        format!("{:?} {}", IdToken::new(ID), IdToken::new(ID)),
        format!("{:?} {}", AwsSecret::new(AWS), AwsSecret::new(AWS)),
        format!(
            "{:?} {}",
            SecretValue::new(API_KEY),
            SecretValue::new(API_KEY)
        ),
        format!("{set:?}"),
        format!("{stored:?}"),
        format!("{response:?}"),
        format!("{cache:?}"),
        format!("{auth:?}"),
        format!("{request:?}"),
        format!("{http:?}"),
    ];
    for (i, out) in outputs.iter().enumerate() {
        assert_clean("Debug", out);
        // The secret types and the types holding them show the marker where
        // the value would be (the others leave secrets out entirely).
        if i < 10 {
            assert!(out.contains("[REDACTED]"), "no redaction marker in {out}");
        }
    }
    // The store's JSON is the one place secrets are written, on purpose.
    let json = serde_json::to_string(&stored).expect("serializable");
    assert!(json.contains(ACCESS) && json.contains(REFRESH));
}

#[test]
fn a_full_request_with_refresh_retry_and_error_logs_no_secret() {
    let (capture, _guard) = mock_servers::logs::capture_logs();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    let (ok_err, final_err) = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": ACCESS, "refresh_token": REFRESH, "id_token": ID, "expires_in": 3600
            })))
            .mount(&server)
            .await;
        // 401 (echoing the token) → refresh → 503 → 200.
        let flow = Sequence::new([
            ResponseTemplate::new(401).set_body_string(format!("bad token {ACCESS}")),
            ResponseTemplate::new(503).insert_header("retry-after", "1"),
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})),
        ]);
        Mock::given(path("/api/flow"))
            .respond_with(flow)
            .mount(&server)
            .await;
        // Always 401, echoing the secrets it was sent.
        Mock::given(path("/api/denied"))
            .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "message": format!("denied {ACCESS} {API_KEY} {PASSWORD}")
            })))
            .mount(&server)
            .await;

        let clock = ManualClock::new();
        let http = HttpClient::builder("demo", server.uri())
            .clock(Arc::new(clock.clone()))
            .build()
            .expect("valid");
        let provider = ClientCredentialsProvider::new(
            http.clone(),
            "oauth/token",
            "client",
            ClientSecret::new(CLIENT_SECRET),
        );
        let auth = HeaderAuth::bearer(TokenCache::builder(provider).clock(Arc::new(clock)).build());
        let ok = http
            .send(
                ApiRequest::get("flow", "api/flow").sensitive_header(
                    HeaderName::from_static("x-api-key"),
                    HeaderValue::from_static(API_KEY),
                ),
                &auth,
            )
            .await;
        let denied = http
            .send(
                ApiRequest::post("denied", "api/denied")
                    .json(&serde_json::json!({"password": PASSWORD}))
                    .expect("json")
                    .redacting(&Password::new(PASSWORD))
                    .sensitive_header(
                        HeaderName::from_static("x-api-key"),
                        HeaderValue::from_static(API_KEY),
                    ),
                &auth,
            )
            .await;
        (ok.err(), denied.expect_err("denied"))
    });
    assert!(ok_err.is_none(), "the flow should succeed: {ok_err:?}");
    assert_clean("error Display", &final_err.to_string());
    assert_clean("error Debug", &format!("{final_err:?}"));
    let body = final_err
        .api_error()
        .and_then(|e| e.body.clone())
        .unwrap_or_default();
    assert!(body.contains("[REDACTED]"), "{body}");

    let logs = capture.text();
    assert!(logs.contains("http_request"), "spans were captured: {logs}");
    assert!(logs.contains("retrying"), "retries were logged: {logs}");
    assert!(
        logs.contains("refreshing once"),
        "the forced refresh was logged: {logs}"
    );
    assert_clean("logs", &logs);
}
