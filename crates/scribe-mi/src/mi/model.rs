//! Downloading a processed task's model, checked against its MD5.

use auth_core::http::ApiRequest;
use http::Method;
use md5::{Digest, Md5};

use super::client::MiClient;
use super::models::{MiTask, Model};
use super::tasks::invalid;
use crate::error::{Result, ScribeError};

impl MiClient {
    /// Downloads a processed task's model from its presigned URL, checks it
    /// against the MD5 the storage announces (ETag) and decodes it.
    ///
    /// # Errors
    /// [`ScribeError::ChecksumMismatch`] when the download does not match
    /// its ETag; [`ScribeError::Core`] with [`auth_core::Error::InvalidInput`]
    /// when the task has no (valid) model URL, or with the storage's errors
    /// ([`auth_core::Error::Api`], transport failures, timeouts,
    /// [`auth_core::Error::Decode`] for a body that is not JSON).
    ///
    /// ```no_run
    /// # async fn run(client: scribe_mi::MiClient) -> scribe_mi::Result<()> {
    /// let task = client.wait_for_task("a1b2").send().await?;
    /// if let scribe_mi::mi::Model::Financials(model) = client.fetch_model(&task).await? {
    ///     println!("{} items", model.items.len());
    /// }
    /// # Ok(()) }
    /// ```
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
}
