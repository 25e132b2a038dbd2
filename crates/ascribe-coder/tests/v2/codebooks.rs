//! v2 codebook calls (code updates, deletes, batches), users and translation languages.

use super::*;

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
