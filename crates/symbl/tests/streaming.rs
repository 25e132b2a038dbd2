//! The Streaming API against the local WebSocket mock.

use auth_core::ErrorMetadata;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use futures::{StreamExt, TryStreamExt};
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use mock_servers::symbl_stream::SymblStreamMock;
use serde_json::json;
use symbl::models::Tracker;
use symbl::streaming::{
    EventStream, InsightType, MAX_AUDIO_CHUNK, Speaker, StartRequest, StreamEvent,
};
use symbl::{SymblClient, SymblError};
use tokio::io::{AsyncRead, ReadBuf};

const MIB: usize = 1024 * 1024;

fn client(mock: &SymblMock) -> SymblClient {
    SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .build()
        .expect("valid config")
}

fn request() -> StartRequest {
    StartRequest::builder()
        .sample_rate_hertz(16_000)
        .insight_types([InsightType::Question, InsightType::ActionItem])
        .tracker(Tracker::new("Pricing", ["pricing"]))
        .meeting_title("Planning call")
        .speaker(Speaker::new("jane@example.com", "Jane"))
        .build()
        .expect("valid request")
}

/// `total` bytes of silence, counting how many were read.
struct CountingReader {
    remaining: usize,
    read: Arc<AtomicU64>,
    fail_after: Option<usize>,
}

impl CountingReader {
    fn new(total: usize) -> (Self, Arc<AtomicU64>) {
        let read = Arc::new(AtomicU64::new(0));
        let reader = Self {
            remaining: total,
            read: Arc::clone(&read),
            fail_after: None,
        };
        (reader, read)
    }
}

impl AsyncRead for CountingReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let done = self.read.load(Ordering::SeqCst) as usize;
        if self.fail_after.is_some_and(|limit| done >= limit) {
            return Poll::Ready(Err(io::Error::other("microphone unplugged")));
        }
        let n = buf.remaining().min(self.remaining);
        buf.put_slice(&vec![0u8; n]);
        self.remaining -= n;
        self.read.fetch_add(n as u64, Ordering::SeqCst);
        Poll::Ready(Ok(()))
    }
}

/// Sends `bytes` of audio then the stop request while collecting every
/// event item; returns the items and what `stop` returned.
async fn run_session(
    session: symbl::streaming::StreamingSession,
    bytes: usize,
) -> (
    Vec<symbl::Result<StreamEvent>>,
    symbl::Result<symbl::ids::ConversationId>,
) {
    let (audio, events) = session.split();
    let sending = tokio::spawn(async move {
        let (reader, _) = CountingReader::new(bytes);
        audio.send_reader(reader).await?;
        audio.stop().await
    });
    let items: Vec<_> = events.collect().await;
    (items, sending.await.expect("sender ran"))
}

fn kinds(items: &[symbl::Result<StreamEvent>]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Ok(e) => e.kind().to_owned(),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[tokio::test]
async fn a_full_session_streams_a_mebibyte_and_returns_the_conversation() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    let client = client(&mock);
    let session = client
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request())
        .await
        .expect("session started");
    let conversation_id = session.conversation_id().clone();
    let connection_id = session.connection_id().clone();

    let (items, stopped) = run_session(session, MIB).await;
    assert_eq!(stopped.expect("stopped"), conversation_id);
    let events: Vec<StreamEvent> = items
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("no error in a clean session");

    // The session opens, then 1 MiB at 32 KiB per step gives 16 sentences
    // (interim, final, message, and insights where they apply), then closes.
    let names: Vec<&str> = events.iter().map(StreamEvent::kind).collect();
    assert_eq!(
        names[..3],
        [
            "started_listening",
            "conversation_created",
            "recognition_started"
        ]
    );
    assert_eq!(
        events[1],
        StreamEvent::ConversationCreated {
            conversation_id: conversation_id.clone()
        }
    );
    assert_eq!(
        names[names.len() - 2..],
        ["recognition_stopped", "conversation_completed"]
    );
    assert_eq!(
        events.last(),
        Some(&StreamEvent::ConversationCompleted {
            conversation_id: Some(conversation_id.clone())
        })
    );
    let mut interim = 0;
    let mut finals = Vec::new();
    let mut messages = Vec::new();
    let mut questions = 0;
    let mut action_items = 0;
    let mut tracker_hits = 0;
    let mut expecting_final = false;
    for event in &events[3..events.len() - 2] {
        match event {
            StreamEvent::Recognition(r) if !r.is_final => {
                assert!(!expecting_final, "two interim results in a row");
                interim += 1;
                expecting_final = true;
            }
            StreamEvent::Recognition(r) => {
                assert!(expecting_final, "a final result before its interim one");
                expecting_final = false;
                finals.push(r.text().to_owned());
            }
            StreamEvent::Messages(m) => {
                // A message follows the final result it comes from.
                assert_eq!(
                    Some(&m.messages[0].payload.content),
                    finals.last(),
                    "message out of order"
                );
                messages.push(m.messages[0].payload.content.clone());
            }
            StreamEvent::Insights(i) => match i.insights[0].kind.as_str() {
                "question" => questions += 1,
                "action_item" => action_items += 1,
                other => panic!("unexpected insight {other}"),
            },
            StreamEvent::Trackers(t) => {
                assert_eq!(t.trackers[0].name, "Pricing");
                tracker_hits += 1;
            }
            StreamEvent::Topics(t) => assert!(!t.topics.is_empty()),
            other => panic!("unexpected event mid-session: {other:?}"),
        }
    }
    assert_eq!((interim, finals.len(), messages.len()), (16, 16, 16));
    assert_eq!((questions, action_items, tracker_hits), (4, 8, 4));

    // What the server received.
    let record = &stream.sessions()[0];
    assert_eq!(record.connection_id, connection_id.as_str());
    assert_eq!(record.path, format!("/v1/streaming/{connection_id}"));
    assert_eq!(record.query, None, "nothing in the URL's query");
    assert_eq!(record.audio_bytes, MIB as u64);
    assert!(record.largest_frame <= MAX_AUDIO_CHUNK);
    assert_eq!(
        record.start_request.as_ref(),
        Some(&serde_json::to_value(request()).expect("serializes"))
    );
    assert_eq!(record.stop_request, Some(json!({"type": "stop_request"})));
    assert_eq!(
        record.client_texts.last().map(String::as_str),
        Some(r#"{"type":"stop_request"}"#)
    );

    // The async APIs read the streamed conversation.
    let stored = client
        .conversation(&conversation_id)
        .messages()
        .send()
        .await
        .expect("messages");
    let stored: Vec<String> = stored.into_iter().map(|m| m.text).collect();
    assert_eq!(stored, messages);
    let conversation = client
        .conversation(&conversation_id)
        .get()
        .await
        .expect("conversation");
    assert_eq!(conversation.name.as_deref(), Some("Planning call"));
}

#[tokio::test]
async fn a_slow_server_does_not_make_the_sender_read_ahead() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    stream.hold_audio();
    // An in-memory pipe of 16 KiB instead of TCP, whose kernel buffers
    // would hide how much the SDK itself holds.
    let (client_side, server_side) = tokio::io::duplex(16 * 1024);
    stream.serve_connection(server_side);
    let session = client(&mock)
        .streaming()
        .endpoint(stream.endpoint())
        .audio_buffer(4)
        .start_over(client_side, &request())
        .await
        .expect("session started");
    let (audio, events) = session.split();
    let (reader, read) = CountingReader::new(MIB);
    let sending = tokio::spawn(async move {
        audio.send_reader(reader).await?;
        audio.stop().await
    });
    let collecting = tokio::spawn(events.try_collect::<Vec<_>>());

    // Frames are let in one at a time. The reader may be ahead of what the
    // server has by the queue (4), the chunk being queued, the frame being
    // written, the pipe (2 frames) and the server's partial read: never more.
    const BOUND: u64 = 10;
    let frames = (MIB / MAX_AUDIO_CHUNK) as u64;
    let mut most_ahead = 0;
    for received in 1..=frames {
        stream.release_frames(1);
        stream.wait_for_frames(received).await;
        let ahead = read.load(Ordering::SeqCst) / MAX_AUDIO_CHUNK as u64 - received;
        most_ahead = most_ahead.max(ahead);
        assert!(
            ahead <= BOUND,
            "read {ahead} chunks ahead of the server after {received} frames"
        );
    }
    stream.release_frames(1); // the stop request
    let conversation_id = sending.await.expect("ran").expect("sent and stopped");
    let events = collecting.await.expect("ran").expect("clean session");
    assert_eq!(
        events.last(),
        Some(&StreamEvent::ConversationCompleted {
            conversation_id: Some(conversation_id)
        })
    );
    assert!(most_ahead >= 1, "the test never let the sender get ahead");
    assert_eq!(stream.sessions()[0].audio_bytes, MIB as u64);
}

/// The last item of the events, which must be followed by nothing.
async fn last_item(mut events: EventStream) -> Vec<symbl::Result<StreamEvent>> {
    let mut items = Vec::new();
    while let Some(item) = events.next().await {
        items.push(item);
    }
    assert!(
        events.next().await.is_none(),
        "the stream goes on after its end"
    );
    items
}

#[tokio::test]
async fn a_close_mid_stream_ends_the_events_with_a_typed_error() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    stream.close_after_bytes(64 * 1024, 1011, "internal error");
    let session = client(&mock)
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request())
        .await
        .expect("session started");
    let (audio, events) = session.split();
    let sending = tokio::spawn(async move {
        let (reader, _) = CountingReader::new(64 * MIB);
        audio.send_reader(reader).await
    });
    let items = last_item(events).await;
    let Some(Err(error)) = items.last() else {
        panic!("ended without an error: {:?}", kinds(&items))
    };
    assert!(
        matches!(error, SymblError::StreamClosed { code: 1011, reason } if reason == "internal error"),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(
        items[..items.len() - 1].iter().all(Result::is_ok),
        "{:?}",
        kinds(&items)
    );
    // The sender learns that the session is over instead of hanging.
    let sent = sending.await.expect("ran");
    assert!(matches!(sent, Err(SymblError::StreamEnded)), "{sent:?}");
}

#[tokio::test]
async fn a_lost_connection_ends_the_events_with_a_typed_error() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    stream.drop_after_bytes(40 * 1024);
    let session = client(&mock)
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request())
        .await
        .expect("session started");
    let events = session.stream_reader(CountingReader::new(64 * MIB).0);
    let items = last_item(events).await;
    let last = items.last();
    assert!(
        matches!(last, Some(Err(SymblError::StreamConnectionLost { .. }))),
        "{:?}",
        kinds(&items)
    );
}

#[tokio::test]
async fn a_server_error_message_ends_the_events_with_a_typed_error() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    stream.error_after_bytes(16 * 1024, "Audio format not supported");
    let session = client(&mock)
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request())
        .await
        .expect("session started");
    let items = last_item(session.stream_reader(CountingReader::new(MIB).0)).await;
    let Some(Err(SymblError::StreamServerError { message, details })) = items.last() else {
        panic!("no server error: {:?}", kinds(&items))
    };
    assert_eq!(message, "Audio format not supported");
    assert_eq!(details.as_deref(), Some("mock"));
    assert_eq!(
        items.iter().filter(|i| i.is_err()).count(),
        1,
        "{:?}",
        kinds(&items)
    );
}

#[tokio::test]
async fn unknown_events_are_kept_and_a_malformed_one_does_not_end_the_session() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    let unknown = json!({"type": "speaker_joined", "speaker": {"name": "Ada"}});
    stream.send_after_start(unknown.clone());
    stream.send_raw_after_start("{this is not json");
    let session = client(&mock)
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request())
        .await
        .expect("session started");
    let (items, stopped) = run_session(session, 64 * 1024).await;
    stopped.expect("stopped");
    let names = kinds(&items);
    assert_eq!(items[3].as_ref().ok(), Some(&StreamEvent::Other(unknown)));
    assert!(
        matches!(
            &items[4],
            Err(SymblError::MalformedStreamEvent {
                event_type: None,
                ..
            })
        ),
        "{names:?}"
    );
    // After the unreadable message the session went on to its normal end.
    assert_eq!(
        names.last().map(String::as_str),
        Some("conversation_completed")
    );
    assert!(names.iter().any(|n| n == "recognition_result"), "{names:?}");
}

#[tokio::test]
async fn an_audio_source_that_fails_ends_the_events_with_a_typed_error() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    let session = client(&mock)
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request())
        .await
        .expect("session started");
    let (mut reader, _) = CountingReader::new(MIB);
    reader.fail_after = Some(20 * 1024);
    let items = last_item(session.stream_reader(reader)).await;
    assert!(
        matches!(
            items.last(),
            Some(Err(SymblError::AudioSource { kind: io::ErrorKind::Other, message })) if message == "microphone unplugged"
        ),
        "{:?}",
        kinds(&items)
    );
}

#[tokio::test]
async fn a_refused_token_fails_the_start_as_an_auth_error() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::with_token("some-other-token").await;
    let err = client(&mock)
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request())
        .await
        .expect_err("refused");
    assert!(
        matches!(&err, SymblError::StreamConnect { status: Some(401), message } if message == "Token validation failed for provided token."),
        "{err:?}"
    );
    assert!(err.is_auth());
    assert_eq!(stream.rejected_upgrades(), 1);
    assert!(stream.sessions().is_empty());
}

#[tokio::test]
async fn the_legacy_realtime_path_works_and_plain_ws_elsewhere_is_refused() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    let client = client(&mock);
    let legacy = format!(
        "ws://{}/{}",
        stream.addr(),
        symbl::streaming::LEGACY_REALTIME_PATH
    );
    let session = client
        .streaming()
        .endpoint(legacy)
        .connection_id("my-meeting-42")
        .start(&request())
        .await
        .expect("session started");
    assert_eq!(session.connection_id().as_str(), "my-meeting-42");
    let (items, _) = run_session(session, 0).await;
    assert!(items.iter().all(Result::is_ok), "{:?}", kinds(&items));
    assert_eq!(
        stream.sessions()[0].path,
        "/v1/realtime/insights/my-meeting-42"
    );

    let err = client
        .streaming()
        .endpoint("ws://api.symbl.ai/v1/streaming/")
        .start(&request())
        .await
        .expect_err("cleartext token");
    assert!(
        matches!(err, SymblError::Core(auth_core::Error::Config(_))),
        "{err:?}"
    );
    // By default the endpoint follows the client's base URL.
    assert_eq!(
        client.streaming().endpoint_url().expect("url").as_str(),
        format!("{}/v1/streaming/", mock.uri().replace("http://", "ws://"))
    );
}

/// A self-signed certificate for `localhost` (test fixture only, never trusted).
const SELF_SIGNED_CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIBnDCCAUGgAwIBAgIUdnYq8QHaoQJS3yt86g+op+KIz2IwCgYIKoZIzj0EAwIw\nFDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMjA2MDE1M1oYDzIxMjYxMTA4\nMDYwMTUzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO\nPQMBBwNCAATvg4S+swcPIhT68KY/gJv8uyvUypQPCJkcNzjKRUH2qPAaD/UbAZ2r\nFYb3JPZkKNlOWOyauus29CCqCqoHzV/eo28wbTAdBgNVHQ4EFgQU2iBVnrT/cys5\nckXULpeJwgY0RuUwHwYDVR0jBBgwFoAU2iBVnrT/cys5ckXULpeJwgY0RuUwDwYD\nVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI\nzj0EAwIDSQAwRgIhANTs4jAIWa6gD5rDvBwUxKPyBiYTMW4e4dQReOIASBR6AiEA\n+JxNen9ahdeEX16iIli/ImSmTftOPymAGzxGqYC+Wu8=\n-----END CERTIFICATE-----";
/// Its private key (test fixture only).
const SELF_SIGNED_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgk+bj6X9XL2GjwzTS\ncifFbJ9tIZbVp1cnmARX1ANhMKmhRANCAATvg4S+swcPIhT68KY/gJv8uyvUypQP\nCJkcNzjKRUH2qPAaD/UbAZ2rFYb3JPZkKNlOWOyauus29CCqCqoHzV/e\n-----END PRIVATE KEY-----";

#[tokio::test]
async fn a_server_certificate_that_does_not_verify_is_refused() {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let cert = CertificateDer::from_pem_slice(SELF_SIGNED_CERT.as_bytes()).expect("cert");
    let key = PrivateKeyDer::from_pem_slice(SELF_SIGNED_KEY.as_bytes()).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocols")
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let port = listener.local_addr().expect("addr").port();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accepted");
        acceptor.accept(tcp).await.map(|_| ())
    });

    let mock = SymblMock::start().await;
    let err = client(&mock)
        .streaming()
        .endpoint(format!("wss://localhost:{port}/v1/streaming/"))
        .start(&request())
        .await
        .expect_err("an untrusted certificate");
    assert!(
        matches!(&err, SymblError::StreamConnect { status: None, message }
            if message.contains("TLS handshake") && message.contains("certificate")),
        "{err:?}"
    );
    assert!(
        server.await.expect("server ran").is_err(),
        "the TLS handshake completed with an untrusted certificate"
    );
}
