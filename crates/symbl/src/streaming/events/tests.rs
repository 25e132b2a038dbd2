//! Server messages from Symbl's docs and odd shapes, parsed into events.

use std::time::Duration;

use super::*;
use serde_json::json;

use crate::error::SymblError;

fn event(value: Value) -> StreamEvent {
    match parse(&value.to_string()).expect("parses") {
        Incoming::Event(e) => e,
        Incoming::ServerError { message, .. } => panic!("server error {message}"),
    }
}

#[test]
fn a_recognition_result_from_symbls_docs_is_read() {
    let e = event(json!({"type": "message", "message": {
        "type": "recognition_result", "isFinal": true,
        "payload": {"raw": {"alternatives": [{"words": [
            {"word": "Hello", "startTime": {"seconds": "3", "nanos": "800000000"}, "endTime": {"seconds": "4", "nanos": "200000000"}},
            {"word": "world.", "startTime": {"seconds": 4, "nanos": 200000000}}
        ], "transcript": "Hello world.", "confidence": 0.91}]}},
        "punctuated": {"transcript": "Hello world."},
        "user": {"userId": "emailAddress", "name": "John Doe", "id": "2368"}
    }}));
    let StreamEvent::Recognition(r) = e else {
        panic!("not a recognition result: {e:?}")
    };
    assert!(r.is_final);
    assert_eq!(r.text(), "Hello world.");
    let words = &r.alternatives[0].words;
    assert_eq!(
        words[0].start_time.map(|t| t.as_duration()),
        Some(Duration::from_millis(3800))
    );
    assert_eq!(words[1].start_time.map(|t| t.seconds), Some(4));
    assert_eq!(r.user.and_then(|u| u.name).as_deref(), Some("John Doe"));
}

#[test]
fn lifecycle_messages_and_the_conversation_id_are_read() {
    assert_eq!(
        event(json!({"type": "message", "message": {"type": "started_listening"}})),
        StreamEvent::StartedListening
    );
    assert_eq!(
        event(
            json!({"type": "message", "message": {"type": "conversation_created", "data": {"conversationId": "5963"}}})
        ),
        StreamEvent::ConversationCreated {
            conversation_id: "5963".into()
        }
    );
    assert_eq!(
        event(
            json!({"type": "message", "message": {"type": "conversation_completed", "data": {"conversationId": 42}}})
        ),
        StreamEvent::ConversationCompleted {
            conversation_id: Some("42".into())
        }
    );
}

#[test]
fn unknown_types_are_kept_whole() {
    let raw = json!({"type": "speaker_change", "speaker": {"id": 7}});
    let e = event(raw.clone());
    assert_eq!(e.kind(), "speaker_change");
    assert_eq!(e, StreamEvent::Other(raw));
    let nested = json!({"type": "message", "message": {"type": "future_thing", "x": 1}});
    assert_eq!(event(nested.clone()), StreamEvent::Other(nested));
}

#[test]
fn errors_and_malformed_messages_are_told_apart() {
    let Ok(Incoming::ServerError { message, details }) =
        parse(r#"{"type":"error","message":"Invalid config","details":"sampleRateHertz"}"#)
    else {
        panic!("not an error")
    };
    assert_eq!(
        (message.as_str(), details.as_deref()),
        ("Invalid config", Some("sampleRateHertz"))
    );
    assert!(matches!(
        parse("{not json"),
        Err(SymblError::MalformedStreamEvent {
            event_type: None,
            ..
        })
    ));
    let bad_shape = parse(r#"{"type":"message_response","messages":"oops"}"#);
    assert!(matches!(
        bad_shape,
        Err(SymblError::MalformedStreamEvent { event_type: Some(t), .. }) if t == "message_response"
    ));
}

#[test]
fn insights_topics_and_trackers_are_typed() {
    let StreamEvent::Insights(i) = event(
        json!({"type": "insight_response", "insights": [{"type": "question", "payload": {"content": "Ready?"}, "confidence": 0.9, "tags": []}]}),
    ) else {
        panic!()
    };
    assert_eq!(
        (i.insights[0].kind.as_str(), i.insights[0].text()),
        ("question", "Ready?")
    );
    assert!(i.insights[0].extra.contains_key("tags"));
    let StreamEvent::Topics(t) = event(
        json!({"type": "topic_response", "topics": [{"id": "t1", "phrases": "release", "score": 0.5}]}),
    ) else {
        panic!()
    };
    assert_eq!(t.topics[0].phrases, "release");
    let StreamEvent::Trackers(t) = event(
        json!({"type": "tracker_response", "isFinal": true, "trackers": [{"name": "Pricing", "matches": [{"type": "vocabulary", "value": "price", "messageRefs": [{"id": "m1"}]}]}]}),
    ) else {
        panic!()
    };
    assert_eq!(t.trackers[0].matches[0].value, "price");
}
