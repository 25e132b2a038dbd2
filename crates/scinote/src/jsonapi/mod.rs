//! The JSON:API layer SciNote's v1 API speaks: documents, resources with
//! string ids, relationships, `included` lookup, links, and write bodies.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The media type of JSON:API request bodies.
pub const MEDIA_TYPE: &str = "application/vnd.api+json";

mod write;

pub(crate) use write::json_api_body;
pub use write::{IncludedResource, NewResource};

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

#[cfg(test)]
mod tests;
