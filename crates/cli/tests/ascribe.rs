//! `dpsdk ascribe` against the Ascribe mock, as real processes.

mod common;

use ascribe_coder::AscribeClient;
use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{NewCode, NewQuestion, NewStudy, ResponseInput};
use common::{Home, assert_code, assert_no_secret, assert_private, json, run, stdout};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};

fn ascribe(home: &Home, mock: &AscribeMock) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("ASCRIBE_BASE_URL", mock.uri())
        .env("ASCRIBE_ACCOUNT", ACCOUNT)
        .env("ASCRIBE_USER", USER_NAME)
        .arg("ascribe");
    cmd
}

/// A study with one question, three responses and a codebook.
async fn seed(mock: &AscribeMock) -> (i64, i64) {
    let client = AscribeClient::builder()
        .base_url(mock.uri())
        .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
        .build()
        .expect("config");

    let study = client
        .studies()
        .create(NewStudy::new("S458-3").name("Brand survey"))
        .await
        .expect("study");
    let question = client
        .questions()
        .create(study.key, NewQuestion::new("Q1").text("What did you like?"))
        .await
        .expect("question");
    client
        .responses()
        .add(
            question.key,
            (1..=3).map(|i| ResponseInput::new(format!("r{i}"), "Great value")),
        )
        .send()
        .await
        .expect("responses");
    client
        .codebooks()
        .replace(
            question.key,
            vec![NewCode::new("Price"), NewCode::new("Taste")],
        )
        .await
        .expect("codebook");
    (study.key.get(), question.key.get())
}

#[tokio::test(flavor = "multi_thread")]
async fn login_from_stdin_then_listings_reuse_the_token() {
    let mock = AscribeMock::start().await;
    let (study, question) = seed(&mock).await;
    let logins = mock.logins();
    let home = Home::new();

    // The password piped through stdin (no ASCRIBE_PASSWORD).
    let mut cmd = ascribe(&home, &mock);
    cmd.args(["--json", "login"])
        .write_stdin(format!("{PASSWORD}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, PASSWORD);
    assert_eq!(json(&out)["logged_in"], true);
    assert_private(&home.token_file());
    assert_eq!(mock.logins(), logins + 1);

    // Later commands: no password anywhere, stdin closed.
    let mut cmd = ascribe(&home, &mock);
    cmd.args(["--json", "studies"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let v = json(&out);
    assert_eq!(v[0]["id"], "S458-3");

    let mut cmd = ascribe(&home, &mock);
    cmd.args(["--json", "questions", &study.to_string()])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)[0]["key"], question);

    let mut cmd = ascribe(&home, &mock);
    cmd.args(["--json", "responses", &question.to_string()])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out).as_array().map(Vec::len), Some(3));

    let mut cmd = ascribe(&home, &mock);
    cmd.args(["codebook", &question.to_string()])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("Price") && stdout(&out).contains("Taste"));

    assert_eq!(mock.logins(), logins + 1, "the stored token was reused");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_password_exits_3() {
    let mock = AscribeMock::start().await;
    let home = Home::new();
    let wrong = "wrong-pa55word-zz";
    let mut cmd = ascribe(&home, &mock);
    cmd.env("ASCRIBE_PASSWORD", wrong).arg("studies");
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert_no_secret(&out, wrong);
    assert!(!home.token_file().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn no_password_and_closed_stdin_is_a_usage_error() {
    let mock = AscribeMock::start().await;
    let home = Home::new();
    let mut cmd = ascribe(&home, &mock);
    cmd.arg("studies").write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn human_output_is_a_table() {
    let mock = AscribeMock::start().await;
    let (study, _) = seed(&mock).await;
    let home = Home::new();
    let mut cmd = ascribe(&home, &mock);
    cmd.env("ASCRIBE_PASSWORD", PASSWORD).arg("studies");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    println!("{text}");
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    assert!(
        header.starts_with("KEY") && header.contains("STATUS"),
        "{text}"
    );
    assert!(lines.any(|l| l.starts_with(&study.to_string()) && l.contains("S458-3")));
}
