//! Uploads from a reader: the builder's options, progress and append.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::client;
use mock_servers::symbl::SymblMock;
use symbl::api::Media;
use symbl::models::{ProcessOptions, TextMessage, TextRequest};

#[tokio::test]
async fn a_reader_upload_appends_with_its_options_and_reports_progress() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let first = client
        .process()
        .text(&TextRequest::new([TextMessage::new("Hello.")]))
        .await
        .expect("text job");
    let data: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
    let sent = Arc::new(AtomicU64::new(0));
    let seen = sent.clone();
    let job = client
        .process()
        .reader(
            Media::Audio,
            std::io::Cursor::new(data.clone()),
            data.len() as u64,
            "audio/wav",
        )
        .append_to(first.conversation_id.clone())
        .options(ProcessOptions::new().name("Part 2"))
        .progress(Arc::new(move |n, total| {
            assert_eq!(total, 40_000);
            seen.store(n, Ordering::SeqCst);
        }))
        .send()
        .await
        .expect("uploaded");
    assert_eq!(job.conversation_id, first.conversation_id);
    let up = &mock.uploads()[0];
    assert_eq!(
        up.path,
        format!("/v1/process/audio/{}", first.conversation_id)
    );
    assert_eq!(up.content_type.as_deref(), Some("audio/wav"));
    assert_eq!(up.content_length, Some(data.len() as u64));
    assert_eq!(up.received, mock_servers::storage::Upload::of(&data));
    assert!(up.query.contains(&("name".into(), "Part 2".into())));
    assert_eq!(sent.load(Ordering::SeqCst), data.len() as u64);
}

#[tokio::test]
async fn a_reader_upload_with_a_bad_content_type_is_refused_before_sending() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let err = client
        .process()
        .reader(Media::Audio, &b"abc"[..], 3, "audio/\nwav")
        .send()
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("content type"), "{err}");
    assert!(mock.uploads().is_empty());
}

#[tokio::test]
async fn the_mock_hashes_a_large_upload_as_it_streams_and_keeps_none_of_it() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    // 48 MiB, generated as it is read: neither side holds the file.
    let len: u64 = 48 * 1024 * 1024;
    let reader = tokio::io::AsyncReadExt::take(tokio::io::repeat(0x5a), len);
    client
        .process()
        .reader(Media::Audio, reader, len, "audio/wav")
        .send()
        .await
        .expect("uploaded");
    let up = &mock.uploads()[0];
    assert_eq!(up.received.len, len);
    assert_eq!(
        up.received,
        mock_servers::storage::Upload::of(&vec![0x5a; len as usize])
    );
    // The wiremock server behind the front saw the upload without a body.
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let upload = requests
        .iter()
        .find(|r| r.url.path() == "/v1/process/audio")
        .expect("the upload reached the mock");
    assert!(upload.body.is_empty(), "{} bytes held", upload.body.len());
}
