//! MI tasks: list, get, delete, submit (presigned upload), wait, fetch the
//! model, consolidate.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use auth_core::PollPolicy;
use auth_core::http::{ApiRequest, BodySource, FileSource, MemorySource, encode_segment};
use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use super::client::{MiClient, SubmitOptions};
use super::models::{FileType, FundPerformanceModel, MiTask, Model, TaskStatus};
use crate::error::{Result, ScribeError};

#[derive(Deserialize)]
struct TaskList {
    tasks: Vec<MiTask>,
}

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

#[derive(Deserialize)]
struct Consolidated {
    model: FundPerformanceModel,
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

fn invalid(msg: String) -> ScribeError {
    auth_core::Error::InvalidInput(msg).into()
}

impl MiClient {
    fn task_path(jobid: &str) -> String {
        format!("tasks/{}", encode_segment(jobid))
    }

    /// `GET /tasks`: every task, optionally of one company.
    pub async fn list_tasks(&self, company: Option<&str>) -> Result<Vec<MiTask>> {
        let req = ApiRequest::get("list_tasks", "tasks")
            .query("includePresigned", "true")
            .query_opt("company", company);
        let list: TaskList = self.inner.http.send_json(req, self.api_auth()).await?;
        Ok(list.tasks)
    }

    /// `GET /tasks/{jobid}`.
    pub async fn get_task(&self, jobid: &str) -> Result<MiTask> {
        let req = ApiRequest::get("get_task", Self::task_path(jobid));
        Ok(self.inner.http.send_json(req, self.api_auth()).await?)
    }

    /// `DELETE /tasks/{jobid}`.
    pub async fn delete_task(&self, jobid: &str) -> Result<()> {
        let req = ApiRequest::delete("delete_task", Self::task_path(jobid));
        self.inner.http.send(req, self.api_auth()).await?;
        Ok(())
    }

    /// Submits a document: checks its type first, registers the task
    /// (`POST /tasks` with the base name and MD5), then uploads it to the
    /// presigned URL with `Content-MD5`. Returns the job id.
    pub async fn submit_task(
        &self,
        document: Document<'_>,
        options: SubmitOptions,
    ) -> Result<String> {
        let (filename, source, md5, len): (String, Arc<dyn BodySource>, [u8; 16], u64) =
            match document {
                Document::Path(path) => {
                    let name = match &options.filename {
                        Some(n) => n.clone(),
                        None => base_name(path)?,
                    };
                    let (md5, len) = file_md5(path).await?;
                    let mut source = FileSource::new(path);
                    if let Some(p) = &options.progress {
                        source = source.with_progress(Arc::clone(p));
                    }
                    (name, Arc::new(source), md5, len)
                }
                Document::Bytes { data, filename } => {
                    let name = options.filename.clone().unwrap_or(filename);
                    let md5: [u8; 16] = Md5::digest(&data).into();
                    let len = data.len() as u64;
                    (
                        name,
                        Arc::new(match &options.progress {
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
        let filetype = match options.filetype {
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
            companyname: options.company.as_deref(),
            md5checksum: &md5_b64,
        };
        let req = ApiRequest::post("submit_task", "tasks").json(&body)?;
        let submitted: Submitted = self.inner.http.send_json(req, self.api_auth()).await?;
        let url = url::Url::parse(&submitted.url)
            .map_err(|e| invalid(format!("the MI API returned an invalid upload URL: {e}")))?;
        let content_md5 = HeaderValue::from_str(&md5_b64).map_err(|e| invalid(e.to_string()))?;
        let upload = ApiRequest::to_url("upload_document", Method::PUT, url)
            .header(HeaderName::from_static("content-md5"), content_md5)
            .stream(source, HeaderValue::from_static("application/octet-stream"))
            .timeout(Duration::from_secs(3600));
        tracing::debug!(bytes = len, "uploading document");
        self.inner.http.send_unauthenticated(upload).await?;
        Ok(submitted.jobid)
    }

    /// Polls the task with the client's default policy until it succeeds.
    pub async fn wait_for_task(&self, jobid: &str) -> Result<MiTask> {
        let policy = self.inner.poll.clone();
        self.wait_for_task_with(jobid, &policy).await
    }

    /// Like [`wait_for_task`](Self::wait_for_task) with an explicit policy.
    /// A failed or deleted task is [`ScribeError::TaskFailed`].
    pub async fn wait_for_task_with(&self, jobid: &str, policy: &PollPolicy) -> Result<MiTask> {
        let operation = format!("waiting for MI task {jobid}");
        auth_core::poll(self.clock(), policy, &operation, || async {
            let task = self.get_task(jobid).await?;
            match task.status {
                TaskStatus::Success => Ok(Some(task)),
                TaskStatus::Failed | TaskStatus::Deleted => Err(ScribeError::TaskFailed {
                    jobid: jobid.to_owned(),
                    status: task.status.to_string(),
                }),
                _ => Ok(None),
            }
        })
        .await
    }

    /// Downloads a processed task's model from its presigned URL, checks it
    /// against the MD5 the storage announces (ETag) and decodes it.
    pub async fn fetch_model(&self, task: &MiTask) -> Result<Model> {
        let url = task.model_url.as_deref().ok_or_else(|| {
            invalid(format!(
                "task {} has no model URL (is it processed?)",
                task.jobid
            ))
        })?;
        let url = url::Url::parse(url).map_err(|e| invalid(format!("invalid model URL: {e}")))?;
        let response = self
            .inner
            .http
            .send_unauthenticated(ApiRequest::to_url("fetch_model", Method::GET, url))
            .await?;
        // A single-part upload's ETag is the hex MD5 of the object; a
        // multipart or KMS ETag is not, and cannot be checked this way.
        if let Some(etag) = response.headers().get("etag").and_then(|v| v.to_str().ok()) {
            let etag = etag.trim_matches('"').to_ascii_lowercase();
            if etag.len() == 32 && etag.chars().all(|c| c.is_ascii_hexdigit()) {
                let actual = hex::encode(Md5::digest(response.body()));
                if actual != etag {
                    return Err(ScribeError::ChecksumMismatch {
                        expected: etag,
                        actual,
                    });
                }
            }
        }
        let json: serde_json::Value = response.json()?;
        Ok(Model::from_json(json))
    }

    /// One fund performance model from several tasks: `GET
    /// /fundportfolio?jobids=a;b;c` on v1, `GET /fund-portfolio?jobids=a;b;c`
    /// on v2.
    pub async fn consolidate_tasks(&self, jobids: &[&str]) -> Result<FundPerformanceModel> {
        if jobids.is_empty() {
            return Err(invalid(
                "consolidate_tasks needs at least one job id".into(),
            ));
        }
        let req = ApiRequest::get(
            "consolidate_tasks",
            self.api_version().fund_portfolio_path(),
        )
        .query("jobids", jobids.join(";"));
        let out: Consolidated = self.inner.http.send_json(req, self.api_auth()).await?;
        Ok(out.model)
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
/// [`ScribeError`] (invalid input) when the file cannot be opened or read.
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

fn md5_of_file_blocking(path: &Path) -> Result<([u8; 16], u64)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)
        .map_err(|e| invalid(format!("cannot open {}: {e}", path.display())))?;
    let mut hasher = Md5::new();
    let mut buf = vec![0u8; 1024 * 1024];
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(invalid(format!("cannot read {}: {e}", path.display()))),
        };
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    Ok((hasher.finalize().into(), len))
}
