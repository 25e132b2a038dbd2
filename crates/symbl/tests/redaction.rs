//! The app secret and the access token never reach a Debug string, an error
//! or a log line.

use std::sync::Arc;

use auth_core::ManualClock;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use symbl::SymblClient;
use symbl::models::{TextMessage, TextRequest};

#[test]
fn no_secret_in_debug_errors_or_logs() {
    let (capture, _guard) = mock_servers::logs::capture_logs();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (token, texts) = rt.block_on(async {
        let mock = SymblMock::start().await;
        let clock = ManualClock::new();
        let client = SymblClient::builder()
            .base_url(mock.uri())
            .app_id(APP_ID)
            .app_secret(APP_SECRET)
            .clock(Arc::new(clock))
            .build()
            .expect("valid");
        let job = client
            .process()
            .text(&TextRequest::new([TextMessage::new("Hello there.")]))
            .await
            .expect("submitted");
        client.jobs().wait(&job.job_id).await.expect("done");
        mock.revoke_token(); // forces a 401 and a regeneration
        client
            .conversation(&job.conversation_id)
            .topics()
            .send()
            .await
            .expect("topics");
        let missing = client.conversation("nope").get().await.expect_err("404");
        // The management API and the request builders: calls, errors, Debug.
        let spec = symbl::models::TrackerSpec::new("Pricing", ["the price"]);
        let tracker = client
            .manage()
            .trackers()
            .create(&spec)
            .send()
            .await
            .expect("tracker");
        let conflict = client
            .manage()
            .trackers()
            .create(&spec)
            .send()
            .await
            .expect_err("409");
        let call = format!("{:?}", client.manage().trackers().get(&tracker.id));
        let bad = SymblClient::builder()
            .base_url(mock.uri())
            .app_id(APP_ID)
            .app_secret(format!("{APP_SECRET}-wrong"))
            .build()
            .expect("valid");
        let auth_err = bad
            .conversations()
            .list()
            .send()
            .await
            .expect_err("bad secret");
        let token = client.access_token().await.expect("token");
        let texts = vec![
            format!("{client:?}"),
            format!("{bad:?}"),
            format!("{missing:?} {missing}"),
            format!("{conflict:?} {conflict}"),
            call,
            format!("{auth_err:?} {auth_err}"),
            format!("{token:?} {token}"),
            format!("{:?}", SymblClient::builder().app_secret(APP_SECRET)),
        ];
        (token.expose_secret().to_owned(), texts)
    });
    let logs = capture.text();
    assert!(logs.contains("http_request"), "logs were captured");
    for text in texts.iter().chain(std::iter::once(&logs)) {
        assert!(!text.contains(APP_SECRET), "app secret leaked: {text}");
        assert!(!text.contains(&token), "token leaked: {text}");
    }
}
