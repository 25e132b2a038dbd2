//! Bringing existing tokens: the official example's settings.json and a
//! bare refresh token, imported into the token store.

mod common;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use auth_core::ManualClock;
use common::oauth_builder;
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use scinote::SciNoteClient;
use scinote::legacy::LegacySettings;
use serde_json::json;

/// A token pair issued by the mock, as the example's scripts would hold it.
async fn issued_pair(mock: &SciNoteMock) -> (String, String) {
    let client = oauth_builder(mock).build().expect("client");
    client
        .exchange_code(mock.issue_code())
        .await
        .expect("exchange");
    let set = client.stored_tokens().await.expect("tokens").expect("held");
    (
        set.access_token().expose_secret().to_owned(),
        set.refresh_token()
            .map(|t| t.expose_secret().to_owned())
            .unwrap_or_default(),
    )
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn settings_json(mock: &SciNoteMock, access: &str, refresh: &str, created_at: u64) -> String {
    json!({
        "server_url": mock.uri(),
        "api_uid": CLIENT_ID,
        "api_secret": CLIENT_SECRET,
        "api_redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
        "authorization_code": "",
        "access_token": access,
        "refresh_token": refresh,
        "access_token_created_at": created_at,
        "access_token_expires_in": 7200
    })
    .to_string()
}

fn client_from(settings: &LegacySettings, file: &std::path::Path) -> SciNoteClient {
    SciNoteClient::builder()
        .legacy_settings(settings)
        .token_file(file)
        .clock(Arc::new(ManualClock::new()))
        .build()
        .expect("client from settings")
}

#[tokio::test]
async fn a_settings_json_with_a_live_token_is_used_as_is() {
    let mock = SciNoteMock::start().await;
    let (access, refresh) = issued_pair(&mock).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("settings.json");
    std::fs::write(&path, settings_json(&mock, &access, &refresh, now())).expect("write");
    let settings = LegacySettings::from_file(&path).expect("parse");
    let debug = format!("{settings:?}");
    assert!(
        !debug.contains(&refresh) && !debug.contains(CLIENT_SECRET),
        "{debug}"
    );

    let file = dir.path().join("tokens.json");
    let client = client_from(&settings, &file);
    client
        .import_legacy_tokens(&settings)
        .await
        .expect("import");
    let before = mock.token_requests();
    client.teams().get("1").await.expect("team");
    assert_eq!(mock.token_requests(), before, "no refresh needed");
    // A second process starts from the store alone.
    let again = client_from(&settings, &file);
    assert!(again.has_stored_tokens().await.expect("store"));
}

#[tokio::test]
async fn an_expired_settings_token_is_refreshed_and_the_rotated_pair_saved() {
    let mock = SciNoteMock::start().await;
    let (access, refresh) = issued_pair(&mock).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let settings =
        LegacySettings::from_json(&settings_json(&mock, &access, &refresh, now() - 8000))
            .expect("parse");
    let file = dir.path().join("tokens.json");
    let client = client_from(&settings, &file);
    client
        .import_legacy_tokens(&settings)
        .await
        .expect("import");
    client.teams().get("1").await.expect("team");
    assert_eq!(mock.refreshes(), 1);
    let stored = std::fs::read_to_string(&file).expect("store");
    assert!(
        !stored.contains(&refresh),
        "the used refresh token was replaced"
    );
}

#[tokio::test]
async fn a_bare_refresh_token_bootstraps_a_client() {
    let mock = SciNoteMock::start().await;
    let (_, refresh) = issued_pair(&mock).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let client = oauth_builder(&mock)
        .token_file(dir.path().join("tokens.json"))
        .build()
        .expect("client");
    assert!(!client.has_stored_tokens().await.expect("store"));
    client
        .import_refresh_token(refresh.as_str())
        .await
        .expect("import");
    let teams = client.teams().list().all().await.expect("teams");
    assert_eq!(teams[0].attributes.name.as_deref(), Some("Lab"));
    assert_eq!(mock.refreshes(), 1);
    // The same refresh token again is refused: it rotated.
    let other = oauth_builder(&mock).build().expect("client");
    other
        .import_refresh_token(refresh.as_str())
        .await
        .expect("import");
    let err = other.teams().get("1").await.expect_err("rotated");
    assert!(err.is_reauthorization_required(), "{err:?}");
}

#[tokio::test]
async fn a_settings_json_without_tokens_or_with_bad_json_is_refused() {
    let mock = SciNoteMock::start().await;
    let settings = LegacySettings::from_json(
        &json!({"server_url": mock.uri(), "api_uid": CLIENT_ID, "api_secret": CLIENT_SECRET})
            .to_string(),
    )
    .expect("parse");
    let dir = tempfile::tempdir().expect("tempdir");
    let client = client_from(&settings, &dir.path().join("t.json"));
    let err = client
        .import_legacy_tokens(&settings)
        .await
        .expect_err("no tokens");
    assert!(
        err.to_string().contains("no access or refresh token"),
        "{err}"
    );
    let err = LegacySettings::from_json("{\"api_secret\": 5").expect_err("bad json");
    assert!(err.to_string().contains("settings.json"), "{err}");
}
