//! The wire names and query parameters of processing requests.

use super::*;
use crate::models::conversation::Member;

#[test]
fn text_requests_use_the_wire_names() {
    let req = TextRequest::new([TextMessage::new("hello").from(Member::new(None, "Ann", None))])
        .options(
            ProcessOptions::new()
                .name("call")
                .enable_summary(true)
                .tracker(Tracker::new("price", ["cost"])),
        );
    let v = serde_json::to_value(&req).expect("ser");
    assert_eq!(v["messages"][0]["payload"]["content"], "hello");
    assert_eq!(v["messages"][0]["from"]["name"], "Ann");
    assert_eq!(v["name"], "call");
    assert_eq!(v["enableSummary"], true);
    assert_eq!(v["trackers"][0]["vocabulary"][0], "cost");
    assert!(v.get("webhookUrl").is_none());
}

#[test]
fn options_become_query_parameters() {
    let q = ProcessOptions::new()
        .name("a b")
        .diarization(Some(2))
        .custom_vocabulary(["Symbl"])
        .mode(AudioMode::Phone)
        .to_query();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("name"), Some("a b"));
    assert_eq!(get("enableSpeakerDiarization"), Some("true"));
    assert_eq!(get("diarizationSpeakerCount"), Some("2"));
    assert_eq!(get("customVocabulary"), Some(r#"["Symbl"]"#));
    assert_eq!(get("mode"), Some("phone"));
}

#[test]
fn invalid_values_are_caught_before_sending() {
    assert!(
        ProcessOptions::new()
            .confidence_threshold(0.2)
            .validate()
            .is_err()
    );
    assert!(
        ProcessOptions::new()
            .confidence_threshold(0.7)
            .validate()
            .is_ok()
    );
    assert!(
        ProcessOptions::new()
            .diarization(Some(0))
            .validate()
            .is_err()
    );
}
