//! The v2 API against the stateful mock (served under `/v2`): login at
//! `Session/New`, every v1 call on v2, each v2-only endpoint, a
//! 200-with-`errorMessage` failure per resource group, and batch chunking
//! across the service maximum. (No secret in logs: `v2_redaction.rs`, its
//! own binary, as log capture is per thread.)

use auth_core::ErrorMetadata;
use std::sync::Arc;

use ascribe_coder::api::v2::MAX_BATCH_SIZE;
use ascribe_coder::auth_core::ManualClock;
use ascribe_coder::auth_core::http::RetryConfig;
use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{
    CodeUpdate, CodebookCodes, CodebookKey, CodingSource, NewCode, NewQuestion, NewStudy,
    QuestionEntity, QuestionKey, QuestionResponses, QuestionType, QuestionUpdate, ResponseInput,
    StudyKey, StudyStatus, Task,
};
use ascribe_coder::{ApiVersion, AscribeClient, AscribeClientBuilder, Error, PollPolicy, Region};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};
use std::time::Duration;

mod chunking;
mod codebooks;
mod questions;
mod responses;
mod studies;

fn config(mock: &AscribeMock, clock: &ManualClock) -> AscribeClientBuilder {
    AscribeClient::builder()
        .base_url(mock.v2_uri())
        .api_version(ApiVersion::V2)
        .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
        .retry(RetryConfig::disabled())
        .clock(Arc::new(clock.clone()))
}

fn client(mock: &AscribeMock) -> AscribeClient {
    config(mock, &ManualClock::new()).build().expect("valid")
}

/// A mock and a client of it.
async fn started() -> (AscribeMock, AscribeClient) {
    let mock = AscribeMock::start().await;
    let client = client(&mock);
    (mock, client)
}

/// A mock, a client, and a study with two open questions on it: its key
/// and the questions' keys.
async fn with_study(
    id: &str,
) -> (
    AscribeMock,
    AscribeClient,
    (StudyKey, QuestionKey, QuestionKey),
) {
    let (mock, client) = started().await;
    let keys = study(&client, id).await;
    (mock, client, keys)
}

/// A study with two open questions (created with the v1 calls, on v2).
async fn study(client: &AscribeClient, id: &str) -> (StudyKey, QuestionKey, QuestionKey) {
    let study = client
        .studies()
        .create(NewStudy::new(id).name("Brand survey"))
        .await
        .expect("study");
    let q1 = client
        .questions()
        .create(study.key, NewQuestion::new("Q1").text("What did you like?"))
        .await
        .expect("q1");
    let q2 = client
        .questions()
        .create(
            study.key,
            NewQuestion::new("Q2")
                .text("What did you dislike?")
                .tasks([Task::Code, Task::Translate]),
        )
        .await
        .expect("q2");
    (study.key, q1.key, q2.key)
}

fn responses(prefix: &str, n: usize) -> Vec<ResponseInput> {
    (1..=n)
        .map(|i| {
            let text = ["Great value", "Too slow", "It was fine"][i % 3];
            ResponseInput::new(format!("{prefix}{i}"), text)
        })
        .collect()
}

/// Asserts `err` is the Ascribe 200-with-`errorMessage` failure, with the
/// request id the mock sent.
fn assert_error_message(err: &Error, operation: &str, needle: &str) {
    match err {
        Error::Service {
            operation: op,
            messages,
            status,
            request_id,
        } => {
            assert_eq!(status.as_u16(), 200, "{err:?}");
            assert_eq!(op, operation);
            assert!(
                messages.iter().any(|m| m.contains(needle)),
                "{needle} not in {messages:?}"
            );
            assert!(
                request_id
                    .as_deref()
                    .is_some_and(|id| id.starts_with("ascribe-mock-")),
                "{request_id:?}"
            );
            assert_eq!(err.request_id(), request_id.as_deref());
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

// ---- versions, regions, login -------------------------------------------

#[test]
fn regions_and_versions_pick_the_spec_servers_and_login_paths() {
    let c = AscribeClient::builder()
        .region(Region::Ca)
        .credentials("a", "u", Password::new("p"))
        .build()
        .expect("valid");
    assert_eq!(
        c.base_url().as_str(),
        "https://api-ca.goascribe.com/coder/v2/"
    );
    assert_eq!(c.api_version(), ApiVersion::V2);
    assert_eq!(Region::Us.base_url(), "https://api.goascribe.us/coder/v2");
    assert_eq!(Region::Eu.base_url(), "https://api.goascribe.eu/coder/v2");
    let v1 = AscribeClient::builder()
        .credentials("a", "u", Password::new("p"))
        .build()
        .expect("valid");
    assert_eq!(v1.api_version(), ApiVersion::V1);
}

#[tokio::test]
async fn v2_logs_in_at_session_new_and_refuses_the_v1_login_path() {
    let (mock, client) = started().await;
    client.studies().list().send().await.expect("listed");
    let requests = mock.server().received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].url.path(), "/v2/Session/New");
    assert_eq!(mock.logins(), 1);

    // The v1 login path does not exist on a v2 server.
    let wrong = config(&mock, &ManualClock::new())
        .api_version(ApiVersion::V1)
        .build()
        .expect("valid");
    let err = wrong.login().await.expect_err("no /Sessions on v2");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    assert!(err.to_string().contains("Session/New"), "{err}");
    assert_eq!(mock.logins(), 1);
}

#[tokio::test]
async fn a_wrong_v2_password_is_reported_from_error_message() {
    let mock = AscribeMock::start().await;
    let client = config(&mock, &ManualClock::new())
        .credentials(ACCOUNT, USER_NAME, Password::new("wrong"))
        .build()
        .expect("valid");
    let err = client.login().await.expect_err("refused");
    assert!(err.is_auth(), "{err:?}");
    assert!(err.to_string().contains("Invalid account"), "{err}");
}

// ---- every v1 call on v2 --------------------------------------------------

#[tokio::test]
async fn every_v1_call_works_on_v2_with_its_named_enums_nulls_and_numbers() {
    let (_mock, client, (study_key, q1, _)) = with_study("V1-ON-V2").await;

    let listed = client.studies().list().send().await.expect("studies");
    assert_eq!(listed.len(), 1);
    let details = client.studies().get(study_key).await.expect("study");
    assert_eq!(details.count_questions, 2.0);

    // The v2 mock answers the schema's named enums ("Open", "Code, Translate").
    let questions = client
        .questions()
        .list(study_key)
        .send()
        .await
        .expect("questions");
    let q2 = questions.iter().find(|q| q.id == "Q2").expect("Q2");
    assert_eq!(q2.question_type, QuestionType::Open);
    assert_eq!(q2.tasks.values(), [Task::Code, Task::Translate]);
    assert_eq!(q2.coding_source, Some(CodingSource::Verbatim));
    assert_eq!(q2.alternative_coding_source, Some(CodingSource::NoSource));

    let added = client
        .responses()
        .add(q1, responses("r", 10))
        .send()
        .await
        .expect("added");
    assert_eq!(added.responses_added, 10);
    let upserted = client
        .responses()
        .upsert(q1, [ResponseInput::new("r1", "Changed")])
        .send()
        .await
        .expect("upserted");
    assert_eq!(upserted.existing_responses_updated, 1);
    let read = client
        .responses()
        .get(q1)
        .include_text(true)
        .send()
        .await
        .expect("read");
    assert_eq!(read.len(), 10);

    // Codebooks: v2 sends `children: null` for codes.
    let cb = client
        .codebooks()
        .replace(
            q1,
            vec![NewCode::net(
                "Sentiment",
                [NewCode::new("Positive"), NewCode::new("Negative")],
            )],
        )
        .await
        .expect("replaced");
    let tree = client
        .codebooks()
        .for_question(q1)
        .tree(true)
        .send()
        .await
        .expect("tree");
    assert_eq!(tree.codes().len(), 2);
    let key = cb.codebook_key.expect("key");
    client
        .codebooks()
        .add_codes(key, vec![NewCode::new("Neutral")])
        .send()
        .await
        .expect("codes added");
    assert_eq!(
        client
            .codebooks()
            .get(key)
            .send()
            .await
            .expect("flat")
            .codebook
            .len(),
        3
    );

    assert!(
        !client
            .companies()
            .list()
            .await
            .expect("companies")
            .is_empty()
    );
    client.companies().create("Globex").await.expect("company");

    // Exports: v2 sends the job status as a number.
    let scripts = client.exports().scripts().await.expect("scripts");
    let job = client
        .exports()
        .start(study_key, [q1], scripts[0].key)
        .send()
        .await
        .expect("started");
    let policy = PollPolicy::default().interval(Duration::from_secs(1));
    let done = client
        .exports()
        .wait(job.job_key, &policy)
        .await
        .expect("done");
    assert!(done.result_file_uri.is_some());
}
