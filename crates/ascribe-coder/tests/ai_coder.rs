//! AI Coder against the stateful mock, on a controlled clock: analyses
//! (classic, v3, incremental) polled to completion, failure and deadline;
//! projects, codebooks, net codes, exports and links; a 200 with
//! `errorMessage` for each. No test sleeps: waits go through a
//! `ManualClock`, and the mock's tasks move only when polled or told to.

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::time::Duration;

use ascribe_coder::api::ai_coder::AiTask;
use ascribe_coder::auth_core::ManualClock;
use ascribe_coder::auth_core::http::RetryConfig;
use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{
    AiCodebookOrigin, AiProjectKey, AiTaskKind, AnalysisTaskKey, CodebookBuilderOptions,
    CodebookExportType, CreationMethod, ExcelExportTaskKey, GenerativeAiOptions, NewQuestion,
    NewStudy, QuestionKey, ResponseInput,
};
use ascribe_coder::{ApiVersion, AscribeClient, Error, PollPolicy};
use mock_servers::ascribe::ai_coder::AiTaskOutcome;
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};

fn client(mock: &AscribeMock, clock: &ManualClock) -> AscribeClient {
    AscribeClient::builder()
        .base_url(mock.v2_uri())
        .api_version(ApiVersion::V2)
        .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
        .retry(RetryConfig::disabled())
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid")
}

/// Every 10 s, no growth, give up after 35 s.
fn policy() -> PollPolicy {
    PollPolicy::default()
        .interval(Duration::from_secs(10))
        .backoff(1.0, Duration::from_secs(10))
        .deadline(Some(Duration::from_secs(35)))
}

/// A mock, a manual clock, and a client of the mock on that clock.
async fn started() -> (AscribeMock, ManualClock, AscribeClient) {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    (mock, clock, client)
}

/// [`started`], with a study of one question and a few responses: the
/// question's key last.
async fn with_question() -> (AscribeMock, ManualClock, AscribeClient, QuestionKey) {
    let (mock, clock, client) = started().await;
    let q = question(&client).await;
    (mock, clock, client, q)
}

/// A study with one question and a few responses.
async fn question(client: &AscribeClient) -> QuestionKey {
    let study = client
        .studies()
        .create(NewStudy::new("AI"))
        .await
        .expect("study");
    let q = client
        .questions()
        .create(study.key, NewQuestion::new("Q1").text("Why?"))
        .await
        .expect("question");
    let rs = ["Great value", "Too slow", "It was fine", "Cheap but slow"]
        .iter()
        .enumerate()
        .map(|(i, t)| ResponseInput::new(format!("r{i}"), *t));
    client
        .responses()
        .add(q.key, rs)
        .send()
        .await
        .expect("responses");
    q.key
}

/// An analysed project (completes on the first poll).
async fn project(mock: &AscribeMock, client: &AscribeClient, q: QuestionKey) -> AiProjectKey {
    mock.set_ai_task_outcome(AiTaskOutcome::CompleteAfter(1));
    let task = client
        .ai_coder()
        .analyze([q])
        .send()
        .await
        .expect("started");
    let done = client.ai_coder().wait(task, &policy()).await.expect("done");
    done.project.expect("project").key
}

fn assert_error_message(err: &Error, operation: &str, needle: &str) {
    match err {
        Error::Service {
            operation: op,
            messages,
            status,
            request_id,
        } => {
            assert_eq!((status.as_u16(), op.as_str()), (200, operation), "{err:?}");
            assert!(messages.iter().any(|m| m.contains(needle)), "{messages:?}");
            assert!(request_id.is_some());
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_analysis_is_polled_until_completed_on_the_clients_clock() {
    let (mock, clock, client, q) = with_question().await;
    mock.set_ai_task_outcome(AiTaskOutcome::CompleteAfter(3));
    let task = client
        .ai_coder()
        .analyze([q])
        .generative_ai(GenerativeAiOptions {
            codebook_language: Some("en".into()),
            ..Default::default()
        })
        .words_to_ignore(["the"])
        .include_coded_responses(false)
        .send()
        .await
        .expect("started");
    assert_eq!(task.kind(), AiTaskKind::Analysis);
    let done = client
        .ai_coder()
        .wait(task, &policy())
        .await
        .expect("completed");
    assert!(done.is_completed);
    let project = done.project.expect("the analysis made a project");
    assert_eq!(project.question_keys, [q]);
    assert_eq!(project.responses_count, 4);
    assert_eq!(mock.ai_task_polls(task.get()), 3);
    // Two waits of 10 s between the three polls, on the manual clock.
    assert_eq!(clock.sleeps(), [Duration::from_secs(10); 2]);
    assert_eq!(clock.elapsed(), Duration::from_secs(20));

    // The wire names of the request body.
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let post = requests
        .iter()
        .find(|r| r.url.path() == "/v2/AICoder/Analyze")
        .expect("analyze request");
    let body: serde_json::Value = serde_json::from_slice(&post.body).expect("json");
    assert_eq!(body["questionKeys"], serde_json::json!([q]));
    assert_eq!(body["useGenerativeAI"], true);
    assert_eq!(body["generativeAIOptions"]["codebookLanguage"], "en");
    assert_eq!(body["wordsToIgnore"], serde_json::json!(["the"]));
    assert!(body.get("codebook").is_none(), "unset options are left out");
}

#[tokio::test]
async fn a_failed_task_ends_the_wait_with_a_typed_error() {
    let (mock, clock, client, q) = with_question().await;
    mock.set_ai_task_outcome(AiTaskOutcome::FailAfter(
        2,
        "The AI engine is unavailable.".into(),
    ));
    let task = client
        .ai_coder()
        .analyze_v3([q])
        .send()
        .await
        .expect("started");
    let err = client
        .ai_coder()
        .wait(task, &policy())
        .await
        .expect_err("failed");
    match &err {
        Error::TaskFailed {
            task: what,
            message,
            request_id,
        } => {
            assert!(what.contains(&task.get().to_string()), "{what}");
            assert_eq!(message, "The AI engine is unavailable.");
            assert!(request_id.is_some());
        }
        other => panic!("expected TaskFailed, got {other:?}"),
    }
    assert!(err.is_service() && !err.is_timeout() && !err.is_retryable());
    assert_eq!(mock.ai_task_polls(task.get()), 2);
    assert_eq!(clock.sleeps().len(), 1);
}

#[tokio::test]
async fn a_task_that_never_completes_ends_at_the_deadline() {
    let (mock, clock, client, q) = with_question().await;
    mock.set_ai_task_outcome(AiTaskOutcome::Never);
    let task = client
        .ai_coder()
        .analyze([q])
        .send()
        .await
        .expect("started");
    let started = std::time::Instant::now();
    let err = client
        .ai_coder()
        .wait(task, &policy())
        .await
        .expect_err("deadline");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains(&task.get().to_string()), "{err}");
    // 30 s of waiting on the manual clock (the next wait would pass 35 s),
    // four polls, and no real time spent waiting.
    assert_eq!(clock.sleeps(), [Duration::from_secs(10); 3]);
    assert_eq!(mock.ai_task_polls(task.get()), 4);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_test_settles_a_running_task() {
    let (mock, _clock, client, q) = with_question().await;
    mock.set_ai_task_outcome(AiTaskOutcome::Never);
    let task = client
        .ai_coder()
        .analyze([q])
        .send()
        .await
        .expect("started");
    assert!(
        !client
            .ai_coder()
            .status(task)
            .await
            .expect("status")
            .is_completed
    );
    mock.complete_ai_task(task.get());
    let status = client.ai_coder().status(task).await.expect("status");
    assert!(status.is_completed && status.project.is_some());

    let other = client
        .ai_coder()
        .analyze([q])
        .send()
        .await
        .expect("started");
    mock.fail_ai_task(other.get(), "Cancelled by an administrator.");
    let err = client
        .ai_coder()
        .wait(other, &policy())
        .await
        .expect_err("failed");
    assert!(matches!(err, Error::TaskFailed { ref message, .. } if message.contains("Cancelled")));
}

#[tokio::test]
async fn an_incremental_analysis_updates_the_project() {
    let (mock, _clock, client, q) = with_question().await;
    let p = project(&mock, &client, q).await;
    let task = client
        .ai_coder()
        .analyze_incremental(p)
        .suggest_new_codes(true)
        .send()
        .await
        .expect("started");
    let done = client.ai_coder().wait(task, &policy()).await.expect("done");
    let project = done.project.expect("project");
    assert_eq!(project.key, p);
    assert_eq!(project.description.as_deref(), Some("Analysis 2"));
    let err = client
        .ai_coder()
        .analyze_incremental(4242)
        .send()
        .await
        .expect_err("no project");
    assert_error_message(
        &err,
        "ai_coder_analyze_incremental",
        "project does not exist",
    );
}

#[tokio::test]
async fn the_v3_analysis_sends_the_codebook_builder_options() {
    let (mock, _clock, client, q) = with_question().await;
    mock.set_ai_task_outcome(AiTaskOutcome::CompleteAfter(1));
    let task = client
        .ai_coder()
        .analyze_v3([q])
        .codebook_builder(CodebookBuilderOptions {
            codebook_granularity: Some(100),
            creation_method: Some(CreationMethod::AiGenerated),
            ..Default::default()
        })
        .send()
        .await
        .expect("started");
    assert!(
        client
            .ai_coder()
            .wait(task, &policy())
            .await
            .expect("done")
            .project
            .is_some()
    );
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let post = requests
        .iter()
        .find(|r| r.url.path() == "/v2/AICoder/Analyze/v3")
        .expect("v3 request");
    let body: serde_json::Value = serde_json::from_slice(&post.body).expect("json");
    assert_eq!(body["codebookBuilder"]["creationMethod"], "AIGenerated");
    assert_eq!(body["codebookBuilder"]["codebookGranularity"], 100);
}

#[tokio::test]
async fn analyses_report_a_200_with_error_message_as_a_typed_error() {
    let (_mock, _clock, client) = started().await;
    let err = client
        .ai_coder()
        .analyze([987_654])
        .send()
        .await
        .expect_err("no question");
    assert_error_message(&err, "ai_coder_analyze", "does not exist");
    let err = client
        .ai_coder()
        .status(AnalysisTaskKey::new(1))
        .await
        .expect_err("no task");
    assert_error_message(&err, "ai_coder_task_status", "task does not exist");
    let err = client
        .ai_coder()
        .analyze(Vec::<i64>::new())
        .send()
        .await
        .expect_err("empty");
    assert!(!err.is_service(), "refused before sending: {err:?}");
}

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
