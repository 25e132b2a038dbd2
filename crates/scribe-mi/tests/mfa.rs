//! The MFA paths a user meets: TOTP enrolment during login (`MFA_SETUP`)
//! and later (logged in), SMS MFA, and software-token MFA on moto (a real
//! local Cognito, with `MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true`);
//! `SELECT_MFA_TYPE`, which moto never issues, against wiremock.
//!
//! What moto 5.2 does, read from its source and seen here: `MFA_SETUP`
//! comes after the new-password answer when the pool's MFA is `ON` with
//! software tokens enabled and the user has no factor yet (its
//! `MFAS_CAN_SETUP` is a Python repr, `['SOFTWARE_TOKEN_MFA']`);
//! AssociateSoftwareToken hands every user the fixed secret `asdfasdfasdf`
//! (and echoes the session); VerifySoftwareToken checks the TOTP code and
//! returns a new session; the `MFA_SETUP` answer then logs in. `SMS_MFA`
//! comes once SetUserMFAPreference prefers SMS, and any SMS code is accepted.

mod common;

use common::{FIRST, TEMP, auth, pool_with_user, pw};
use std::time::SystemTime;

use auth_core::secret::{ClientSecret, SecretValue};
use mock_servers::wiremock::matchers::{body_partial_json, header, method};
use mock_servers::wiremock::{Mock, MockServer, ResponseTemplate};
use scribe_mi::cognito::{MfaPreference, MfaSetting, MfaType, TotpEnrolment};
use scribe_mi::{AuthConfig, Challenge, ChallengeKind, Login, ScribeAuth, ScribeError};

fn challenge(login: Login, what: &str) -> Challenge {
    match login {
        Login::Challenge(c) => c,
        Login::Tokens(_) => panic!("{what} must be asked for"),
    }
}

fn code(secret: &SecretValue) -> String {
    scribe_mi::totp::code(secret, SystemTime::now()).expect("a base32 secret")
}

/// `MFA_SETUP` for `username` with the temporary password: the pool
/// demands MFA and the user has none.
async fn mfa_setup_challenge(auth: &ScribeAuth, username: &str) -> Challenge {
    let new_password = challenge(
        auth.login(username, &pw(TEMP)).await.expect("login"),
        "NEW_PASSWORD_REQUIRED",
    );
    let setup = challenge(
        auth.complete_new_password(&new_password, &pw(FIRST))
            .await
            .expect("new password"),
        "MFA_SETUP",
    );
    assert_eq!(setup.kind(), &ChallengeKind::MfaSetup);
    // moto sends the Python repr `['SOFTWARE_TOKEN_MFA']` where Cognito
    // sends the JSON `["SOFTWARE_TOKEN_MFA"]`: only the name is checked.
    assert!(setup.parameters()["MFAS_CAN_SETUP"].contains("SOFTWARE_TOKEN_MFA"));
    setup
}

#[tokio::test]
async fn mfa_setup_enrols_an_authenticator_app_and_logs_in() {
    let pool = pool_with_user("scribe-mfa", "mia").await;
    pool.moto
        .call(
            "AWSCognitoIdentityProviderService.SetUserPoolMfaConfig",
            serde_json::json!({
                "UserPoolId": pool.pool_id,
                "SoftwareTokenMfaConfiguration": {"Enabled": true},
                "MfaConfiguration": "ON",
            }),
        )
        .await
        .expect("MFA required by the pool");
    let auth = auth(&pool);
    let setup = mfa_setup_challenge(&auth, "mia").await;

    // The wrong answer to the wrong challenge is refused before any call.
    let err = auth
        .answer_mfa(&setup, "123456")
        .await
        .expect_err("not an MFA code challenge");
    assert!(
        matches!(err, ScribeError::ChallengeRequired { ref name } if name == "MFA_SETUP"),
        "{err:?}"
    );

    let enrolment: TotpEnrolment = auth
        .associate_software_token(&setup)
        .await
        .expect("associated");
    assert_eq!(
        enrolment.secret().expose_secret(),
        mock_servers::moto::TOTP_SECRET
    );
    assert_eq!(enrolment.username(), "mia");
    assert!(!format!("{enrolment:?}").contains(mock_servers::moto::TOTP_SECRET));

    let err = auth
        .verify_software_token(&enrolment, "000000")
        .await
        .expect_err("a wrong code");
    assert!(matches!(err, ScribeError::CodeMismatch(_)), "{err:?}");

    // A code is valid for its 30 s step only: one more try if it turned.
    let mut answer = auth
        .verify_software_token(&enrolment, &code(enrolment.secret()))
        .await;
    if matches!(answer, Err(ScribeError::CodeMismatch(_))) {
        answer = auth
            .verify_software_token(&enrolment, &code(enrolment.secret()))
            .await;
    }
    let tokens = answer
        .expect("verified")
        .into_tokens()
        .expect("tokens after enrolment");
    assert!(!tokens.access_token().expose_secret().is_empty());

    // The enrolled app is now asked for at every login.
    let mfa = challenge(
        auth.login("mia", &pw(FIRST)).await.expect("login"),
        "SOFTWARE_TOKEN_MFA",
    );
    assert_eq!(mfa.kind(), &ChallengeKind::SoftwareTokenMfa);
}

#[tokio::test]
async fn a_logged_in_user_enrols_totp_and_then_logins_ask_for_it() {
    let pool = pool_with_user("scribe-mfa", "leo").await;
    let auth = auth(&pool);
    let tokens = auth
        .change_password_for("leo", &pw(TEMP), &pw(FIRST))
        .await
        .expect("tokens");

    let secret = auth
        .associate_totp(tokens.access_token())
        .await
        .expect("associated");
    assert!(!format!("{secret:?}").contains(mock_servers::moto::TOTP_SECRET));
    let err = auth
        .verify_totp(tokens.access_token(), "000000")
        .await
        .expect_err("a wrong code");
    assert!(matches!(err, ScribeError::CodeMismatch(_)), "{err:?}");
    let mut verified = auth
        .verify_totp(tokens.access_token(), &code(&secret))
        .await;
    if matches!(verified, Err(ScribeError::CodeMismatch(_))) {
        verified = auth
            .verify_totp(tokens.access_token(), &code(&secret))
            .await;
    }
    verified.expect("verified");
    auth.set_mfa_preference(
        tokens.access_token(),
        MfaPreference::new().totp(MfaSetting::Preferred),
    )
    .await
    .expect("preference set");

    let mfa = challenge(
        auth.login("leo", &pw(FIRST)).await.expect("login"),
        "SOFTWARE_TOKEN_MFA",
    );
    assert_eq!(mfa.kind(), &ChallengeKind::SoftwareTokenMfa);
    let mut answer = auth.answer_mfa(&mfa, &code(&secret)).await;
    if matches!(answer, Err(ScribeError::CodeMismatch(_))) {
        let again = challenge(
            auth.login("leo", &pw(FIRST)).await.expect("login"),
            "SOFTWARE_TOKEN_MFA",
        );
        answer = auth.answer_mfa(&again, &code(&secret)).await;
    }
    answer
        .expect("answered")
        .into_tokens()
        .expect("tokens after MFA");
}

#[tokio::test]
async fn sms_mfa_is_answered_with_the_sms_code() {
    let pool = pool_with_user("scribe-mfa", "sam").await;
    let auth = auth(&pool);
    let tokens = auth
        .change_password_for("sam", &pw(TEMP), &pw(FIRST))
        .await
        .expect("tokens");
    auth.set_mfa_preference(
        tokens.access_token(),
        MfaPreference::new().sms(MfaSetting::Preferred),
    )
    .await
    .expect("SMS preferred");

    let sms = challenge(
        auth.login("sam", &pw(FIRST)).await.expect("login"),
        "SMS_MFA",
    );
    assert_eq!(sms.kind(), &ChallengeKind::SmsMfa);
    // Choosing a factor is a different challenge's answer.
    let err = auth
        .select_mfa_type(&sms, MfaType::Sms)
        .await
        .expect_err("not SELECT_MFA_TYPE");
    assert!(
        matches!(err, ScribeError::ChallengeRequired { ref name } if name == "SMS_MFA"),
        "{err:?}"
    );
    auth.answer_mfa(&sms, "123456")
        .await
        .expect("answered")
        .into_tokens()
        .expect("tokens after SMS MFA");
}

const RESPOND: &str = "AWSCognitoIdentityProviderService.RespondToAuthChallenge";

#[tokio::test]
async fn select_mfa_type_sends_the_choice_then_answers_the_chosen_factor() {
    let server = MockServer::start().await;
    let secret = ClientSecret::new("app-secret");
    let hash = scribe_mi::cognito::secret_hash(&secret, "client", "zoe");
    Mock::given(method("POST"))
        .and(header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.InitiateAuth",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "ChallengeName": "SELECT_MFA_TYPE",
            "Session": "session-1",
            "ChallengeParameters": {
                "USERNAME": "zoe",
                "MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]",
            },
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("x-amz-target", RESPOND))
        .and(body_partial_json(serde_json::json!({
            "ChallengeName": "SELECT_MFA_TYPE",
            "Session": "session-1",
            "ChallengeResponses": {"USERNAME": "zoe", "ANSWER": "SOFTWARE_TOKEN_MFA", "SECRET_HASH": hash},
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "Session": "session-2",
            "ChallengeParameters": {},
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("x-amz-target", RESPOND))
        .and(body_partial_json(serde_json::json!({
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "Session": "session-2",
            "ChallengeResponses": {"USERNAME": "zoe", "SOFTWARE_TOKEN_MFA_CODE": "654321", "SECRET_HASH": hash},
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "AuthenticationResult": {"AccessToken": "at", "ExpiresIn": 3600, "RefreshToken": "rt"},
        })))
        .expect(1)
        .mount(&server)
        .await;
    let auth = ScribeAuth::builder()
        .auth_config(
            AuthConfig::new("client", "eu-west-2_pool")
                .endpoint(server.uri())
                .client_secret(secret),
        )
        .build()
        .expect("auth");

    let select = challenge(
        auth.login("zoe", &pw(FIRST)).await.expect("login"),
        "SELECT_MFA_TYPE",
    );
    assert_eq!(select.kind(), &ChallengeKind::SelectMfaType);
    assert!(select.parameters()["MFAS_CAN_CHOOSE"].contains("SOFTWARE_TOKEN_MFA"));
    let mfa = challenge(
        auth.select_mfa_type(&select, MfaType::SoftwareToken)
            .await
            .expect("chosen"),
        "SOFTWARE_TOKEN_MFA",
    );
    assert_eq!(mfa.kind(), &ChallengeKind::SoftwareTokenMfa);
    let tokens = auth
        .answer_mfa(&mfa, "654321")
        .await
        .expect("answered")
        .into_tokens()
        .expect("tokens");
    assert_eq!(tokens.access_token().expose_secret(), "at");
}
