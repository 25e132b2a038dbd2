//! The file upload builder of the processing API.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use auth_core::http::{BodySource, FileSource, ProgressFn};

use crate::api::process::{check_file, content_type_for};
use crate::api::{Media, ProcessApi};
use crate::client::SymblClient;
use crate::error::Result;
use crate::models::{ProcessOptions, ProcessingJob};

/// The setters every upload builder shares: the processing options and a
/// progress callback. `$start` is the call that starts the builder, for the
/// examples.
macro_rules! upload_setters {
    ($start:literal) => {
        /// The processing options (name, language, trackers, ...).
        ///
        /// ```no_run
        /// use symbl::api::Media;
        /// use symbl::models::ProcessOptions;
        /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
        #[doc = concat!("let job = client.process().", $start, ".options(ProcessOptions::new().name(\"Standup\")).send().await?;")]
        /// # let _ = job; Ok(()) }
        /// ```
        pub fn options(mut self, options: ProcessOptions) -> Self {
            self.options = options;
            self
        }

        /// Calls `progress(sent, total)` as the upload goes (for a progress bar).
        ///
        /// ```no_run
        /// use std::sync::Arc;
        /// use symbl::api::Media;
        /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
        #[doc = concat!("let job = client.process().", $start, ".progress(Arc::new(|sent, total| eprintln!(\"{sent}/{total}\"))).send().await?;")]
        /// # let _ = job; Ok(()) }
        /// ```
        pub fn progress(mut self, progress: ProgressFn) -> Self {
            self.progress = Some(progress);
            self
        }
    };
}

/// A file upload (new conversation or appended to one): set options, then
/// [`send`](Self::send). Built by [`ProcessApi::file`] and
/// [`ProcessApi::append_file`].
#[must_use = "an upload does nothing until sent"]
pub struct FileUpload<'a> {
    client: &'a SymblClient,
    media: Media,
    conversation_id: Option<String>,
    path: PathBuf,
    content_type: Option<String>,
    options: ProcessOptions,
    progress: Option<ProgressFn>,
}

impl fmt::Debug for FileUpload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileUpload")
            .field("media", &self.media)
            .field("conversation_id", &self.conversation_id)
            .field("path", &self.path)
            .field("content_type", &self.content_type)
            .field("progress", &self.progress.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a> FileUpload<'a> {
    pub(crate) fn new(
        client: &'a SymblClient,
        media: Media,
        conversation_id: Option<String>,
        path: &Path,
    ) -> Self {
        Self {
            client,
            media,
            conversation_id,
            path: path.to_owned(),
            content_type: None,
            options: ProcessOptions::default(),
            progress: None,
        }
    }

    /// The content type; by default it comes from the file's extension
    /// (`.wav`, `.mp3`, `.mp4`...).
    ///
    /// ```no_run
    /// use symbl::api::Media;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client
    ///     .process()
    ///     .file(Media::Audio, "call.raw")
    ///     .content_type("audio/wav")
    ///     .send()
    ///     .await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    upload_setters!("file(Media::Audio, \"call.wav\")");

    /// Uploads the file and returns the job to wait for.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core))
    /// when the file cannot be read, its content type cannot be told, or the
    /// options are invalid; [`SymblError::TooManyConcurrentJobs`](crate::SymblError::TooManyConcurrentJobs)
    /// when Symbl's job cap is reached; [`auth_core::Error::Timeout`] when no
    /// job slot frees within the client's
    /// [`job_slot_wait`](crate::SymblClientBuilder::job_slot_wait); other
    /// refusals, transport and token
    /// errors as [`SymblError::Core`](crate::SymblError::Core).
    ///
    /// ```no_run
    /// use symbl::api::Media;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let job = client.process().file(Media::Video, "talk.mp4").send().await?;
    /// # let _ = job; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ProcessingJob> {
        check_file(&self.path).await?;
        let content_type = content_type_for(self.media, &self.path, self.content_type.as_deref())?;
        let mut file = FileSource::new(&self.path);
        if let Some(p) = self.progress {
            file = file.with_progress(p);
        }
        let source: Arc<dyn BodySource> = Arc::new(file);
        let process = ProcessApi {
            client: self.client,
        };
        process
            .upload(
                self.media,
                self.conversation_id.as_deref(),
                source,
                content_type,
                &self.options,
            )
            .await
    }
}
