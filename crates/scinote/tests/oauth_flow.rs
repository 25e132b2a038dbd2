//! The SciNote client's OAuth flow against the local SciNote mock:
//! authorize URL, code exchange, rotating refresh tokens, shared token files.

mod common;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use auth_core::ManualClock;
use common::{oauth_client, stored_refresh_tokens};
use mock_servers::scinote::{CLIENT_ID, SciNoteMock};

#[tokio::test]
async fn the_authorize_url_has_the_exact_form() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let client = oauth_client(&mock, &dir.path().join("t.json"), &ManualClock::new());
    let req = client.authorize_request().expect("url");
    let expected = format!(
        "{}/oauth/authorize?client_id={CLIENT_ID}&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&response_type=code&state={}",
        mock.uri(),
        req.state()
    );
    assert_eq!(req.url(), expected);
    assert_eq!(req.state().len(), 32);
    assert_ne!(
        req.state(),
        client.authorize_request().expect("url").state()
    );
}

#[tokio::test]
async fn without_tokens_the_user_must_authorize() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let client = oauth_client(&mock, &dir.path().join("t.json"), &ManualClock::new());
    let err = client.teams().list().send().await.expect_err("no tokens");
    assert!(err.is_reauthorization_required(), "{err:?}");
    assert!(
        err.authorize_url()
            .is_some_and(|u| u.starts_with(&format!("{}/oauth/authorize?", mock.uri())))
    );
}

#[tokio::test]
async fn the_code_is_exchanged_and_stored_with_mode_0600() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tokens.json");
    let client = oauth_client(&mock, &file, &ManualClock::new());
    client
        .exchange_code(mock.issue_code())
        .await
        .expect("exchanged");
    let teams = client.teams().list().send().await.expect("teams");
    assert_eq!(teams.data[0].attributes.name.as_deref(), Some("Lab"));
    assert_eq!(mock.token_requests(), 1);
    assert_eq!(stored_refresh_tokens(&file).len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second process with the same file starts without authorizing.
    let again = oauth_client(&mock, &file, &ManualClock::new());
    assert!(again.has_stored_tokens().await.expect("store"));
    again.teams().get("1").await.expect("team");
    assert_eq!(mock.token_requests(), 1);
    // A code is single use.
    let code = mock.issue_code();
    client.exchange_code(code.clone()).await.expect("first use");
    let err = client.exchange_code(code).await.expect_err("reused code");
    assert!(err.is_reauthorization_required(), "{err:?}");
}

#[tokio::test]
async fn a_refresh_rotates_the_pair_and_persists_it_before_use() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tokens.json");
    let clock = ManualClock::new();
    let client = oauth_client(&mock, &file, &clock);
    client
        .exchange_code(mock.issue_code())
        .await
        .expect("exchanged");
    let first_rt = stored_refresh_tokens(&file);
    // Every API request: the file must already hold the refresh token issued
    // with the access token being used.
    let violations = Arc::new(Mutex::new(Vec::<String>::new()));
    let (seen, path) = (Arc::clone(&violations), file.clone());
    mock.observe_tokens(Arc::new(move |_access, refresh| {
        if !stored_refresh_tokens(&path).iter().any(|r| r == refresh) {
            seen.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(refresh.to_owned());
        }
    }));
    client.teams().list().send().await.expect("teams");
    // Two hours later the access token has expired.
    clock.advance(Duration::from_secs(7200));
    mock.advance_clock(7200);
    client
        .teams()
        .list()
        .send()
        .await
        .expect("teams after refresh");
    assert_eq!(mock.refreshes(), 1);
    let second_rt = stored_refresh_tokens(&file);
    assert_eq!(second_rt.len(), 1);
    assert_ne!(first_rt, second_rt, "the refresh token rotated");
    assert!(
        violations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty(),
        "an access token was used before its refresh token was saved"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[tokio::test]
async fn reusing_an_old_refresh_token_requires_reauthorization() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, stale) = (dir.path().join("a.json"), dir.path().join("b.json"));
    let clock = ManualClock::new();
    let client = oauth_client(&mock, &file, &clock);
    client
        .exchange_code(mock.issue_code())
        .await
        .expect("exchanged");
    std::fs::copy(&file, &stale).expect("copy");
    mock.revoke_access_tokens();
    client.teams().list().send().await.expect("refreshed");
    // A copy still holding the old (now rotated) refresh token.
    let old = oauth_client(&mock, &stale, &clock);
    mock.revoke_access_tokens();
    let err = old.teams().list().send().await.expect_err("old token");
    assert!(err.is_reauthorization_required(), "{err:?}");
    assert!(
        err.authorize_url()
            .is_some_and(|u| u.contains("response_type=code"))
    );
    assert_eq!(mock.refreshes(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_sharing_a_file_refresh_once() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("shared.json");
    let clock = ManualClock::new();
    let a = oauth_client(&mock, &file, &clock);
    a.exchange_code(mock.issue_code()).await.expect("exchanged");
    // Two stores on one file, as two processes would have.
    let b = oauth_client(&mock, &file, &clock);
    b.teams()
        .list()
        .send()
        .await
        .expect("b loads the stored tokens");
    clock.advance(Duration::from_secs(7200));
    mock.advance_clock(7200);
    let (la, lb) = (a.teams().list(), b.teams().list());
    let (ra, rb) = tokio::join!(la.send(), lb.send());
    ra.expect("a");
    rb.expect("b");
    assert_eq!(
        mock.refreshes(),
        1,
        "the rotating refresh token was spent twice"
    );
    assert_eq!(stored_refresh_tokens(&file).len(), 1);
}

#[tokio::test]
async fn a_401_refreshes_once_and_retries() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let client = oauth_client(&mock, &dir.path().join("t.json"), &ManualClock::new());
    client
        .exchange_code(mock.issue_code())
        .await
        .expect("exchanged");
    client.teams().list().send().await.expect("teams");
    mock.revoke_access_tokens();
    client.teams().list().send().await.expect("teams after 401");
    assert_eq!(mock.unauthorized(), 1);
    assert_eq!(mock.refreshes(), 1);
    assert_eq!(mock.api_requests(), 3);
}
