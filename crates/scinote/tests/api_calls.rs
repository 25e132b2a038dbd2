//! The SciNote client's calls against the local SciNote mock: lazy paging,
//! rate limits, typed JSON:API errors, resource round trips.

mod common;

use common::client;

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use auth_core::ManualClock;
use futures::{StreamExt, TryStreamExt};
use mock_servers::scinote::{API_KEY, CLIENT_ID, SciNoteMock};
use scinote::models::{NewExperiment, NewProject, NewTask};
use scinote::{SciNoteClient, SciNoteError};

#[tokio::test]
async fn projects_stream_over_three_pages_lazily() {
    let mock = SciNoteMock::start().await;
    mock.seed_projects("1", 25);
    let client = client(&mock);
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
    let client = client(&mock);
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
    let client = client(&mock);
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
