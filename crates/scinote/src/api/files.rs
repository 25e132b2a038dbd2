//! File uploads (multipart, streamed from disk or a reader, never read
//! whole) and downloads (in bounded ranges, written as they arrive).

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use auth_core::http::{ApiRequest, BodySource, BodyStream, ProgressFn, reader_stream};
use bytes::Bytes;
use futures::StreamExt;
use futures::future::BoxFuture;
use http::{HeaderValue, Method, StatusCode};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};

use crate::client::SciNoteClient;
use crate::error::Result;

/// How many bytes one download request asks for (`Range`), so a download
/// holds at most this much in memory.
pub const DOWNLOAD_CHUNK_SIZE: u64 = 4 * 1024 * 1024;

type BoxedReader = Box<dyn AsyncRead + Send + Sync + Unpin>;

enum Origin {
    File(PathBuf),
    Reader(Mutex<Option<BoxedReader>>, u64),
}

/// A file to upload: from disk (reopened on a retry) or from a reader of
/// known length (sent once), with its name, content type and an optional
/// progress callback.
pub struct Upload {
    origin: Origin,
    file_name: String,
    content_type: String,
    progress: Option<ProgressFn>,
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish_non_exhaustive()
    }
}

impl Upload {
    /// A file on disk, named after its last path component.
    ///
    /// ```no_run
    /// let upload = scinote::api::Upload::file("gel.png");
    /// # let _ = upload;
    /// ```
    pub fn file(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path
            .file_name()
            .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
        Self {
            origin: Origin::File(path),
            file_name,
            content_type: "application/octet-stream".to_owned(),
            progress: None,
        }
    }

    /// `length` bytes read from `reader` (it can be sent only once, so a
    /// failed attempt is not retried).
    ///
    /// ```no_run
    /// # async fn run() -> std::io::Result<()> {
    /// let file = tokio::fs::File::open("gel.png").await?;
    /// let len = file.metadata().await?.len();
    /// let upload = scinote::api::Upload::reader(file, len, "gel.png");
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn reader(
        reader: impl AsyncRead + Send + Sync + Unpin + 'static,
        length: u64,
        file_name: impl Into<String>,
    ) -> Self {
        Self {
            origin: Origin::Reader(Mutex::new(Some(Box::new(reader))), length),
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            progress: None,
        }
    }

    /// Sets the file name SciNote shows.
    ///
    /// ```no_run
    /// let upload = scinote::api::Upload::file("a.bin").file_name("raw-data.bin");
    /// # let _ = upload;
    /// ```
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Sets the content type (default `application/octet-stream`).
    ///
    /// ```no_run
    /// let upload = scinote::api::Upload::file("gel.png").content_type("image/png");
    /// # let _ = upload;
    /// ```
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// Calls `progress(sent, total)` with the file's bytes sent so far.
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// let upload = scinote::api::Upload::file("gel.png")
    ///     .progress(Arc::new(|sent, total| eprintln!("{sent}/{total}")));
    /// # let _ = upload;
    /// ```
    pub fn progress(mut self, progress: ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }

    /// A multipart body with `fields` first, then this file as `file_field`.
    pub(crate) fn into_multipart(
        self,
        fields: &[(&str, &str)],
        file_field: &str,
    ) -> (Arc<dyn BodySource>, HeaderValue) {
        let boundary = format!(
            "scinote-rs-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        let mut head = String::new();
        for (name, value) in fields {
            head.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{value}\r\n",
                quote(name)
            ));
        }
        head.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
            quote(file_field),
            quote(&self.file_name),
            self.content_type.replace(['\r', '\n'], "")
        ));
        let tail = format!("\r\n--{boundary}--\r\n");
        let content_type =
            HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
        let source = MultipartSource {
            head: Bytes::from(head),
            tail: Bytes::from(tail),
            origin: Arc::new(self.origin),
            progress: self.progress,
        };
        (Arc::new(source), content_type)
    }
}

fn quote(s: &str) -> String {
    s.replace(['"', '\r', '\n'], "_")
}

struct MultipartSource {
    head: Bytes,
    tail: Bytes,
    origin: Arc<Origin>,
    progress: Option<ProgressFn>,
}

impl fmt::Debug for MultipartSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MultipartSource").finish_non_exhaustive()
    }
}

impl BodySource for MultipartSource {
    fn open(&self) -> BoxFuture<'static, auth_core::Result<BodyStream>> {
        let head = self.head.clone();
        let tail = self.tail.clone();
        let origin = self.origin.clone();
        let progress = self.progress.clone();
        Box::pin(async move {
            let (reader, len): (BoxedReader, u64) = match &*origin {
                Origin::File(path) => {
                    let file = tokio::fs::File::open(path).await.map_err(|e| {
                        auth_core::Error::InvalidInput(format!(
                            "cannot open {}: {e}",
                            path.display()
                        ))
                    })?;
                    let len = file
                        .metadata()
                        .await
                        .map_err(|e| {
                            auth_core::Error::InvalidInput(format!(
                                "cannot read {}: {e}",
                                path.display()
                            ))
                        })?
                        .len();
                    (Box::new(file), len)
                }
                Origin::Reader(reader, len) => {
                    let reader = reader
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .take()
                        .ok_or_else(|| {
                            auth_core::Error::InvalidInput(
                                "a reader upload can be sent only once; upload from a file to allow retries"
                                    .into(),
                            )
                        })?;
                    (reader, *len)
                }
            };
            let on_chunk: Option<Arc<dyn Fn(u64) + Send + Sync>> = progress.map(|p| {
                let f: Arc<dyn Fn(u64) + Send + Sync> = Arc::new(move |sent| p(sent, len));
                f
            });
            let total = head.len() as u64 + len + tail.len() as u64;
            let chunks = futures::stream::iter([Ok(head)])
                .chain(reader_stream(reader, on_chunk))
                .chain(futures::stream::iter([Ok(tail)]));
            Ok(BodyStream::from_stream(chunks, Some(total)))
        })
    }
}

/// Sends a multipart upload and decodes the JSON answer.
pub(crate) async fn send_upload<T: serde::de::DeserializeOwned>(
    client: &SciNoteClient,
    operation: &'static str,
    path: String,
    upload: Upload,
    fields: &[(&str, &str)],
    file_field: &str,
) -> Result<T> {
    let (source, content_type) = upload.into_multipart(fields, file_field);
    let request = ApiRequest::post(operation, path).stream(source, content_type);
    client.send_json(request).await
}

impl SciNoteClient {
    /// Downloads `url` (an attachment's `file_url`) into `writer`, in
    /// [`DOWNLOAD_CHUNK_SIZE`] ranges, so memory stays bounded whatever the
    /// file's size; returns the number of bytes written. No credentials are
    /// sent: SciNote's file URLs are signed.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] on an invalid URL or a failed
    /// write; the HTTP errors of any call (a 404 for an unknown file).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient, url: &str) -> scinote::Result<()> {
    /// let mut file = tokio::fs::File::create("gel.png").await.map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let bytes = client.download(url, &mut file).await?;
    /// # let _ = bytes; Ok(()) }
    /// ```
    pub async fn download<W: AsyncWrite + Unpin + ?Sized>(
        &self,
        url: &str,
        writer: &mut W,
    ) -> Result<u64> {
        let url = self
            .server_url()
            .join(url)
            .map_err(|e| auth_core::Error::InvalidInput(format!("invalid file URL: {e}")))?;
        let write_err = |e: std::io::Error| {
            auth_core::Error::InvalidInput(format!("cannot write the download: {e}"))
        };
        let mut offset: u64 = 0;
        loop {
            let end = offset + DOWNLOAD_CHUNK_SIZE - 1;
            let request = ApiRequest::to_url("download", Method::GET, url.clone())
                .unauthenticated()
                .header(
                    http::header::RANGE,
                    HeaderValue::from_str(&format!("bytes={offset}-{end}"))
                        .unwrap_or_else(|_| HeaderValue::from_static("bytes=0-")),
                );
            let response = match self.send(request).await {
                Ok(r) => r,
                // An empty file has no byte 0 to ask for: S3 and others
                // answer 416.
                Err(e)
                    if offset == 0
                        && auth_core::ErrorMetadata::status(&e)
                            == Some(StatusCode::RANGE_NOT_SATISFIABLE) =>
                {
                    break;
                }
                Err(e) => return Err(e),
            };
            let body = response.body();
            writer.write_all(body).await.map_err(write_err)?;
            offset += body.len() as u64;
            // A server that ignores ranges sends the whole file at once.
            if response.status() != StatusCode::PARTIAL_CONTENT {
                break;
            }
            let total = response
                .headers()
                .get(http::header::CONTENT_RANGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit('/').next())
                .and_then(|t| t.parse::<u64>().ok());
            if body.is_empty() || total.is_none_or(|t| offset >= t) {
                break;
            }
        }
        writer.flush().await.map_err(write_err)?;
        Ok(offset)
    }

    /// Downloads `url` into a file at `path` (created or truncated), as
    /// [`download`](Self::download) does.
    ///
    /// # Errors
    /// As [`download`](Self::download), and when the file cannot be created.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient, url: &str) -> scinote::Result<()> {
    /// let bytes = client.download_to_file(url, "gel.png").await?;
    /// # let _ = bytes; Ok(()) }
    /// ```
    pub async fn download_to_file(
        &self,
        url: &str,
        path: impl AsRef<std::path::Path>,
    ) -> Result<u64> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(|e| {
            auth_core::Error::InvalidInput(format!("cannot create {}: {e}", path.display()))
        })?;
        self.download(url, &mut file).await
    }
}
