//! The async processing API: text, audio and video in, a job out.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use auth_core::Error as CoreError;
use auth_core::http::{
    ApiRequest, BodySource, FileSource, ProgressFn, ReaderSource, encode_segment,
};
use http::HeaderValue;
use tokio::io::AsyncRead;

use crate::client::SymblClient;
use crate::error::{Result, SymblError};
use crate::models::{ProcessOptions, ProcessingJob, TextRequest, UrlRequest};

/// Audio or video.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// An audio recording.
    Audio,
    /// A video recording.
    Video,
}

impl Media {
    fn segment(self) -> &'static str {
        match self {
            Media::Audio => "audio",
            Media::Video => "video",
        }
    }
}

/// Submits content for processing. Every call returns the conversation id
/// and the job id to wait for (see [`JobsApi::wait`](crate::api::JobsApi::wait)).
#[derive(Debug, Clone, Copy)]
pub struct ProcessApi<'a> {
    pub(crate) client: &'a SymblClient,
}

impl ProcessApi<'_> {
    /// `POST /v1/process/text`: processes a text conversation.
    pub async fn text(&self, request: &TextRequest) -> Result<ProcessingJob> {
        validate(&request.options)?;
        let req = ApiRequest::post("process_text", "v1/process/text").json(request)?;
        self.submit(req).await
    }

    /// `PUT /v1/process/text/{conversationId}`: adds messages to a conversation.
    pub async fn append_text(
        &self,
        conversation_id: &str,
        request: &TextRequest,
    ) -> Result<ProcessingJob> {
        validate(&request.options)?;
        let path = format!("v1/process/text/{}", encode_segment(conversation_id));
        let req = ApiRequest::put("append_text", path).json(request)?;
        self.submit(req).await
    }

    /// `POST /v1/process/{audio,video}`: uploads a file, streamed from disk
    /// (never read whole into memory) with its `Content-Length`.
    ///
    /// The content type comes from the extension (`.wav`, `.mp3`, `.mp4`...)
    /// unless given.
    pub async fn file(
        &self,
        media: Media,
        path: impl AsRef<Path>,
        content_type: Option<&str>,
        options: &ProcessOptions,
    ) -> Result<ProcessingJob> {
        self.file_with_progress(media, path, content_type, options, None)
            .await
    }

    /// Like [`file`](Self::file), calling `progress(sent, total)` as the
    /// upload goes (for a progress bar).
    pub async fn file_with_progress(
        &self,
        media: Media,
        path: impl AsRef<Path>,
        content_type: Option<&str>,
        options: &ProcessOptions,
        progress: Option<ProgressFn>,
    ) -> Result<ProcessingJob> {
        let path = path.as_ref();
        check_file(path).await?;
        let content_type = content_type_for(media, path, content_type)?;
        let mut file = FileSource::new(path);
        if let Some(p) = progress {
            file = file.with_progress(p);
        }
        let source: Arc<dyn BodySource> = Arc::new(file);
        self.upload(media, None, source, content_type, options)
            .await
    }

    /// `PUT /v1/process/{audio,video}/{conversationId}`: appends a file to a conversation.
    pub async fn append_file(
        &self,
        media: Media,
        conversation_id: &str,
        path: impl AsRef<Path>,
        content_type: Option<&str>,
        options: &ProcessOptions,
    ) -> Result<ProcessingJob> {
        let path = path.as_ref();
        check_file(path).await?;
        let content_type = content_type_for(media, path, content_type)?;
        let source: Arc<dyn BodySource> = Arc::new(FileSource::new(path));
        self.upload(media, Some(conversation_id), source, content_type, options)
            .await
    }

    /// `POST /v1/process/{audio,video}` from any reader of `length` bytes,
    /// streamed. A reader can be read only once, so this upload cannot be
    /// retried after a failure; prefer [`file`](Self::file) for files.
    pub async fn reader<R>(
        &self,
        media: Media,
        reader: R,
        length: u64,
        content_type: &str,
        options: &ProcessOptions,
    ) -> Result<ProcessingJob>
    where
        R: AsyncRead + Send + Sync + 'static,
    {
        let content_type = header_value(content_type)?;
        let source: Arc<dyn BodySource> = Arc::new(ReaderSource::new(reader, length, None));
        self.upload(media, None, source, content_type, options)
            .await
    }

    /// `POST /v1/process/{audio,video}/url`: Symbl fetches the media itself.
    pub async fn url(&self, media: Media, request: &UrlRequest) -> Result<ProcessingJob> {
        validate(&request.options)?;
        let path = format!("v1/process/{}/url", media.segment());
        let req = ApiRequest::post(operation(media, "url"), path).json(request)?;
        self.submit(req).await
    }

    /// `PUT /v1/process/{audio,video}/url/{conversationId}`: appends media by URL.
    pub async fn append_url(
        &self,
        media: Media,
        conversation_id: &str,
        request: &UrlRequest,
    ) -> Result<ProcessingJob> {
        validate(&request.options)?;
        let path = format!(
            "v1/process/{}/url/{}",
            media.segment(),
            encode_segment(conversation_id)
        );
        let req = ApiRequest::put(operation(media, "append_url"), path).json(request)?;
        self.submit(req).await
    }

    async fn upload(
        &self,
        media: Media,
        conversation_id: Option<&str>,
        source: Arc<dyn BodySource>,
        content_type: HeaderValue,
        options: &ProcessOptions,
    ) -> Result<ProcessingJob> {
        validate(options)?;
        let (op, req) = match conversation_id {
            None => {
                let path = format!("v1/process/{}", media.segment());
                let op = operation(media, "upload");
                (op, ApiRequest::post(op, path))
            }
            Some(id) => {
                let path = format!("v1/process/{}/{}", media.segment(), encode_segment(id));
                let op = operation(media, "append_upload");
                (op, ApiRequest::put(op, path))
            }
        };
        // A streamed body: the client's upload deadline applies.
        let mut req = req.stream(source, content_type);
        for (k, v) in options.to_query() {
            req = req.query(k, v);
        }
        tracing::debug!(operation = op, "uploading media");
        self.submit(req).await
    }

    /// Sends a submission, holding a slot of the client-side job limit if one is set.
    async fn submit(&self, req: ApiRequest) -> Result<ProcessingJob> {
        let _slot = match &self.client.inner.job_slots {
            Some(slots) => Some(
                Arc::clone(slots)
                    .acquire_owned()
                    .await
                    .map_err(|_| CoreError::Config("the job limit was closed".into()))?,
            ),
            None => None,
        };
        self.client
            .inner
            .http
            .send_json(req, &self.client.inner.auth)
            .await
            .map_err(SymblError::from_processing)
    }
}

fn operation(media: Media, what: &str) -> &'static str {
    match (media, what) {
        (Media::Audio, "url") => "process_audio_url",
        (Media::Video, "url") => "process_video_url",
        (Media::Audio, "append_url") => "append_audio_url",
        (Media::Video, "append_url") => "append_video_url",
        (Media::Audio, "upload") => "process_audio",
        (Media::Video, "upload") => "process_video",
        (Media::Audio, _) => "append_audio",
        (Media::Video, _) => "append_video",
    }
}

fn validate(options: &ProcessOptions) -> Result<()> {
    options
        .validate()
        .map_err(|e| CoreError::InvalidInput(e).into())
}

async fn check_file(path: &Path) -> Result<()> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| CoreError::InvalidInput(format!("cannot read {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(CoreError::InvalidInput(format!("{} is not a file", path.display())).into());
    }
    Ok(())
}

fn header_value(content_type: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(content_type).map_err(|_| {
        CoreError::InvalidInput(format!("invalid content type `{content_type}`")).into()
    })
}

/// The content type for `path`: the one given, else from the extension.
fn content_type_for(media: Media, path: &Path, given: Option<&str>) -> Result<HeaderValue> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_extensions() {
        let ct = |m, p: &str| {
            content_type_for(m, Path::new(p), None)
                .map(|h| h.to_str().unwrap_or_default().to_owned())
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
}
