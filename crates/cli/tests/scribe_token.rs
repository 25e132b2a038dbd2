//! `dpsdk scribe token`, `change-password`, `otp`, SRP and MI v2, as real
//! processes against moto and the MI mock. Needs `MOTO_SERVER_BIN`.

mod common;

use std::time::{Duration, SystemTime};

use common::{Home, assert_code, assert_no_secret, json, run, stdout};
use mock_servers::scribe_mi::ScribeEmulators;

const USER: &str = "analyst@example.com";
const TEMPORARY: &str = "Temporary-Passw0rd!";
const NEW: &str = "My-Own-Passw0rd-2026!";
const NEWER: &str = "Even-Newer-Passw0rd-2027!";

async fn emulators() -> ScribeEmulators {
    let e = ScribeEmulators::start()
        .await
        .expect("start moto and the MI mock");
    e.create_user(USER, TEMPORARY)
        .await
        .expect("create the user");
    e
}

/// `dpsdk scribe` for the v2 API (no identity pool).
fn scribe(home: &Home, e: &ScribeEmulators) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("SCRIBE_API_URL", e.mi.api_url_v2())
        .env("SCRIBE_COGNITO_ENDPOINT", e.moto.uri())
        .env("SCRIBE_CLIENT_ID", &e.client_id)
        .env("SCRIBE_USER_POOL_ID", &e.user_pool_id)
        .env("SCRIBE_USERNAME", USER)
        .arg("scribe");
    cmd
}

async fn login(home: &Home, e: &ScribeEmulators) {
    let mut cmd = scribe(home, e);
    cmd.args(["--auth-flow", "srp", "login"])
        .write_stdin(format!("{TEMPORARY}\n{NEW}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn token_refreshes_first_and_prints_only_when_asked() {
    let e = emulators().await;
    let home = Home::new();
    login(&home, &e).await;
    let stored_before = std::fs::read_to_string(home.token_file()).expect("token file");

    // Without --show: nothing secret on stdout or stderr.
    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "token"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(json(&out)["expires_at"].as_u64().is_some());
    assert!(!stdout(&out).contains("eyJ"), "no JWT printed");
    let stored_after = std::fs::read_to_string(home.token_file()).expect("token file");
    assert_ne!(stored_before, stored_after, "refreshed (and stored) first");

    // --show: the access token alone, which the v2 API accepts.
    let mut cmd = scribe(&home, &e);
    cmd.args(["token", "--show"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let token = stdout(&out).trim().to_owned();
    assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
    assert!(stored_after != std::fs::read_to_string(home.token_file()).expect("file"));

    // --json --show: all three tokens with expiries.
    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "token", "--show"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let v = json(&out);
    for field in ["access_token", "id_token", "refresh_token"] {
        assert!(v[field].as_str().is_some_and(|t| !t.is_empty()), "{field}");
    }
    assert!(v["access_token_expires_at"].as_u64().is_some());
    assert!(v["id_token_expires_at"].as_u64().is_some());
    let refresh = v["refresh_token"].as_str().expect("refresh").to_owned();

    // A refresh token from stdin, in a home without stored tokens.
    let fresh_home = Home::new();
    let mut cmd = scribe(&fresh_home, &e);
    cmd.args(["token", "--show", "--refresh-token-stdin"])
        .write_stdin(format!("{refresh}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim().split('.').count(), 3);
    assert_no_secret(&out, &refresh);

    // And the tasks API on v2 with the stored tokens, no identity pool.
    let mut cmd = scribe(&fresh_home, &e);
    cmd.args(["--json", "tasks", "list"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(json(&out).is_array());
    assert!(!e.mi.v2_tokens().is_empty());
    assert_eq!(e.mi.rejected_tokens(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn token_without_stored_tokens_logs_in_with_the_password_from_stdin() {
    let e = emulators().await;
    let home = Home::new();
    let mut cmd = scribe(&home, &e);
    cmd.args(["token"])
        .write_stdin(format!("{TEMPORARY}\n{NEW}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, TEMPORARY);
    assert_no_secret(&out, NEW);
    assert!(!stdout(&out).contains("eyJ"));
    assert!(home.token_file().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn change_password_then_the_new_one_logs_in() {
    let e = emulators().await;
    let home = Home::new();
    login(&home, &e).await;
    let mut cmd = scribe(&home, &e);
    cmd.args(["--json", "change-password"])
        .write_stdin(format!("{NEW}\n{NEWER}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["password_changed"], true);
    assert_no_secret(&out, NEW);
    assert_no_secret(&out, NEWER);

    // USER_PASSWORD_AUTH (moto checks it): the old password is refused...
    let mut cmd = scribe(&Home::new(), &e);
    cmd.args(["login"]).write_stdin(format!("{NEW}\n"));
    assert_code(&run(cmd).await, 3);
    // ...and the new one works.
    let mut cmd = scribe(&Home::new(), &e);
    cmd.args(["login"]).write_stdin(format!("{NEWER}\n"));
    assert_code(&run(cmd).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn otp_prints_the_authenticator_code_of_the_secret() {
    let home = Home::new();
    let before = mock_servers::moto::totp_code(SystemTime::now());
    let mut cmd = home.cmd();
    cmd.env("SCRIBE_OTP_SECRET", mock_servers::moto::TOTP_SECRET)
        .args(["scribe", "otp"])
        .write_stdin("");
    let out = run(cmd).await;
    let after = mock_servers::moto::totp_code(SystemTime::now() + Duration::from_millis(1));
    assert_code(&out, 0);
    let code = stdout(&out).trim().to_owned();
    assert!(
        code == before || code == after,
        "{code} is neither {before} nor {after}"
    );
    assert_no_secret(&out, mock_servers::moto::TOTP_SECRET);

    let mut cmd = home.cmd();
    cmd.env("SCRIBE_OTP_SECRET", "not base32!")
        .args(["scribe", "otp"])
        .write_stdin("");
    assert_code(&run(cmd).await, 2);
}
