//! Operation names per submission kind, and content types per extension.

use super::*;

#[test]
fn every_submission_kind_names_its_own_operation() {
    let kinds = [
        Submission::Url,
        Submission::AppendUrl,
        Submission::Upload,
        Submission::AppendUpload,
    ];
    let mut names: Vec<&str> = kinds
        .iter()
        .flat_map(|k| [k.operation(Media::Audio), k.operation(Media::Video)])
        .collect();
    assert_eq!(
        Submission::AppendUpload.operation(Media::Video),
        "append_video"
    );
    assert_eq!(Submission::Url.operation(Media::Audio), "process_audio_url");
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 8, "two kinds share an operation name");
}

#[test]
fn content_types_follow_extensions() {
    let ct = |m, p: &str| {
        content_type_for(m, Path::new(p), None).map(|h| h.to_str().unwrap_or_default().to_owned())
    };
    assert_eq!(
        ct(Media::Audio, "a/call.WAV").ok().as_deref(),
        Some("audio/wav")
    );
    assert_eq!(
        ct(Media::Audio, "call.mp3").ok().as_deref(),
        Some("audio/mpeg")
    );
    assert_eq!(
        ct(Media::Video, "talk.mp4").ok().as_deref(),
        Some("video/mp4")
    );
    assert!(ct(Media::Audio, "notes.txt").is_err());
}
