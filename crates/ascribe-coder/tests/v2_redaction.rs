//! No secret of a v2 session (password, session token, bearer token)
//! reaches a log line, a `Debug` or an error, through the v2 batches and AI
//! Coder. Its own test binary: log capture is per thread, and a test
//! running first elsewhere could otherwise settle the log call sites.

use std::sync::Arc;

use ascribe_coder::auth_core::ManualClock;
use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{NewQuestion, NewStudy, QuestionResponses, ResponseInput};
use ascribe_coder::{ApiVersion, AscribeClient, PollPolicy, TokenMode};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};

#[tokio::test]
async fn no_secret_reaches_the_logs_debug_or_errors_on_v2() {
    let (logs, _guard) = mock_servers::logs::capture_logs();
    let mock = AscribeMock::start().await;
    let mut shown = String::new();
    for mode in [TokenMode::Session, TokenMode::Bearer] {
        let builder = AscribeClient::builder()
            .base_url(mock.v2_uri())
            .api_version(ApiVersion::V2)
            .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
            .token_mode(mode)
            .clock(Arc::new(ManualClock::new()));
        shown.push_str(&format!("{builder:?}"));
        let client = builder.build().expect("valid");
        let study = client
            .studies()
            .create(NewStudy::new(format!("S-{mode:?}")))
            .await
            .expect("study");
        let q = client
            .questions()
            .create(study.key, NewQuestion::new("Q1"))
            .await
            .expect("question");
        let added = client
            .responses()
            .add_batch(
                study.key,
                [QuestionResponses::new(
                    q.key,
                    [ResponseInput::new("r1", "Great value")],
                )],
            )
            .send()
            .await
            .expect("added");
        let task = client
            .ai_coder()
            .analyze([q.key])
            .send()
            .await
            .expect("started");
        let done = client
            .ai_coder()
            .wait(task, &PollPolicy::default())
            .await
            .expect("analyzed");
        let err = client.studies().delete(987_654).await.expect_err("refused");
        shown.push_str(&format!("{client:?} {added:?} {done:?} {err:?} {err}"));
    }
    // The tokens the mock issued: the first login's session token and jwt.
    let requests = mock.server().received_requests().await.unwrap_or_default();
    let mut tokens = Vec::new();
    for r in &requests {
        for h in ["authentication", "authorization"] {
            if let Some(v) = r.headers.get(h).and_then(|v| v.to_str().ok()) {
                tokens.push(v.trim_start_matches("bearer ").to_owned());
            }
        }
    }
    assert!(tokens.len() >= 2, "both token kinds were used");
    let text = logs.text();
    assert!(
        text.contains("Session/New") && text.contains("ai_coder_analyze"),
        "the flow was logged"
    );
    shown.push_str(&text);
    for secret in std::iter::once(PASSWORD.to_owned()).chain(tokens) {
        assert!(!shown.contains(&secret), "{secret} leaked");
    }
    assert!(shown.contains("[REDACTED]"));
}
