//! Refresh for app clients with refresh-token rotation
//! (`GetTokensFromRefreshToken`), against wiremock: moto does not implement
//! the operation. Each rotated refresh token must replace the old one, in
//! the returned set, in the token cache and in its store, or the next
//! refresh sends a token Cognito has already retired.

use std::time::Duration;

use auth_core::secret::{AccessToken, ClientSecret, RefreshToken};
use auth_core::{Lifetime, TokenSet};
use mock_servers::wiremock::matchers::{body_partial_json, header, method};
use mock_servers::wiremock::{Mock, MockServer, ResponseTemplate};
use scribe_mi::{AuthConfig, MiClient, RefreshMode, ScribeAuth, ScribeError};

const TARGET: &str = "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken";
const SECRET: &str = "app-client-s3cr3t";

/// Cognito's answer to `GetTokensFromRefreshToken` with `refresh` for
/// `refresh`, issuing `access` and the rotated `next` refresh token, once:
/// a retired refresh token is refused by the fallback below.
async fn rotates(server: &MockServer, refresh: &str, access: &str, next: &str) {
    Mock::given(method("POST"))
        .and(header("x-amz-target", TARGET))
        .and(body_partial_json(serde_json::json!({
            "ClientId": "client",
            "RefreshToken": refresh,
            "ClientSecret": SECRET,
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "AuthenticationResult": {
                "AccessToken": access,
                "ExpiresIn": 3600,
                "IdToken": format!("id-{access}"),
                "RefreshToken": next,
                "TokenType": "Bearer",
            }
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

/// Any other refresh token (or one already used) is refused, as Cognito
/// refuses a rotated-out token.
async fn refuses_the_rest(server: &MockServer) {
    Mock::given(method("POST"))
        .and(header("x-amz-target", TARGET))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "__type": "NotAuthorizedException",
            "message": "Invalid Refresh Token",
        })))
        .with_priority(10)
        .mount(server)
        .await;
}

fn rotating_auth(server: &MockServer) -> ScribeAuth {
    ScribeAuth::builder()
        .auth_config(
            AuthConfig::new("client", "eu-west-2_pool")
                .endpoint(server.uri())
                .client_secret(ClientSecret::new(SECRET))
                .refresh_mode(RefreshMode::Rotating),
        )
        .build()
        .expect("auth")
}

#[tokio::test]
async fn a_rotating_refresh_sends_the_token_and_secret_and_returns_the_new_refresh_token() {
    let server = MockServer::start().await;
    rotates(&server, "rt-1", "at-2", "rt-2").await;
    rotates(&server, "rt-2", "at-3", "rt-3").await;
    refuses_the_rest(&server).await;
    let auth = rotating_auth(&server);

    let second = auth
        .refresh(&RefreshToken::new("rt-1"))
        .await
        .expect("refreshed");
    assert_eq!(second.access_token().expose_secret(), "at-2");
    assert_eq!(second.refresh_token(), Some(&RefreshToken::new("rt-2")));
    assert_eq!(
        second.id_token().map(|t| t.expose_secret()),
        Some("id-at-2")
    );

    // The rotated token is the one that works next; the old one is retired.
    let third = auth
        .refresh(second.refresh_token().expect("rotated"))
        .await
        .expect("refreshed with the rotated token");
    assert_eq!(third.refresh_token(), Some(&RefreshToken::new("rt-3")));
    let err = auth
        .refresh(&RefreshToken::new("rt-1"))
        .await
        .expect_err("a retired refresh token");
    assert!(matches!(err, ScribeError::NotAuthorized(_)), "{err:?}");
    assert_eq!(
        err.failure().map(|f| f.operation),
        Some("GetTokensFromRefreshToken")
    );
    assert!(!format!("{err:?} {err}").contains(SECRET));
}

#[tokio::test]
async fn without_rotation_the_refresh_is_initiate_auth_and_keeps_the_refresh_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.InitiateAuth",
        ))
        .and(body_partial_json(serde_json::json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": {"REFRESH_TOKEN": "rt-1"},
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "AuthenticationResult": {"AccessToken": "at-2", "ExpiresIn": 3600}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let auth = ScribeAuth::builder()
        .auth_config(AuthConfig::new("client", "eu-west-2_pool").endpoint(server.uri()))
        .build()
        .expect("auth");
    let set = auth
        .refresh(&RefreshToken::new("rt-1"))
        .await
        .expect("refreshed");
    assert_eq!(set.refresh_token(), Some(&RefreshToken::new("rt-1")));
}

fn rotating_client(server: &MockServer, token_file: &std::path::Path) -> MiClient {
    MiClient::builder()
        .api_url("http://127.0.0.1:9/v2")
        .client_id("client")
        .user_pool_id("eu-west-2_pool")
        .cognito_endpoint(server.uri())
        .client_secret(ClientSecret::new(SECRET))
        .refresh_mode(RefreshMode::Rotating)
        .token_file(token_file)
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_client_keeps_and_stores_each_rotated_refresh_token() {
    let server = MockServer::start().await;
    rotates(&server, "rt-1", "at-2", "rt-2").await;
    rotates(&server, "rt-2", "at-3", "rt-3").await;
    rotates(&server, "rt-3", "at-4", "rt-4").await;
    refuses_the_rest(&server).await;
    // Cargo's per-package temp dir: the token store refuses a
    // world-writable directory such as /tmp.
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "scribe-rotation-{}-{}.json",
        std::process::id(),
        fastrand::u64(..)
    ));
    let client = rotating_client(&server, &file);
    let clock = auth_core::clock::system_clock();
    client
        .set_tokens(
            TokenSet::new(
                AccessToken::new("at-1"),
                Lifetime::expires_in(clock.now(), Duration::from_secs(3600)),
            )
            .with_refresh_token(Some(RefreshToken::new("rt-1"))),
        )
        .await
        .expect("signed in");

    // Two refreshes through the cache: the second must send rt-2.
    let after_first = client.refresh_tokens().await.expect("first refresh");
    assert_eq!(
        after_first.refresh_token(),
        Some(&RefreshToken::new("rt-2"))
    );
    let after_second = client.refresh_tokens().await.expect("second refresh");
    assert_eq!(after_second.access_token().expose_secret(), "at-3");
    let stored = client.stored_tokens().await.expect("store").expect("saved");
    assert_eq!(stored.refresh_token(), Some(&RefreshToken::new("rt-3")));

    // Another process on the same token file refreshes with rt-3.
    let other = rotating_client(&server, &file);
    let third = other
        .refresh_tokens()
        .await
        .expect("refresh from the store");
    assert_eq!(third.refresh_token(), Some(&RefreshToken::new("rt-4")));
    let _ = std::fs::remove_file(&file);
}
