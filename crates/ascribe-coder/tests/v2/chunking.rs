//! Batches cut at the service maximum: merged results, refusals before sending, partial failures.

use super::*;

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
