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

// ---- studies --------------------------------------------------------------

#[tokio::test]
async fn study_update_changes_only_the_fields_set() {
    let (mock, client, (key, _, _)) = with_study("UPD").await;
    let updated = client
        .studies()
        .update(key)
        .status(StudyStatus::OnHold)
        .description("Wave 2")
        .send()
        .await
        .expect("updated");
    assert_eq!(updated.study.status, StudyStatus::OnHold);
    assert_eq!(updated.study.description.as_deref(), Some("Wave 2"));
    assert_eq!(
        updated.study.name.as_deref(),
        Some("Brand survey"),
        "untouched"
    );
    assert_eq!(mock.study_status(key).as_deref(), Some("h"));
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let put = requests
        .iter()
        .rfind(|r| r.method.as_str() == "PUT")
        .expect("PUT");
    let body: serde_json::Value = serde_json::from_slice(&put.body).expect("json");
    assert_eq!(
        body,
        serde_json::json!({"studyKey": key, "status": "h", "description": "Wave 2"})
    );
}

#[tokio::test]
async fn study_update_refuses_a_bad_id_before_sending() {
    let (mock, client) = started().await;
    let before = mock.requests();
    let err = client
        .studies()
        .update(StudyKey::new(1))
        .id("x".repeat(31))
        .send()
        .await
        .expect_err("too long");
    assert!(
        matches!(
            err,
            Error::Core(ascribe_coder::auth_core::Error::InvalidInput(_))
        ),
        "{err:?}"
    );
    assert_eq!(mock.requests(), before);
}

#[tokio::test]
async fn study_delete_removes_the_study_and_its_questions() {
    let (mock, client, (key, q1, _)) = with_study("DEL").await;
    client.studies().delete(key).await.expect("deleted");
    assert!(!mock.has_study(key) && !mock.has_question(q1));
}

#[tokio::test]
async fn deleting_respondents_removes_their_responses_and_names_the_unknown_ones() {
    let (mock, client, (key, q1, q2)) = with_study("RESP").await;
    client
        .responses()
        .add(q1, responses("r", 3))
        .send()
        .await
        .expect("q1");
    client
        .responses()
        .add(q2, responses("r", 3))
        .send()
        .await
        .expect("q2");
    let result = client
        .studies()
        .delete_respondents(key, ["r1", "r2", "nobody"])
        .send()
        .await
        .expect("deleted");
    assert_eq!(result.not_found_respondent_ids, ["nobody"]);
    assert_eq!(result.failed_deletions.len(), 1);
    assert_eq!(result.failed_deletions[0].respondent_id, "nobody");
    assert_eq!(mock.response_ids(q1), ["r3"]);
    assert_eq!(mock.response_ids(q2), ["r3"]);
}

#[tokio::test]
async fn translating_a_study_translates_its_translate_task_questions_once() {
    let (_mock, client, (key, q1, q2)) = with_study("TR").await;
    client
        .responses()
        .add(q1, responses("r", 4))
        .send()
        .await
        .expect("q1");
    client
        .responses()
        .add(q2, responses("r", 5))
        .send()
        .await
        .expect("q2");
    let t = client
        .studies()
        .translate(key, "de")
        .await
        .expect("translated");
    assert_eq!(t.study_key, key);
    assert_eq!(
        t.total_translations_count, 5,
        "only Q2 has the translate task"
    );
    assert_eq!(t.questions.len(), 1);
    assert_eq!(t.questions[0].question_key, q2);
    let again = client.studies().translate(key, "de").await.expect("again");
    assert_eq!(again.total_translations_count, 0);
    let err = client
        .studies()
        .translate(key, "")
        .await
        .expect_err("no language");
    assert!(!err.is_service());
}

#[tokio::test]
async fn studies_report_a_200_with_error_message_as_a_typed_error() {
    let (_mock, client) = started().await;
    let err = client
        .studies()
        .update(987_654)
        .name("x")
        .send()
        .await
        .expect_err("no such study");
    assert_error_message(&err, "update_study", "does not exist");
    let err = client
        .studies()
        .delete(987_654)
        .await
        .expect_err("no such study");
    assert_error_message(&err, "delete_study", "does not exist");
    let err = client
        .studies()
        .translate(987_654, "de")
        .await
        .expect_err("no such study");
    assert_error_message(&err, "translate_study", "does not exist");
}

// ---- questions ------------------------------------------------------------

#[tokio::test]
async fn questions_are_created_in_a_batch_with_the_failures_listed() {
    let (mock, client, (key, _, _)) = with_study("QB").await;
    let created = client
        .questions()
        .create_batch(
            key,
            [
                NewQuestion::new("Q3")
                    .text("Where are you from?")
                    .question_type(QuestionType::Closed),
                NewQuestion::new("Q1"), // already in the study
                NewQuestion::new("Q4").external_question_id("ext-4"),
            ],
        )
        .send()
        .await
        .expect("created");
    assert_eq!(created.study_key, Some(key));
    let ids: Vec<&str> = created.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["Q3", "Q4"]);
    assert_eq!(created.questions[0].question_type, QuestionType::Closed);
    assert_eq!(created.failed_questions.len(), 1);
    assert_eq!(created.failed_questions[0].id, "Q1");
    assert_eq!(created.chunks, 1);
    assert!(created.questions.iter().all(|q| mock.has_question(q.key)));
}

#[tokio::test]
async fn questions_are_updated_in_a_batch_and_a_partial_failure_is_an_error() {
    let (_mock, client, (key, q1, q2)) = with_study("QU").await;
    let updated = client
        .questions()
        .update_batch(
            key,
            [
                QuestionUpdate::new(q1)
                    .text("Updated title of q1")
                    .label("Likes"),
                QuestionUpdate::new(q2).tasks([Task::Code]),
            ],
        )
        .send()
        .await
        .expect("updated");
    assert!(updated.failed_questions.is_empty());
    let qs = client.questions().list(key).send().await.expect("listed");
    let q = qs.iter().find(|q| q.key == q1).expect("q1");
    assert_eq!(q.text.as_deref(), Some("Updated title of q1"));
    assert_eq!(q.label.as_deref(), Some("Likes"));

    // As in the spec's example: failed questions come with `errorMessage`.
    let err = client
        .questions()
        .update_batch(key, [QuestionUpdate::new(123_456).text("x")])
        .send()
        .await
        .expect_err("unknown question");
    assert_error_message(
        &err,
        "update_questions_batch",
        "Some questions were not updated",
    );
}

#[tokio::test]
async fn questions_are_deleted_in_a_batch_with_per_question_outcomes() {
    let (mock, client, (_, q1, q2)) = with_study("QD").await;
    let deleted = client
        .questions()
        .delete_batch([q1, q2, 424_242.into()], QuestionEntity::Question)
        .send()
        .await
        .expect("deleted");
    assert_eq!(deleted.entity_items_deleted, 2);
    assert_eq!(deleted.entity_type.as_deref(), Some("Question"));
    let failures: Vec<QuestionKey> = deleted.failures().map(|(k, _)| k).collect();
    assert_eq!(failures, [424_242]);
    assert!(!mock.has_question(q1) && !mock.has_question(q2));
}

#[tokio::test]
async fn one_kind_of_question_items_is_deleted() {
    let (mock, client, (_, q1, _)) = with_study("QE").await;
    client
        .responses()
        .add(q1, responses("r", 4))
        .send()
        .await
        .expect("added");
    let deleted = client
        .questions()
        .delete_entity(q1, QuestionEntity::Responses)
        .await
        .expect("deleted");
    assert_eq!(deleted.entity_items_deleted, 4);
    assert_eq!(deleted.entity_type.as_deref(), Some("Responses"));
    assert!(mock.response_ids(q1).is_empty() && mock.has_question(q1));
}

#[tokio::test]
async fn a_question_is_linked_to_another_codebook() {
    let (mock, client, (_, q1, q2)) = with_study("QL").await;
    let shared = mock.codebook_of(q1).expect("codebook");
    assert_ne!(mock.codebook_of(q2), Some(shared));
    client
        .questions()
        .link_codebook(q2, shared)
        .await
        .expect("linked");
    assert_eq!(mock.codebook_of(q2), Some(shared));
    let err = client
        .questions()
        .link_codebook(q2, 999_999)
        .await
        .expect_err("no codebook");
    assert_error_message(&err, "link_codebook", "codebook does not exist");
}

#[tokio::test]
async fn auto_code_applies_codes_by_text_match_and_regex() {
    let (mock, client, (_, q1, _)) = with_study("QA").await;
    client
        .codebooks()
        .replace(q1, vec![NewCode::new("value"), NewCode::new("slow")])
        .await
        .expect("codebook");
    let codes = mock.codes_of(mock.codebook_of(q1).expect("cb"));
    let value = codes[0].0;
    client
        .responses()
        .add(
            q1,
            [ResponseInput::new("a", "Great value").applied_codes([value])],
        )
        .send()
        .await
        .expect("coded one");
    client
        .responses()
        .add(q1, responses("r", 3))
        .send()
        .await
        .expect("added");
    // r3 "Great value" matches a coded text; r1 "Too slow" matches a code.
    let result = client
        .questions()
        .auto_code(q1, 1)
        .text_match(true)
        .by_regex(true)
        .send()
        .await
        .expect("auto-coded");
    assert_eq!(result.codes_added, 2);
    assert_eq!(mock.response_codes(q1, "r3"), [value]);
    assert_eq!(mock.response_codes(q1, "r1"), [codes[1].0]);
    assert!(mock.response_codes(q1, "r2").is_empty());
}

#[tokio::test]
async fn a_question_is_translated() {
    let (_mock, client, (_, q1, _)) = with_study("QT").await;
    client
        .responses()
        .add(q1, responses("r", 3))
        .send()
        .await
        .expect("added");
    let t = client
        .questions()
        .translate(q1, "uk")
        .await
        .expect("translated");
    assert_eq!(
        (t.question_key, t.responses_count, t.translations_count),
        (q1, 3, 3)
    );
    assert!(t.transactions_count > 0.0);
}

#[tokio::test]
async fn questions_report_a_200_with_error_message_as_a_typed_error() {
    let (_mock, client) = started().await;
    let err = client
        .questions()
        .create_batch(987_654, [NewQuestion::new("Q1")])
        .send()
        .await
        .expect_err("no such study");
    assert_error_message(&err, "create_questions_batch", "study does not exist");
    let err = client
        .questions()
        .delete_entity(987_654, QuestionEntity::Codes)
        .await
        .expect_err("no such question");
    assert_error_message(&err, "delete_question_entity", "question does not exist");
    let err = client
        .questions()
        .translate(987_654, "uk")
        .await
        .expect_err("no question");
    assert_error_message(&err, "translate_question", "question does not exist");
    let err = client
        .questions()
        .auto_code(987_654, 1)
        .send()
        .await
        .expect_err("no question");
    assert_error_message(&err, "auto_code_question", "question does not exist");
}

// ---- responses ------------------------------------------------------------

#[tokio::test]
async fn responses_of_several_questions_are_added_in_one_batch() {
    let (mock, client, (key, q1, q2)) = with_study("RB").await;
    let added = client
        .responses()
        .add_batch(
            key,
            [
                QuestionResponses::new(q1, responses("a", 2)),
                QuestionResponses::new(q2, [ResponseInput::new("a1", "France")]),
            ],
        )
        .send()
        .await
        .expect("added");
    assert_eq!(added.responses_added(), 3);
    assert_eq!(added.questions.len(), 2);
    assert_eq!(added.questions[1].question_id.as_deref(), Some("Q2"));
    assert_eq!(
        added.questions[1].added_responses[0].verbatim.as_deref(),
        Some("France")
    );
    // Add-only: again, nothing is added.
    let again = client
        .responses()
        .add_batch(key, [QuestionResponses::new(q1, responses("a", 2))])
        .send()
        .await
        .expect("again");
    assert_eq!(again.responses_added(), 0);
    assert_eq!(mock.response_ids(q1), ["a1", "a2"]);
}

#[tokio::test]
async fn responses_of_several_questions_are_upserted_in_one_batch() {
    let (mock, client, (key, q1, q2)) = with_study("RU").await;
    client
        .responses()
        .add(q1, responses("a", 2))
        .send()
        .await
        .expect("seed");
    let r = client
        .responses()
        .upsert_batch(
            key,
            [
                QuestionResponses::new(
                    q1,
                    [
                        ResponseInput::new("a1", "Changed"),
                        ResponseInput::new("a2", "It was fine"),
                    ],
                ),
                QuestionResponses::new(q2, [ResponseInput::new("a1", "New")]),
            ],
        )
        .allow_empty_strings(false)
        .send()
        .await
        .expect("upserted");
    assert_eq!(
        (
            r.responses_updated(),
            r.responses_unchanged(),
            r.responses_added()
        ),
        (1, 1, 1)
    );
    assert_eq!(r.failures().count(), 0);
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let put = requests
        .iter()
        .rfind(|r| r.method.as_str() == "PUT")
        .expect("PUT");
    let body: serde_json::Value = serde_json::from_slice(&put.body).expect("json");
    assert_eq!(body["allowEmptyStrings"], false);
    assert_eq!(
        body["questionResponses"][0]["responses"][0]["verbatim"],
        "Changed"
    );
}

#[tokio::test]
async fn one_response_is_deleted_even_with_an_awkward_rid() {
    let (mock, client, (_, q1, _)) = with_study("RD").await;
    client
        .responses()
        .add(
            q1,
            [
                ResponseInput::new("34/22 Ä?x", "odd"),
                ResponseInput::new("keep", "ok"),
            ],
        )
        .send()
        .await
        .expect("added");
    client
        .responses()
        .delete(q1, "34/22 Ä?x")
        .await
        .expect("deleted");
    assert_eq!(mock.response_ids(q1), ["keep"]);
    let err = client
        .responses()
        .delete(q1, "34/22 Ä?x")
        .await
        .expect_err("gone");
    assert_error_message(&err, "delete_response", "does not exist");
}

#[tokio::test]
async fn responses_are_deleted_in_a_batch_with_per_response_outcomes() {
    let (mock, client, (_, q1, q2)) = with_study("RDB").await;
    client
        .responses()
        .add(q1, responses("r", 3))
        .send()
        .await
        .expect("q1");
    client
        .responses()
        .add(q2, responses("r", 1))
        .send()
        .await
        .expect("q2");
    let r = client
        .responses()
        .delete_batch([(q1, vec!["r1", "r2"]), (q2, vec!["r1", "ghost"])])
        .send()
        .await
        .expect("deleted");
    assert_eq!(r.deleted(), 3);
    let failed: Vec<_> = r
        .failures()
        .map(|f| (f.question_key, f.respondent_id.as_str()))
        .collect();
    assert_eq!(failed, [(q2, "ghost")]);
    assert_eq!(mock.response_ids(q1), ["r3"]);
}

#[tokio::test]
async fn responses_report_a_200_with_error_message_as_a_typed_error() {
    let (_mock, client, (_, q1, _)) = with_study("RE").await;
    let err = client
        .responses()
        .add_batch(987_654, [QuestionResponses::new(q1, responses("r", 1))])
        .send()
        .await
        .expect_err("no such study");
    assert_error_message(&err, "add_responses_batch", "study does not exist");
    let err = client
        .responses()
        .upsert_batch(987_654, [QuestionResponses::new(q1, responses("r", 1))])
        .send()
        .await
        .expect_err("no such study");
    assert_error_message(&err, "upsert_responses_batch", "study does not exist");
}

// ---- codebooks ------------------------------------------------------------

#[tokio::test]
async fn codes_are_updated_and_unknown_ones_listed() {
    let (mock, client, (_, q1, _)) = with_study("CU").await;
    let cb = client
        .codebooks()
        .replace(q1, vec![NewCode::net("Likes", [NewCode::new("Colour")])])
        .await
        .expect("codebook");
    let key = cb.codebook_key.expect("key");
    let colour = cb.codes()[0].key;
    let r = client
        .codebooks()
        .update_codes(
            key,
            [
                CodeUpdate::new(colour).description("Color"),
                CodeUpdate::new(1),
            ],
        )
        .overwrite(true)
        .send()
        .await
        .expect("updated");
    assert_eq!(r.codebook_key, Some(key));
    assert_eq!(r.failed_codes.len(), 1);
    assert_eq!(r.failed_codes[0].key, "1");
    assert_eq!(mock.codes_of(key), [(colour.get(), "Color".to_owned())]);
    // The answer's tree: the net with its code (`children: null` on the code).
    assert_eq!(r.codebook[0].children[0].description, "Color");
}

#[tokio::test]
async fn applied_codes_are_only_deleted_with_uncode_responses() {
    let (mock, client, (_, q1, _)) = with_study("CD").await;
    let cb = client
        .codebooks()
        .replace(q1, vec![NewCode::new("Used"), NewCode::new("Unused")])
        .await
        .expect("codebook");
    let key = cb.codebook_key.expect("key");
    let (used, unused) = (cb.codebook[0].key, cb.codebook[1].key);
    client
        .responses()
        .add(q1, [ResponseInput::new("r1", "x").applied_codes([used])])
        .send()
        .await
        .expect("coded");
    let kept = client
        .codebooks()
        .delete_codes(key, [used, unused])
        .send()
        .await
        .expect("deleted");
    assert_eq!(kept.code_keys_deleted, [unused]);
    assert_eq!(kept.code_keys_not_deleted, [used]);
    let gone = client
        .codebooks()
        .delete_codes(key, [used])
        .uncode_responses(true)
        .send()
        .await
        .expect("deleted");
    assert_eq!(gone.code_keys_deleted, [used]);
    assert_eq!(gone.codes_removed_from_responses.len(), 1);
    assert_eq!(
        gone.codes_removed_from_responses[0]
            .respondent_id
            .as_deref(),
        Some("r1")
    );
    assert!(mock.response_codes(q1, "r1").is_empty());
}

#[tokio::test]
async fn codes_are_added_to_several_codebooks_with_failures_per_codebook() {
    let (mock, client, (_, q1, q2)) = with_study("CB").await;
    let (cb1, cb2) = (
        mock.codebook_of(q1).expect("cb1"),
        mock.codebook_of(q2).expect("cb2"),
    );
    let r = client
        .codebooks()
        .add_codes_batch([
            CodebookCodes::new(
                cb1,
                [NewCode::net(
                    "Likes",
                    [NewCode::new("Colour"), NewCode::new("Taste")],
                )],
            ),
            CodebookCodes::new(cb2, [NewCode::new("Price")]),
            CodebookCodes::new(2_345_678, [NewCode::new("Nowhere")]),
        ])
        .send()
        .await
        .expect("added");
    assert_eq!(r.codebooks.len(), 3);
    assert_eq!(r.codebooks[0].codebook[0].children.len(), 2);
    let failed: Vec<CodebookKey> = r.failures().map(|(k, _)| k).collect();
    assert_eq!(failed, [2_345_678]);
    assert_eq!(mock.codes_of(cb2).len(), 1);
}

#[tokio::test]
async fn codebooks_report_a_200_with_error_message_as_a_typed_error() {
    let (_mock, client) = started().await;
    let err = client
        .codebooks()
        .update_codes(987_654, [CodeUpdate::new(1).color("#FF0000")])
        .send()
        .await
        .expect_err("no such codebook");
    assert_error_message(&err, "update_codes", "codebook does not exist");
    let err = client
        .codebooks()
        .delete_codes(987_654, [1])
        .send()
        .await
        .expect_err("no such codebook");
    assert_error_message(&err, "delete_codes", "codebook does not exist");
}

// ---- users, languages -------------------------------------------------------

#[tokio::test]
async fn users_and_translation_languages_are_listed() {
    let (mock, client) = started().await;
    let users = client.users().list().await.expect("users");
    assert!(users.iter().any(|u| u.id == USER_NAME));
    let languages = client.languages().translation().await.expect("languages");
    assert!(
        languages
            .iter()
            .any(|l| l.code == "uk" && l.name == "Ukrainian")
    );

    mock.fail_next("The user lacks the Administrator privilege.");
    let err = client.users().list().await.expect_err("refused");
    assert_error_message(&err, "list_users", "Administrator");
    mock.fail_next("Translation is not enabled for this account.");
    let err = client.languages().translation().await.expect_err("refused");
    assert_error_message(&err, "list_translation_languages", "not enabled");
}

// ---- chunking ---------------------------------------------------------------

#[tokio::test]
async fn a_2500_response_batch_is_sent_as_3_requests_with_merged_results() {
    let (mock, client, (key, q1, q2)) = with_study("CH").await;
    let r = client
        .responses()
        .add_batch(
            key,
            [
                QuestionResponses::new(q1, responses("a", 1500)),
                QuestionResponses::new(q2, responses("b", 1000)),
            ],
        )
        .send()
        .await
        .expect("uploaded");
    assert_eq!(mock.batch_sizes("add_responses"), [1000, 1000, 500]);
    assert_eq!(r.chunks, 3);
    assert_eq!(r.responses_added(), 2500);
    // Q1 was split across two requests: its results are merged into one entry.
    assert_eq!(r.questions.len(), 2);
    assert_eq!(r.questions[0].added_responses.len(), 1500);
    assert_eq!(mock.response_ids(q1).len(), 1500);

    let upserted = client
        .responses()
        .upsert_batch(key, [QuestionResponses::new(q1, responses("a", 2500))])
        .chunk_size(MAX_BATCH_SIZE)
        .send()
        .await
        .expect("upserted");
    assert_eq!(mock.batch_sizes("upsert_responses"), [1000, 1000, 500]);
    assert_eq!(
        (upserted.responses_unchanged(), upserted.responses_added()),
        (1500, 1000)
    );

    let deleted = client
        .responses()
        .delete_batch([(q1, (1..=2500).map(|i| format!("a{i}")).collect::<Vec<_>>())])
        .send()
        .await
        .expect("deleted");
    assert_eq!(mock.batch_sizes("delete_responses"), [1000, 1000, 500]);
    assert_eq!(deleted.deleted(), 2500);
    assert_eq!(deleted.chunks, 3);
}

#[tokio::test]
async fn other_batches_are_chunked_and_summed_too() {
    let (mock, client, (key, q1, _)) = with_study("CH2").await;
    let created = client
        .questions()
        .create_batch(key, (1..=2500).map(|i| NewQuestion::new(format!("B{i}"))))
        .send()
        .await
        .expect("created");
    assert_eq!(mock.batch_sizes("create_questions"), [1000, 1000, 500]);
    assert_eq!((created.questions.len(), created.chunks), (2500, 3));
    let keys: Vec<QuestionKey> = created.questions.iter().map(|q| q.key).collect();
    let deleted = client
        .questions()
        .delete_batch(keys, QuestionEntity::Question)
        .chunk_size(800)
        .send()
        .await
        .expect("deleted");
    assert_eq!(mock.batch_sizes("delete_questions"), [800, 800, 800, 100]);
    assert_eq!(deleted.entity_items_deleted, 2500);

    client
        .responses()
        .add(q1, responses("r", 2500))
        .send()
        .await
        .expect("seed");
    let r = client
        .studies()
        .delete_respondents(key, (1..=2500).map(|i| format!("r{i}")))
        .send()
        .await
        .expect("deleted");
    assert_eq!(mock.batch_sizes("delete_respondents"), [1000, 1000, 500]);
    assert_eq!((r.chunks, r.not_found_respondent_ids.len()), (3, 0));
}

#[tokio::test]
async fn a_chunk_size_above_the_service_maximum_is_refused_before_sending() {
    let (mock, client, (key, q1, _)) = with_study("MAX").await;
    let before = mock.requests();
    let err = client
        .responses()
        .add_batch(key, [QuestionResponses::new(q1, responses("a", 10))])
        .chunk_size(MAX_BATCH_SIZE + 1)
        .send()
        .await
        .expect_err("too large");
    match err {
        Error::ChunkSizeTooLarge { requested, max } => assert_eq!((requested, max), (1001, 1000)),
        other => panic!("expected ChunkSizeTooLarge, got {other:?}"),
    }
    let err = client
        .questions()
        .delete_batch([q1], QuestionEntity::Codes)
        .chunk_size(0)
        .send()
        .await
        .expect_err("zero");
    assert!(!err.is_service(), "{err:?}");
    assert_eq!(mock.requests(), before, "nothing was sent");

    // A client configured above the maximum is refused on v2 batches too.
    let big = config(&mock, &ManualClock::new())
        .chunk_size(1500)
        .build()
        .expect("valid");
    let err = big
        .studies()
        .delete_respondents(key, ["r1"])
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(
            err,
            Error::ChunkSizeTooLarge {
                requested: 1500,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_failed_chunk_says_how_much_was_stored() {
    let (mock, client, (key, q1, _)) = with_study("PART").await;
    let (_, other, _) = study(&client, "OTHER").await; // a question of another study
    let err = client
        .responses()
        .add_batch(
            key,
            [
                QuestionResponses::new(q1, responses("a", 1500)),
                QuestionResponses::new(other, responses("b", 1000)),
            ],
        )
        .send()
        .await
        .expect_err("second chunk refused");
    match &err {
        Error::ChunkFailed {
            chunk,
            chunks,
            responses_sent,
            ..
        } => assert_eq!((*chunk, *chunks, *responses_sent), (2, 3, 1000)),
        other => panic!("expected a chunk failure, got {other:?}"),
    }
    assert!(err.is_service());
    assert!(err.request_id().is_some());
    assert_eq!(mock.response_ids(q1).len(), 1000);
}
