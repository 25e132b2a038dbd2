//! v2 study calls: update, delete, respondents, translation.

use super::*;

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
