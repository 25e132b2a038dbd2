//! Resources against the stateful mock: chunked uploads and the vendor's
//! whole workflow (study → question → responses → humans code → status `c`
//! → codebook → coded responses), plus codebooks, companies and exports.

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::time::Duration;

use ascribe_coder::auth_core::ManualClock;
use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{
    NewCode, NewQuestion, NewStudy, QuestionKey, QuestionType, ResponseInput, ResponseStatus,
    StudyKey, StudyStatus, Task,
};
use ascribe_coder::{AscribeClient, Error, PollPolicy};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};

fn client(mock: &AscribeMock, clock: &ManualClock) -> AscribeClient {
    AscribeClient::builder()
        .base_url(mock.uri())
        .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid")
}

fn responses(n: usize) -> Vec<ResponseInput> {
    (1..=n)
        .map(|i| {
            let text = ["Great value", "Too slow", "It was fine"][i % 3];
            ResponseInput::new(format!("r{i}"), text)
        })
        .collect()
}

async fn study_and_question(client: &AscribeClient, id: &str) -> (StudyKey, QuestionKey) {
    let study = client
        .studies()
        .create(NewStudy::new(id).name("Brand survey"))
        .await
        .expect("study");
    let q = client
        .questions()
        .create(study.key, NewQuestion::new("Q1").text("What did you like?"))
        .await
        .expect("question");
    (study.key, q.key)
}

#[tokio::test]
async fn responses_2500_are_uploaded_as_3_chunks_with_summed_counts() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let (_, q) = study_and_question(&client, "CHUNKS").await;
    let result = client
        .responses()
        .add(q, responses(2500))
        .send()
        .await
        .expect("uploaded");
    assert_eq!(mock.upload_sizes(), vec![1000, 1000, 500]);
    assert_eq!(result.chunks, 3);
    assert_eq!(result.responses_added, 2500);
    assert_eq!(result.added_responses.len(), 2500);

    // Again with a smaller chunk: add-only, so nothing changes.
    let again = client
        .responses()
        .add(q, responses(2500))
        .chunk_size(600)
        .send()
        .await
        .expect("uploaded");
    assert_eq!(again.chunks, 5);
    assert_eq!(again.responses_added, 0);
    assert_eq!(again.existing_responses_unchanged, 2500);
}

#[tokio::test]
async fn a_chunk_above_the_service_limit_fails_typed_and_says_what_was_stored() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let (_, q) = study_and_question(&client, "TOO-BIG").await;
    let mut batch = responses(900);
    batch.extend((0..1100).map(|i| ResponseInput::new(format!("x{i}"), "more")));
    // Chunks of 1100 then 900: the first breaks the 1000 limit, nothing is stored.
    let err = client
        .responses()
        .add(q, batch)
        .chunk_size(1100)
        .send()
        .await
        .expect_err("limit");
    match &err {
        Error::ChunkFailed {
            chunk,
            chunks,
            responses_sent,
            ..
        } => {
            assert_eq!((*chunk, *chunks), (1, 2));
            assert_eq!(*responses_sent, 0);
        }
        other => panic!("expected a chunk failure, got {other:?}"),
    }
    assert!(err.is_service());
    assert!(err.messages()[0].contains("At most 1000"));
}

#[tokio::test]
async fn upsert_adds_and_updates_in_chunks() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let (_, q) = study_and_question(&client, "UPSERT").await;
    client
        .responses()
        .add(q, responses(10))
        .send()
        .await
        .expect("added");
    let mut changed: Vec<_> = (1..=10)
        .map(|i| ResponseInput::new(format!("r{i}"), "Changed text"))
        .collect();
    changed.push(ResponseInput::new("r11", "New one"));
    let result = client
        .responses()
        .upsert(q, changed)
        .chunk_size(4)
        .send()
        .await
        .expect("upserted");
    assert_eq!(result.chunks, 3);
    assert_eq!(result.existing_responses_updated, 10);
    assert_eq!(result.responses_added, 1);
}

#[tokio::test]
async fn the_vendor_workflow_runs_end_to_end() {
    let mock = AscribeMock::start().await;
    mock.set_polls_to_complete(3);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);

    // 1. study, 2. question (the char enums go out as letters).
    let study = client
        .studies()
        .create(
            NewStudy::new("S458-3")
                .name("Brand survey")
                .status(StudyStatus::InProgress),
        )
        .await
        .expect("study");
    assert_eq!(study.status, StudyStatus::InProgress);
    let question = client
        .questions()
        .create(
            study.key,
            NewQuestion::new("Q1")
                .text("What did you like?")
                .question_type(QuestionType::Open)
                .tasks([Task::Code, Task::Transcribe]),
        )
        .await
        .expect("question");
    assert_eq!(question.tasks.values(), [Task::Code, Task::Transcribe]);
    let listed = client
        .questions()
        .list(study.key)
        .types([QuestionType::Open])
        .send()
        .await
        .expect("questions");
    assert_eq!(listed.len(), 1);

    // 3. responses.
    let upload = client
        .responses()
        .add(question.key, responses(2500))
        .send()
        .await
        .expect("upload");
    assert_eq!(upload.responses_added, 2500);

    // 4.-5. humans code; poll until `c`, on the manual clock (no real wait).
    let policy = PollPolicy::default()
        .interval(Duration::from_secs(10))
        .backoff(2.0, Duration::from_secs(60));
    let done = client
        .studies()
        .wait_for_study_completed(study.key, &policy)
        .await
        .expect("completed");
    assert_eq!(done.study.status, StudyStatus::Completed);
    assert_eq!(done.count_responses_coded, 2500.0);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(10), Duration::from_secs(20)],
        "three polls, two waits"
    );
    let completed = client
        .studies()
        .list()
        .status_mask([StudyStatus::Completed])
        .send()
        .await
        .expect("list");
    assert_eq!(completed.len(), 1);

    // 6. codebook (flat and tree), 7. coded responses.
    let flat = client
        .codebooks()
        .for_question(question.key)
        .send()
        .await
        .expect("codebook");
    assert_eq!(flat.codebook.len(), 3, "flat: the codes only");
    let tree = client
        .codebooks()
        .for_question(question.key)
        .tree(true)
        .send()
        .await
        .expect("tree");
    assert_eq!(tree.codebook.len(), 1, "one net");
    assert!(tree.codebook[0].is_net());
    assert_eq!(tree.codes().len(), 3);
    let coded = client
        .responses()
        .get(question.key)
        .include_text(true)
        .status(ResponseStatus::Coded)
        .send()
        .await
        .expect("coded responses");
    assert_eq!(coded.len(), 2500);
    for r in &coded {
        assert!(r.text.is_some());
        assert_eq!(r.code_keys.len(), 1);
        assert!(tree.find(r.code_keys[0]).is_some_and(|c| !c.is_net()));
    }
    let slow = coded
        .iter()
        .find(|r| r.text.as_deref() == Some("Too slow"))
        .expect("one slow");
    assert_eq!(
        tree.find(slow.code_keys[0]).map(|c| c.description.as_str()),
        Some("Negative")
    );

    // A coded codebook cannot be replaced: a 200 with errors.
    let err = client
        .codebooks()
        .replace(question.key, vec![NewCode::new("Other")])
        .await
        .expect_err("refused");
    assert!(err.is_service());
    assert_eq!(mock.logins(), 1, "one login for the whole workflow");
}

#[tokio::test]
async fn waiting_ends_at_the_deadline_with_a_timeout() {
    let mock = AscribeMock::start().await;
    mock.set_polls_to_complete(1000);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let (study, q) = study_and_question(&client, "SLOW").await;
    client
        .responses()
        .add(q, responses(3))
        .send()
        .await
        .expect("upload");
    let policy = PollPolicy::default()
        .interval(Duration::from_secs(60))
        .backoff(1.0, Duration::from_secs(60))
        .deadline(Some(Duration::from_secs(300)));
    let err = client
        .studies()
        .wait_for_study_completed(study, &policy)
        .await
        .expect_err("never completes");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(clock.sleeps().len(), 5);
}

#[tokio::test]
async fn codebooks_companies_and_exports() {
    let mock = AscribeMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let (study, q) = study_and_question(&client, "MISC").await;

    let book = client
        .codebooks()
        .replace(
            q,
            vec![NewCode::net(
                "Service",
                [NewCode::new("Fast"), NewCode::new("Slow")],
            )],
        )
        .await
        .expect("replaced");
    let key = book.codebook_key.expect("key");
    let book = client
        .codebooks()
        .add_codes(key, vec![NewCode::new("Price")])
        .send()
        .await
        .expect("added");
    assert_eq!(book.codes().len(), 3);
    let by_key = client.codebooks().get(key).send().await.expect("by key");
    assert_eq!(by_key.codebook.len(), 3);
    let dup = client
        .codebooks()
        .add_codes(key, vec![NewCode::new("price")])
        .send()
        .await
        .expect_err("duplicate");
    assert!(dup.is_service());

    let acme = client.companies().create("Globex").await.expect("company");
    let all = client.companies().list().await.expect("companies");
    assert!(all.iter().any(|c| c.key == acme.key));
    assert!(client.companies().create("_hidden").await.is_err());

    let scripts = client.exports().scripts().await.expect("scripts");
    let job = client
        .exports()
        .start(study, [q], scripts[0].key)
        .send()
        .await
        .expect("started");
    let policy = PollPolicy::default().interval(Duration::from_secs(5));
    let done = client
        .exports()
        .wait(job.job_key, &policy)
        .await
        .expect("complete");
    assert!(done.result_file_uri.is_some());
    assert_eq!(clock.sleeps().len(), 2, "queued, running, complete");
}
