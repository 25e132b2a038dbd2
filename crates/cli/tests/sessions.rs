//! `status`, `token` and `logout` for every service, and `login` filling the
//! profile on first use, as real `dpsdk` processes against the mocks (and
//! moto for Scribe: needs `MOTO_SERVER_BIN`, set by `cargo xtask test`).

mod common;

use common::{Home, assert_code, assert_no_secret, json, run, stderr, stdout};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use mock_servers::scribe_mi::ScribeEmulators;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};

/// The stored access token of the only entry of the token file.
fn stored_access_token(home: &Home) -> String {
    let text = std::fs::read_to_string(home.token_file()).expect("token file");
    let v: serde_json::Value = serde_json::from_str(&text).expect("token file is JSON");
    let entries = v["tokens"].as_object().expect("an object of entries");
    let tokens: Vec<&str> = entries
        .values()
        .filter_map(|e| e["access_token"].as_str())
        .collect();
    assert_eq!(tokens.len(), 1, "one stored token: {text}");
    tokens[0].to_owned()
}

/// `status` before a login: printed, exit code 3, no network needed.
async fn assert_logged_out(mut cmd: assert_cmd::Command) {
    cmd.args(["--json", "status"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert_eq!(json(&out)["logged_in"], false);
    assert!(stderr(&out).contains("login"), "{}", stderr(&out));
}

/// `status` after a login: logged in, the store named, the expiry for people.
async fn assert_logged_in(mut cmd: assert_cmd::Command, expires: bool) -> serde_json::Value {
    cmd.args(["--json", "status"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let v = json(&out);
    assert_eq!(v["logged_in"], true);
    assert!(
        v["token_store"]
            .as_str()
            .is_some_and(|s| s.contains("file")),
        "{v}"
    );
    let human = v["expires"].as_str().expect("expires text");
    if expires {
        assert!(human.starts_with("expires in "), "{human}");
        assert!(v["expires_at"].as_u64().is_some());
    } else {
        assert_eq!(human, "does not expire");
    }
    v
}

/// `token` prints nothing secret without `--show`, and the stored token
/// with it (bare, and in the JSON object).
async fn assert_token_shown_only_when_asked(home: &Home, cmd: impl Fn() -> assert_cmd::Command) {
    let mut hidden = cmd();
    hidden.args(["--json", "token"]).write_stdin("");
    let out = run(hidden).await;
    assert_code(&out, 0);
    let token = stored_access_token(home);
    assert_no_secret(&out, &token);
    let v = json(&out);
    assert!(v.get("access_token").is_none(), "{v}");
    assert_eq!(v["generated"], false, "the stored token was reused");

    let mut bare = cmd();
    bare.args(["token", "--show"]).write_stdin("");
    let out = run(bare).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), token);

    let mut shown = cmd();
    shown.args(["--json", "token", "--show"]).write_stdin("");
    let out = run(shown).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["access_token"], token.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn symbl_login_fills_the_profile_then_status_token_logout() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    // No app id anywhere: `login` asks for it (stdin, not a terminal),
    // the secret comes from the environment.
    let symbl = || {
        let mut cmd = home.cmd();
        cmd.env("SYMBL_BASE_URL", mock.uri()).arg("symbl");
        cmd
    };
    let mut cmd = symbl();
    cmd.arg("status").write_stdin("");
    assert_code(&run(cmd).await, 2);

    let mut cmd = symbl();
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .args(["--json", "login"])
        .write_stdin(format!("{APP_ID}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, APP_SECRET);
    assert_eq!(json(&out)["logged_in"], true);
    assert!(stderr(&out).contains("saved the settings to profile default"));
    let config = std::fs::read_to_string(home.dir.path().join("xdg/dpsdk/config.toml"))
        .expect("the profile was written");
    assert!(config.contains(APP_ID) && !config.contains(APP_SECRET));

    // From here on the app id comes from the profile.
    let v = assert_logged_in(symbl(), true).await;
    assert_eq!(v["account"], APP_ID);
    assert_token_shown_only_when_asked(&home, symbl).await;
    assert_eq!(mock.token_requests(), 1);

    let mut cmd = symbl();
    cmd.args(["--json", "logout"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["revoked"], false);
    assert_logged_out(symbl()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn symbl_token_reports_a_new_token_as_generated_and_a_reused_one_not() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let symbl = || {
        let mut cmd = home.cmd();
        cmd.env("SYMBL_BASE_URL", mock.uri())
            .env("SYMBL_APP_ID", APP_ID)
            .env("SYMBL_APP_SECRET", APP_SECRET)
            .arg("symbl");
        cmd
    };
    let mut cmd = symbl();
    cmd.args(["--json", "token"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["generated"], true);
    let mut cmd = symbl();
    cmd.args(["--json", "token"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["generated"], false);
    assert_eq!(mock.token_requests(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn ascribe_status_token_logout() {
    let mock = AscribeMock::start().await;
    let home = Home::new();
    let ascribe = || {
        let mut cmd = home.cmd();
        cmd.env("ASCRIBE_BASE_URL", mock.uri()).arg("ascribe");
        cmd
    };
    assert_logged_out({
        let mut c = ascribe();
        c.env("ASCRIBE_ACCOUNT", ACCOUNT)
            .env("ASCRIBE_USER", USER_NAME);
        c
    })
    .await;

    // Account and user asked for (and saved), the password from stdin.
    let mut cmd = ascribe();
    cmd.args(["--json", "login"])
        .write_stdin(format!("{ACCOUNT}\n{USER_NAME}\n{PASSWORD}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, PASSWORD);

    let v = assert_logged_in(ascribe(), false).await;
    assert_eq!(v["account"], format!("{ACCOUNT}/{USER_NAME}"));
    assert_token_shown_only_when_asked(&home, ascribe).await;

    let mut cmd = ascribe();
    cmd.args(["logout"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("logged out"), "{}", stdout(&out));
    assert_logged_out(ascribe()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn scinote_status_token_and_logout_revokes_at_the_server() {
    let mock = SciNoteMock::start().await;
    let home = Home::new();
    let scinote = || {
        let mut cmd = home.cmd();
        cmd.env("SCINOTE_SERVER_URL", mock.uri())
            .env("SCINOTE_CLIENT_ID", CLIENT_ID)
            .arg("scinote");
        cmd
    };
    assert_logged_out(scinote()).await;

    let code = mock.issue_code();
    let mut cmd = scinote();
    cmd.args(["login"])
        .write_stdin(format!("{code}\n{CLIENT_SECRET}\n"));
    assert_code(&run(cmd).await, 0);

    let v = assert_logged_in(scinote(), true).await;
    assert_eq!(v["has_refresh_token"], true);
    assert_token_shown_only_when_asked(&home, scinote).await;

    let mut cmd = scinote();
    cmd.env("SCINOTE_CLIENT_SECRET", CLIENT_SECRET)
        .args(["--json", "logout"])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["revoked"], true);
    assert_eq!(mock.revocations(), 1);
    assert_logged_out(scinote()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn scribe_status_token_and_logout() {
    const USER: &str = "status@example.com";
    const TEMPORARY: &str = "Temporary-Passw0rd!";
    const NEW: &str = "My-Own-Passw0rd-2026!";
    let e = ScribeEmulators::start()
        .await
        .expect("moto and the MI mock");
    e.create_user(USER, TEMPORARY).await.expect("user");
    let home = Home::new();
    let scribe = || {
        let mut cmd = home.cmd();
        cmd.env("SCRIBE_API_URL", e.mi.api_url())
            .env("SCRIBE_COGNITO_ENDPOINT", e.moto.uri())
            .env("SCRIBE_IDENTITY_POOL_ID", &e.identity_pool_id)
            .arg("scribe");
        cmd
    };
    let with_user = || {
        let mut cmd = scribe();
        cmd.env("SCRIBE_CLIENT_ID", &e.client_id)
            .env("SCRIBE_USER_POOL_ID", &e.user_pool_id)
            .env("SCRIBE_USERNAME", USER);
        cmd
    };
    assert_logged_out(with_user()).await;

    // Client id, pool and user asked for (and saved in the profile), then
    // the temporary and the new password.
    let mut cmd = scribe();
    cmd.args(["--json", "login"]).write_stdin(format!(
        "{}\n{}\n{USER}\n{TEMPORARY}\n{NEW}\n",
        e.client_id, e.user_pool_id
    ));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, NEW);
    let config = std::fs::read_to_string(home.dir.path().join("xdg/dpsdk/config.toml"))
        .expect("the profile was written");
    assert!(config.contains(&e.user_pool_id) && config.contains(USER));

    let v = assert_logged_in(scribe(), true).await;
    assert_eq!(v["account"], USER);
    assert_eq!(v["has_refresh_token"], true);

    let mut cmd = scribe();
    cmd.args(["token"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("expires in"), "{}", stdout(&out));

    // moto has no RevokeToken: the local logout still happens and the
    // failure is named.
    let mut cmd = scribe();
    cmd.args(["logout"]).write_stdin("");
    let out = run(cmd).await;
    assert!(
        stderr(&out).contains("stored tokens removed"),
        "{}",
        stderr(&out)
    );
    assert_logged_out(scribe()).await;
}
