//! `dpsdk scinote` against the SciNote mock, as real processes.

mod common;

use common::{Home, assert_code, assert_no_secret, assert_private, json, run, stderr, stdout};
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};

fn scinote(home: &Home, mock: &SciNoteMock) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("SCINOTE_SERVER_URL", mock.uri())
        .env("SCINOTE_CLIENT_ID", CLIENT_ID)
        .arg("scinote");
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn authorize_through_stdin_then_listings_reuse_the_tokens() {
    let mock = SciNoteMock::start().await;
    let team = mock.seed_team("Lab");
    mock.seed_projects(&team, 3);
    let home = Home::new();

    // The code, then the client secret (asked for when the code is
    // exchanged), through stdin.
    let code = mock.issue_code();
    let mut cmd = scinote(&home, &mock);
    cmd.args(["--json", "authorize"])
        .write_stdin(format!("{code}\n{CLIENT_SECRET}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, CLIENT_SECRET);
    assert_no_secret(&out, &code);
    assert!(
        stderr(&out).contains("/oauth/authorize"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)["authorized"], true);
    assert_private(&home.token_file());
    assert_eq!(mock.token_requests(), 1);

    // Listings with the stored tokens need no secret (none given, stdin closed).
    let mut cmd = scinote(&home, &mock);
    cmd.write_stdin("").args(["--json", "teams"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        json(&out)
            .as_array()
            .is_some_and(|a| a.iter().any(|t| t["id"] == team.as_str()))
    );

    let mut cmd = scinote(&home, &mock);
    cmd.write_stdin("")
        .args(["--json", "projects", "--team", &team]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let projects = json(&out);
    assert_eq!(projects.as_array().map(Vec::len), Some(3));
    let project = projects[0]["id"].as_str().expect("id").to_owned();

    let experiment = mock.seed_experiment(&team, &project, "Assay");
    let mut cmd = scinote(&home, &mock);
    cmd.write_stdin("")
        .args(["experiments", "--team", &team, "--project", &project]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("Assay"));

    let mut cmd = scinote(&home, &mock);
    cmd.write_stdin("").args([
        "--json",
        "tasks",
        "--team",
        &team,
        "--project",
        &project,
        "--experiment",
        &experiment,
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(json(&out).is_array());

    assert_eq!(mock.token_requests(), 1, "the stored tokens were reused");
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_before_authorize_and_bad_code_exit_3() {
    let mock = SciNoteMock::start().await;
    let home = Home::new();
    let mut cmd = scinote(&home, &mock);
    cmd.env("SCINOTE_CLIENT_SECRET", CLIENT_SECRET).arg("teams");
    assert_code(&run(cmd).await, 3);

    let mut cmd = scinote(&home, &mock);
    cmd.env("SCINOTE_CLIENT_SECRET", CLIENT_SECRET)
        .arg("authorize")
        .write_stdin("not-a-code\n");
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert_no_secret(&out, CLIENT_SECRET);
}
