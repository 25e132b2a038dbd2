//! `/api/health` and `/api/status`: no authentication needed.

use auth_core::http::ApiRequest;
use serde::Deserialize;

use crate::client::SciNoteClient;
use crate::error::Result;

/// What `/api/status` answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiStatus {
    /// `Ok`.
    #[serde(default)]
    pub message: String,
    /// The API versions switched on for this instance.
    #[serde(default)]
    pub versions: Vec<ApiVersion>,
}

impl ApiStatus {
    /// Whether this API version (`v1`) is switched on.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// let status: scinote::api::ApiStatus = serde_json::from_str(r#"{"message":"Ok","versions":[{"version":"v1","baseUrl":"/api/v1/"}]}"#).unwrap_or_else(|_| unreachable!());
    /// assert!(status.supports("v1"));
    /// # }
    /// ```
    pub fn supports(&self, version: &str) -> bool {
        self.versions.iter().any(|v| v.version == version)
    }
}

/// One enabled API version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiVersion {
    /// `v1`, `v2`.
    pub version: String,
    /// Its base path (`/api/v1/`).
    #[serde(rename = "baseUrl", default)]
    pub base_url: String,
}

impl SciNoteClient {
    /// `GET /api/health`: the body (`RUNNING`) when the server is up.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): the errors of any call; no token is needed.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let body = client.health().await?;
    /// assert_eq!(body, "RUNNING");
    /// # Ok(()) }
    /// ```
    pub async fn health(&self) -> Result<String> {
        let resp = self
            .send_unauthenticated(ApiRequest::get("health", "api/health"))
            .await?;
        Ok(String::from_utf8_lossy(resp.body()).trim().to_owned())
    }

    /// `GET /api/status`: which API versions this instance has switched on
    /// (the routes of a disabled version answer 404).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): the errors of any call; no token is needed.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let v2 = client.status().await?.supports("v2");
    /// # let _ = v2;
    /// # Ok(()) }
    /// ```
    pub async fn status(&self) -> Result<ApiStatus> {
        let resp = self
            .send_unauthenticated(ApiRequest::get("status", "api/status"))
            .await?;
        Ok(resp.json()?)
    }
}
