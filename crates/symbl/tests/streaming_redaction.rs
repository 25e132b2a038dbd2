//! No token or app secret in any log line or Debug string of a streaming
//! session. Its own test binary: log capture is per thread, and tests of
//! other files running at the same time would race tracing's callsite cache.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::StreamExt;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use mock_servers::symbl_stream::SymblStreamMock;
use symbl::SymblClient;
use symbl::streaming::{InsightType, Speaker, StartRequest};
use tokio::io::{AsyncRead, ReadBuf};

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
        .insight_types([InsightType::Question, InsightType::ActionItem])
        .speaker(Speaker::new("jane@example.com", "Jane"))
        .build()
        .expect("valid request")
}

/// `n` bytes of silence.
struct Silence(usize);

impl AsyncRead for Silence {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = buf.remaining().min(self.0);
        buf.put_slice(&vec![0u8; n]);
        self.0 -= n;
        Poll::Ready(Ok(()))
    }
}

#[test]
fn no_token_or_secret_in_logs_or_debug_of_a_streaming_session() {
    let (capture, _guard) = mock_servers::logs::capture_logs();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (token, texts) = rt.block_on(async {
        let mock = SymblMock::start().await;
        let stream = SymblStreamMock::start(&mock).await;
        let client = client(&mock);
        let session = client
            .streaming()
            .endpoint(stream.endpoint())
            .start(&request())
            .await
            .expect("session started");
        let session_debug = format!("{session:?}");
        let (audio, events) = session.split();
        let halves_debug = format!("{audio:?} {events:?}");
        let sending = async {
            audio.send_reader(Silence(128 * 1024)).await?;
            audio.stop().await
        };
        let (items, stopped) = tokio::join!(events.collect::<Vec<_>>(), sending);
        stopped.expect("stopped");
        let refused = SymblStreamMock::with_token("not-this-one").await;
        let err = client
            .streaming()
            .endpoint(refused.endpoint())
            .start(&request())
            .await
            .expect_err("refused");
        let token = client.access_token().await.expect("token");
        let texts = vec![
            session_debug,
            halves_debug,
            format!("{items:?}"),
            format!("{err:?} {err}"),
            format!("{:?}", client.streaming()),
            format!("{:?}", stream.sessions()[0].start_request),
        ];
        (token.expose_secret().to_owned(), texts)
    });
    let logs = capture.text();
    assert!(
        logs.contains("symbl_stream"),
        "the session's span was logged: {logs}"
    );
    assert!(logs.contains("streaming session started"), "{logs}");
    for text in texts.iter().chain(std::iter::once(&logs)) {
        assert!(!text.contains(APP_SECRET), "app secret leaked: {text}");
        assert!(!text.contains(&token), "token leaked: {text}");
    }
}
