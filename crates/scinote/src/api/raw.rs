//! A raw JSON:API request for routes this crate does not wrap yet, sent
//! through the same auth, retries and rate limiting as every other call.

use auth_core::http::ApiRequest;
use http::{HeaderValue, Method};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::SciNoteClient;
use crate::error::Result;
use crate::jsonapi::{Document, MEDIA_TYPE};
use crate::pagination::List;

/// A request to any path of the server (`api/v1/...`, `api/v2/...`): add
/// query parameters and a JSON:API body, then [`send`](Self::send) it for a
/// typed answer, [`document`](Self::document) for an untyped one, or page
/// through a listing with [`into_list`](Self::into_list).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent"]
pub struct RawRequest {
    client: SciNoteClient,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl SciNoteClient {
    /// Starts a raw request to `path`, relative to the server URL
    /// (`api/v1/teams/1/projects`; a leading `/` is allowed). A path that
    /// names another server is refused when sent.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use http::Method;
    /// let doc = client
    ///     .request(Method::GET, "api/v1/teams/1/projects")
    ///     .query("filter[archived]", "false")
    ///     .document()
    ///     .await?;
    /// println!("{}", doc.data);
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RawRequest {
        RawRequest {
            client: self.clone(),
            method,
            path: path.into().trim_start_matches('/').to_owned(),
            query: Vec::new(),
            body: None,
        }
    }
}

impl RawRequest {
    /// Adds a query parameter.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let request = client.request(http::Method::GET, "api/v1/teams").query("page[size]", 5);
    /// # let _ = request; }
    /// ```
    pub fn query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Sets the JSON:API body (`{"data":{...}}`), sent as
    /// `application/vnd.api+json`; a [`NewResource`](crate::jsonapi::NewResource)
    /// or any serializable value.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when `body` cannot be encoded.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::jsonapi::NewResource;
    /// let request = client
    ///     .request(http::Method::POST, "api/v1/teams/1/project_folders")
    ///     .body(&NewResource::create("project_folders", serde_json::json!({"name": "2026"})))?;
    /// # let _ = request; Ok(()) }
    /// ```
    pub fn body(mut self, body: &impl Serialize) -> Result<Self> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            auth_core::Error::InvalidInput(format!("cannot encode the request body: {e}"))
        })?;
        self.body = Some(bytes);
        Ok(self)
    }

    fn build(self) -> Result<(SciNoteClient, ApiRequest)> {
        if self.path.contains("://") || self.path.starts_with('/') {
            return Err(auth_core::Error::InvalidInput(format!(
                "a raw request takes a path on the server, not `{}`",
                self.path
            ))
            .into());
        }
        let mut request = ApiRequest::new("raw_request", self.method, self.path);
        for (k, v) in self.query {
            request = request.query(k, v);
        }
        if let Some(body) = self.body {
            request = request.bytes(body, HeaderValue::from_static(MEDIA_TYPE));
        }
        Ok((self.client, request))
    }

    /// Sends the request and decodes the answer as `T` (a
    /// `Document<Resource<MyAttributes>>`, or any type).
    ///
    /// # Errors
    /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) on an error
    /// answer; [`auth_core::Error::Decode`] when the body is not a `T`;
    /// [`auth_core::Error::InvalidInput`] on a path naming another server.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::jsonapi::{Document, Resource};
    /// use scinote::models::TeamAttributes;
    /// let team: Document<Resource<TeamAttributes>> =
    ///     client.request(http::Method::GET, "api/v1/teams/1").send().await?;
    /// # let _ = team; Ok(()) }
    /// ```
    pub async fn send<T: DeserializeOwned>(self) -> Result<T> {
        let (client, request) = self.build()?;
        client.send_json(request).await
    }

    /// Sends the request and returns the untyped JSON:API document.
    ///
    /// # Errors
    /// As [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let doc = client.request(http::Method::GET, "api/v1/user_roles").document().await?;
    /// # let _ = doc; Ok(()) }
    /// ```
    pub async fn document(self) -> Result<Document<Value>> {
        self.send().await
    }

    /// Sends the request and ignores the body (deletions).
    ///
    /// # Errors
    /// As [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// client.request(http::Method::DELETE, "api/v1/teams/1/inventories/7").send_empty().await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_empty(self) -> Result<()> {
        let (client, request) = self.build()?;
        client.send(request).await?;
        Ok(())
    }

    /// A listing of this path (a `GET`), paged like every other listing;
    /// the query parameters given are kept.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let all = client
    ///     .request(http::Method::GET, "api/v1/teams/1/projects")
    ///     .into_list::<serde_json::Value>()
    ///     .page_size(100)
    ///     .all()
    ///     .await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn into_list<A: DeserializeOwned + Default + Send + 'static>(self) -> List<A> {
        let mut list = List::new(&self.client, "raw_list", self.path);
        for (k, v) in self.query {
            list = list.query(k, v);
        }
        list
    }
}
