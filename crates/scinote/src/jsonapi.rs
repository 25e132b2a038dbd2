//! The JSON:API layer SciNote's v1 API speaks: documents, resources with
//! string ids, relationships, `included` lookup, links, and write bodies.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The media type of JSON:API request bodies.
pub const MEDIA_TYPE: &str = "application/vnd.api+json";

/// A JSON:API top-level document: `data` (one resource or a list), the
/// `included` related resources and the `links`.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Document<T> {
    /// The primary data.
    pub data: T,
    /// Related resources sent along (`?include=`).
    #[serde(default)]
    pub included: Vec<Resource<Value>>,
    /// Pagination and self links.
    #[serde(default)]
    pub links: Links,
    /// Non-standard meta information.
    #[serde(default)]
    pub meta: Option<Value>,
}

impl<T> Document<T> {
    /// The included resource of this type and id, if the server sent it.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// # let doc: scinote::jsonapi::Document<()> = unimplemented!();
    /// let user = doc.find_included("users", "7");
    /// # let _ = user;
    /// # }
    /// ```
    pub fn find_included(&self, kind: &str, id: &str) -> Option<&Resource<Value>> {
        self.included.iter().find(|r| r.kind == kind && r.id == id)
    }

    /// The included resources a relationship points to, in order; ids the
    /// server did not include are skipped.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// # let doc: scinote::jsonapi::Document<scinote::jsonapi::Resource<serde_json::Value>> = unimplemented!();
    /// if let Some(rel) = doc.data.relationship("supervised_by") {
    ///     println!("{:?}", doc.resolve(rel));
    /// }
    /// # }
    /// ```
    pub fn resolve(&self, relationship: &Relationship) -> Vec<&Resource<Value>> {
        relationship
            .ids()
            .iter()
            .filter_map(|r| self.find_included(&r.kind, &r.id))
            .collect()
    }

    /// The included resources of one type, with typed attributes.
    ///
    /// # Errors
    /// A [`serde_json::Error`] when an included resource does not fit `A`.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// # let doc: scinote::jsonapi::Document<()> = unimplemented!();
    /// let users = doc.included_of::<scinote::models::UserAttributes>("users");
    /// # let _ = users;
    /// # }
    /// ```
    pub fn included_of<A: DeserializeOwned>(
        &self,
        kind: &str,
    ) -> Result<Vec<Resource<A>>, serde_json::Error> {
        self.included
            .iter()
            .filter(|r| r.kind == kind)
            .map(Resource::<Value>::typed)
            .collect()
    }
}

/// One resource: a string id, a type, its attributes and relationships.
///
/// Attributes SciNote adds in later versions are tolerated: typed attribute
/// structs keep unknown fields in an `extra` map, or use
/// [`serde_json::Value`] for full freedom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "A: Deserialize<'de> + Default"))]
#[non_exhaustive]
pub struct Resource<A> {
    /// The id (always a string in JSON:API).
    pub id: String,
    /// The type (`projects`, `inventory_items`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The attributes.
    #[serde(default)]
    pub attributes: A,
    /// The relationships, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub relationships: BTreeMap<String, Relationship>,
    /// The resource's own links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

impl Resource<Value> {
    /// The same resource with typed attributes.
    ///
    /// # Errors
    /// A [`serde_json::Error`] when the attributes do not fit `A`.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// # let raw: scinote::jsonapi::Resource<serde_json::Value> = unimplemented!();
    /// let team = raw.typed::<scinote::models::TeamAttributes>();
    /// # let _ = team;
    /// # }
    /// ```
    pub fn typed<A: DeserializeOwned>(&self) -> Result<Resource<A>, serde_json::Error> {
        Ok(Resource {
            id: self.id.clone(),
            kind: self.kind.clone(),
            attributes: serde_json::from_value(self.attributes.clone())?,
            relationships: self.relationships.clone(),
            links: self.links.clone(),
        })
    }
}

impl<A> Resource<A> {
    /// A relationship by name.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// # let r: scinote::jsonapi::Resource<serde_json::Value> = unimplemented!();
    /// let rel = r.relationship("created_by");
    /// # let _ = rel;
    /// # }
    /// ```
    pub fn relationship(&self, name: &str) -> Option<&Relationship> {
        self.relationships.get(name)
    }

    /// The id of a to-one relationship (`created_by` → the user's id).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// # let r: scinote::jsonapi::Resource<serde_json::Value> = unimplemented!();
    /// let user_id = r.related_id("created_by");
    /// # let _ = user_id;
    /// # }
    /// ```
    pub fn related_id(&self, name: &str) -> Option<&str> {
        self.relationship(name)
            .and_then(|r| r.ids().first().map(|i| i.id.as_str()))
    }
}

/// A resource's pointer to others.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Relationship {
    /// The related resources' identifiers (absent when not sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<RelationshipData>,
    /// Links to the related resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

impl Relationship {
    /// The related identifiers, whether to-one or to-many.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// # let _ = &client;
    /// let rel = scinote::jsonapi::Relationship::default();
    /// assert!(rel.ids().is_empty());
    /// # }
    /// ```
    pub fn ids(&self) -> &[ResourceId] {
        match &self.data {
            Some(RelationshipData::One(Some(id))) => std::slice::from_ref(id),
            Some(RelationshipData::Many(ids)) => ids,
            _ => &[],
        }
    }
}

/// To-one (possibly `null`) or to-many relationship data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RelationshipData {
    /// A list of identifiers.
    Many(Vec<ResourceId>),
    /// One identifier, or `null`.
    One(Option<ResourceId>),
}

/// A resource identifier: type and id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceId {
    /// The id.
    pub id: String,
    /// The type.
    #[serde(rename = "type")]
    pub kind: String,
}

/// JSON:API links; SciNote sends `self`, `first`, `prev`, `next`, `last`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Links {
    /// This page or resource.
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_: Option<String>,
    /// The first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    /// The previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// The next page; `None` (or `null`) on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
}

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

/// Fetches one resource (`GET`), with its `included` resources.
pub(crate) async fn get_one<A: serde::de::DeserializeOwned + Default>(
    client: &crate::client::SciNoteClient,
    request: auth_core::http::ApiRequest,
) -> crate::error::Result<Document<Resource<A>>> {
    client.send_json(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    struct Attrs {
        name: Option<String>,
    }

    #[test]
    fn documents_resolve_included_and_tolerate_unknown_attributes() {
        let doc: Document<Vec<Resource<Attrs>>> = serde_json::from_value(json!({
            "data": [{"id": "1", "type": "projects",
                      "attributes": {"name": "P", "brand_new": 1},
                      "relationships": {"supervised_by": {"data": {"id": "7", "type": "users"}},
                                        "comments": {"data": []},
                                        "folder": {"data": null}}}],
            "included": [{"id": "7", "type": "users", "attributes": {"full_name": "Ann"}}],
            "links": {"self": "s", "next": null}
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let p = &doc.data[0];
        assert_eq!(p.attributes.name.as_deref(), Some("P"));
        assert_eq!(p.related_id("supervised_by"), Some("7"));
        assert_eq!(p.related_id("folder"), None);
        let rel = p.relationship("supervised_by").cloned().unwrap_or_default();
        assert_eq!(doc.resolve(&rel)[0].attributes["full_name"], "Ann");
        assert_eq!(doc.links.next, None);
    }

    #[test]
    fn writes_carry_type_and_id_on_update() {
        let body = serde_json::to_value(NewResource::update("projects", "5", json!({"name": "x"})))
            .unwrap_or_default();
        assert_eq!(
            body,
            json!({"data": {"type": "projects", "id": "5", "attributes": {"name": "x"}}})
        );
        let body = serde_json::to_value(
            NewResource::create("inventory_items", json!({"name": "i"})).with_included([
                IncludedResource::new("inventory_cells", json!({"column_id": 1, "value": "v"})),
            ]),
        )
        .unwrap_or_default();
        assert_eq!(body["included"][0]["type"], "inventory_cells");
        assert!(body["data"].get("id").is_none());
    }
}
