//! `dpsdk scribe --refresh-token-rotation token`, as real processes against
//! a wiremock Cognito (moto lacks `GetTokensFromRefreshToken`): the rotated
//! refresh token is stored, and the next process refreshes with it.

mod common;

use common::{Home, assert_code, assert_no_secret, run, stdout};
use mock_servers::wiremock::matchers::{body_partial_json, header, method};
use mock_servers::wiremock::{Mock, MockServer, ResponseTemplate};

const TARGET: &str = "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken";

/// Exchanges `refresh` once for `access` and the rotated `next`.
async fn rotates(server: &MockServer, refresh: &str, access: &str, next: &str) {
    Mock::given(method("POST"))
        .and(header("x-amz-target", TARGET))
        .and(body_partial_json(
            serde_json::json!({"ClientId": "cli-client", "RefreshToken": refresh}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "AuthenticationResult": {
                "AccessToken": access, "ExpiresIn": 3600, "RefreshToken": next,
            }
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

fn scribe(home: &Home, cognito: &MockServer) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("SCRIBE_API_URL", "http://127.0.0.1:9/v2")
        .env("SCRIBE_COGNITO_ENDPOINT", cognito.uri())
        .env("SCRIBE_CLIENT_ID", "cli-client")
        .env("SCRIBE_USER_POOL_ID", "eu-west-2_cli")
        .env("SCRIBE_USERNAME", "analyst@example.com")
        .env("SCRIBE_REFRESH_TOKEN_ROTATION", "true")
        .arg("scribe");
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn each_process_refreshes_with_the_refresh_token_the_last_one_rotated_in() {
    let cognito = MockServer::start().await;
    rotates(&cognito, "rt-1", "at-2", "rt-2").await;
    rotates(&cognito, "rt-2", "at-3", "rt-3").await;
    let home = Home::new();

    let mut cmd = scribe(&home, &cognito);
    cmd.args(["token", "--show", "--refresh-token-stdin"])
        .write_stdin("rt-1\n");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "at-2");
    assert_no_secret(&out, "rt-2");

    // A new process: it refreshes first, with rt-2 from the token file.
    let mut cmd = scribe(&home, &cognito);
    cmd.args(["token", "--show"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "at-3");
    let stored = std::fs::read_to_string(home.token_file()).expect("token file");
    assert!(
        stored.contains("rt-3") && !stored.contains("rt-2"),
        "the rotated token replaced the old"
    );
}
