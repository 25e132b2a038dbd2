//! Media files before an upload: they must exist, and their content type is
//! the one given or follows from the extension.

use std::path::{Path, PathBuf};

use auth_core::Error as CoreError;
use http::HeaderValue;

use super::Media;
use crate::error::Result;

pub(crate) async fn check_file(path: &Path) -> Result<()> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| CoreError::InvalidInput(format!("cannot read {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(CoreError::InvalidInput(format!("{} is not a file", path.display())).into());
    }
    Ok(())
}

pub(crate) fn header_value(content_type: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(content_type).map_err(|_| {
        CoreError::InvalidInput(format!("invalid content type `{content_type}`")).into()
    })
}

/// The content type for `path`: the one given, else from the extension.
pub(crate) fn content_type_for(
    media: Media,
    path: &Path,
    given: Option<&str>,
) -> Result<HeaderValue> {
    if let Some(ct) = given {
        return header_value(ct);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let ct = match (media, ext.as_str()) {
        (_, "wav" | "wave") => "audio/wav",
        (_, "mp3") => "audio/mpeg",
        (_, "m4a") => "audio/mp4",
        (_, "flac") => "audio/flac",
        (_, "ogg" | "opus") => "audio/ogg",
        (_, "aac") => "audio/aac",
        (_, "amr") => "audio/amr",
        (Media::Video, "mp4") => "video/mp4",
        (Media::Video, "mov") => "video/quicktime",
        (Media::Video, "webm") => "video/webm",
        _ => {
            return Err(CoreError::InvalidInput(format!(
                "cannot tell the content type of {}; pass it explicitly",
                PathBuf::from(path.file_name().unwrap_or_default()).display()
            ))
            .into());
        }
    };
    Ok(HeaderValue::from_static(ct))
}
