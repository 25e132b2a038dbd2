//! API v2 against the mock: the version switch, step and result elements,
//! inventory item relationships, team and user-group assignments.

mod common;

use common::{assert_api_error, chain, client, role, setup};
use mock_servers::scinote::SciNoteMock;
use scinote::api::Upload;
use scinote::models::{
    ChecklistItemChange, NewChecklist, NewChecklistItem, NewChildRelationship,
    NewParentRelationship, NewResult, NewStep, NewTable, NewTeamAssignment, NewText,
    NewUserGroupAssignment, RoleChange, StepChange, TableChange,
};
use serde_json::json;

#[tokio::test]
async fn v2_exists_only_when_the_instance_enables_it() {
    let (mock, client, c) = setup().await;
    let status = client.status().await.expect("status");
    assert!(status.supports("v1") && !status.supports("v2"));
    let results = client
        .v2()
        .task(1, &c.project, &c.experiment, &c.task)
        .results();
    assert_api_error(results.list().send().await, 404, "No route");
    mock.enable_v2();
    assert!(client.status().await.expect("status").supports("v2"));
    assert!(results.list().all().await.expect("list").is_empty());
}

#[tokio::test]
async fn step_elements_round_trip_in_v2() {
    let mock = SciNoteMock::start().await;
    mock.enable_v2();
    let client = client(&mock);
    let c = chain(&client).await;
    let task = client.v2().task(1, &c.project, &c.experiment, &c.task);
    let steps = task.steps(&c.protocol);
    let step = steps.create(&NewStep::new("Mix")).await.expect("step");
    let step = steps
        .update(&step.id, &StepChange::new().completed(true))
        .await
        .expect("complete");
    assert_eq!(step.attributes.completed, Some(true));
    let elements = task.step_elements(&c.protocol, &step.id);

    let texts = elements.texts();
    let text = texts
        .create(&NewText::new("<p>Mix</p>").name("Notes"))
        .await
        .expect("text");
    assert_eq!(text.kind, "step_texts");
    let text = texts
        .update(&text.id, &NewText::new("<p>Mix well</p>"))
        .await
        .expect("update");
    assert_eq!(text.attributes.name.as_deref(), Some("Notes"));
    // The same text through v1.
    let v1 = c
        .steps(&client)
        .texts(&step.id)
        .list()
        .all()
        .await
        .expect("v1 texts");
    assert_eq!(v1[0].attributes.text.as_deref(), Some("<p>Mix well</p>"));
    texts.delete(&text.id).await.expect("delete");
    assert_api_error(texts.get(&text.id, &[]).await, 404, "not found");
    assert_api_error(texts.create(&NewText::new("")).await, 400, "can't be blank");

    let checklists = elements.checklists();
    let list = checklists
        .create(&NewChecklist::new("QC"))
        .await
        .expect("checklist");
    let items = elements.checklist_items(&list.id);
    let item = items
        .create(&NewChecklistItem::new("Calibrate"))
        .await
        .expect("item");
    let item = items
        .update(&item.id, &ChecklistItemChange::new().checked(true))
        .await
        .expect("check");
    assert_eq!(item.attributes.checked, Some(true));
    assert_eq!(items.list().all().await.expect("items").len(), 1);
    items.delete(&item.id).await.expect("delete item");

    let tables = elements.tables();
    let table = tables
        .create(&NewTable::new("Plate", r#"{"data":[["1"]]}"#))
        .await
        .expect("table");
    tables
        .update(
            &table.id,
            &TableChange::new().contents(r#"{"data":[["2"]]}"#),
        )
        .await
        .expect("update table");
    tables.delete(&table.id).await.expect("delete table");

    let attachment = elements
        .attachments()
        .upload(Upload::reader(&b"spectrum"[..], 8, "s.csv"))
        .await
        .expect("upload");
    assert_eq!(attachment.attributes.file_size, Some(8));
    elements
        .attachments()
        .delete(&attachment.id)
        .await
        .expect("delete attachment");

    let steps_path = format!(
        "teams/1/projects/{}/experiments/{}/tasks/{}/protocols/{}/steps/{}",
        c.project, c.experiment, c.task, c.protocol, step.id
    );
    let form = mock.seed(
        &format!("{steps_path}/form_responses"),
        "form_responses",
        json!({"position": 3, "status": "submitted"}),
    );
    let forms = elements.form_responses();
    let got = forms.get(&form, &[]).await.expect("form response");
    assert_eq!(got.data.attributes.status.as_deref(), Some("submitted"));
    assert_api_error(forms.get("999", &[]).await, 404, "not found");

    let doc = steps
        .get(&step.id, &["checklists", "checklists.checklist_items"])
        .await
        .expect("step with checklists");
    assert!(doc.find_included("checklists", &list.id).is_some());
    steps.delete(&step.id).await.expect("delete step");
}

#[tokio::test]
async fn result_elements_round_trip_in_v2() {
    let mock = SciNoteMock::start().await;
    mock.enable_v2();
    let client = client(&mock);
    let c = chain(&client).await;
    let task = client.v2().task(1, &c.project, &c.experiment, &c.task);
    let results = task.results();
    let result = results
        .create(&NewResult::new("Gel"))
        .await
        .expect("result");
    let elements = task.result_elements(&result.id);
    let text = elements
        .texts()
        .create(&NewText::new("<p>Band at 2 kb</p>").name("Reading"))
        .await
        .expect("text");
    assert_eq!(text.kind, "result_texts");
    let table = elements
        .tables()
        .create(&NewTable::new("Lanes", r#"{"data":[["1","2"]]}"#))
        .await
        .expect("table");
    elements
        .attachments()
        .upload(Upload::reader(&b"\x89PNG"[..], 4, "gel.png").content_type("image/png"))
        .await
        .expect("attachment");
    let doc = results
        .get(&result.id, &["result_texts", "tables", "assets"])
        .await
        .expect("with elements");
    assert_eq!(doc.included.len(), 3, "{:?}", doc.included);
    assert!(doc.find_included("tables", &table.id).is_some());
    let archived = results
        .update(&result.id, &NewResult::new("Gel").archived(true))
        .await
        .expect("archive");
    assert_eq!(archived.attributes.archived, Some(true));
    assert_api_error(
        results.create(&NewResult::new("")).await,
        400,
        "can't be blank",
    );
    results.delete(&result.id).await.expect("delete");
    assert_api_error(results.get(&result.id, &[]).await, 404, "not found");
}

#[tokio::test]
async fn inventory_items_get_parents_and_children() {
    let mock = SciNoteMock::start().await;
    mock.enable_v2();
    let client = client(&mock);
    let inventory = client
        .inventories(1)
        .create("Strains")
        .await
        .expect("inv")
        .id;
    let items = client.inventories(1).items(&inventory);
    let no_cells = Vec::<(String, serde_json::Value)>::new;
    let parent = items
        .create("E. coli K-12", no_cells())
        .await
        .expect("parent")
        .id;
    let child = items
        .create("Glycerol stock", no_cells())
        .await
        .expect("child")
        .id;

    let v2 = client.v2();
    let children = v2.inventory_item(1, &inventory, &parent).children();
    let link = children
        .create(&NewChildRelationship::new(child.clone()))
        .await
        .expect("link");
    let doc = children.get(&link.id, &["child"]).await.expect("get");
    assert_eq!(doc.data.related_id("child"), Some(child.as_str()));
    assert_eq!(doc.included[0].attributes["name"], "Glycerol stock");
    assert_eq!(children.list().all().await.expect("list").len(), 1);
    assert_api_error(
        children.get(&link.id, &["parent"]).await,
        400,
        "not supported",
    );
    children.delete(&link.id).await.expect("unlink");
    assert_api_error(children.delete(&link.id).await, 404, "not found");

    let parents = v2.inventory_item(1, &inventory, &child).parents();
    parents
        .create(&NewParentRelationship::new(parent.clone()))
        .await
        .expect("parent link");
    assert_eq!(parents.list().all().await.expect("list").len(), 1);
    assert_api_error(
        parents.create(&NewParentRelationship::new("")).await,
        400,
        "blank",
    );
}

#[tokio::test]
async fn team_and_user_group_assignments() {
    let mock = SciNoteMock::start().await;
    mock.enable_v2();
    let client = client(&mock);
    let c = chain(&client).await;
    let viewer = role(&client, "Viewer").await;
    let owner = role(&client, "Owner").await;
    let group = mock.seed(
        "teams/1/user_groups",
        "user_groups",
        json!({"name": "Bench"}),
    );
    let v2 = client.v2();
    assert_eq!(v2.user_groups(1).all().await.expect("groups").len(), 1);

    let project = v2.project(1, &c.project);
    let groups = project.user_group_assignments();
    let a = groups
        .create(&NewUserGroupAssignment::new(group.clone(), viewer.clone()))
        .await
        .expect("assign group");
    let doc = groups.get(&a.id, &[]).await.expect("get");
    assert_eq!(doc.data.related_id("user_group"), Some(group.as_str()));
    let changed = groups
        .update(&a.id, &RoleChange::new(owner.clone()))
        .await
        .expect("role");
    assert_eq!(changed.attributes.user_role_id, Some(json!(owner)));
    groups.delete(&a.id).await.expect("delete");
    assert_api_error(groups.get(&a.id, &[]).await, 404, "not found");
    assert_api_error(
        groups
            .create(&NewUserGroupAssignment::new("", viewer.clone()))
            .await,
        400,
        "can't be blank",
    );

    let teams = project.team_assignments();
    teams
        .create(&NewTeamAssignment::new(viewer.clone()).team_id("1"))
        .await
        .expect("team");
    assert_eq!(teams.list().all().await.expect("list").len(), 1);

    let exp_path = format!(
        "teams/1/projects/{}/experiments/{}/user_group_assignments",
        c.project, c.experiment
    );
    let seeded = mock.seed(
        &exp_path,
        "user_group_assignments",
        json!({"user_group_id": group, "user_role_id": viewer}),
    );
    let exp_groups = v2
        .experiment(1, &c.project, &c.experiment)
        .user_group_assignments();
    exp_groups
        .update(&seeded, &RoleChange::new(owner))
        .await
        .expect("experiment role");
    // Experiments inherit assignments: no creation route.
    let path = format!("api/v2/{exp_path}");
    assert_api_error(
        client
            .request(http::Method::POST, path)
            .body(&json!({"data": {"type": "user_group_assignments", "attributes": {}}}))
            .expect("body")
            .document()
            .await,
        404,
        "No route",
    );
    let task_groups = v2
        .task(1, &c.project, &c.experiment, &c.task)
        .assignments()
        .team_assignments();
    assert!(task_groups.list().all().await.expect("list").is_empty());
}
