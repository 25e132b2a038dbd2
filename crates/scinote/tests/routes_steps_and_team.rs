//! The v1 step, inventory and team-level routes against the stateful mock
//! (checklists, tables, texts, column options, templates, identities,
//! roles, workflows) and the time filters of listings.

mod common;

use common::{assert_api_error, client, setup};
use futures::TryStreamExt;
use mock_servers::scinote::SciNoteMock;
use scinote::api::ColumnItemKind;
use scinote::models::{
    ChecklistItemChange, NewChecklist, NewChecklistItem, NewColumnItem, NewIdentity, NewStatusItem,
    NewTable, NewText, TableChange,
};
use serde_json::json;

#[tokio::test]
async fn step_checklists_items_tables_and_texts_round_trip() {
    let (_mock, client, c) = setup().await;
    let steps = c.steps(&client);
    let step = steps
        .create(&scinote::models::Named::new("Mix"))
        .await
        .expect("step")
        .id;

    let checklists = steps.checklists(&step);
    let list = checklists
        .create(&NewChecklist::new("QC"))
        .await
        .expect("checklist");
    let items = checklists.items(&list.id);
    let first = items
        .create(&NewChecklistItem::new("Calibrate").position(0))
        .await
        .expect("item");
    items
        .create(&NewChecklistItem::new("Weigh"))
        .await
        .expect("item");
    let checked = items
        .update(&first.id, &ChecklistItemChange::new().checked(true))
        .await
        .expect("check");
    assert_eq!(checked.attributes.checked, Some(true));
    let doc = checklists
        .get(&list.id, &["checklist_items"])
        .await
        .expect("with items");
    let rel = doc
        .data
        .relationship("checklist_items")
        .cloned()
        .unwrap_or_default();
    assert_eq!(doc.resolve(&rel).len(), 2);
    items.delete(&first.id).await.expect("delete item");
    assert_eq!(items.list().all().await.expect("items").len(), 1);
    assert_api_error(
        items.create(&NewChecklistItem::new(" ")).await,
        400,
        "can't be blank",
    );
    let renamed = checklists
        .update(&list.id, &NewChecklist::new("QC 2"))
        .await
        .expect("rename");
    assert_eq!(renamed.attributes.name.as_deref(), Some("QC 2"));
    checklists.delete(&list.id).await.expect("delete");
    assert_api_error(checklists.get(&list.id, &[]).await, 404, "not found");

    let tables = steps.tables(&step);
    let table = tables
        .create(&NewTable::new("Plate", r#"{"data":[["1","2"]]}"#))
        .await
        .expect("table");
    let table = tables
        .update(&table.id, &TableChange::new().name("Plate 2"))
        .await
        .expect("update table");
    assert_eq!(table.attributes.name.as_deref(), Some("Plate 2"));
    assert_eq!(tables.list().all().await.expect("tables").len(), 1);
    tables.delete(&table.id).await.expect("delete table");
    assert_api_error(
        tables.create(&NewTable::new("Empty", "")).await,
        400,
        "can't be blank",
    );

    let texts = steps.texts(&step);
    let text = texts
        .create(&NewText::new("<p>Mix 5 ml</p>"))
        .await
        .expect("text");
    let text = texts
        .update(&text.id, &NewText::new("<p>Mix 6 ml</p>"))
        .await
        .expect("update text");
    assert_eq!(text.attributes.text.as_deref(), Some("<p>Mix 6 ml</p>"));
    tables
        .create(&NewTable::new("Again", "{}"))
        .await
        .expect("table");
    let path = format!(
        "api/v1/teams/1/projects/{}/experiments/{}/tasks/{}/protocols/{}/steps/{step}",
        c.project, c.experiment, c.task, c.protocol
    );
    let doc = client
        .request(http::Method::GET, path)
        .query("include", "tables")
        .document()
        .await
        .expect("step with tables");
    assert_eq!(
        doc.data["relationships"]["tables"]["data"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    texts.delete(&text.id).await.expect("delete text");
    assert_api_error(texts.get(&text.id, &[]).await, 404, "not found");
}

#[tokio::test]
async fn inventory_column_options_round_trip_and_page() {
    let mock = SciNoteMock::start().await;
    let client = client(&mock);
    let inventories = client.inventories(1);
    let inventory = inventories.create("Samples").await.expect("inventory").id;
    let column = inventories
        .columns(&inventory)
        .create("Location", "list")
        .await
        .expect("column")
        .id;
    let options = inventories.column_items(&inventory, &column);
    for i in 0..25 {
        options
            .create(&NewColumnItem::new(format!("Freezer {i}")))
            .await
            .expect("option");
    }
    let first_page = options.list().page_size(10).send().await.expect("page");
    assert_eq!(first_page.data.len(), 10);
    assert!(first_page.links.next.is_some());
    let all: Vec<_> = options
        .list()
        .page_size(10)
        .into_stream()
        .try_collect()
        .await
        .expect("stream");
    assert_eq!(all.len(), 25);
    let one = all[3].id.clone();
    let renamed = options
        .update(&one, &NewColumnItem::new("Freezer X"))
        .await
        .expect("rename");
    assert_eq!(renamed.attributes.data.as_deref(), Some("Freezer X"));
    options.delete(&one).await.expect("delete");
    assert_api_error(options.get(&one, &[]).await, 404, "not found");
    assert_api_error(
        options.create(&NewColumnItem::new("")).await,
        400,
        "can't be blank",
    );

    let statuses = inventories.status_items(&inventory, &column);
    let status = statuses
        .create(&NewStatusItem::new("In use", "🟢"))
        .await
        .expect("status");
    assert_eq!(status.attributes.icon.as_deref(), Some("🟢"));
    assert_api_error(
        statuses.create(&NewStatusItem::new("Empty", "")).await,
        400,
        "blank",
    );

    for kind in [ColumnItemKind::Checklist, ColumnItemKind::StockUnit] {
        let api = inventories.column_items_of(&inventory, &column, kind);
        let created = api.create(&NewColumnItem::new("ml")).await.expect("option");
        assert_eq!(
            api.get(&created.id, &[]).await.expect("get").data.id,
            created.id
        );
    }
}

#[tokio::test]
async fn templates_identities_roles_and_workflows() {
    let mock = SciNoteMock::start().await;
    let client = client(&mock);
    let template = mock.seed(
        "teams/1/protocol_templates",
        "protocol_templates",
        json!({"name": "PCR", "version_number": 2, "archived": false}),
    );
    let templates = client.teams().protocol_templates(1);
    let doc = templates.get(&template, &[]).await.expect("template");
    assert_eq!(doc.data.attributes.version_number, Some(2));
    assert_api_error(templates.get("999", &[]).await, 404, "999");

    let identities = client.users().identities(2);
    let identity = identities
        .create(&NewIdentity::new("okta", "ann@example.com"))
        .await
        .expect("identity");
    let identity = identities
        .update(
            &identity.id,
            &NewIdentity::new("okta", "ann.smith@example.com"),
        )
        .await
        .expect("update");
    assert_eq!(
        identity.attributes.uid.as_deref(),
        Some("ann.smith@example.com")
    );
    assert_eq!(identities.list().all().await.expect("list").len(), 1);
    identities.delete(&identity.id).await.expect("delete");
    assert_api_error(identities.get(&identity.id, &[]).await, 404, "not found");
    assert_api_error(
        identities.create(&NewIdentity::new("okta", "")).await,
        400,
        "blank",
    );

    let roles = client.user_roles().all().await.expect("roles");
    let names: Vec<_> = roles
        .iter()
        .filter_map(|r| r.attributes.name.as_deref())
        .collect();
    assert_eq!(names, ["Owner", "Normal user", "Viewer"]);

    let workflows = client.workflows();
    let workflow = workflows.list().all().await.expect("workflows")[0]
        .id
        .clone();
    assert_eq!(
        workflows
            .get(&workflow, &[])
            .await
            .expect("workflow")
            .data
            .attributes
            .name
            .as_deref(),
        Some("Default")
    );
    let statuses = workflows.statuses(&workflow).all().await.expect("statuses");
    assert_eq!(statuses.len(), 3);
    assert_eq!(
        statuses[1].attributes.previous_status_id,
        Some(json!(statuses[0].id))
    );
    assert_api_error(workflows.get("999", &[]).await, 404, "999");
}

#[tokio::test]
async fn listings_filter_on_creation_and_update_times() {
    let mock = SciNoteMock::start().await;
    let client = client(&mock);
    let projects = client.projects(1);
    let old = projects
        .create(&scinote::models::NewProject::new("Old"))
        .await
        .expect("old");
    mock.advance_clock(86_400);
    let new = projects
        .create(&scinote::models::NewProject::new("New"))
        .await
        .expect("new");
    let (old_at, new_at) = (
        old.attributes.created_at.clone().unwrap_or_default(),
        new.attributes.created_at.clone().unwrap_or_default(),
    );
    assert!(old_at < new_at, "{old_at} < {new_at}");
    let names = |list: Vec<scinote::models::Project>| -> Vec<String> {
        list.into_iter().filter_map(|p| p.attributes.name).collect()
    };
    let recent = projects
        .list()
        .created_from(&new_at)
        .all()
        .await
        .expect("list");
    assert_eq!(names(recent), ["New"]);
    let early = projects
        .list()
        .created_to(&old_at)
        .all()
        .await
        .expect("list");
    assert_eq!(names(early), ["Old"]);
    mock.advance_clock(86_400);
    projects
        .update(&old.id, &json!({"description": "touched"}))
        .await
        .expect("update");
    let touched = projects
        .list()
        .updated_from(&format!("{}T00:00:00Z", &new_at[..10]))
        .all()
        .await
        .expect("list");
    assert_eq!(names(touched), ["Old", "New"]);
    let untouched = projects
        .list()
        .updated_to(&new_at)
        .all()
        .await
        .expect("list");
    assert_eq!(names(untouched), ["New"]);
}
