//! Submitting a document: register the task (`POST /tasks` with the base
//! name and MD5), then upload to the presigned URL with `Content-MD5`.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use auth_core::http::{ApiRequest, BodySource, FileSource, MemorySource, ProgressFn};
use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use super::client::MiClient;
use super::models::FileType;
use super::tasks::invalid;
use crate::error::Result;
use crate::ids::JobId;

#[derive(Serialize)]
struct NewTask<'a> {
    filetype: &'a str,
    filename: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    companyname: Option<&'a str>,
    md5checksum: &'a str,
}

#[derive(Deserialize)]
struct Submitted {
    jobid: String,
    url: String,
}

/// What to upload.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Document<'a> {
    /// A file on disk, streamed (never read whole into memory).
    Path(&'a Path),
    /// Bytes in memory, with the file name to send.
    Bytes {
        /// The content.
        data: Bytes,
        /// The file name to send (its extension gives the type).
        filename: String,
    },
}

/// A document submission, built by [`MiClient::submit_task`]: the type,
/// name and company are optional, and so is an upload progress callback.
#[must_use = "a request does nothing until `.send()`"]
pub struct SubmitTask<'a> {
    client: &'a MiClient,
    document: Document<'a>,
    filetype: Option<FileType>,
    filename: Option<String>,
    company: Option<String>,
    progress: Option<ProgressFn>,
}

impl fmt::Debug for SubmitTask<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubmitTask")
            .field("document", &self.document)
            .field("filetype", &self.filetype)
            .field("filename", &self.filename)
            .field("company", &self.company)
            .finish_non_exhaustive()
    }
}

impl<'a> SubmitTask<'a> {
    /// Sets the file type (default: from the file name's extension).
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::mi::{Document, FileType};
    /// let jobid = client
    ///     .submit_task(Document::Path("report".as_ref()))
    ///     .filetype(FileType::Pdf)
    ///     .send()
    ///     .await?;
    /// # let _ = jobid; Ok(()) }
    /// ```
    pub fn filetype(mut self, filetype: FileType) -> Self {
        self.filetype = Some(filetype);
        self
    }

    /// Sets the file name sent to Scribe (default: the path's base name).
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::mi::Document;
    /// let jobid = client
    ///     .submit_task(Document::Path("/tmp/upload-1234".as_ref()))
    ///     .filename("Q2 report.pdf")
    ///     .send()
    ///     .await?;
    /// # let _ = jobid; Ok(()) }
    /// ```
    pub fn filename(mut self, name: impl Into<String>) -> Self {
        self.filename = Some(name.into());
        self
    }

    /// Sets the company the document is about.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::mi::Document;
    /// let jobid = client
    ///     .submit_task(Document::Path("Q2.pdf".as_ref()))
    ///     .company("Acme")
    ///     .send()
    ///     .await?;
    /// # let _ = jobid; Ok(()) }
    /// ```
    pub fn company(mut self, company: impl Into<String>) -> Self {
        self.company = Some(company.into());
        self
    }

    /// Calls `progress(sent, total)` while the file uploads.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use std::sync::Arc;
    /// use scribe_mi::mi::Document;
    /// let jobid = client
    ///     .submit_task(Document::Path("Q2.pdf".as_ref()))
    ///     .progress(Arc::new(|sent, total| eprintln!("{sent}/{total:?}")))
    ///     .send()
    ///     .await?;
    /// # let _ = jobid; Ok(()) }
    /// ```
    pub fn progress(mut self, progress: ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Checks the document's type, registers the task, uploads the
    /// document; returns its job id.
    ///
    /// # Errors
    /// [`ScribeError::Core`](crate::ScribeError::Core) with
    /// [`auth_core::Error::InvalidInput`] for an unsupported file type, an
    /// unreadable file or an invalid upload URL; with the API's or the
    /// storage's errors ([`auth_core::Error::Api`],
    /// [`auth_core::Error::Unauthorized`], transport failures, timeouts);
    /// Cognito's errors when the credentials cannot be refreshed.
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::mi::Document;
    /// let jobid = client.submit_task(Document::Path("Q2.pdf".as_ref())).send().await?;
    /// println!("submitted {jobid}");
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<JobId> {
        let (filename, source, md5, len): (String, Arc<dyn BodySource>, [u8; 16], u64) =
            match self.document {
                Document::Path(path) => {
                    let name = match &self.filename {
                        Some(n) => n.clone(),
                        None => base_name(path)?,
                    };
                    let (md5, len) = file_md5(path).await?;
                    let mut source = FileSource::new(path);
                    if let Some(p) = &self.progress {
                        source = source.with_progress(Arc::clone(p));
                    }
                    (name, Arc::new(source), md5, len)
                }
                Document::Bytes { data, filename } => {
                    let name = self.filename.clone().unwrap_or(filename);
                    let md5: [u8; 16] = Md5::digest(&data).into();
                    let len = data.len() as u64;
                    (
                        name,
                        Arc::new(match &self.progress {
                            Some(p) => MemorySource::new(data).with_progress(Arc::clone(p)),
                            None => MemorySource::new(data),
                        }),
                        md5,
                        len,
                    )
                }
            };
        // Never send a local path as the file name.
        let filename = Path::new(&filename)
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
            .ok_or_else(|| invalid(format!("invalid file name `{filename}`")))?;
        let filetype = match self.filetype {
            Some(t) => t,
            None => {
                let ext = Path::new(&filename)
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or_default();
                FileType::from_extension(ext).ok_or_else(|| {
                    invalid(format!(
                        "unsupported file type `{ext}`: Scribe accepts {}",
                        FileType::ALL.map(FileType::as_str).join(", ")
                    ))
                })?
            }
        };
        let md5_b64 = base64::engine::general_purpose::STANDARD.encode(md5);
        let body = NewTask {
            filetype: filetype.as_str(),
            filename: &filename,
            companyname: self.company.as_deref(),
            md5checksum: &md5_b64,
        };
        let req = ApiRequest::post("submit_task", "tasks").json(&body)?;
        let submitted: Submitted = self
            .client
            .inner
            .http
            .send_json(req, self.client.api_auth())
            .await?;
        let url = url::Url::parse(&submitted.url)
            .map_err(|e| invalid(format!("the MI API returned an invalid upload URL: {e}")))?;
        let content_md5 = HeaderValue::from_str(&md5_b64).map_err(|e| invalid(e.to_string()))?;
        let upload = ApiRequest::to_url("upload_document", Method::PUT, url)
            .header(HeaderName::from_static("content-md5"), content_md5)
            .stream(source, HeaderValue::from_static("application/octet-stream"))
            .timeout(Duration::from_secs(3600));
        tracing::debug!(bytes = len, "uploading document");
        self.client.inner.http.send_unauthenticated(upload).await?;
        Ok(JobId::from(submitted.jobid))
    }
}

impl MiClient {
    /// Submits a document (a file, streamed, or bytes): set the options on
    /// the returned [`SubmitTask`], then [`SubmitTask::send`].
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// use scribe_mi::mi::Document;
    /// let jobid = client
    ///     .submit_task(Document::Path("reports/Q2.pdf".as_ref()))
    ///     .company("Acme")
    ///     .send()
    ///     .await?;
    /// # let _ = jobid; Ok(()) }
    /// ```
    pub fn submit_task<'a>(&'a self, document: Document<'a>) -> SubmitTask<'a> {
        SubmitTask {
            client: self,
            document,
            filetype: None,
            filename: None,
            company: None,
            progress: None,
        }
    }
}

fn base_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| invalid(format!("{} has no file name", path.display())))
}

/// The MD5 and length of the file at `path`, the checksum
/// [`MiClient::submit_task`] registers before uploading: read with 1 MiB
/// blocking reads on tokio's blocking pool (one thread, no per-chunk
/// hand-offs), so it runs at the speed of a plain read loop.
///
/// # Errors
/// [`ScribeError`](crate::ScribeError) (invalid input) when the file cannot be opened or read.
///
/// ```no_run
/// # async fn run() -> scribe_mi::Result<()> {
/// let (md5, len) = scribe_mi::mi::file_md5("Q2 report.pdf".as_ref()).await?;
/// println!("{len} bytes, md5 {md5:02x?}");
/// # Ok(()) }
/// ```
pub async fn file_md5(path: &Path) -> Result<([u8; 16], u64)> {
    let owned = path.to_path_buf();
    tokio::task::spawn_blocking(move || md5_of_file_blocking(&owned))
        .await
        .map_err(|e| invalid(format!("cannot read {}: {e}", path.display())))?
}

/// Reads and hashes at the same time: a reader thread fills 1 MiB buffers
/// while this one hashes the previous, so the read (a copy from the page
/// cache, or a wait on the disk) costs no time of its own. Two buffers
/// circulate: memory stays at 2 MiB whatever the file.
fn md5_of_file_blocking(path: &Path) -> Result<([u8; 16], u64)> {
    use std::io::Read;
    use std::sync::mpsc::sync_channel;
    const BUFFER: usize = 1024 * 1024;
    let mut file = std::fs::File::open(path)
        .map_err(|e| invalid(format!("cannot open {}: {e}", path.display())))?;
    let (full_tx, full_rx) = sync_channel::<std::io::Result<(Vec<u8>, usize)>>(2);
    let (empty_tx, empty_rx) = sync_channel::<Vec<u8>>(2);
    for _ in 0..2 {
        let _ = empty_tx.send(vec![0u8; BUFFER]);
    }
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // Ends when the file ends, on an error, or when the hasher hangs up.
            while let Ok(mut buf) = empty_rx.recv() {
                let read = loop {
                    match file.read(&mut buf) {
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        other => break other,
                    }
                };
                let done = !matches!(read, Ok(n) if n > 0);
                if full_tx.send(read.map(|n| (buf, n))).is_err() || done {
                    return;
                }
            }
        });
        let mut hasher = Md5::new();
        let mut len = 0u64;
        loop {
            match full_rx.recv() {
                Ok(Ok((_, 0))) | Err(_) => break,
                Ok(Ok((buf, n))) => {
                    hasher.update(&buf[..n]);
                    len += n as u64;
                    let _ = empty_tx.send(buf);
                }
                Ok(Err(e)) => {
                    return Err(invalid(format!("cannot read {}: {e}", path.display())));
                }
            }
        }
        Ok((hasher.finalize().into(), len))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_pipelined_md5_equals_the_md5_of_the_content_at_every_buffer_boundary() {
        let dir = std::env::temp_dir().join(format!("scribe-md5-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        for size in [
            0usize,
            1,
            1024 * 1024 - 1,
            1024 * 1024,
            2 * 1024 * 1024 + 512 * 1024,
        ] {
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let path = dir.join(format!("f{size}"));
            std::fs::write(&path, &data).expect("write");
            let (md5, len) = file_md5(&path).await.expect("hash");
            assert_eq!(len, size as u64);
            assert_eq!(md5, <[u8; 16]>::from(Md5::digest(&data)), "size {size}");
        }
        let missing = file_md5(&dir.join("missing")).await;
        assert!(missing.is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
