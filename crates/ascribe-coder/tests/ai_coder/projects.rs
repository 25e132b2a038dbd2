//! Projects, their codebooks, net codes, exports and links.

use super::*;

#[tokio::test]
async fn projects_and_their_codebooks_are_listed() {
    let (mock, _clock, client, q) = with_question().await;
    let p = project(&mock, &client, q).await;
    let projects = client.ai_coder().projects().await.expect("projects");
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].key, p);
    assert_eq!(projects[0].owner.as_deref(), Some(USER_NAME));
    assert!(!projects[0].is_deleted());
    let codebooks = client.ai_coder().codebooks().await.expect("codebooks");
    assert_eq!(codebooks[0].key, -1);
    assert_eq!(codebooks[0].origin(), AiCodebookOrigin::Manual);
    assert_eq!(codebooks[1].origin(), AiCodebookOrigin::GenerativeAi);
    mock.fail_next("The user lacks the Administrator privilege.");
    let err = client.ai_coder().projects().await.expect_err("refused");
    assert_error_message(&err, "ai_coder_projects", "Administrator");
}

#[tokio::test]
async fn net_codes_run_as_a_task() {
    let (mock, _clock, client, q) = with_question().await;
    let p = project(&mock, &client, q).await;
    mock.set_ai_task_outcome(AiTaskOutcome::CompleteAfter(2));
    let task = client.ai_coder().net_codes(p, 0, 2).await.expect("started");
    assert_eq!(task.kind(), AiTaskKind::NetCodes);
    let done = client.ai_coder().wait(task, &policy()).await.expect("done");
    assert!(done.is_completed);
    assert_eq!(mock.ai_task_polls(task.get()), 2);
    let err = client
        .ai_coder()
        .net_codes(4242, 0, 1)
        .await
        .expect_err("no project");
    assert_error_message(&err, "ai_coder_net_codes", "project does not exist");
}

#[tokio::test]
async fn excel_and_dichotomous_exports_give_a_file() {
    let (mock, _clock, client, q) = with_question().await;
    let p = project(&mock, &client, q).await;
    let excel = client.ai_coder().export_excel(p).await.expect("started");
    let done = client
        .ai_coder()
        .wait(excel, &policy())
        .await
        .expect("done");
    let url = done.file_url.expect("file");
    assert!(url.ends_with(&format!("aicoder-{p}.xlsx")), "{url}");

    let dich = client
        .ai_coder()
        .export_dichotomous(p)
        .remove_empty_columns(true)
        .average_sentiment_per_row(false)
        .send()
        .await
        .expect("started");
    let done = client.ai_coder().wait(dich, &policy()).await.expect("done");
    assert!(done.file_url.expect("file").contains("dichotomous"));

    // A key of one kind is not one of another: the service says so.
    let err = client
        .ai_coder()
        .status(ExcelExportTaskKey::new(dich.get()))
        .await
        .expect_err("wrong kind");
    assert_error_message(&err, "ai_coder_task_status", "task does not exist");
    let err = client
        .ai_coder()
        .export_excel(4242)
        .await
        .expect_err("no project");
    assert_error_message(&err, "ai_coder_export_excel", "project does not exist");
}

#[tokio::test]
async fn a_codebook_export_writes_the_themes_into_coder_and_codes_responses() {
    let (mock, _clock, client, q) = with_question().await;
    let p = project(&mock, &client, q).await;
    let task = client
        .ai_coder()
        .export_codebook(p, CodebookExportType::Append)
        .analyzed_question(q)
        .send()
        .await
        .expect("started");
    client.ai_coder().wait(task, &policy()).await.expect("done");
    let codebook = client
        .codebooks()
        .for_question(q)
        .send()
        .await
        .expect("codebook");
    let names: Vec<&str> = codebook
        .codes()
        .iter()
        .map(|c| c.description.as_str())
        .collect();
    assert_eq!(names, ["Value", "Speed", "Quality"]);
    let value = codebook.codes()[0].key;
    assert_eq!(
        mock.response_codes(q, "r0"),
        [value],
        "\"Great value\" is coded Value"
    );

    // With skip_responses_coding, the codebook only.
    let q2 = {
        let s = client
            .studies()
            .create(NewStudy::new("AI2"))
            .await
            .expect("study");
        let q = client
            .questions()
            .create(s.key, NewQuestion::new("Q"))
            .await
            .expect("q");
        client
            .responses()
            .add(q.key, [ResponseInput::new("x", "Great value")])
            .send()
            .await
            .expect("r");
        q.key
    };
    let p2 = project(&mock, &client, q2).await;
    let task = client
        .ai_coder()
        .export_codebook(p2, CodebookExportType::Merge)
        .skip_responses_coding(true)
        .send()
        .await
        .expect("started");
    client.ai_coder().wait(task, &policy()).await.expect("done");
    assert_eq!(mock.codes_of(mock.codebook_of(q2).expect("cb")).len(), 3);
    assert!(mock.response_codes(q2, "x").is_empty());
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let body: serde_json::Value = requests
        .iter()
        .rev()
        .find(|r| r.url.path() == "/v2/AICoder/Export/Codebook")
        .map(|r| serde_json::from_slice(&r.body).expect("json"))
        .expect("export request");
    assert_eq!(body["exportType"], "Merge");
    assert_eq!(body["skipResponcesCoding"], true);
}

#[tokio::test]
async fn links_to_a_project_are_created() {
    let (mock, _clock, client, q) = with_question().await;
    let p = project(&mock, &client, q).await;
    let links = client
        .ai_coder()
        .create_links(p)
        .distribution_question(q)
        .expires_at("2026-06-13T20:21:47Z")
        .send()
        .await
        .expect("links");
    assert_eq!(links.len(), 1);
    assert!(links[0].link.contains(&format!("/l/{p}-")));
    assert_eq!(
        links[0].expiration_date_utc.as_deref(),
        Some("2026-06-13T20:21:47Z")
    );
    assert_eq!(
        links[0].distribution_question_value.as_deref(),
        Some(format!("question {q}").as_str())
    );
    let err = client
        .ai_coder()
        .create_links(4242)
        .send()
        .await
        .expect_err("no project");
    assert_error_message(&err, "ai_coder_create_links", "project does not exist");
}
