//! The start and stop requests on the wire, and the values refused early.

use super::*;
use serde_json::json;

use crate::error::SymblError;

#[test]
fn the_start_request_has_symbls_field_names() {
    let request = StartRequest::builder()
        .sample_rate_hertz(44_100)
        .insight_types([InsightType::Question, InsightType::ActionItem])
        .tracker(Tracker::new("Pricing", ["price", "discount"]))
        .confidence_threshold(0.7)
        .language_code("en-US")
        .meeting_title("Standup")
        .speaker(Speaker::new("jane@example.com", "Jane"))
        .build()
        .expect("valid");
    let value = serde_json::to_value(&request).expect("serializes");
    assert_eq!(
        value,
        json!({
            "type": "start_request",
            "insightTypes": ["question", "action_item"],
            "trackers": [{"name": "Pricing", "vocabulary": ["price", "discount"]}],
            "config": {
                "confidenceThreshold": 0.7,
                "languageCode": "en-US",
                "meetingTitle": "Standup",
                "speechRecognition": {"encoding": "LINEAR16", "sampleRateHertz": 44100}
            },
            "speaker": {"userId": "jane@example.com", "name": "Jane"}
        })
    );
}

#[test]
fn values_symbl_refuses_are_refused_before_connecting() {
    let bad = [
        StartRequest::builder()
            .encoding(AudioEncoding::Mulaw)
            .sample_rate_hertz(16_000),
        StartRequest::builder().sample_rate_hertz(96_000),
        StartRequest::builder().confidence_threshold(0.2),
        StartRequest::builder().no_connection_timeout(3600),
        StartRequest::builder().tracker(Tracker::new("", ["x"])),
        StartRequest::builder().tracker(Tracker::new("Empty", Vec::<String>::new())),
    ];
    for builder in bad {
        let err = builder.build().expect_err("refused");
        assert!(
            matches!(err, SymblError::Core(auth_core::Error::InvalidInput(_))),
            "{err:?}"
        );
    }
    StartRequest::builder()
        .encoding(AudioEncoding::Mulaw)
        .sample_rate_hertz(8_000)
        .build()
        .expect("µ-law at 8 kHz is fine");
}

#[test]
fn the_stop_request_is_json() {
    assert_eq!(StopRequest::json(), r#"{"type":"stop_request"}"#);
}
