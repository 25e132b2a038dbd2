//! Scribe's Cognito flows against a real local Cognito (moto in server
//! mode, installed by `cargo xtask test`), and RevokeToken (which moto lacks)
//! against wiremock.

mod common;

use auth_core::ErrorMetadata;
use common::{FIRST, TEMP, auth, pool_with_user, pw};
use std::time::Duration;

use auth_core::secret::RefreshToken;
use mock_servers::wiremock::matchers::{header, method};
use mock_servers::wiremock::{Mock, MockServer, ResponseTemplate};
use scribe_mi::{AuthConfig, ChallengeKind, Login, ScribeAuth, ScribeError};

const SECOND: &str = "Second-Passw0rd!";
const THIRD: &str = "Third-Passw0rd!";

#[tokio::test]
async fn the_whole_user_pool_flow() {
    let pool = pool_with_user("scribe-tests", "ann").await;
    let auth = auth(&pool);

    // Temporary password → typed challenge → new password → tokens.
    let challenge = match auth.login("ann", &pw(TEMP)).await.expect("login") {
        Login::Challenge(c) => c,
        Login::Tokens(_) => panic!("a temporary password must raise NEW_PASSWORD_REQUIRED"),
    };
    assert_eq!(challenge.kind(), &ChallengeKind::NewPasswordRequired);
    let tokens = auth
        .complete_new_password(&challenge, &pw(FIRST))
        .await
        .expect("challenge answered")
        .into_tokens()
        .expect("tokens");
    assert!(tokens.id_token().is_some() && tokens.refresh_token().is_some());

    // Log in with the new password.
    let tokens = auth
        .login("ann", &pw(FIRST))
        .await
        .expect("login")
        .into_tokens()
        .expect("tokens");
    let refresh = tokens.refresh_token().cloned().expect("refresh token");

    // Refresh: moto returns no new refresh token, so the old one is kept.
    let refreshed = auth.refresh(&refresh).await.expect("refresh");
    assert_eq!(refreshed.refresh_token(), Some(&refresh));
    assert!(refreshed.expires_at().is_some());

    // Change password (the ChangePassword path).
    auth.change_password(refreshed.access_token(), &pw(FIRST), &pw(SECOND))
        .await
        .expect("password changed");
    assert!(matches!(
        auth.login("ann", &pw(FIRST)).await,
        Err(ScribeError::NotAuthorized(_))
    ));

    // Forgotten password: start it through the SDK, read moto's code, confirm.
    auth.forgot_password("ann").await.expect("reset started");
    let code = pool
        .moto
        .forgot_password_code(&pool.client_id, "ann")
        .await
        .expect("code");
    auth.confirm_forgot_password("ann", &code, &pw(THIRD))
        .await
        .expect("confirmed");
    auth.login("ann", &pw(THIRD))
        .await
        .expect("login")
        .into_tokens()
        .expect("new password works");
}

#[tokio::test]
async fn change_password_for_answers_the_temporary_password_challenge() {
    let pool = pool_with_user("scribe-tests", "bob").await;
    let auth = auth(&pool);
    auth.change_password_for("bob", &pw(TEMP), &pw(FIRST))
        .await
        .expect("temporary password replaced");
    auth.change_password_for("bob", &pw(FIRST), &pw(SECOND))
        .await
        .expect("then changed normally");
    auth.login("bob", &pw(SECOND))
        .await
        .expect("login")
        .into_tokens()
        .expect("tokens");
}

#[tokio::test]
async fn errors_keep_their_meaning() {
    let pool = pool_with_user("scribe-tests", "cat").await;
    let auth = auth(&pool);
    let c = match auth.login("cat", &pw(TEMP)).await.expect("login") {
        Login::Challenge(c) => c,
        Login::Tokens(_) => panic!("challenge expected"),
    };
    // A password breaking the policy.
    let err = auth
        .complete_new_password(&c, &pw("short"))
        .await
        .expect_err("weak");
    assert!(matches!(err, ScribeError::PasswordPolicy(_)), "{err:?}");
    assert_eq!(err.cognito_code(), Some("InvalidPasswordException"));

    // Wrong password and unknown user are different errors.
    let err = auth
        .login("cat", &pw("Wrong-Passw0rd!"))
        .await
        .expect_err("wrong password");
    assert!(matches!(err, ScribeError::NotAuthorized(_)), "{err:?}");
    assert!(err.is_auth());
    let err = auth
        .login("nobody", &pw(TEMP))
        .await
        .expect_err("unknown user");
    assert!(matches!(err, ScribeError::UserNotFound(_)), "{err:?}");

    // An unknown app client.
    let other = ScribeAuth::builder()
        .auth_config(AuthConfig::new("no-such-client", &pool.pool_id).endpoint(pool.moto.uri()))
        .build()
        .expect("auth");
    let err = other
        .login("cat", &pw(TEMP))
        .await
        .expect_err("unknown client");
    assert!(
        matches!(err, ScribeError::UnknownClientOrPool(_)),
        "{err:?}"
    );

    // A garbage refresh token.
    let err = auth
        .refresh(&RefreshToken::new("not-a-token"))
        .await
        .expect_err("refused");
    assert!(matches!(err, ScribeError::NotAuthorized(_)), "{err:?}");

    // Messages never contain the password.
    assert!(!format!("{err:?} {err}").contains(TEMP));
}

#[tokio::test]
async fn a_network_failure_is_not_a_wrong_password() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let auth = ScribeAuth::builder()
        .auth_config(
            AuthConfig::new("client", "eu-west-2_pool")
                .endpoint(format!("http://127.0.0.1:{port}"))
                .timeouts(Duration::from_secs(1), Duration::from_secs(5)),
        )
        .build()
        .expect("auth");
    let err = auth
        .login("ann", &pw(FIRST))
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(
            err,
            ScribeError::Network { .. } | ScribeError::Timeout { .. }
        ),
        "{err:?}"
    );
    assert!(!err.is_auth());
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_slow_cognito_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let auth = ScribeAuth::builder()
        .auth_config(
            AuthConfig::new("client", "eu-west-2_pool")
                .endpoint(server.uri())
                .timeouts(Duration::from_secs(1), Duration::from_millis(500)),
        )
        .build()
        .expect("auth");
    let err = auth.login("ann", &pw(FIRST)).await.expect_err("too slow");
    assert!(
        matches!(
            err,
            ScribeError::Timeout {
                operation: "InitiateAuth"
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn federated_identity_and_temporary_credentials() {
    let pool = pool_with_user("scribe-tests", "dan").await;
    let identity_pool = pool
        .moto
        .create_identity_pool(&pool.pool_id, &pool.client_id)
        .await
        .expect("identity pool");
    let auth = ScribeAuth::builder()
        .auth_config(
            AuthConfig::new(&pool.client_id, &pool.pool_id)
                .identity_pool_id(identity_pool)
                .endpoint(pool.moto.uri()),
        )
        .build()
        .expect("auth");
    let tokens = auth
        .change_password_for("dan", &pw(TEMP), &pw(FIRST))
        .await
        .expect("tokens");
    let id_token = tokens.id_token().expect("id token");
    let identity = auth.federated_id(id_token).await.expect("identity id");
    assert!(identity.contains(':'), "{identity}");
    let creds = auth
        .federated_credentials(&identity, id_token)
        .await
        .expect("credentials");
    assert!(!creds.access_key_id().is_empty());
    assert!(creds.session_token().is_some());
    let left = creds
        .expiration()
        .and_then(|e| e.duration_since(std::time::SystemTime::now()).ok())
        .expect("expires in the future");
    // moto's credentials live 90 s.
    assert!(
        left <= Duration::from_secs(91) && left >= Duration::from_secs(30),
        "{left:?}"
    );
    assert!(creds.expires());
    let debug = format!("{creds:?}");
    assert!(!debug.contains(creds.secret_access_key().expose_secret()));
}

#[tokio::test]
async fn federated_calls_need_an_identity_pool() {
    let auth = ScribeAuth::builder()
        .auth_config(AuthConfig::new("client", "pool").endpoint("http://127.0.0.1:9"))
        .build()
        .expect("auth");
    let err = auth
        .federated_id(&auth_core::secret::IdToken::new("x"))
        .await
        .expect_err("no pool");
    assert!(matches!(err, ScribeError::MissingIdentityPool));
}

#[tokio::test]
async fn revoke_token_is_sent_and_its_errors_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.RevokeToken",
        ))
        .and(mock_servers::wiremock::matchers::body_string_contains(
            "rt-good",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("x-amz-target", "AWSCognitoIdentityProviderService.RevokeToken"))
        .and(mock_servers::wiremock::matchers::body_string_contains("rt-other-client"))
        .respond_with(ResponseTemplate::new(400).insert_header("x-amzn-requestid", "req-9").set_body_json(
            serde_json::json!({"__type": "UnauthorizedException", "message": "Client is not authorized"}),
        ))
        .mount(&server)
        .await;
    let auth = ScribeAuth::builder()
        .auth_config(AuthConfig::new("client", "pool").endpoint(server.uri()))
        .build()
        .expect("auth");
    auth.revoke(&RefreshToken::new("rt-good"))
        .await
        .expect("revoked");
    let err = auth
        .revoke(&RefreshToken::new("rt-other-client"))
        .await
        .expect_err("refused");
    let failure = err.failure().expect("a Cognito failure");
    assert_eq!(failure.code, "UnauthorizedException");
    assert_eq!(failure.operation, "RevokeToken");
    assert!(!err.to_string().contains("rt-other-client"));
}

#[tokio::test]
async fn the_software_token_mfa_challenge_is_typed_and_answered() {
    use mock_servers::moto::totp_code;
    let pool = pool_with_user("scribe-tests", "eve").await;
    let auth = auth(&pool);
    let tokens = auth
        .change_password_for("eve", &pw(TEMP), &pw(FIRST))
        .await
        .expect("tokens");
    pool.moto
        .enable_totp_mfa(tokens.access_token().expose_secret())
        .await
        .expect("MFA enabled");

    let challenge = match auth.login("eve", &pw(FIRST)).await.expect("login") {
        Login::Challenge(c) => c,
        Login::Tokens(_) => panic!("MFA must be asked for"),
    };
    assert_eq!(challenge.kind(), &ChallengeKind::SoftwareTokenMfa);
    assert!(!format!("{challenge:?}").contains(FIRST));

    // A wrong code is its own error.
    let err = auth
        .answer_mfa(&challenge, "000000")
        .await
        .expect_err("wrong code");
    assert!(matches!(err, ScribeError::CodeMismatch(_)), "{err:?}");

    // The right code (from a fresh login: a failed answer spends the session).
    let challenge = match auth.login("eve", &pw(FIRST)).await.expect("login") {
        Login::Challenge(c) => c,
        Login::Tokens(_) => panic!("MFA must be asked for"),
    };
    // A code is valid for its 30 s step only: if the step turned between
    // making and checking it, one more try with the next code.
    let mut answer = auth
        .answer_mfa(&challenge, &totp_code(std::time::SystemTime::now()))
        .await;
    if matches!(answer, Err(ScribeError::CodeMismatch(_))) {
        let again = match auth.login("eve", &pw(FIRST)).await.expect("login") {
            Login::Challenge(c) => c,
            Login::Tokens(_) => panic!("MFA must be asked for"),
        };
        answer = auth
            .answer_mfa(&again, &totp_code(std::time::SystemTime::now()))
            .await;
    }
    answer
        .expect("answered")
        .into_tokens()
        .expect("tokens after MFA");
}
