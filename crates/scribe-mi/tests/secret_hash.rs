//! App clients with a client secret: `SECRET_HASH` equals pycognito's for
//! fixed inputs, and moto (which checks it on SRP, MFA answers and
//! refreshes) accepts the whole flow.

use std::sync::Arc;

use auth_core::secret::{ClientSecret, Password};
use mock_servers::moto::MotoServer;
use scribe_mi::cognito::secret_hash;
use scribe_mi::{AuthConfig, AuthFlow, Login, MiClient, ScribeAuth, ScribeError};

/// From pycognito's `AWSSRP.get_secret_hash(username, client_id, secret)`.
#[test]
fn secret_hash_equals_pycognito() {
    let cases = [
        (
            "ann",
            "3n4b5urk1ft4fl3mg5e62d9ado",
            "1q2w3e4r5t6y7u8i9o0p1q2w3e4r5t6y7u8i9o0p1q2w3e4r5",
            "BngmUU7xVX2PmKTyhyXoM4b91W2VoT2mGTKaT1BO5XE=",
        ),
        (
            "analyst@example.com",
            "client-xyz",
            "s3cr3t",
            "jOQtH674W1ODinocBpGVEclwSTxICeWp7awgt11L9xg=",
        ),
    ];
    for (user, client, secret, expected) in cases {
        assert_eq!(
            secret_hash(&ClientSecret::new(secret), client, user),
            expected
        );
    }
}

#[tokio::test]
async fn a_client_with_a_secret_logs_in_answers_and_refreshes_on_moto() {
    let moto = MotoServer::start()
        .await
        .expect("moto starts (run `cargo xtask test` to install it)");
    let pool_id = moto.create_user_pool("scribe-secret").await.expect("pool");
    let (client_id, secret) = moto
        .create_app_client_with_secret(&pool_id)
        .await
        .expect("client");
    moto.create_user(&pool_id, "ann", "Temp-Passw0rd!")
        .await
        .expect("user");
    let auth = |secret: &str| {
        ScribeAuth::builder()
            .auth_config(AuthConfig::new(&client_id, &pool_id).endpoint(moto.uri()))
            .client_secret(ClientSecret::new(secret))
            .auth_flow(AuthFlow::UserSrp)
            .build()
            .expect("auth")
    };
    // moto checks SECRET_HASH on SRP logins: a wrong secret is refused.
    let err = auth("not-the-secret")
        .login("ann", &Password::new("Temp-Passw0rd!"))
        .await
        .expect_err("wrong secret");
    assert!(matches!(err, ScribeError::NotAuthorized(_)), "{err:?}");
    assert!(!format!("{err:?} {err}").contains(&secret));

    let good = auth(&secret);
    let Login::Challenge(challenge) = good
        .login("ann", &Password::new("Temp-Passw0rd!"))
        .await
        .expect("SRP login")
    else {
        panic!("a temporary password must raise a challenge");
    };
    good.complete_new_password(&challenge, &Password::new("First-Passw0rd!"))
        .await
        .expect("answered")
        .into_tokens()
        .expect("tokens");

    // The MI client refreshes with SECRET_HASH of the user named in the
    // access token (moto refuses a refresh without it).
    let client = MiClient::builder()
        .api_url("http://127.0.0.1:9/v2")
        .client_id(&client_id)
        .user_pool_id(&pool_id)
        .client_secret(ClientSecret::new(&secret))
        .auth_flow(AuthFlow::UserSrp)
        .cognito_endpoint(moto.uri())
        .clock(Arc::new(auth_core::ManualClock::new()))
        .build()
        .expect("client");
    client
        .authenticate("ann", &Password::new("First-Passw0rd!"))
        .await
        .expect("login")
        .into_tokens()
        .expect("tokens");
    client
        .refresh_tokens()
        .await
        .expect("refreshed with SECRET_HASH");
    assert_eq!(client.token_refreshes(), 1);
    let refresh = client
        .tokens()
        .await
        .expect("tokens")
        .refresh_token()
        .cloned()
        .expect("refresh token");
    let err = good.refresh(&refresh).await.expect_err("no user, no hash");
    assert!(matches!(err, ScribeError::NotAuthorized(_)), "{err:?}");
}
