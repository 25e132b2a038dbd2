//! The SciNote client against the local SciNote mock.

use auth_core::ErrorMetadata;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, UNIX_EPOCH};

use auth_core::ManualClock;
use futures::{StreamExt, TryStreamExt};
use mock_servers::scinote::{API_KEY, CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use scinote::models::{NewExperiment, NewProject, NewTask};
use scinote::{SciNoteClient, SciNoteError};

fn oauth_client(mock: &SciNoteMock, file: &Path, clock: &ManualClock) -> SciNoteClient {
    SciNoteClient::builder()
        .server_url(mock.uri())
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .token_file(file)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid config")
}

fn stored_refresh_tokens(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v["tokens"]
        .as_object()
        .map(|m| {
            m.values()
                .filter_map(|t| t["refresh_token"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

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

#[tokio::test]
async fn projects_stream_over_three_pages_lazily() {
    let mock = SciNoteMock::start().await;
    mock.seed_projects("1", 25);
    let client = SciNoteClient::builder()
        .server_url(mock.uri())
        .api_key(API_KEY)
        .build()
        .expect("valid");
    let first: Vec<_> = client
        .projects("1")
        .list()
        .page_size(10)
        .into_stream()
        .take(5)
        .try_collect()
        .await
        .expect("first five");
    assert_eq!(first.len(), 5);
    assert_eq!(mock.api_requests(), 1, "later pages fetched eagerly");
    let all = client
        .projects("1")
        .list()
        .page_size(10)
        .all()
        .await
        .expect("all");
    assert_eq!(all.len(), 25);
    assert_eq!(all[24].attributes.name.as_deref(), Some("Project 25"));
    assert_eq!(mock.api_requests(), 4);
    // The page size is capped at the server's 100.
    let page = client
        .projects("1")
        .list()
        .page_size(500)
        .send()
        .await
        .expect("page");
    assert_eq!(page.data.len(), 25);
    assert!(page.links.next.is_none());
}

#[tokio::test]
async fn a_429_waits_until_rate_limit_reset() {
    let mock = SciNoteMock::start().await;
    let start = 1_700_000_000;
    let clock = ManualClock::starting_at(UNIX_EPOCH + Duration::from_secs(start));
    let client = SciNoteClient::builder()
        .server_url(mock.uri())
        .api_key(API_KEY)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid");
    mock.push_faults([SciNoteMock::throttled(start + 37)]);
    let teams = client
        .teams()
        .list()
        .send()
        .await
        .expect("teams after the wait");
    assert_eq!(teams.data.len(), 1);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(37)]);
    assert_eq!(mock.api_requests(), 2);
}

#[tokio::test]
async fn json_api_errors_are_typed() {
    let mock = SciNoteMock::start().await;
    let client = SciNoteClient::builder()
        .server_url(mock.uri())
        .api_key(API_KEY)
        .build()
        .expect("valid");
    let err = client.projects("1").get("999").await.expect_err("missing");
    let SciNoteError::JsonApi {
        status,
        errors,
        request_id,
        ..
    } = &err
    else {
        panic!("not a JSON:API error: {err:?}");
    };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(errors[0].title.as_deref(), Some("Not found"));
    assert!(
        errors[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("999"))
    );
    assert!(request_id.as_deref().is_some_and(|r| r.starts_with("req-")));
    assert!(err.is_not_found());
    let bad = client
        .tasks("1", "1", "1")
        .create(&NewTask::new("t", 0, 0))
        .await
        .expect_err("no such experiment");
    assert!(bad.is_not_found());
    let wrong = SciNoteClient::builder()
        .server_url(mock.uri())
        .api_key("wrong")
        .build()
        .expect("valid");
    let err = wrong.teams().list().send().await.expect_err("bad key");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let bad_secret = SciNoteClient::builder()
        .server_url(mock.uri())
        .client_id(CLIENT_ID)
        .client_secret("nope-nope")
        .build()
        .expect("valid");
    let err = bad_secret
        .exchange_code(mock.issue_code())
        .await
        .expect_err("bad secret");
    assert!(
        matches!(
            err,
            SciNoteError::Core(auth_core::Error::InvalidCredentials { .. })
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn resources_round_trip() {
    let mock = SciNoteMock::start().await;
    let client = SciNoteClient::builder()
        .server_url(mock.uri())
        .api_key(API_KEY)
        .build()
        .expect("valid");
    assert_eq!(client.health().await.expect("health"), "RUNNING");
    assert!(client.status().await.expect("status").supports("v1"));
    let project = client
        .projects("1")
        .create(&NewProject::new("Enzymes").metadata("lab", "B2"))
        .await
        .expect("project");
    let renamed = client
        .projects("1")
        .update(&project.id, &serde_json::json!({"name": "Enzymes II"}))
        .await
        .expect("renamed");
    assert_eq!(renamed.attributes.name.as_deref(), Some("Enzymes II"));
    let found = client
        .projects("1")
        .list()
        .metadata("lab", "B2")
        .all()
        .await
        .expect("filtered");
    assert_eq!(found.len(), 1);
    let exp = client
        .experiments("1", &project.id)
        .create(&NewExperiment::new("Kinetics"))
        .await
        .expect("experiment");
    let tasks = client.tasks("1", &project.id, &exp.id);
    let task = tasks
        .create(&NewTask::new("Assay", 10, 20))
        .await
        .expect("task");
    assert_eq!(task.attributes.x, Some(10));
    tasks.set_status(&task.id, "2").await.expect("status");
    let protocols = client
        .protocols("1", &project.id, &exp.id, &task.id)
        .list()
        .all()
        .await
        .expect("protocols");
    let steps = client
        .protocols("1", &project.id, &exp.id, &task.id)
        .steps(&protocols[0].id);
    steps
        .create(&scinote::models::Named::new("Mix").with("position", 0))
        .await
        .expect("step");
    assert_eq!(steps.list().all().await.expect("steps").len(), 1);
    client
        .results("1", &project.id, &exp.id, &task.id)
        .create(&scinote::models::Named::new("Plate read"))
        .await
        .expect("result");
    let inventories = client.inventories("1");
    let inv = inventories.create("Reagents").await.expect("inventory");
    let column = inventories
        .columns(&inv.id)
        .create("Lot", "text")
        .await
        .expect("column");
    let item = inventories
        .items(&inv.id)
        .create("Buffer", [(column.id.clone(), serde_json::json!("L-42"))])
        .await
        .expect("item");
    let doc = inventories
        .items(&inv.id)
        .get(&item.id)
        .await
        .expect("item");
    let cells = doc
        .included_of::<scinote::models::InventoryCellAttributes>("inventory_cells")
        .expect("cells");
    assert_eq!(cells[0].attributes.value, Some(serde_json::json!("L-42")));
    let listed = inventories
        .cells(&inv.id, &item.id)
        .list()
        .all()
        .await
        .expect("cells");
    inventories
        .cells(&inv.id, &item.id)
        .update(&listed[0].id, serde_json::json!("L-43"))
        .await
        .expect("cell updated");
    let users = client.users().list_team("1").all().await.expect("users");
    let user = client.users().get(&users[0].id).await.expect("user");
    assert_eq!(user.attributes.full_name.as_deref(), Some("Ann Smith"));
    let folder = client
        .project_folders("1")
        .create("2026")
        .await
        .expect("folder");
    assert_eq!(folder.kind, "project_folders");
}
