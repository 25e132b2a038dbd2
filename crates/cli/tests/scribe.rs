//! `dpsdk scribe` against moto (a local Cognito) and the MI mock, as real
//! processes, with the passwords fed through stdin. Needs `MOTO_SERVER_BIN`
//! (set by `cargo xtask test`).

mod common;

use common::{Home, assert_code, assert_no_secret, assert_private, json, run, stderr};
use mock_servers::scribe_mi::ScribeEmulators;

const USER: &str = "analyst@example.com";
const TEMPORARY: &str = "Temporary-Passw0rd!";
const NEW: &str = "My-Own-Passw0rd-2026!";

async fn emulators() -> ScribeEmulators {
    let emulators = ScribeEmulators::start()
        .await
        .expect("start moto and the MI mock");
    emulators
        .create_user(USER, TEMPORARY)
        .await
        .expect("create the user");
    emulators.mi.set_polls_to_success(1);
    emulators
}

fn scribe(home: &Home, e: &ScribeEmulators) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("SCRIBE_API_URL", e.mi.api_url())
        .env("SCRIBE_COGNITO_ENDPOINT", e.moto.uri())
        .env("SCRIBE_CLIENT_ID", &e.client_id)
        .env("SCRIBE_USER_POOL_ID", &e.user_pool_id)
        .env("SCRIBE_IDENTITY_POOL_ID", &e.identity_pool_id)
        .env("SCRIBE_USERNAME", USER)
        .arg("scribe");
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn login_with_new_password_challenge_then_tasks() {
    let e = emulators().await;
    let home = Home::new();

    // Temporary password, then the new one, both through stdin.
    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "login"])
        .write_stdin(format!("{TEMPORARY}\n{NEW}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, TEMPORARY);
    assert_no_secret(&out, NEW);
    assert!(stderr(&out).contains("temporary"));
    assert_eq!(json(&out)["logged_in"], true);
    assert_private(&home.token_file());
    let stored = std::fs::read_to_string(home.token_file()).expect("token file");
    assert!(stored.contains("refresh_token"));
    assert!(!stored.contains(NEW));

    // Submit a document and wait for it: no password, stdin closed.
    let doc = home.dir.path().join("Q2 report.pdf");
    std::fs::write(&doc, b"%PDF-1.4 quarterly numbers").expect("write doc");
    let mut cmd = scribe(&home, &e);
    cmd.args([
        "--json",
        "tasks",
        "submit",
        "--company",
        "Acme",
        "--wait",
        "--interval",
        "0.1",
    ])
    .arg(&doc)
    .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let task = json(&out);
    let jobid = task["jobid"].as_str().expect("jobid").to_owned();
    assert_eq!(
        e.mi.uploaded(&jobid).map(|(_, upload)| upload),
        Some(mock_servers::storage::Upload::of(
            b"%PDF-1.4 quarterly numbers"
        ))
    );

    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "tasks", "list"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        json(&out)
            .as_array()
            .is_some_and(|a| a.iter().any(|t| t["jobid"] == jobid.as_str()))
    );

    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "tasks", "model", &jobid])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(json(&out).is_object());

    let mut cmd = scribe(&home, &e);
    cmd.args(["tasks", "delete", &jobid]).write_stdin("");
    assert_code(&run(cmd).await, 0);

    let mut cmd = scribe(&home, &e);
    cmd.args(["tasks", "get", "no-such-task"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 4);

    // Refresh, credentials, revoke.
    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "refresh"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["refreshed"], true);

    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "credentials"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["access_key_id"], e.access_key_id.as_str());

    // moto has no RevokeToken (it answers 500): the tokens are still
    // forgotten locally, and the failure is reported.
    let mut cmd = scribe(&home, &e);
    cmd.args(["revoke"]).write_stdin("");
    let out = run(cmd).await;
    assert!(
        stderr(&out).contains("stored tokens removed"),
        "{}",
        stderr(&out)
    );
    let stored = std::fs::read_to_string(home.token_file()).expect("token file");
    assert!(
        !stored.contains("scribe:"),
        "the Scribe tokens were removed"
    );

    // Logged out: an authentication failure.
    let mut cmd = scribe(&home, &e);
    cmd.args(["tasks", "list"]).write_stdin("");
    assert_code(&run(cmd).await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_exits_3_and_password_reset_works() {
    let e = emulators().await;
    let home = Home::new();
    let wrong = "Wrong-Passw0rd-zz!";

    let mut cmd = scribe(&home, &e);
    cmd.env("SCRIBE_PASSWORD", wrong).arg("login");
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert_no_secret(&out, wrong);
    assert!(!home.token_file().exists());

    // Settle the temporary password first (reset needs a confirmed user).
    let mut cmd = scribe(&home, &e);
    cmd.env("SCRIBE_PASSWORD", TEMPORARY)
        .env("SCRIBE_NEW_PASSWORD", NEW)
        .arg("login");
    assert_code(&run(cmd).await, 0);

    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "forgot"]);
    assert_code(&run(cmd).await, 0);

    // moto reveals the code only to whoever asked for it: ask again here.
    let code = e
        .moto
        .forgot_password_code(&e.client_id, USER)
        .await
        .expect("reset code");
    let reset = "Reset-Passw0rd-2027!";
    let mut cmd = scribe(&home, &e);
    cmd.arg("confirm").write_stdin(format!("{code}\n{reset}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, reset);

    let mut cmd = scribe(&home, &e);
    cmd.arg("login").write_stdin(format!("{reset}\n"));
    assert_code(&run(cmd).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn login_answers_the_mfa_challenge_from_stdin() {
    use auth_core::secret::Password;
    use scribe_mi::{AuthConfig, Login, ScribeAuth};

    let e = emulators().await;
    // Settle the temporary password and turn on TOTP MFA through the SDK.
    let auth = ScribeAuth::builder()
        .auth_config(
            AuthConfig::new(&e.client_id, &e.user_pool_id)
                .region("eu-west-2")
                .endpoint(e.moto.uri()),
        )
        .build()
        .expect("auth");
    let Login::Challenge(challenge) = auth
        .login(USER, &Password::new(TEMPORARY))
        .await
        .expect("login")
    else {
        panic!("expected the new-password challenge");
    };
    let tokens = auth
        .complete_new_password(&challenge, &Password::new(NEW))
        .await
        .expect("new password")
        .into_tokens()
        .expect("tokens");
    e.moto
        .enable_totp_mfa(tokens.access_token().expose_secret())
        .await
        .expect("enable MFA");

    let home = Home::new();
    let code = mock_servers::moto::totp_code(std::time::SystemTime::now());
    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "login"])
        .write_stdin(format!("{NEW}\n{code}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, NEW);
    assert_eq!(json(&out)["logged_in"], true);
    assert_private(&home.token_file());
}

#[tokio::test(flavor = "multi_thread")]
async fn login_enrols_an_authenticator_app_when_the_pool_demands_mfa() {
    let e = emulators().await;
    e.moto
        .call(
            "AWSCognitoIdentityProviderService.SetUserPoolMfaConfig",
            serde_json::json!({
                "UserPoolId": e.user_pool_id,
                "SoftwareTokenMfaConfiguration": {"Enabled": true},
                "MfaConfiguration": "ON",
            }),
        )
        .await
        .expect("MFA required by the pool");
    let home = Home::new();
    // Temporary and new password through stdin; then MFA_SETUP: the key is
    // shown on stderr and the code of that key comes from the environment.
    let code = mock_servers::moto::totp_code(std::time::SystemTime::now());
    let mut cmd = scribe(&home, &e);
    cmd.env("SCRIBE_MFA_CODE", &code)
        .args(["--json", "login"])
        .write_stdin(format!("{TEMPORARY}\n{NEW}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains(mock_servers::moto::TOTP_SECRET),
        "the key to enrol is shown: {}",
        stderr(&out)
    );
    assert!(
        !common::stdout(&out).contains(mock_servers::moto::TOTP_SECRET),
        "never on stdout"
    );
    assert_eq!(json(&out)["logged_in"], true);
    assert_no_secret(&out, NEW);
}
