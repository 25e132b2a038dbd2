//! Decoder robustness, proven in the normal test run: arbitrary bytes,
//! arbitrary JSON shaped like the services' (their field names, any types,
//! deep nesting, huge numbers) and mangled real documents go through every
//! response decoder; each gives a value or a typed decode error, never a
//! panic. Bounded: a fixed number of cases per strategy.
//! The same decoders are the cargo-fuzz targets in `fuzz/` (nightly, by hand).

use integration_tests::decoders::{all, decode_with_all};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Field names the services use, so generated objects reach real fields.
const KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "status",
    "jobId",
    "conversationId",
    "startTime",
    "endTime",
    "members",
    "conversations",
    "data",
    "attributes",
    "relationships",
    "links",
    "next",
    "self",
    "meta",
    "included",
    "jobid",
    "state",
    "model",
    "filename",
    "client_filename",
    "time",
    "key",
    "studies",
    "questions",
    "codebook",
    "codes",
    "errors",
    "score",
    "criteria",
    "text",
    "messages",
    "insights",
    "trackers",
    "vocabulary",
    "value",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,20}".prop_map(Value::String),
        Just(json!("2026-12-02T10:00:00Z")),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

/// Real documents of each service (as the mocks send them).
fn samples() -> Vec<Vec<u8>> {
    [
        json!({"id": "c1", "type": "meeting", "name": "Standup", "startTime": "2026-12-02T10:00:00Z",
               "endTime": "2026-12-02T10:30:00Z", "members": [{"name": "Ann", "email": "a@x"}]}),
        json!({"conversations": [{"id": "c1", "type": "meeting", "name": "n"}], "next": null}),
        json!({"id": "j1", "status": "in_progress"}),
        json!({"conversationId": "c1", "jobId": "j1"}),
        json!({"data": [{"id": "1", "type": "teams", "attributes": {"name": "Lab"},
               "relationships": {"projects": {"data": [{"id": "2", "type": "projects"}]}}}],
               "links": {"self": "http://x/api/v1/teams", "next": null}}),
        json!({"jobid": "j1", "state": "DONE", "filename": "a.pdf", "time": 1_700_000_000}),
        json!({"key": 1, "name": "Study", "status": "Active"}),
    ]
    .iter()
    .map(|v| serde_json::to_vec(v).expect("serialize"))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_a_decoder(body in prop::collection::vec(any::<u8>(), 0..2048)) {
        decode_with_all(&body);
    }

    #[test]
    fn service_shaped_json_never_panics_a_decoder(value in json_value()) {
        decode_with_all(&serde_json::to_vec(&value).expect("serialize"));
    }

    #[test]
    fn mangled_real_documents_never_panic_a_decoder(
        which in 0usize..7,
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        garbage in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let samples = samples();
        let doc = &samples[which % samples.len()];
        // Truncated anywhere.
        decode_with_all(&doc[..cut.index(doc.len() + 1)]);
        // One byte replaced.
        let mut flipped = doc.clone();
        let at = flip.index(flipped.len());
        flipped[at] = byte;
        decode_with_all(&flipped);
        // Trailing bytes after a valid document are refused by every decoder.
        if !garbage.iter().all(u8::is_ascii_whitespace) {
            let mut trailing = doc.clone();
            trailing.extend_from_slice(&garbage);
            prop_assert_eq!(decode_with_all(&trailing), 0);
        }
    }
}

#[test]
fn every_real_sample_is_accepted_by_some_decoder_and_the_list_covers_each_service() {
    // The property tests prove nothing if every decoder refused everything.
    for doc in samples() {
        assert!(
            decode_with_all(&doc) > 0,
            "no decoder accepts {}",
            String::from_utf8_lossy(&doc)
        );
    }
    let names: Vec<&str> = all().iter().map(|(n, _)| *n).collect();
    for service in ["symbl", "scinote", "scribe_mi", "ascribe_coder"] {
        assert!(
            names.iter().any(|n| n.starts_with(service)),
            "no {service} decoder"
        );
    }
}
