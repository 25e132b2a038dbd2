//! Uploads streamed to the mock (checked byte for byte through its stored
//! SHA-256) and downloads in bounded ranges.

mod common;

use std::sync::{Arc, Mutex, PoisonError};

use common::{assert_api_error, chain, client, oauth_builder, setup};
use mock_servers::scinote::SciNoteMock;
use scinote::api::{DOWNLOAD_CHUNK_SIZE, Upload};
use scinote::models::Named;
use sha2::{Digest, Sha256};

/// Deterministic, incompressible-looking bytes.
fn pseudo_random(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn a_large_step_attachment_streams_up_and_comes_back_in_ranges() {
    let (mock, client, c) = setup().await;
    let steps = c.steps(&client);
    let step = steps.create(&Named::new("Image")).await.expect("step").id;

    let data = pseudo_random(9 * 1024 * 1024 + 123);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gel.tiff");
    std::fs::write(&path, &data).expect("write");

    let reports: Arc<Mutex<Vec<(u64, u64)>>> = Arc::default();
    let seen = reports.clone();
    let upload = Upload::file(&path)
        .content_type("image/tiff")
        .progress(Arc::new(move |sent, total| {
            seen.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((sent, total));
        }));
    let attachments = steps.attachments(&step);
    let attachment = attachments.upload(upload).await.expect("upload");
    assert_eq!(attachment.attributes.file_name.as_deref(), Some("gel.tiff"));
    assert_eq!(attachment.attributes.file_size, Some(data.len() as u64));

    let stored = mock.uploaded_files();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].size, data.len() as u64);
    assert_eq!(stored[0].sha256, sha256_hex(&data));
    assert_eq!(stored[0].content_type, "image/tiff");

    // Sent in chunks as it was read, never as one buffer.
    let reports = reports
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    assert!(reports.len() > 8, "{} progress reports", reports.len());
    assert_eq!(
        reports.last(),
        Some(&(data.len() as u64, data.len() as u64))
    );

    let mut back = Vec::new();
    let n = attachments
        .download(&attachment.id, &mut back)
        .await
        .expect("download");
    assert_eq!(n, data.len() as u64);
    assert!(back == data, "downloaded bytes differ");
    assert_eq!(
        mock.file_downloads(),
        (data.len() as u64).div_ceil(DOWNLOAD_CHUNK_SIZE),
        "one bounded range per request"
    );
    assert_eq!(attachments.list().all().await.expect("list").len(), 1);
    assert_api_error(
        attachments.download("999", &mut Vec::new()).await,
        404,
        "not found",
    );
}

#[tokio::test]
async fn a_file_result_is_created_from_a_reader() {
    let (mock, client, c) = setup().await;
    let data = pseudo_random(300_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("raw.csv");
    std::fs::write(&path, &data).expect("write");
    let file = tokio::fs::File::open(&path).await.expect("open");
    let results = c.results(&client);
    let doc = results
        .create_with_file(
            "Raw data",
            Upload::reader(file, data.len() as u64, "raw.csv").content_type("text/csv"),
        )
        .await
        .expect("file result");
    assert_eq!(doc.data.attributes.name.as_deref(), Some("Raw data"));
    let files = doc
        .included_of::<scinote::models::ResultFileAttributes>("result_files")
        .expect("typed");
    assert_eq!(files[0].attributes.file_size, Some(data.len() as u64));
    assert_eq!(files[0].attributes.file_name.as_deref(), Some("raw.csv"));
    assert_eq!(mock.uploaded_files()[0].sha256, sha256_hex(&data));

    let mut back = Vec::new();
    let url = files[0].attributes.url.clone().unwrap_or_default();
    client.download(&url, &mut back).await.expect("download");
    assert!(back == data);

    // A result needs a name, as in SciNote.
    let again = tokio::fs::File::open(&path).await.expect("open");
    assert_api_error(
        results
            .create_with_file("", Upload::reader(again, data.len() as u64, "raw.csv"))
            .await,
        400,
        "can't be blank",
    );
}

#[tokio::test]
async fn a_text_result_carries_its_text_in_included() {
    let (_mock, client, c) = setup().await;
    let results = c.results(&client);
    let doc = results
        .create_text("Yield", "<p>82 %</p>")
        .await
        .expect("text result");
    let texts = doc
        .included_of::<scinote::models::ResultTextAttributes>("result_texts")
        .expect("typed");
    assert_eq!(texts[0].attributes.text.as_deref(), Some("<p>82 %</p>"));
    assert_eq!(results.list().all().await.expect("list").len(), 1);
}

#[tokio::test]
async fn an_empty_file_goes_up_and_comes_back_empty() {
    let (_mock, client, c) = setup().await;
    let steps = c.steps(&client);
    let step = steps.create(&Named::new("Empty")).await.expect("step").id;
    let attachments = steps.attachments(&step);
    let attachment = attachments
        .upload(Upload::reader(&b""[..], 0, "empty.txt"))
        .await
        .expect("upload");
    assert_eq!(attachment.attributes.file_size, Some(0));
    let mut back = Vec::new();
    let n = attachments
        .download(&attachment.id, &mut back)
        .await
        .expect("download");
    assert_eq!((n, back.len()), (0, 0));
}

#[tokio::test]
async fn an_upload_to_a_missing_step_is_a_404() {
    let (_mock, client, c) = setup().await;
    let steps = c.steps(&client);
    assert_api_error(
        steps
            .attachments("999")
            .upload(Upload::reader(&b"abc"[..], 3, "a.txt"))
            .await,
        404,
        "No route",
    );
}

#[tokio::test]
async fn a_text_result_embeds_its_images_and_refuses_dangling_tokens() {
    let (mock, client, c) = setup().await;
    let results = c.results(&client);
    let png = pseudo_random(2048);
    let text = r#"<p>Gel:</p><img data-mce-token="gel1"/>"#;
    let image = scinote::api::InlineImage::new("gel1", "gel.png", "image/png", png.clone());
    let doc = results
        .create_text_with_images("Gel", text, std::slice::from_ref(&image))
        .await
        .expect("result with an image");
    let texts = doc
        .included_of::<scinote::models::ResultTextAttributes>("result_texts")
        .expect("typed");
    let stored = mock.uploaded_files();
    assert_eq!(stored[0].sha256, sha256_hex(&png));
    assert_eq!(
        texts[0].attributes.text.as_deref(),
        Some(format!(r#"<p>Gel:</p><img data-mce-token="{}"/>"#, stored[0].id).as_str())
    );
    assert_api_error(
        results.create_text_with_images("Gel", text, &[]).await,
        400,
        "nonexisting TinyMCE image",
    );
    assert_api_error(
        results
            .create_text_with_images("Gel", "<p>no image</p>", &[image])
            .await,
        400,
        "not found in the text",
    );
}

#[tokio::test]
async fn a_file_upload_refused_with_401_is_reopened_and_sent_again_after_the_refresh() {
    let mock = SciNoteMock::start().await;
    let keyed = client(&mock);
    let c = chain(&keyed).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let oauth = oauth_builder(&mock)
        .token_file(dir.path().join("tokens.json"))
        .build()
        .expect("client");
    oauth
        .exchange_code(mock.issue_code())
        .await
        .expect("exchange");
    let steps = c.steps(&oauth);
    let step = steps.create(&Named::new("Image")).await.expect("step").id;
    let data = pseudo_random(1024 * 1024 + 7);
    let path = dir.path().join("scan.bin");
    std::fs::write(&path, &data).expect("write");

    mock.revoke_access_tokens();
    let unauthorized = mock.unauthorized();
    steps
        .attachments(&step)
        .upload(Upload::file(&path))
        .await
        .expect("uploaded after one refresh");
    assert_eq!(mock.unauthorized(), unauthorized + 1);
    assert_eq!(mock.refreshes(), 1);
    let stored = mock.uploaded_files();
    assert_eq!(stored.len(), 1, "the refused attempt stored nothing");
    assert_eq!(stored[0].sha256, sha256_hex(&data));
}
