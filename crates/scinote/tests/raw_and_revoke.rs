//! The raw JSON:API escape hatch and token revocation, against the mock.

mod common;

use std::path::Path;
use std::sync::Arc;

use auth_core::ManualClock;
use common::{assert_api_error, client};
use http::Method;
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use scinote::jsonapi::{Document, NewResource, Resource};
use scinote::models::TeamAttributes;
use scinote::{SciNoteClient, SciNoteError};
use serde_json::json;

#[tokio::test]
async fn raw_requests_read_write_and_page_through_any_route() {
    let mock = SciNoteMock::start().await;
    mock.seed_projects("1", 15);
    let client = client(&mock);

    let team: Document<Resource<TeamAttributes>> = client
        .request(Method::GET, "/api/v1/teams/1")
        .send()
        .await
        .expect("typed");
    assert_eq!(team.data.attributes.name.as_deref(), Some("Lab"));

    let doc = client
        .request(Method::GET, "api/v1/teams/1/projects")
        .query("page[size]", 5)
        .document()
        .await
        .expect("untyped");
    assert_eq!(doc.data.as_array().map(Vec::len), Some(5));
    assert!(doc.links.next.is_some());

    let all = client
        .request(Method::GET, "api/v1/teams/1/projects")
        .into_list::<serde_json::Value>()
        .page_size(10)
        .all()
        .await
        .expect("paged");
    assert_eq!(all.len(), 15);

    let created = client
        .request(Method::POST, "api/v1/teams/1/project_folders")
        .body(&NewResource::create(
            "project_folders",
            json!({"name": "2026"}),
        ))
        .expect("body")
        .document()
        .await
        .expect("created");
    assert_eq!(created.data["attributes"]["name"], "2026");
    assert_eq!(mock.resources("teams/1/project_folders").len(), 1);

    let inventory = client.inventories(1).create("Old").await.expect("inv").id;
    client
        .request(
            Method::DELETE,
            format!("api/v1/teams/1/inventories/{inventory}"),
        )
        .send_empty()
        .await
        .expect("deleted");
    assert!(mock.resources("teams/1/inventories").is_empty());

    assert_api_error(
        client
            .request(Method::GET, "api/v1/teams/999")
            .document()
            .await,
        404,
        "999",
    );
    let before = mock.api_requests();
    let err = client
        .request(Method::GET, "https://elsewhere.example/api/v1/teams")
        .document()
        .await
        .expect_err("another server");
    assert!(
        matches!(err, SciNoteError::Core(auth_core::Error::InvalidInput(_))),
        "{err:?}"
    );
    assert_eq!(mock.api_requests(), before, "nothing was sent");
}

fn oauth_client(mock: &SciNoteMock, file: &Path) -> SciNoteClient {
    SciNoteClient::builder()
        .server_url(mock.uri())
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .token_file(file)
        .clock(Arc::new(ManualClock::new()))
        .build()
        .expect("valid config")
}

#[tokio::test]
async fn revoke_ends_the_grant_at_the_server_and_clears_the_store() {
    let mock = SciNoteMock::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tokens.json");
    let client = oauth_client(&mock, &file);
    client
        .exchange_code(mock.issue_code())
        .await
        .expect("exchanged");
    // Another process holding the same grant, its access token in memory.
    let other = oauth_client(&mock, &file);
    other.teams().get("1").await.expect("team");

    client.revoke().await.expect("revoked");
    assert_eq!(mock.revocations(), 1);
    assert!(!client.has_stored_tokens().await.expect("store"));
    assert!(client.stored_tokens().await.expect("store").is_none());

    // The other process's access token and the refresh token are dead.
    let err = other.teams().get("1").await.expect_err("revoked grant");
    assert!(err.is_reauthorization_required(), "{err:?}");

    // Nothing left to revoke: only the local logout happens.
    client.revoke().await.expect("idempotent");
    assert_eq!(mock.revocations(), 1);
}
