//! The reader upload builder of the processing API: media from any
//! `AsyncRead` of known length.

use std::fmt;
use std::sync::Arc;

use auth_core::http::{BodySource, ProgressFn, ReaderSource};
use tokio::io::AsyncRead;

use crate::api::process::header_value;
use crate::api::{Media, ProcessApi};
use crate::client::SymblClient;
use crate::error::Result;
use crate::ids::ConversationId;
use crate::models::{ProcessOptions, ProcessingJob};

/// An upload from a reader (new conversation, or appended to one with
/// [`append_to`](Self::append_to)): set options, then [`send`](Self::send).
/// Built by [`ProcessApi::reader`]. A reader can be read only once, so this
/// upload is not retried after a failure; upload files with
/// [`ProcessApi::file`] to allow retries.
#[must_use = "an upload does nothing until sent"]
pub struct ReaderUpload<'a, R> {
    client: &'a SymblClient,
    media: Media,
    reader: R,
    length: u64,
    content_type: String,
    conversation_id: Option<ConversationId>,
    options: ProcessOptions,
    progress: Option<ProgressFn>,
}

impl<R> fmt::Debug for ReaderUpload<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReaderUpload")
            .field("media", &self.media)
            .field("length", &self.length)
            .field("content_type", &self.content_type)
            .field("conversation_id", &self.conversation_id)
            .field("progress", &self.progress.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a, R> ReaderUpload<'a, R>
where
    R: AsyncRead + Send + Sync + 'static,
{
    pub(crate) fn new(
        client: &'a SymblClient,
        media: Media,
        reader: R,
        length: u64,
        content_type: &str,
    ) -> Self {
        Self {
            client,
            media,
            reader,
            length,
            content_type: content_type.to_owned(),
            conversation_id: None,
            options: ProcessOptions::default(),
            progress: None,
        }
    }

    /// Appends the media to this conversation
    /// (`PUT /v1/process/{audio,video}/{conversationId}`) instead of
    /// starting a new one.
    ///
    /// ```no_run
    /// use symbl::api::Media;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client
    ///     .process()
    ///     .reader(Media::Audio, &b"RIFF...."[..], 8, "audio/wav")
    ///     .append_to("5102778889273344")
    ///     .send()
    ///     .await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub fn append_to(mut self, conversation_id: impl Into<ConversationId>) -> Self {
        self.conversation_id = Some(conversation_id.into());
        self
    }

    upload_setters!("reader(Media::Audio, &b\"RIFF....\"[..], 8, \"audio/wav\")");

    /// Streams the reader up and returns the job to wait for.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core))
    /// for an invalid content type or invalid options;
    /// [`SymblError::TooManyConcurrentJobs`](crate::SymblError::TooManyConcurrentJobs)
    /// when Symbl's job cap is reached; [`auth_core::Error::Timeout`] when no
    /// job slot frees within the client's
    /// [`job_slot_wait`](crate::SymblClientBuilder::job_slot_wait); other
    /// refusals, transport and token
    /// errors as
    /// [`SymblError::Core`](crate::SymblError::Core).
    ///
    /// ```no_run
    /// use symbl::api::Media;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let file = tokio::fs::File::open("call.wav").await.expect("open");
    /// let len = file.metadata().await.expect("metadata").len();
    /// let job = client.process().reader(Media::Audio, file, len, "audio/wav").send().await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ProcessingJob> {
        let content_type = header_value(&self.content_type)?;
        let source: Arc<dyn BodySource> =
            Arc::new(ReaderSource::new(self.reader, self.length, self.progress));
        let process = ProcessApi {
            client: self.client,
        };
        process
            .upload(
                self.media,
                self.conversation_id.as_ref().map(ConversationId::as_str),
                source,
                content_type,
                &self.options,
            )
            .await
    }
}
