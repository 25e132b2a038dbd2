//! The client secret, the tokens, the authorization code and the API key
//! never reach a Debug string, an error or a log line.

use std::sync::Arc;

use auth_core::ManualClock;
use mock_servers::scinote::{API_KEY, CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use scinote::SciNoteClient;

#[test]
fn no_secret_in_debug_errors_or_logs() {
    let (capture, _guard) = mock_servers::logs::capture_logs();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tokens.json");
    let (secrets, texts) = rt.block_on(async {
        let mock = SciNoteMock::start().await;
        let client = SciNoteClient::builder()
            .server_url(mock.uri())
            .client_id(CLIENT_ID)
            .client_secret(CLIENT_SECRET)
            .token_file(&file)
            .clock(Arc::new(ManualClock::new()))
            .build()
            .expect("valid");
        let code = mock.issue_code();
        client.exchange_code(code.clone()).await.expect("exchanged");
        let first = client.access_token().await.expect("token");
        client.teams().list().send().await.expect("teams");
        mock.revoke_access_tokens(); // forces a 401 and a refresh
        client.teams().list().send().await.expect("teams");
        let token = client.access_token().await.expect("token");
        let reused = client
            .exchange_code(code.clone())
            .await
            .expect_err("reused code");
        let missing = client.projects("1").get("404").await.expect_err("404");
        let bad = SciNoteClient::builder()
            .server_url(mock.uri())
            .client_id(CLIENT_ID)
            .client_secret(format!("{CLIENT_SECRET}-wrong"))
            .build()
            .expect("valid");
        let bad_err = bad
            .exchange_code(mock.issue_code())
            .await
            .expect_err("bad secret");
        let keyed = SciNoteClient::builder()
            .server_url(mock.uri())
            .api_key(API_KEY)
            .build()
            .expect("valid");
        keyed.teams().list().send().await.expect("teams");
        let stored = std::fs::read_to_string(&file).expect("file");
        let v: serde_json::Value = serde_json::from_str(&stored).expect("json");
        let refresh = v["tokens"]
            .as_object()
            .and_then(|m| m.values().next())
            .and_then(|t| t["refresh_token"].as_str())
            .unwrap_or_default()
            .to_owned();
        assert!(!refresh.is_empty());
        // A refresh token imported into a client with a wrong secret: the
        // refused revocation names neither.
        let wrong = SciNoteClient::builder()
            .server_url(mock.uri())
            .client_id(CLIENT_ID)
            .client_secret(format!("{CLIENT_SECRET}-wrong"))
            .build()
            .expect("valid");
        wrong
            .import_refresh_token(refresh.as_str())
            .await
            .expect("import");
        let revoke_err = wrong.revoke().await.expect_err("bad secret");
        client.revoke().await.expect("revoked");
        let texts = vec![
            format!("{client:?}"),
            format!("{bad:?}"),
            format!("{keyed:?}"),
            format!("{reused:?} {reused}"),
            format!("{missing:?} {missing}"),
            format!("{bad_err:?} {bad_err}"),
            format!("{token:?} {token}"),
            format!("{revoke_err:?} {revoke_err}"),
            format!("{wrong:?}"),
            format!(
                "{:?}",
                SciNoteClient::builder()
                    .client_secret(CLIENT_SECRET)
                    .api_key(API_KEY)
            ),
        ];
        let secrets = vec![
            CLIENT_SECRET.to_owned(),
            API_KEY.to_owned(),
            code,
            first.expose_secret().to_owned(),
            token.expose_secret().to_owned(),
            refresh,
        ];
        (secrets, texts)
    });
    let logs = capture.text();
    assert!(logs.contains("http_request"), "logs were captured");
    for text in texts.iter().chain(std::iter::once(&logs)) {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "secret leaked: {text}");
        }
    }
}
