//! Write bodies: a resource to create or update, with `included`
//! children, encoded in the JSON:API media type.

use auth_core::http::ApiRequest;
use http::HeaderValue;
use serde::Serialize;
use serde_json::Value;

use super::MEDIA_TYPE;
use crate::error::Result;

/// A resource to create or update: `{"data":{"type","id"?,"attributes"},
/// "included"?}`.
#[derive(Debug, Clone, Serialize)]
pub struct NewResource<A> {
    data: NewData<A>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    included: Vec<IncludedResource>,
}

#[derive(Debug, Clone, Serialize)]
struct NewData<A> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    attributes: A,
}

/// A child resource sent in a write's top-level `included` array (inventory
/// cells of a new item).
#[derive(Debug, Clone, Serialize)]
pub struct IncludedResource {
    #[serde(rename = "type")]
    kind: String,
    attributes: Value,
}

impl IncludedResource {
    /// A child of this type with these attributes.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// let cell = scinote::jsonapi::IncludedResource::new("inventory_cells", serde_json::json!({"column_id": 1, "value": "A1"}));
    /// # let _ = cell;
    /// # }
    /// ```
    pub fn new(kind: impl Into<String>, attributes: Value) -> Self {
        Self {
            kind: kind.into(),
            attributes,
        }
    }
}

impl<A: Serialize> NewResource<A> {
    /// A creation body.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// let body = scinote::jsonapi::NewResource::create("projects", serde_json::json!({"name": "Assay"}));
    /// # let _ = body;
    /// # }
    /// ```
    pub fn create(kind: impl Into<String>, attributes: A) -> Self {
        Self {
            data: NewData {
                kind: kind.into(),
                id: None,
                attributes,
            },
            included: Vec::new(),
        }
    }

    /// An update body: SciNote refuses a `data.id` different from the URL's.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// let body = scinote::jsonapi::NewResource::update("projects", "5", serde_json::json!({"archived": true}));
    /// # let _ = body;
    /// # }
    /// ```
    pub fn update(kind: impl Into<String>, id: impl Into<String>, attributes: A) -> Self {
        Self {
            data: NewData {
                kind: kind.into(),
                id: Some(id.into()),
                attributes,
            },
            included: Vec::new(),
        }
    }

    /// Adds children in the top-level `included` array.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// use scinote::jsonapi::{IncludedResource, NewResource};
    /// let body = NewResource::create("inventory_items", serde_json::json!({"name": "Buffer"}))
    ///     .with_included([IncludedResource::new("inventory_cells", serde_json::json!({"column_id": 1, "value": "A1"}))]);
    /// # let _ = body;
    /// # }
    /// ```
    pub fn with_included(mut self, included: impl IntoIterator<Item = IncludedResource>) -> Self {
        self.included.extend(included);
        self
    }
}

/// Puts a write body on a request, in the JSON:API media type.
pub(crate) fn json_api_body(req: ApiRequest, body: &impl Serialize) -> Result<ApiRequest> {
    let data = serde_json::to_vec(body).map_err(|e| {
        auth_core::Error::InvalidInput(format!("cannot encode the request body: {e}"))
    })?;
    Ok(req.bytes(data, HeaderValue::from_static(MEDIA_TYPE)))
}
