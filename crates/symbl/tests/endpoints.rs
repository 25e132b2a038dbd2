//! The processing and conversation endpoints not covered elsewhere, each
//! against the stateful Symbl mock: process and append by URL, appends of
//! text, audio and video, video uploads, speakers, entities, analytics,
//! detected trackers, and the client-side submission limit.

mod common;

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use auth_core::ErrorMetadata;
use common::{builder, client};
use mock_servers::symbl::SymblMock;
use symbl::SymblClient;
use symbl::api::Media;
use symbl::models::{
    Member, ProcessOptions, SpeakerEvent, TextMessage, TextRequest, Tracker, UrlRequest,
};
use tokio::io::{AsyncRead, AsyncWriteExt, DuplexStream, ReadBuf};
use tokio::sync::oneshot;

async fn completed(client: &SymblClient, job: &symbl::models::ProcessingJob) {
    client.jobs().wait(&job.job_id).await.expect("completed");
}

async fn texts(client: &SymblClient, conversation_id: &symbl::ids::ConversationId) -> Vec<String> {
    client
        .conversation(conversation_id)
        .messages()
        .send()
        .await
        .expect("messages")
        .into_iter()
        .map(|m| m.text)
        .collect()
}

#[tokio::test]
async fn audio_and_video_are_processed_by_url_with_the_options_in_the_body() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    for (media, url) in [
        (Media::Audio, "https://example.com/call.mp3"),
        (Media::Video, "https://example.com/call.mp4"),
    ] {
        let request = UrlRequest::new(url).options(ProcessOptions::new().name("Remote"));
        let job = client
            .process()
            .url(media, &request)
            .await
            .expect("submitted");
        completed(&client, &job).await;
        let conversation = client
            .conversation(&job.conversation_id)
            .get()
            .await
            .expect("got");
        assert_eq!(conversation.name.as_deref(), Some("Remote"));
        assert!(texts(&client, &job.conversation_id).await[0].contains(url));
    }
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let bodies: Vec<serde_json::Value> = requests
        .iter()
        .filter(|r| r.url.path().ends_with("/url"))
        .map(|r| serde_json::from_slice(&r.body).expect("json body"))
        .collect();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[1]["url"], "https://example.com/call.mp4");
    assert_eq!(bodies[1]["name"], "Remote");
}

#[tokio::test]
async fn text_audio_and_video_appends_extend_the_same_conversation() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let job = client
        .process()
        .text(&TextRequest::new([TextMessage::new("First we plan.")]))
        .await
        .expect("submitted");
    completed(&client, &job).await;
    let id = job.conversation_id.clone();

    let appended = client
        .process()
        .append_text(&id, &TextRequest::new([TextMessage::new("Then we ship.")]))
        .await
        .expect("text appended");
    assert_eq!(appended.conversation_id, id);
    completed(&client, &appended).await;

    let dir = tempfile::tempdir().expect("tempdir");
    let wav = dir.path().join("more.wav");
    std::fs::write(&wav, [1u8; 1000]).expect("write");
    let mp4 = dir.path().join("more.mp4");
    std::fs::write(&mp4, [2u8; 2000]).expect("write");
    let options = ProcessOptions::new();
    let audio = client
        .process()
        .append_file(Media::Audio, &id, &wav)
        .options(options.clone())
        .send()
        .await
        .expect("audio appended");
    let video = client
        .process()
        .append_file(Media::Video, &id, &mp4)
        .options(options.clone())
        .send()
        .await
        .expect("video appended");
    let by_url = client
        .process()
        .append_url(
            Media::Video,
            &id,
            &UrlRequest::new("https://example.com/b.mp4"),
        )
        .await
        .expect("url appended");
    for job in [&audio, &video, &by_url] {
        assert_eq!(job.conversation_id, id);
        completed(&client, job).await;
    }
    assert_eq!(
        mock.conversation_count(),
        1,
        "appends must not create conversations"
    );

    let uploads = mock.uploads();
    assert_eq!(uploads.len(), 2);
    assert_eq!(uploads[0].path, format!("/v1/process/audio/{id}"));
    assert_eq!(uploads[0].content_type.as_deref(), Some("audio/wav"));
    assert_eq!(uploads[0].received.len, 1000);
    assert_eq!(uploads[1].path, format!("/v1/process/video/{id}"));
    assert_eq!(uploads[1].content_type.as_deref(), Some("video/mp4"));
    assert_eq!(uploads[1].content_length, Some(2000));

    let all = texts(&client, &id).await;
    assert_eq!(all[0], "First we plan.");
    assert_eq!(all[1], "Then we ship.");
    assert!(
        all.iter()
            .any(|t| t.contains("Uploaded audio of 1000 bytes"))
    );
    assert!(
        all.iter()
            .any(|t| t.contains("Uploaded video of 2000 bytes"))
    );
    assert!(all.iter().any(|t| t.contains("https://example.com/b.mp4")));
}

#[tokio::test]
async fn appending_to_an_unknown_conversation_is_404() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let err = client
        .process()
        .append_text("no-such", &TextRequest::new([TextMessage::new("Hello.")]))
        .await
        .expect_err("unknown");
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn a_video_file_is_uploaded_with_its_type_length_and_options() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("demo.MOV");
    let data: Vec<u8> = (0..50_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(&path, &data).expect("write");
    let job = client
        .process()
        .file(Media::Video, &path)
        .options(ProcessOptions::new().name("Demo").language("en-US"))
        .send()
        .await
        .expect("uploaded");
    completed(&client, &job).await;
    let up = &mock.uploads()[0];
    assert_eq!(up.path, "/v1/process/video");
    assert_eq!(up.content_type.as_deref(), Some("video/quicktime"));
    assert_eq!(up.content_length, Some(data.len() as u64));
    assert_eq!(up.received, mock_servers::storage::Upload::of(&data));
    assert!(up.query.contains(&("name".into(), "Demo".into())));
    assert!(up.query.contains(&("languageCode".into(), "en-US".into())));
}

#[tokio::test]
async fn speaker_events_make_the_speakers_members_of_the_conversation() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let job = client
        .process()
        .text(&TextRequest::new([TextMessage::new("Hello there.")]))
        .await
        .expect("submitted");
    completed(&client, &job).await;
    let conversation = client.conversation(&job.conversation_id);
    let ann = Member::new(Some("u-ann".into()), "Ann", Some("ann@example.com".into()));
    let bob = Member::new(Some("u-bob".into()), "Bob", None);
    conversation
        .update_speakers(&[
            SpeakerEvent::started(ann.clone(), Duration::from_millis(0)),
            SpeakerEvent::stopped(ann.clone(), Duration::from_millis(4_500)),
            SpeakerEvent::started(bob.clone(), Duration::from_millis(4_500)),
        ])
        .await
        .expect("speakers");
    let members = conversation.members().await.expect("members");
    assert_eq!(members, [ann, bob]);

    let requests = mock.server().received_requests().await.unwrap_or_default();
    let body: serde_json::Value = requests
        .iter()
        .find(|r| r.url.path().ends_with("/speakers"))
        .map(|r| serde_json::from_slice(&r.body).expect("json"))
        .expect("sent");
    assert_eq!(body["speakerEvents"][1]["type"], "stopped_speaking");
    assert_eq!(body["speakerEvents"][1]["offset"]["seconds"], 4);
    assert_eq!(body["speakerEvents"][1]["offset"]["nanos"], 500_000_000);
}

#[tokio::test]
async fn entities_analytics_and_trackers_describe_the_conversation() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let request = TextRequest::new([
        TextMessage::new("Can we ship on Friday?"),
        TextMessage::new("Our pricing is fair. I will send the price list tomorrow."),
    ])
    .options(
        ProcessOptions::new()
            .tracker(Tracker::new("Pricing", ["price list", "pricing"]))
            .tracker(Tracker::new("Competitors", ["acme corp"])),
    );
    let job = client.process().text(&request).await.expect("submitted");
    completed(&client, &job).await;
    let conversation = client.conversation(&job.conversation_id);

    let entities = conversation.entities().await.expect("entities");
    let values: Vec<&str> = entities.iter().filter_map(|e| e.value.as_deref()).collect();
    assert_eq!(values, ["friday", "tomorrow"]);
    assert_eq!(entities[0].kind.as_deref(), Some("datetime"));
    assert_eq!(entities[0].sub_type.as_deref(), Some("date"));

    conversation
        .update_member(&Member::new(Some("m1".into()), "Ann", None))
        .await
        .expect("member");
    let analytics = conversation.analytics().await.expect("analytics");
    assert_eq!(analytics.members.len(), 1);
    assert_eq!(analytics.members[0]["talkTime"]["seconds"], 15.0);
    assert!(
        analytics
            .metrics
            .iter()
            .any(|m| m["type"] == "total_talk_time")
    );

    let trackers = conversation.trackers().await.expect("trackers");
    assert_eq!(trackers.len(), 1, "only the tracker whose phrases occur");
    assert_eq!(trackers[0].name.as_deref(), Some("Pricing"));
    assert_eq!(trackers[0].matches.len(), 2);
    assert_eq!(trackers[0].matches[0]["value"], "price list");
}

#[tokio::test]
async fn trackers_of_an_upload_travel_in_the_query_and_are_detected() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("call.wav");
    std::fs::write(&path, [0u8; 64]).expect("write");
    let options = ProcessOptions::new().tracker(Tracker::new("Deadline", ["meet the deadline"]));
    let job = client
        .process()
        .file(Media::Audio, &path)
        .options(options.clone())
        .send()
        .await
        .expect("uploaded");
    completed(&client, &job).await;
    let query = &mock.uploads()[0].query;
    let trackers = query
        .iter()
        .find(|(k, _)| k == "trackers")
        .map(|(_, v)| serde_json::from_str::<serde_json::Value>(v).expect("json"))
        .expect("trackers in the query");
    assert_eq!(trackers[0]["name"], "Deadline");
    let found = client
        .conversation(&job.conversation_id)
        .trackers()
        .await
        .expect("trackers");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name.as_deref(), Some("Deadline"));
}

/// A reader that says when it is first read, then reads a duplex pipe the
/// test writes to.
struct SignallingReader {
    started: Option<oneshot::Sender<()>>,
    inner: DuplexStream,
}

impl AsyncRead for SignallingReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if let Some(tx) = self.started.take() {
            let _ = tx.send(());
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

fn signalling(size: usize) -> (SignallingReader, DuplexStream, oneshot::Receiver<()>) {
    let (tx, rx) = oneshot::channel();
    let (inner, writer) = tokio::io::duplex(size.max(64));
    (
        SignallingReader {
            started: Some(tx),
            inner,
        },
        writer,
        rx,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_limit_of_one_a_second_upload_starts_only_after_the_first_finished() {
    let mock = Arc::new(SymblMock::start().await);
    let client = builder(&mock).max_running_jobs(1).build().expect("valid");
    const SIZE: usize = 4096;
    let (first, mut first_writer, first_started) = signalling(SIZE);
    let (second, mut second_writer, second_started) = signalling(SIZE);
    let upload = |reader: SignallingReader| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .process()
                .reader(Media::Audio, reader, SIZE as u64, "audio/wav")
                .send()
                .await
        })
    };
    let a = upload(first);
    first_started
        .await
        .expect("the first upload reads its body");
    let b = upload(second);
    // The second upload is queued behind the first: its body stays untouched
    // while the first is uploading. (Without the limit it is read within
    // milliseconds; the bound only decides how long "never" is watched, it
    // cannot make a correct client fail.)
    let mut second_started = second_started;
    assert!(
        tokio::time::timeout(Duration::from_millis(300), &mut second_started)
            .await
            .is_err(),
        "the second upload started while the first held the only slot"
    );
    first_writer.write_all(&[1u8; SIZE]).await.expect("fed");
    drop(first_writer);
    a.await.expect("ran").expect("first uploaded");
    assert_eq!(mock.uploads().len(), 1);
    second_started
        .await
        .expect("the second upload starts once the slot is free");
    second_writer.write_all(&[2u8; SIZE]).await.expect("fed");
    drop(second_writer);
    b.await.expect("ran").expect("second uploaded");
    let uploads = mock.uploads();
    assert_eq!(uploads.len(), 2);
    let of = mock_servers::storage::Upload::of;
    assert_eq!(uploads[0].received, of(&[1u8; SIZE]));
    assert_eq!(uploads[1].received, of(&[2u8; SIZE]));
}

#[tokio::test]
async fn the_server_side_job_cap_is_a_typed_error_and_frees_up_when_jobs_complete() {
    let mock = SymblMock::start().await;
    mock.set_max_concurrent_jobs(Some(1));
    let client = builder(&mock)
        .retry(auth_core::http::RetryConfig::disabled())
        .build()
        .expect("valid");
    let request = TextRequest::new([TextMessage::new("One.")]);
    let first = client.process().text(&request).await.expect("first");
    let err = client.process().text(&request).await.expect_err("capped");
    assert!(
        matches!(err, symbl::SymblError::TooManyConcurrentJobs { .. }),
        "{err:?}"
    );
    completed(&client, &first).await;
    client
        .process()
        .text(&request)
        .await
        .expect("a slot is free again");
}
