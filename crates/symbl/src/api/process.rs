//! The async processing API: text, audio and video in, a job out.

mod files;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::Arc;

use auth_core::Error as CoreError;
use auth_core::http::{ApiRequest, BodySource, encode_segment};
use http::HeaderValue;
use tokio::io::AsyncRead;

use crate::api::{FileUpload, ReaderUpload};
use crate::client::SymblClient;
use crate::error::{Result, SymblError};
use crate::ids::ConversationId;
use crate::models::{ProcessOptions, ProcessingJob, TextRequest, UrlRequest};

pub(crate) use files::{check_file, content_type_for, header_value};

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

impl<'a> ProcessApi<'a> {
    /// `POST /v1/process/text`: processes a text conversation.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core)) for invalid options; [`SymblError::TooManyConcurrentJobs`](crate::SymblError::TooManyConcurrentJobs) when Symbl's job cap is reached; [`auth_core::Error::Timeout`] (as [`SymblError::Core`](crate::SymblError::Core)) when, with [`max_running_jobs`](crate::SymblClientBuilder::max_running_jobs), no slot frees within [`job_slot_wait`](crate::SymblClientBuilder::job_slot_wait); other refusals, transport and token errors as [`SymblError::Core`](crate::SymblError::Core).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::{TextMessage, TextRequest};
    /// let request = TextRequest::new([TextMessage::new("Ship it on Friday.")]);
    /// let job = client.process().text(&request).await?;
    /// client.jobs().wait(&job.job_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn text(&self, request: &TextRequest) -> Result<ProcessingJob> {
        validate(&request.options)?;
        let req = ApiRequest::post("process_text", "v1/process/text").json(request)?;
        self.submit(req).await
    }

    /// `PUT /v1/process/text/{conversationId}`: adds messages to a conversation.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core)) for invalid options; [`SymblError::TooManyConcurrentJobs`](crate::SymblError::TooManyConcurrentJobs) when Symbl's job cap is reached; [`auth_core::Error::Timeout`] (as [`SymblError::Core`](crate::SymblError::Core)) when, with [`max_running_jobs`](crate::SymblClientBuilder::max_running_jobs), no slot frees within [`job_slot_wait`](crate::SymblClientBuilder::job_slot_wait); other refusals, transport and token errors as [`SymblError::Core`](crate::SymblError::Core). A 404 for an unknown conversation.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::{TextMessage, TextRequest};
    /// let request = TextRequest::new([TextMessage::new("One more thing.")]);
    /// let job = client.process().append_text("5102778889273344", &request).await?;
    /// # let _ = job;
    /// # Ok(()) }
    /// ```
    pub async fn append_text(
        &self,
        conversation_id: impl Into<ConversationId>,
        request: &TextRequest,
    ) -> Result<ProcessingJob> {
        let id: ConversationId = conversation_id.into();
        let conversation_id = id.as_str();
        validate(&request.options)?;
        let path = format!("v1/process/text/{}", encode_segment(conversation_id));
        let req = ApiRequest::put("append_text", path).json(request)?;
        self.submit(req).await
    }

    /// `POST /v1/process/{audio,video}`: starts an upload of the file at
    /// `path`, streamed from disk (never read whole into memory) with its
    /// `Content-Length`; see [`FileUpload`] for its options.
    ///
    /// ```no_run
    /// use symbl::api::Media;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client.process().file(Media::Audio, "call.wav").send().await?;
    /// client.jobs().wait(&job.job_id).await?;
    /// # Ok(()) }
    /// ```
    pub fn file(&self, media: Media, path: impl AsRef<Path>) -> FileUpload<'a> {
        FileUpload::new(self.client, media, None, path.as_ref())
    }

    /// `PUT /v1/process/{audio,video}/{conversationId}`: starts an upload
    /// that appends the file at `path` to a conversation; see [`FileUpload`].
    ///
    /// ```no_run
    /// use symbl::api::Media;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client
    ///     .process()
    ///     .append_file(Media::Audio, "5102778889273344", "part2.wav")
    ///     .send()
    ///     .await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub fn append_file(
        &self,
        media: Media,
        conversation_id: impl Into<ConversationId>,
        path: impl AsRef<Path>,
    ) -> FileUpload<'a> {
        let id: ConversationId = conversation_id.into();
        let conversation_id = id.as_str();
        FileUpload::new(
            self.client,
            media,
            Some(conversation_id.to_owned()),
            path.as_ref(),
        )
    }

    /// `POST /v1/process/{audio,video}` from any reader of `length` bytes
    /// of `content_type`, streamed; see [`ReaderUpload`] for its options
    /// (appending to a conversation, processing options, progress). A
    /// reader can be read only once, so this upload cannot be retried after
    /// a failure; prefer [`file`](Self::file) for files.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::api::Media;
    /// use symbl::models::ProcessOptions;
    /// let file = tokio::fs::File::open("call.wav").await.expect("open");
    /// let len = file.metadata().await.expect("metadata").len();
    /// let job = client
    ///     .process()
    ///     .reader(Media::Audio, file, len, "audio/wav")
    ///     .options(ProcessOptions::new().name("Standup"))
    ///     .send()
    ///     .await?;
    /// # let _ = job;
    /// # Ok(()) }
    /// ```
    pub fn reader<R>(
        &self,
        media: Media,
        reader: R,
        length: u64,
        content_type: &str,
    ) -> ReaderUpload<'a, R>
    where
        R: AsyncRead + Send + Sync + 'static,
    {
        ReaderUpload::new(self.client, media, reader, length, content_type)
    }

    /// `POST /v1/process/{audio,video}/url`: Symbl fetches the media itself.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core)) for invalid options; [`SymblError::TooManyConcurrentJobs`](crate::SymblError::TooManyConcurrentJobs) when Symbl's job cap is reached; [`auth_core::Error::Timeout`] (as [`SymblError::Core`](crate::SymblError::Core)) when, with [`max_running_jobs`](crate::SymblClientBuilder::max_running_jobs), no slot frees within [`job_slot_wait`](crate::SymblClientBuilder::job_slot_wait); other refusals, transport and token errors as [`SymblError::Core`](crate::SymblError::Core).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::api::Media;
    /// use symbl::models::UrlRequest;
    /// let request = UrlRequest::new("https://example.com/call.mp3");
    /// let job = client.process().url(Media::Audio, &request).await?;
    /// # let _ = job;
    /// # Ok(()) }
    /// ```
    pub async fn url(&self, media: Media, request: &UrlRequest) -> Result<ProcessingJob> {
        validate(&request.options)?;
        let path = format!("v1/process/{}/url", media.segment());
        let req = ApiRequest::post(Submission::Url.operation(media), path).json(request)?;
        self.submit(req).await
    }

    /// `PUT /v1/process/{audio,video}/url/{conversationId}`: appends media by URL.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core)) for invalid options; [`SymblError::TooManyConcurrentJobs`](crate::SymblError::TooManyConcurrentJobs) when Symbl's job cap is reached; [`auth_core::Error::Timeout`] (as [`SymblError::Core`](crate::SymblError::Core)) when, with [`max_running_jobs`](crate::SymblClientBuilder::max_running_jobs), no slot frees within [`job_slot_wait`](crate::SymblClientBuilder::job_slot_wait); other refusals, transport and token errors as [`SymblError::Core`](crate::SymblError::Core).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::api::Media;
    /// use symbl::models::UrlRequest;
    /// let request = UrlRequest::new("https://example.com/part2.mp3");
    /// let job = client.process().append_url(Media::Audio, "5102778889273344", &request).await?;
    /// # let _ = job;
    /// # Ok(()) }
    /// ```
    pub async fn append_url(
        &self,
        media: Media,
        conversation_id: impl Into<ConversationId>,
        request: &UrlRequest,
    ) -> Result<ProcessingJob> {
        let id: ConversationId = conversation_id.into();
        let conversation_id = id.as_str();
        validate(&request.options)?;
        let path = format!(
            "v1/process/{}/url/{}",
            media.segment(),
            encode_segment(conversation_id)
        );
        let req = ApiRequest::put(Submission::AppendUrl.operation(media), path).json(request)?;
        self.submit(req).await
    }

    pub(crate) async fn upload(
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
                let op = Submission::Upload.operation(media);
                (op, ApiRequest::post(op, path))
            }
            Some(id) => {
                let path = format!("v1/process/{}/{}", media.segment(), encode_segment(id));
                let op = Submission::AppendUpload.operation(media);
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

    /// Sends a submission. With a running-job limit, first waits for a
    /// free slot, then hands it to the returned job to hold until it ends.
    async fn submit(&self, req: ApiRequest) -> Result<ProcessingJob> {
        let running = self.client.inner.running_jobs.as_ref();
        let permit = match running {
            Some(r) => Some(r.acquire().await?),
            None => None,
        };
        let mut job: ProcessingJob = self
            .client
            .inner
            .http
            .send_json(req, &self.client.inner.auth)
            .await
            .map_err(SymblError::from_processing)?;
        if let (Some(r), Some(p)) = (running, permit) {
            job.slot = r.hold(&job.job_id, p);
        }
        Ok(job)
    }
}

/// What a submission does, so each (media, kind) pair names its operation
/// and no unknown kind can fall through to a wrong one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Submission {
    /// `POST /v1/process/{media}/url`.
    Url,
    /// `PUT /v1/process/{media}/url/{conversationId}`.
    AppendUrl,
    /// `POST /v1/process/{media}`.
    Upload,
    /// `PUT /v1/process/{media}/{conversationId}`.
    AppendUpload,
}

impl Submission {
    /// The operation name (for logs, metrics and errors).
    pub(crate) fn operation(self, media: Media) -> &'static str {
        match (media, self) {
            (Media::Audio, Submission::Url) => "process_audio_url",
            (Media::Video, Submission::Url) => "process_video_url",
            (Media::Audio, Submission::AppendUrl) => "append_audio_url",
            (Media::Video, Submission::AppendUrl) => "append_video_url",
            (Media::Audio, Submission::Upload) => "process_audio",
            (Media::Video, Submission::Upload) => "process_video",
            (Media::Audio, Submission::AppendUpload) => "append_audio",
            (Media::Video, Submission::AppendUpload) => "append_video",
        }
    }
}

fn validate(options: &ProcessOptions) -> Result<()> {
    options
        .validate()
        .map_err(|e| CoreError::InvalidInput(e).into())
}
