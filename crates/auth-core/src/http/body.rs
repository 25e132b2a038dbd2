//! Streamed request bodies: where an upload's bytes come from, reopened for
//! every attempt so a streamed upload can be retried.
//!
//! The types here say nothing about the HTTP library underneath: a source
//! opens a [`BodyStream`] (a stream of byte chunks, or a file), and the HTTP
//! layer turns it into whatever its transport sends.

use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use futures::Stream;
use futures::future::BoxFuture;

use crate::error::{Error, Result};

/// The chunk size files and readers are read with: large enough that a
/// 1 GiB upload takes a few thousand reads, small enough to keep memory flat.
pub const UPLOAD_CHUNK_SIZE: usize = 256 * 1024;

/// Told how many bytes of how many have been sent so far.
pub type ProgressFn = Arc<dyn Fn(u64, u64) + Send + Sync>;

type ChunkStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static>>;

/// One attempt's streamed body and its length when known.
pub struct BodyStream {
    pub(crate) chunks: ChunkStream,
    pub(crate) len: Option<u64>,
}

impl BodyStream {
    /// A body made of the chunks `stream` yields; `len` (when known) is sent
    /// as `Content-Length`.
    ///
    /// ```no_run
    /// use auth_core::http::BodyStream;
    /// use bytes::Bytes;
    ///
    /// let chunks = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"hello"))]);
    /// let body = BodyStream::from_stream(chunks, Some(5));
    /// # let _ = body;
    /// ```
    pub fn from_stream<S>(stream: S, len: Option<u64>) -> Self
    where
        S: Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static,
    {
        Self {
            chunks: Box::pin(stream),
            len,
        }
    }

    /// A body read from `reader` in [`UPLOAD_CHUNK_SIZE`] chunks; `progress`
    /// (if any) is told `(sent, len)` after each chunk.
    ///
    /// ```no_run
    /// use auth_core::http::BodyStream;
    ///
    /// # async fn run() -> std::io::Result<()> {
    /// let file = tokio::fs::File::open("audio.wav").await?;
    /// let len = file.metadata().await?.len();
    /// let body = BodyStream::from_reader(file, Some(len), None);
    /// # let _ = body; Ok(()) }
    /// ```
    pub fn from_reader<R>(reader: R, len: Option<u64>, progress: Option<ProgressFn>) -> Self
    where
        R: tokio::io::AsyncRead + Send + Sync + 'static,
    {
        let total = len.unwrap_or(0);
        let on_chunk: Option<Arc<dyn Fn(u64) + Send + Sync>> = progress.map(|p| {
            let f: Arc<dyn Fn(u64) + Send + Sync> = Arc::new(move |sent| p(sent, total));
            f
        });
        Self::from_stream(reader_stream(reader, on_chunk), len)
    }

    /// The length, when known.
    ///
    /// ```no_run
    /// # let body = auth_core::http::BodyStream::from_stream(futures::stream::empty(), Some(0));
    /// assert_eq!(body.len(), Some(0));
    /// ```
    pub fn len(&self) -> Option<u64> {
        self.len
    }

    /// Whether the body is known to be empty.
    ///
    /// ```no_run
    /// # let body = auth_core::http::BodyStream::from_stream(futures::stream::empty(), Some(0));
    /// assert!(body.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == Some(0)
    }
}

impl fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyStream")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// Produces a fresh streaming body for each attempt (a file is reopened),
/// so streamed uploads can be retried too.
pub trait BodySource: Send + Sync + fmt::Debug {
    /// Opens the body for one attempt.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the source cannot be read (a missing file).
    fn open(&self) -> BoxFuture<'static, Result<BodyStream>>;
}

/// A file streamed from disk (never read whole into memory), reopened for
/// each attempt, sent with its `Content-Length`, optionally reporting
/// progress.
#[derive(Clone)]
pub struct FileSource {
    path: PathBuf,
    progress: Option<ProgressFn>,
}

impl fmt::Debug for FileSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileSource")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl FileSource {
    /// A body read from `path`.
    ///
    /// ```no_run
    /// use auth_core::http::FileSource;
    /// let source = FileSource::new("reports/Q2.pdf");
    /// # let _ = source;
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            progress: None,
        }
    }

    /// Calls `progress(sent, total)` as the file is sent.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use auth_core::http::FileSource;
    /// let source = FileSource::new("audio.wav")
    ///     .with_progress(Arc::new(|sent, total| eprintln!("{sent}/{total}")));
    /// # let _ = source;
    /// ```
    pub fn with_progress(mut self, progress: ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The file's path.
    ///
    /// ```no_run
    /// # let source = auth_core::http::FileSource::new("a.pdf");
    /// assert_eq!(source.path(), std::path::Path::new("a.pdf"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl BodySource for FileSource {
    fn open(&self) -> BoxFuture<'static, Result<BodyStream>> {
        let path = self.path.clone();
        let progress = self.progress.clone();
        Box::pin(async move {
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| Error::InvalidInput(format!("cannot open {}: {e}", path.display())))?;
            let len = file
                .metadata()
                .await
                .map_err(|e| Error::InvalidInput(format!("cannot read {}: {e}", path.display())))?
                .len();
            Ok(BodyStream::from_reader(file, Some(len), progress))
        })
    }
}

/// Reads `reader` as a stream of chunks of at most [`UPLOAD_CHUNK_SIZE`]
/// bytes, calling `on_chunk(bytes_so_far)` after each.
///
/// ```no_run
/// use futures::StreamExt;
///
/// # async fn run() -> std::io::Result<()> {
/// let file = tokio::fs::File::open("audio.wav").await?;
/// let mut chunks = Box::pin(auth_core::http::reader_stream(file, None));
/// while let Some(chunk) = chunks.next().await {
///     println!("{} bytes", chunk?.len());
/// }
/// # Ok(()) }
/// ```
pub fn reader_stream<R>(
    reader: R,
    on_chunk: Option<Arc<dyn Fn(u64) + Send + Sync>>,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + Sync + 'static
where
    R: tokio::io::AsyncRead + Send + Sync + 'static,
{
    use tokio::io::AsyncReadExt;
    futures::stream::try_unfold(
        (Box::pin(reader), 0u64, BytesMut::new()),
        move |(mut reader, sent, mut buf)| {
            let on_chunk = on_chunk.clone();
            async move {
                // One allocation per chunk, filled by as many reads as the
                // reader needs; the chunk is handed over without a copy.
                buf.reserve(UPLOAD_CHUNK_SIZE);
                while buf.len() < UPLOAD_CHUNK_SIZE {
                    if reader.read_buf(&mut buf).await? == 0 {
                        break;
                    }
                }
                if buf.is_empty() {
                    return Ok(None);
                }
                let chunk = buf.split().freeze();
                let sent = sent + chunk.len() as u64;
                if let Some(f) = &on_chunk {
                    f(sent);
                }
                Ok(Some((chunk, (reader, sent, buf))))
            }
        },
    )
}

/// An in-memory body sent as a stream (cheap to resend: the bytes are
/// shared), optionally reporting progress once it is handed over.
#[derive(Clone)]
pub struct MemorySource {
    data: Bytes,
    progress: Option<ProgressFn>,
}

impl MemorySource {
    /// A body of `data`.
    ///
    /// ```no_run
    /// let source = auth_core::http::MemorySource::new(bytes::Bytes::from_static(b"%PDF-1.7"));
    /// # let _ = source;
    /// ```
    pub fn new(data: impl Into<Bytes>) -> Self {
        Self {
            data: data.into(),
            progress: None,
        }
    }

    /// Calls `progress(sent, total)` as the body is sent.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// let source = auth_core::http::MemorySource::new(vec![0u8; 10])
    ///     .with_progress(Arc::new(|sent, total| eprintln!("{sent}/{total}")));
    /// # let _ = source;
    /// ```
    pub fn with_progress(mut self, progress: ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }
}

impl fmt::Debug for MemorySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MemorySource({} bytes)", self.data.len())
    }
}

impl BodySource for MemorySource {
    fn open(&self) -> BoxFuture<'static, Result<BodyStream>> {
        let data = self.data.clone();
        let progress = self.progress.clone();
        Box::pin(async move {
            let len = data.len() as u64;
            if let Some(p) = progress {
                p(len, len);
            }
            Ok(BodyStream::from_stream(
                futures::stream::iter([Ok(data)]),
                Some(len),
            ))
        })
    }
}

/// A body read once from an `AsyncRead` of known length. A reader can be
/// read only once, so a second attempt fails with a clear error (upload
/// from a file to allow retries).
pub struct ReaderSource {
    body: std::sync::Mutex<Option<BodyStream>>,
    length: u64,
}

impl ReaderSource {
    /// A body of the `length` bytes `reader` yields.
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// let file = tokio::fs::File::open("audio.wav").await?;
    /// let len = file.metadata().await?.len();
    /// let source = auth_core::http::ReaderSource::new(file, len, None);
    /// # let _ = source; Ok(()) }
    /// ```
    pub fn new<R>(reader: R, length: u64, progress: Option<ProgressFn>) -> Self
    where
        R: tokio::io::AsyncRead + Send + Sync + 'static,
    {
        Self {
            body: std::sync::Mutex::new(Some(BodyStream::from_reader(
                reader,
                Some(length),
                progress,
            ))),
            length,
        }
    }
}

impl fmt::Debug for ReaderSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReaderSource({} bytes)", self.length)
    }
}

impl BodySource for ReaderSource {
    fn open(&self) -> BoxFuture<'static, Result<BodyStream>> {
        let body = self
            .body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        Box::pin(async move {
            body.ok_or_else(|| {
                Error::InvalidInput(
                    "a reader body can be sent only once; upload from a file to allow retries"
                        .into(),
                )
            })
        })
    }
}
