//! v2 question calls: batches, deletes, codebook link, auto-coding, translation.

use super::*;

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
