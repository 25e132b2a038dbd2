//! Analyses (classic, v3, incremental) polled on the manual clock: completion, failure, deadline.

use super::*;

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
