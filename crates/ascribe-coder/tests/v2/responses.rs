//! v2 response calls: batches across questions, deletes.

use super::*;

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
