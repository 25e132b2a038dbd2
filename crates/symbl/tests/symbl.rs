//! The Symbl client against the local Symbl mock.

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::time::Duration;

use auth_core::http::RetryConfig;
use auth_core::{ManualClock, PollPolicy};
use futures::TryStreamExt;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use mock_servers::wiremock::ResponseTemplate;
use symbl::api::Media;
use symbl::models::{JobStatus, ProcessOptions, TextMessage, TextRequest};
use symbl::{AuthHeader, SymblClient, SymblError};

fn client(mock: &SymblMock, clock: &ManualClock) -> SymblClient {
    SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid config")
}

fn standup() -> TextRequest {
    TextRequest::new([
        TextMessage::new("Welcome to the Planning call."),
        TextMessage::new("Can we ship the Release on Friday? I will send the notes tomorrow."),
    ])
    .options(ProcessOptions::new().name("Planning"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_token_for_two_hundred_concurrent_calls() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(3);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.conversations().list().page_size(3).send().await
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("ran").expect("listed").len(), 3);
    }
    assert_eq!(mock.token_requests(), 1);
    assert_eq!(client.token_generations(), 1);
}

#[tokio::test]
async fn a_token_is_used_up_to_its_expiry_then_regenerated_once() {
    let mock = SymblMock::start().await;
    mock.set_token_lifetime(30);
    mock.seed_conversations(1);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    // 29.9 s of calls, one every 100 ms: the first token serves them all.
    // Symbl hands back the same token when asked before it expires, so the
    // SDK does not ask early (no early window, no hard margin).
    for _ in 0..300 {
        client.conversations().list().send().await.expect("listed");
        clock.advance(Duration::from_millis(100));
    }
    assert_eq!(
        mock.token_requests(),
        1,
        "regenerated a token that was still usable"
    );
    // Past its expiry it is regenerated once; here the server (on real time)
    // still hands back the same cached token, which must not cause a loop.
    clock.advance(Duration::from_secs(1));
    for _ in 0..50 {
        client.conversations().list().send().await.expect("listed");
    }
    assert_eq!(mock.token_requests(), 2, "spun on a short-lived token");
}

#[tokio::test]
async fn a_401_regenerates_once_and_retries() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(2);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    client.conversations().list().send().await.expect("first");
    mock.revoke_token();
    let got = client
        .conversations()
        .list()
        .send()
        .await
        .expect("healed by one regeneration");
    assert_eq!(got.len(), 2);
    assert_eq!(mock.token_requests(), 2);
    assert_eq!(mock.unauthorized(), 1);
}

#[tokio::test]
async fn wrong_credentials_are_a_typed_error_without_retries() {
    let mock = SymblMock::start().await;
    let clock = ManualClock::new();
    let client = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret("not-the-secret")
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("valid config");
    let err = client
        .process()
        .text(&standup())
        .await
        .expect_err("bad secret");
    assert!(err.is_auth(), "{err:?}");
    assert!(matches!(
        err,
        SymblError::Core(auth_core::Error::InvalidCredentials { .. })
    ));
    assert_eq!(mock.token_requests(), 1);
    assert_eq!(mock.api_requests(), 0);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_429_concurrency_answer_is_retried_with_backoff_then_succeeds() {
    let mock = SymblMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let busy = || {
        ResponseTemplate::new(429).set_body_json(serde_json::json!({
            "statusCode": 429,
            "message": "This API has a limit of maximum of 2 number of concurrent jobs per account."
        }))
    };
    mock.push_faults([busy(), busy().insert_header("retry-after", "7")]);
    let job = client
        .process()
        .text(&standup())
        .await
        .expect("third attempt succeeds");
    assert!(job.job_id.as_str().starts_with("job-"));
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2, "{sleeps:?}");
    assert!(
        sleeps[0] <= Duration::from_secs(1),
        "full-jitter backoff from 1 s: {sleeps:?}"
    );
    assert_eq!(sleeps[1], Duration::from_secs(7), "Retry-After is honoured");
}

#[tokio::test]
async fn a_persistent_concurrency_cap_is_its_own_error() {
    let mock = SymblMock::start().await;
    mock.set_max_concurrent_jobs(Some(1));
    let clock = ManualClock::new();
    let client = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .clock(Arc::new(clock.clone()))
        .retry(RetryConfig::default().max_retries(2))
        .build()
        .expect("valid");
    client
        .process()
        .text(&standup())
        .await
        .expect("first job fits");
    let err = client
        .process()
        .text(&standup())
        .await
        .expect_err("cap reached");
    match &err {
        SymblError::TooManyConcurrentJobs { message, .. } => {
            assert!(message.contains("concurrent jobs"))
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_job_is_waited_for_through_its_states_on_the_controlled_clock() {
    let mock = SymblMock::start().await;
    mock.set_steps_to_complete(3);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let job = client.process().text(&standup()).await.expect("submitted");
    assert_eq!(
        client.jobs().get(&job.job_id).await.expect("status").status,
        JobStatus::Scheduled
    );
    let policy = PollPolicy::default()
        .interval(Duration::from_secs(5))
        .backoff(2.0, Duration::from_secs(60))
        .deadline(Some(Duration::from_secs(600)));
    let done = client
        .jobs()
        .wait_with(&job.job_id, &policy)
        .await
        .expect("completed");
    assert_eq!(done.status, JobStatus::Completed);
    // scheduled (seen above) → in_progress → in_progress → completed: 2 waits.
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(5), Duration::from_secs(10)]
    );

    let conv = client.conversation(&job.conversation_id);
    let items = conv.action_items().await.expect("action items");
    assert_eq!(items.len(), 1);
    assert!(items[0].text.contains("I will send the notes"));
    let questions = conv.questions().await.expect("questions");
    assert_eq!(questions[0].text, "Can we ship the Release on Friday?");
    let topics = conv.topics().send().await.expect("topics");
    assert!(topics.iter().any(|t| t.text == "release"), "{topics:?}");
}

#[tokio::test]
async fn a_failed_job_is_a_typed_error() {
    let mock = SymblMock::start().await;
    mock.fail_next_job();
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let job = client.process().text(&standup()).await.expect("submitted");
    let err = client.jobs().wait(&job.job_id).await.expect_err("failed");
    assert!(
        matches!(&err, SymblError::JobFailed { job_id } if *job_id == job.job_id),
        "{err:?}"
    );
}

#[tokio::test]
async fn waiting_past_the_deadline_is_a_typed_timeout() {
    let mock = SymblMock::start().await;
    mock.set_steps_to_complete(1_000);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let job = client.process().text(&standup()).await.expect("submitted");
    let policy = PollPolicy::default()
        .interval(Duration::from_secs(10))
        .backoff(1.0, Duration::from_secs(10))
        .deadline(Some(Duration::from_secs(60)));
    let err = client
        .jobs()
        .wait_with(&job.job_id, &policy)
        .await
        .expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
    assert!(clock.elapsed() <= Duration::from_secs(60));
}

#[tokio::test]
async fn conversations_stream_lazily_over_three_pages() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(25);
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let stream = client.conversations().list().page_size(10).into_stream();
    let all: Vec<_> = stream.try_collect().await.expect("all pages");
    assert_eq!(all.len(), 25);
    assert_eq!(all[0].name.as_deref(), Some("Seeded 1"));
    assert_eq!(all[24].name.as_deref(), Some("Seeded 25"));
    let pages = mock
        .server()
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == "/v1/conversations")
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect::<Vec<_>>();
    assert_eq!(
        pages,
        vec![
            "limit=10&offset=0",
            "limit=10&offset=10",
            "limit=10&offset=20"
        ]
    );

    // Lazy: taking 3 items fetches one page only.
    let before = mock.api_requests();
    let first: Vec<_> =
        futures::StreamExt::take(client.conversations().list().page_size(10).into_stream(), 3)
            .try_collect()
            .await
            .expect("first items");
    assert_eq!(first.len(), 3);
    assert_eq!(mock.api_requests() - before, 1);
}

#[tokio::test]
async fn an_audio_file_over_8_mib_is_streamed_with_its_length_and_arrives_intact() {
    let mock = SymblMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("meeting.wav");
    let data: Vec<u8> = (0..9 * 1024 * 1024 + 123)
        .map(|i: u32| (i.wrapping_mul(31) % 251) as u8)
        .collect();
    std::fs::write(&path, &data).expect("write");
    let job = client
        .process()
        .file(Media::Audio, &path)
        .options(ProcessOptions::new().name("All hands").diarization(Some(2)))
        .send()
        .await
        .expect("uploaded");
    assert!(!job.conversation_id.as_str().is_empty());
    let uploads = mock.uploads();
    assert_eq!(uploads.len(), 1);
    let up = &uploads[0];
    assert_eq!(up.path, "/v1/process/audio");
    assert_eq!(
        up.content_length,
        Some(data.len() as u64),
        "Content-Length must be announced"
    );
    assert!(!up.chunked);
    assert_eq!(up.content_type.as_deref(), Some("audio/wav"));
    assert!(up.body == data, "the mock must receive the exact bytes");
    assert!(up.query.contains(&("name".into(), "All hands".into())));
    assert!(
        up.query
            .contains(&("diarizationSpeakerCount".into(), "2".into()))
    );
}

#[tokio::test]
async fn x_api_key_mode_sends_only_that_header() {
    let mock = SymblMock::start().await;
    let clock = ManualClock::new();
    let client = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .auth_header(AuthHeader::XApiKey)
        .clock(Arc::new(clock))
        .build()
        .expect("valid");
    client.conversations().list().send().await.expect("listed");
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let call = requests
        .iter()
        .find(|r| r.url.path() == "/v1/conversations")
        .expect("call made");
    assert!(call.headers.get("x-api-key").is_some());
    assert!(call.headers.get("authorization").is_none());
}

#[tokio::test]
async fn bad_options_are_rejected_before_anything_is_sent() {
    let mock = SymblMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let err = client
        .process()
        .text(&standup().options(ProcessOptions::new().confidence_threshold(3.0)))
        .await
        .expect_err("invalid");
    assert!(matches!(
        err,
        SymblError::Core(auth_core::Error::InvalidInput(_))
    ));
    assert_eq!(mock.token_requests() + mock.api_requests(), 0);
}

#[tokio::test]
async fn conversation_management_and_transcripts() {
    let mock = SymblMock::start().await;
    let clock = ManualClock::new();
    let client = client(&mock, &clock);
    let job = client.process().text(&standup()).await.expect("submitted");
    client.jobs().wait(&job.job_id).await.expect("done");
    let conv = client.conversation(&job.conversation_id);
    let mut meta = serde_json::Map::new();
    meta.insert("team".into(), "core".into());
    let updated = conv.update_metadata(meta).await.expect("metadata");
    assert_eq!(updated.metadata["team"], "core");
    conv.update_member(&symbl::models::Member::new(
        Some("m1".into()),
        "Ann",
        Some("ann@example.com".into()),
    ))
    .await
    .expect("member");
    assert_eq!(
        conv.members().await.expect("members")[0].name.as_deref(),
        Some("Ann")
    );
    let md = conv
        .transcript(symbl::models::TranscriptFormat::Markdown)
        .await
        .expect("md");
    assert!(md.payload.contains("Planning call"));
    let srt = conv
        .transcript(symbl::models::TranscriptFormat::Srt)
        .await
        .expect("srt");
    assert!(srt.payload.contains("-->"));
    assert_eq!(
        conv.messages()
            .verbose(true)
            .sentiment(true)
            .send()
            .await
            .expect("messages")
            .len(),
        3
    );
    assert!(!conv.summary().send().await.expect("summary").is_empty());
    conv.delete().await.expect("deleted");
    let err = conv.get().await.expect_err("gone");
    assert!(err.is_not_found());
    assert_eq!(
        err.message(),
        Some("The conversationId is either invalid or does not exist.")
    );
}

#[tokio::test]
async fn a_stored_token_is_reused_without_asking_for_the_secret() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(1);
    let store: Arc<dyn auth_core::TokenStore> = Arc::new(auth_core::MemoryStore::new());
    let first = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .token_store(Arc::clone(&store))
        .store_key("symbl:test")
        .build()
        .expect("valid");
    first.conversations().list().send().await.expect("listed");
    assert_eq!(mock.token_requests(), 1);

    // A second client (a later run) has no secret at hand: the stored token
    // serves it, and the secret source is never asked.
    let asked = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let source = {
        let asked = Arc::clone(&asked);
        Arc::new(move || {
            asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Err("no secret here".to_owned())
        })
    };
    let second = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret_source(source)
        .token_store(Arc::clone(&store))
        .store_key("symbl:test")
        .build()
        .expect("valid");
    second
        .conversations()
        .list()
        .send()
        .await
        .expect("listed with the stored token");
    assert_eq!(mock.token_requests(), 1);
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 0);

    // Once the token is refused, a new one is needed: the source is asked,
    // and its refusal is a typed configuration error (a secret nobody gave).
    mock.revoke_token();
    let err = second
        .conversations()
        .list()
        .send()
        .await
        .expect_err("no secret");
    assert!(
        matches!(err.core_error(), Some(auth_core::Error::Config(_))),
        "{err:?}"
    );
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 1);
}
