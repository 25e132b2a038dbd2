//! The v1 project, experiment and task routes against the stateful mock:
//! create → list → get → update → delete where the route allows it, a 404
//! and a 400 with the JSON:API `errors[]` shape, `include=` resolved.

mod common;

use common::{assert_api_error, role, setup};
use scinote::models::{
    NewConnection, NewTask, NewTaskAssignment, NewTaskItem, NewUserAssignment, RoleChange,
    TaskItemChange,
};
use serde_json::json;

#[tokio::test]
async fn project_user_assignments_round_trip_with_includes() {
    let (_mock, client, c) = setup().await;
    let owner = role(&client, "Owner").await;
    let members = client.projects(1).user_assignments(&c.project);
    let created = members
        .create(&NewUserAssignment::new("2", owner))
        .await
        .expect("create");
    assert_eq!(created.kind, "user_assignments");
    assert_eq!(members.list().all().await.expect("list").len(), 1);
    let doc = members
        .get(&created.id, &["user", "user_role"])
        .await
        .expect("get");
    let role = doc
        .data
        .relationship("user_role")
        .cloned()
        .unwrap_or_default();
    assert_eq!(doc.resolve(&role)[0].attributes["name"], "Owner");
    assert!(doc.find_included("users", "2").is_some());
    let updated = members
        .update(&created.id, &RoleChange::new("3"))
        .await
        .expect("update");
    assert_eq!(updated.attributes.extra["user_role_id"], "3");
    members.delete(&created.id).await.expect("delete");
    assert_api_error(members.get(&created.id, &[]).await, 404, "not found");
    assert_api_error(
        members.create(&NewUserAssignment::new("2", "")).await,
        400,
        "can't be blank",
    );
    assert_api_error(
        members.get("1", &["comments"]).await,
        400,
        "is not supported",
    );
}

#[tokio::test]
async fn project_comments_reports_and_activities_are_read() {
    let (mock, client, c) = setup().await;
    let base = format!("teams/1/projects/{}", c.project);
    let comment = mock.seed(
        &format!("{base}/comments"),
        "comments",
        json!({"message": "Looks good", "user_id": "2"}),
    );
    mock.seed(
        &format!("{base}/reports"),
        "reports",
        json!({"name": "Q2", "description": "Quarter", "pdf_file_size": 1024}),
    );
    let comments = client.projects(1).comments(&c.project);
    let got = comments.get(&comment, &[]).await.expect("comment");
    assert_eq!(got.data.attributes.message.as_deref(), Some("Looks good"));
    assert_eq!(got.data.related_id("user"), Some("2"));
    let reports = client
        .projects(1)
        .reports(&c.project)
        .list()
        .all()
        .await
        .expect("reports");
    assert_eq!(reports[0].attributes.pdf_file_size, Some(1024));
    let activities = client
        .projects(1)
        .activities(&c.project)
        .all()
        .await
        .expect("activities");
    assert!(
        activities
            .iter()
            .any(|a| a.attributes.type_of.as_deref() == Some("create_experiment")),
        "{activities:?}"
    );
    assert_api_error(comments.get("999", &[]).await, 404, "999");
    assert_api_error(
        client.projects(1).reports("999").list().send().await,
        404,
        "No route",
    );
}

#[tokio::test]
async fn experiment_connections_task_groups_and_assignments() {
    let (mock, client, c) = setup().await;
    let tasks = client.tasks(1, &c.project, &c.experiment);
    let second = tasks
        .create(&NewTask::new("Measure", 100, 0))
        .await
        .expect("task")
        .id;
    let experiments = client.experiments(1, &c.project);
    let arrows = experiments.connections(&c.experiment);
    let arrow = arrows
        .create(&NewConnection::new(c.task.clone(), second.clone()))
        .await
        .expect("connect");
    let doc = arrows.get(&arrow.id, &["from", "to"]).await.expect("get");
    assert_eq!(doc.data.related_id("to"), Some(second.as_str()));
    assert_eq!(doc.included.len(), 2);
    assert_eq!(arrows.list().all().await.expect("list").len(), 1);
    arrows.delete(&arrow.id).await.expect("delete");
    assert_api_error(arrows.delete(&arrow.id).await, 404, "not found");
    assert_api_error(
        arrows.create(&NewConnection::new(c.task.clone(), "")).await,
        400,
        "can't be blank",
    );

    let exp_path = format!(
        "teams/1/projects/{}/experiments/{}",
        c.project, c.experiment
    );
    let group = mock.seed(&format!("{exp_path}/task_groups"), "task_groups", json!({}));
    let groups = experiments.task_groups(&c.experiment);
    assert_eq!(
        groups.get(&group, &["tasks"]).await.expect("group").data.id,
        group
    );
    assert_api_error(groups.get(&group, &["users"]).await, 400, "not supported");

    let ua = mock.seed(
        &format!("{exp_path}/user_assignments"),
        "user_assignments",
        json!({"user_id": "2", "user_role_id": "1"}),
    );
    let assignments = experiments.user_assignments(&c.experiment);
    let changed = assignments
        .update(&ua, &RoleChange::new("2"))
        .await
        .expect("role");
    assert_eq!(changed.attributes.extra["user_role_id"], "2");
    assert_eq!(assignments.list().all().await.expect("list").len(), 1);
}

#[tokio::test]
async fn task_items_assignments_tags_users_and_activities() {
    let (mock, client, c) = setup().await;
    let inventory = client
        .inventories(1)
        .create("Reagents")
        .await
        .expect("inv")
        .id;
    let item = client
        .inventories(1)
        .items(&inventory)
        .create("Buffer", Vec::<(String, serde_json::Value)>::new())
        .await
        .expect("item")
        .id;
    let tasks = client.tasks(1, &c.project, &c.experiment);

    let items = tasks.items(&c.task);
    let linked = items
        .create(&NewTaskItem::new(item.clone()).stock_consumption("2"))
        .await
        .expect("assign item");
    assert_eq!(items.list().all().await.expect("list").len(), 1);
    let changed = items
        .update(&linked.id, &TaskItemChange::new().stock_consumption("3"))
        .await
        .expect("update");
    assert_eq!(changed.attributes.stock_consumption, Some(json!("3")));
    items.delete(&linked.id).await.expect("delete");
    assert_api_error(items.get(&linked.id, &[]).await, 404, "not found");
    assert_api_error(
        items.create(&NewTaskItem::new("")).await,
        400,
        "can't be blank",
    );

    let assignments = tasks.task_assignments(&c.task);
    let a = assignments
        .create(&NewTaskAssignment::new("2"))
        .await
        .expect("assign");
    assert_eq!(a.related_id("user"), Some("2"));
    assert_eq!(assignments.list().all().await.expect("list").len(), 1);
    assignments.delete(&a.id).await.expect("unassign");
    assert!(assignments.list().all().await.expect("list").is_empty());

    mock.seed(
        &c.task_path("tags"),
        "tags",
        json!({"name": "urgent", "color": "#ff0000"}),
    );
    mock.seed(
        &c.task_path("users"),
        "users",
        json!({"full_name": "Ann Smith"}),
    );
    let tags = tasks.tags(&c.task).list().all().await.expect("tags");
    assert_eq!(tags[0].attributes.color.as_deref(), Some("#ff0000"));
    let users = tasks.users(&c.task).list().all().await.expect("users");
    assert_eq!(users[0].attributes.full_name.as_deref(), Some("Ann Smith"));

    let owner = role(&client, "Owner").await;
    let ua = mock.seed(
        &c.task_path("user_assignments"),
        "user_assignments",
        json!({"user_id": "2", "user_role_id": owner}),
    );
    let doc = tasks
        .user_assignments(&c.task)
        .get(&ua, &["user_role"])
        .await
        .expect("assignment");
    assert_eq!(doc.included[0].attributes["name"], "Owner");

    client
        .results(1, &c.project, &c.experiment, &c.task)
        .create_text("Yield", "<p>82 %</p>")
        .await
        .expect("result");
    let activities = tasks.activities(&c.task).all().await.expect("activities");
    assert!(
        activities
            .iter()
            .any(|a| a.attributes.type_of.as_deref() == Some("create_result")),
        "{activities:?}"
    );
    assert_api_error(tasks.tags("999").list().send().await, 404, "No route");
}
