//! The JSON:API resource routes of the SciNote mock (v1 and v2): one
//! generic, stateful collection engine driven by the route table.

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use super::routes::{Op, Version, allowed, kind_of, permitted_includes, required, v2_alias};
use super::{State, document, errors};

/// A collection path's last segment and the one of its parent resource.
pub(super) fn segments(collection: &str) -> (String, String) {
    let parts: Vec<&str> = collection.split('/').collect();
    let segment = parts.last().copied().unwrap_or_default().to_owned();
    let parent = if parts.len() >= 3 {
        parts[parts.len() - 3].to_owned()
    } else {
        String::new()
    };
    (parent, segment)
}

pub(super) fn model_name(kind: &str) -> String {
    let singular = kind.strip_suffix('s').unwrap_or(kind);
    let mut chars = singular.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

pub(super) fn blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

impl State {
    /// Normalises a v2 path to the store's (v1) names.
    fn normalise(path: &str) -> String {
        let parts: Vec<&str> = path.split('/').collect();
        let mut out: Vec<String> = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let parent = if i >= 2 { parts[i - 2] } else { "" };
            out.push(v2_alias(parent, part).unwrap_or(part).to_owned());
        }
        out.join("/")
    }

    pub(super) fn resources_api(
        &mut self,
        request: &Request,
        path: &str,
        version: Version,
    ) -> ResponseTemplate {
        let path = if version == Version::V2 {
            Self::normalise(path)
        } else {
            path.to_owned()
        };
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let include: Vec<String> = query
            .iter()
            .find(|(k, _)| k == "include")
            .map(|(_, v)| v.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        let method = request.method.as_str();
        let (collection, item) = if self.collections.contains_key(&path) {
            (path.clone(), None)
        } else {
            match path.rsplit_once('/') {
                Some((c, id)) if self.collections.contains_key(c) => {
                    (c.to_owned(), Some(id.to_owned()))
                }
                _ => {
                    return errors(
                        404,
                        "Not found",
                        &format!("No route or parent record for {path}"),
                    );
                }
            }
        };
        let (parent, segment) = segments(&collection);
        let kind = kind_of(&parent, &segment);
        let op = match (method, item.is_some()) {
            ("GET", false) => Op::List,
            ("GET", true) => Op::Show,
            ("POST", false) => Op::Create,
            ("PATCH" | "PUT", true) => Op::Update,
            ("DELETE", true) => Op::Delete,
            _ => return errors(404, "Not found", "No route matches"),
        };
        if !allowed(version, &parent, &segment, op) {
            return errors(404, "Not found", "No route matches");
        }
        if let Some(bad) = include
            .iter()
            .find(|i| !permitted_includes(&segment, &kind).contains(&i.as_str()))
        {
            return errors(
                400,
                "Include param is not supported",
                &format!("Include param `{bad}` is not supported"),
            );
        }
        let route = Route {
            collection: &collection,
            parent: &parent,
            segment: &segment,
            kind: &kind,
        };
        match (op, item.as_deref()) {
            (Op::List, _) => self.list_with_includes(&collection, &query, request, &include),
            (Op::Show, Some(id)) => self.show(&route, id, &include),
            (Op::Create, _) => self.create_route(request, &collection, &parent, &segment, &kind),
            (Op::Update, Some(id)) => self.update(&route, request, id),
            (Op::Delete, Some(id)) => self.delete(&route, id),
            _ => errors(404, "Not found", "No route matches"),
        }
    }

    /// `GET …/{id}`, with `include=` resolved.
    fn show(&self, route: &Route<'_>, id: &str, include: &[String]) -> ResponseTemplate {
        match self.find(route.collection, id) {
            Some(r) => {
                let (data, included) = self.with_includes(route.collection, vec![r], include);
                document(200, json!({"data": data[0], "included": included}))
            }
            None => not_found(route.kind, id),
        }
    }

    /// `PATCH …/{id}`: `data.id` and `data.type` checked, required
    /// attributes not blanked.
    fn update(&mut self, route: &Route<'_>, request: &Request, id: &str) -> ResponseTemplate {
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return errors(400, "Bad request", "Body is not JSON");
        };
        if body["data"]["id"].as_str() != Some(id) {
            return errors(
                400,
                "Object ID mismatch",
                "Object ID mismatch in URL and params",
            );
        }
        if body["data"]["type"].as_str() != Some(route.kind) {
            return errors(400, "Wrong type", "Wrong object type within parameters");
        }
        let changes = body["data"]["attributes"].clone();
        if let Some(field) = required(route.parent, route.segment, route.kind)
            .iter()
            .find(|f| changes.get(**f).is_some() && blank(changes.get(**f)))
        {
            return errors(
                400,
                "Validation error",
                &format!("{} can't be blank", model_name(&format!("{field}s"))),
            );
        }
        let now = super::iso8601(self.now());
        let Some(r) = self.find_mut(route.collection, id) else {
            return not_found(route.kind, id);
        };
        if let (Some(target), Some(changes)) =
            (r["attributes"].as_object_mut(), changes.as_object())
        {
            for (k, v) in changes {
                target.insert(k.clone(), v.clone());
            }
            target.insert("updated_at".into(), Value::String(now.clone()));
        }
        let r = r.clone();
        self.record_activity(route.collection, "edited", route.kind, &r);
        document(200, json!({"data": r}))
    }

    /// `DELETE …/{id}`.
    fn delete(&mut self, route: &Route<'_>, id: &str) -> ResponseTemplate {
        let Some(list) = self.collections.get_mut(route.collection) else {
            return not_found(route.kind, id);
        };
        let before = list.len();
        list.retain(|r| r["id"].as_str() != Some(id));
        if list.len() == before {
            return not_found(route.kind, id);
        }
        ResponseTemplate::new(200)
    }
}

/// Where a request landed: its collection, the parent resource type and
/// segment (for the route table), and the collection's JSON:API type.
struct Route<'a> {
    collection: &'a str,
    parent: &'a str,
    segment: &'a str,
    kind: &'a str,
}

/// The 404 of an unknown id in a known collection.
fn not_found(kind: &str, id: &str) -> ResponseTemplate {
    errors(
        404,
        "Not found",
        &format!(
            "{} record with id {id} not found in the specified scope",
            model_name(kind)
        ),
    )
}
