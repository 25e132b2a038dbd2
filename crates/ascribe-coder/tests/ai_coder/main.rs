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

mod analyses;
mod projects;

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
