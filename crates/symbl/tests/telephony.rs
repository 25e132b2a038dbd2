//! The Telephony API against the Symbl mock.

use auth_core::ErrorMetadata;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use serde_json::json;
use symbl::streaming::InsightType;
use symbl::telephony::{Action, ConnectRequest};
use symbl::{SymblClient, SymblError};

fn client(mock: &SymblMock) -> SymblClient {
    SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .build()
        .expect("valid config")
}

#[tokio::test]
async fn a_pstn_call_is_connected_stopped_and_its_conversation_read() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let request = ConnectRequest::pstn("14082924837")
        .dtmf(",,939293#")
        .meeting_name("Weekly sync")
        .insight_types([InsightType::ActionItem])
        .action(Action::send_summary_email(["jane@example.com"]));
    let connection = client
        .telephony()
        .connect(&request)
        .await
        .expect("connected");
    assert!(!connection.connection_id.as_str().is_empty());
    assert!(
        connection
            .result_web_socket_url
            .as_deref()
            .is_some_and(|u| u.ends_with(&format!("/events/{}", connection.connection_id)))
    );
    assert!(connection.event_url.is_some());
    assert_eq!(mock.active_telephony_connections(), 1);
    assert_eq!(
        mock.telephony_requests()[0],
        json!({
            "operation": "start",
            "endpoint": {"type": "pstn", "phoneNumber": "14082924837", "dtmf": ",,939293#"},
            "actions": [{"invokeOn": "stop", "name": "sendSummaryEmail", "parameters": {"emails": ["jane@example.com"]}}],
            "data": {"session": {"name": "Weekly sync"}},
            "insightTypes": ["action_item"]
        })
    );

    let stopped = client
        .telephony()
        .stop(&connection.connection_id)
        .await
        .expect("stopped");
    assert_eq!(
        stopped.conversation_id.as_ref().map(|c| c.as_str()),
        Some(connection.conversation_id.as_str())
    );
    assert_eq!(mock.active_telephony_connections(), 0);
    assert_eq!(
        mock.telephony_requests()[1],
        json!({"operation": "stop", "connectionId": connection.connection_id})
    );

    let conversation = client.conversation(&connection.conversation_id);
    assert_eq!(
        conversation
            .get()
            .await
            .expect("conversation")
            .name
            .as_deref(),
        Some("Weekly sync")
    );
    assert_eq!(
        conversation
            .action_items()
            .await
            .expect("action items")
            .len(),
        1
    );
}

#[tokio::test]
async fn a_sip_call_is_connected() {
    let mock = SymblMock::start().await;
    let connection = client(&mock)
        .telephony()
        .connect(&ConnectRequest::sip("sip:standup@meet.example.com").sip_audio(16_000, 16))
        .await
        .expect("connected");
    assert!(!connection.conversation_id.as_str().is_empty());
    assert_eq!(
        mock.telephony_requests()[0]["endpoint"],
        json!({"type": "sip", "uri": "sip:standup@meet.example.com", "audioConfig": {"sampleRate": 16000, "sampleSize": "16"}})
    );
}

#[tokio::test]
async fn a_bad_number_is_refused_before_anything_is_dialled() {
    let mock = SymblMock::start().await;
    let err = client(&mock)
        .telephony()
        .connect(&ConnectRequest::pstn("+1 (408) 292-4837"))
        .await
        .expect_err("refused");
    assert!(
        matches!(err, SymblError::Core(auth_core::Error::InvalidInput(_))),
        "{err:?}"
    );
    assert!(mock.telephony_requests().is_empty(), "a request was sent");
}

#[tokio::test]
async fn stopping_an_unknown_or_stopped_connection_is_symbls_error() {
    let mock = SymblMock::start().await;
    let client = client(&mock);
    let err = client
        .telephony()
        .stop("conn-nope")
        .await
        .expect_err("unknown");
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(
        err.message(),
        Some("The connectionId is either invalid or does not exist.")
    );
    let connection = client
        .telephony()
        .connect(&ConnectRequest::pstn("14155550100"))
        .await
        .expect("connected");
    client
        .telephony()
        .stop(&connection.connection_id)
        .await
        .expect("stopped");
    let again = client
        .telephony()
        .stop(&connection.connection_id)
        .await
        .expect_err("already stopped");
    assert_eq!(again.status().map(|s| s.as_u16()), Some(400));
    assert!(client.telephony().stop(" ").await.is_err());
}

#[tokio::test]
async fn a_calls_live_events_arrive_typed_until_it_is_stopped() {
    use futures::StreamExt;
    use mock_servers::symbl_stream::SymblStreamMock;
    use symbl::streaming::StreamEvent;

    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    let client = client(&mock);
    let connection = client
        .telephony()
        .connect(&ConnectRequest::pstn("14082924837"))
        .await
        .expect("connected");
    let mut events = client
        .telephony()
        .subscribe(&connection)
        .await
        .expect("subscribed");
    assert_eq!(events.conversation_id(), &connection.conversation_id);
    let mut seen = Vec::new();
    // Two sentences: interim, final and message each (plus a topic).
    while seen.iter().filter(|k| *k == "message_response").count() < 2 {
        let event = events.next().await.expect("an event").expect("no error");
        seen.push(event.kind().to_owned());
    }
    assert_eq!(
        seen[..4],
        [
            "conversation_created",
            "recognition_result",
            "recognition_result",
            "message_response"
        ]
    );
    client
        .telephony()
        .stop(&connection.connection_id)
        .await
        .expect("stopped");
    let rest: Vec<_> = events.collect().await;
    assert_eq!(
        rest.last().map(|r| r.as_ref().ok()),
        Some(Some(&StreamEvent::ConversationCompleted {
            conversation_id: Some(connection.conversation_id.clone())
        }))
    );
    assert!(rest.iter().all(Result::is_ok));
    assert_eq!(
        stream.sessions()[0].path,
        format!("/events/{}", connection.connection_id)
    );
}
