//! A WAV file streamed end to end: its header configures the start
//! request, its audio (not the header) goes out, and the streamed
//! conversation is then read through the async APIs.

use futures::TryStreamExt;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use mock_servers::symbl_stream::SymblStreamMock;
use symbl::SymblClient;
use symbl::streaming::{InsightType, StartRequest, StreamEvent, WavFormat, pcm16_wav};

#[tokio::test]
async fn a_wav_file_is_streamed_without_its_header_and_its_conversation_is_readable() {
    let mock = SymblMock::start().await;
    let stream = SymblStreamMock::start(&mock).await;
    // A result step per half second of audio: interim, then final.
    stream.set_bytes_per_result(16_000);
    let client = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .build()
        .expect("valid");
    // Four seconds of a 440 Hz tone at 16 kHz: 128000 bytes of audio.
    let samples: Vec<i16> = (0..64_000)
        .map(|i| ((i as f64 * 440.0 * std::f64::consts::TAU / 16_000.0).sin() * 8_000.0) as i16)
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tone.wav");
    std::fs::write(&path, pcm16_wav(16_000, &samples)).expect("write");

    let mut file = tokio::fs::File::open(&path).await.expect("open");
    let format = WavFormat::read_header(&mut file).await.expect("header");
    let request = StartRequest::builder()
        .encoding(format.encoding().expect("pcm"))
        .sample_rate_hertz(format.sample_rate)
        .insight_types([InsightType::Question, InsightType::ActionItem])
        .build()
        .expect("request");
    let session = client
        .streaming()
        .endpoint(stream.endpoint())
        .start(&request)
        .await
        .expect("started");
    let conversation_id = session.conversation_id().to_owned();
    let events: Vec<StreamEvent> = session
        .stream_reader(file)
        .try_collect()
        .await
        .expect("clean session");

    let record = &stream.sessions()[0];
    assert_eq!(
        record.audio_bytes, 128_000,
        "the header must not be streamed"
    );
    let start = record.start_request.as_ref().expect("start request");
    assert_eq!(
        start["config"]["speechRecognition"]["sampleRateHertz"],
        16_000
    );
    assert_eq!(start["config"]["speechRecognition"]["encoding"], "LINEAR16");

    let finals: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Recognition(r) if r.is_final => Some(r.text().to_owned()),
            _ => None,
        })
        .collect();
    assert_eq!(finals.len(), 4, "{finals:?}");
    assert!(events.iter().any(|e| matches!(e, StreamEvent::Insights(_))));

    let messages = client
        .conversation(&conversation_id)
        .messages()
        .send()
        .await
        .expect("messages");
    let texts: Vec<&str> = messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, finals);
}
