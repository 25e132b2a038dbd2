//! Creating resources: JSON:API bodies (with `included` children and
//! inline images), multipart file results and attachments, and the
//! activity each creation adds above it.

use serde_json::{Map, Value, json};
use wiremock::{Request, ResponseTemplate};

use super::files::{self, boundary, parse_multipart};
use super::resources::{blank, model_name};
use super::routes::{self, children, required};
use super::{State, document, errors, id_of};

impl State {
    pub(super) fn create_route(
        &mut self,
        request: &Request,
        collection: &str,
        parent: &str,
        segment: &str,
        kind: &str,
    ) -> ResponseTemplate {
        if let Some(boundary) = boundary(request) {
            return self.create_multipart(request, collection, kind, &boundary);
        }
        let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
            return errors(400, "Bad request", "Body is not JSON");
        };
        if body["data"]["type"].as_str() != Some(kind) {
            return errors(400, "Wrong type", "Wrong object type within parameters");
        }
        let attrs = body["data"]["attributes"].clone();
        if let Some(field) = required(parent, segment, kind)
            .iter()
            .find(|f| blank(attrs.get(**f)))
        {
            return errors(
                400,
                "Validation error",
                &format!("{} can't be blank", model_name(&format!("{field}s"))),
            );
        }
        let mut body = body;
        if let Some(denied) = self.inline_images(&mut body) {
            return denied;
        }
        let created = self.create(collection, kind, attrs);
        let id = id_of(&created);
        let mut included = Vec::new();
        if let Some(children) = body["included"].as_array() {
            for child in children {
                let (segment, child_kind) = match child["type"].as_str() {
                    Some("inventory_cells") => ("cells", "inventory_cells"),
                    Some("result_texts") => ("texts", "result_texts"),
                    Some(_) | None => continue,
                };
                let path = format!("{collection}/{id}/{segment}");
                included.push(self.create(&path, child_kind, child["attributes"].clone()));
            }
        }
        let created = self.find(collection, &id).unwrap_or(created);
        document(201, json!({"data": created, "included": included}))
    }

    /// Checks and stores a text result's `tiny_mce_assets` as SciNote does:
    /// every `data-mce-token` of the text needs an image and every image's
    /// token must be in the text; the tokens are replaced by the images' ids.
    pub(super) fn inline_images(&mut self, body: &mut Value) -> Option<ResponseTemplate> {
        use base64::Engine as _;
        let included = body["included"].as_array()?.clone();
        let images: Vec<&Value> = included
            .iter()
            .filter(|c| c["type"] == "tiny_mce_assets")
            .collect();
        let text_index = included.iter().position(|c| c["type"] == "result_texts")?;
        let mut text = included[text_index]["attributes"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let tokens: Vec<String> = text
            .split("data-mce-token=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_owned))
            .collect();
        let image_token = |i: &Value| {
            i["attributes"]["file_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        if tokens
            .iter()
            .any(|t| !images.iter().any(|i| image_token(i) == *t))
        {
            return Some(errors(
                400,
                "Validation error",
                "Text contains reference to nonexisting TinyMCE image",
            ));
        }
        for image in images {
            let token = image_token(image);
            let data = image["attributes"]["file_data"]
                .as_str()
                .unwrap_or_default();
            let name = image["attributes"]["file_name"]
                .as_str()
                .unwrap_or_default();
            if token.is_empty() || name.is_empty() || !tokens.contains(&token) {
                return Some(errors(
                    400,
                    "Validation error",
                    "Image reference not found in the text",
                ));
            }
            let Some(bytes) = data
                .split_once(',')
                .and_then(|(_, b64)| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            else {
                return Some(errors(400, "Validation error", "File data is not base64"));
            };
            self.next_id += 1;
            let file_id = self.next_id.to_string();
            let part = files::Part {
                name: "file".into(),
                file_name: Some(name.to_owned()),
                content_type: None,
                data: &bytes,
            };
            self.files
                .insert(file_id.clone(), files::store(file_id.clone(), &part));
            text = text.replace(
                &format!("data-mce-token=\"{token}\""),
                &format!("data-mce-token=\"{file_id}\""),
            );
        }
        body["included"][text_index]["attributes"]["text"] = Value::String(text);
        None
    }

    /// A multipart creation: an attachment (`data[type]=attachments`), or a
    /// v1 result with a `result_files` child.
    pub(super) fn create_multipart(
        &mut self,
        request: &Request,
        collection: &str,
        kind: &str,
        boundary: &str,
    ) -> ResponseTemplate {
        let Some(parts) = parse_multipart(&request.body, boundary) else {
            return errors(400, "Bad request", "Malformed multipart body");
        };
        let field = |name: &str| {
            parts
                .iter()
                .find(|p| p.name == name && p.file_name.is_none())
                .map(|p| String::from_utf8_lossy(p.data).into_owned())
        };
        if field("data[type]").as_deref() != Some(kind) {
            return errors(400, "Wrong type", "Wrong object type within parameters");
        }
        let Some(file) = parts.iter().find(|p| p.file_name.is_some()) else {
            return errors(400, "Validation error", "File can't be blank");
        };
        self.next_id += 1;
        let file_id = self.next_id.to_string();
        let stored = files::store(file_id.clone(), file);
        let info = stored.info.clone();
        self.files.insert(file_id.clone(), stored);
        let file_url = format!("{}/files/{file_id}", self.base);
        let attachment_attrs = json!({
            "file_name": info.file_name, "file_size": info.size,
            "file_type": info.content_type, "file_url": file_url,
            "created_at": "2026-01-01T00:00:00.000Z"
        });
        if kind == "attachments" {
            let created = self.create(collection, "attachments", attachment_attrs);
            return document(201, json!({"data": created}));
        }
        // A v1 file result.
        let name = field("data[attributes][name]").unwrap_or_default();
        if name.trim().is_empty() {
            return errors(400, "Validation error", "Name can't be blank");
        }
        let result = self.create(collection, kind, json!({"name": name, "archived": false}));
        let attachments = format!("{collection}/{}/attachments", id_of(&result));
        self.create(&attachments, "attachments", attachment_attrs);
        let result_file = json!({
            "id": file_id, "type": "result_files",
            "attributes": {"file_id": file_id, "file_name": info.file_name,
                           "file_size": info.size, "url": file_url}
        });
        document(201, json!({"data": result, "included": [result_file]}))
    }

    /// Creates a resource: relationships from its `*_id` attributes, empty
    /// child collections, and an activity on the project or task above.
    pub(super) fn create(&mut self, path: &str, kind: &str, mut attributes: Value) -> Value {
        let now = super::iso8601(self.now());
        if let Some(attrs) = attributes.as_object_mut() {
            attrs
                .entry("created_at")
                .or_insert_with(|| Value::String(now.clone()));
            attrs
                .entry("updated_at")
                .or_insert_with(|| Value::String(now));
        }
        self.next_id += 1;
        let id = self.next_id.to_string();
        let mut relationships = Map::new();
        if let Some(attrs) = attributes.as_object() {
            for (k, v) in attrs {
                let value = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                if let Some((name, rkind)) = routes::relationship_of(k) {
                    relationships.insert(
                        name.to_owned(),
                        json!({"data": {"id": value, "type": rkind}}),
                    );
                }
            }
        }
        let mut resource = json!({"id": id, "type": kind, "attributes": attributes});
        if !relationships.is_empty() {
            resource["relationships"] = Value::Object(relationships);
        }
        self.collections
            .entry(path.to_owned())
            .or_default()
            .push(resource.clone());
        for child in children(kind) {
            self.collections
                .entry(format!("{path}/{id}/{child}"))
                .or_default();
        }
        if kind == "tasks" {
            // Every task has one protocol, as in SciNote.
            let protocols = format!("{path}/{id}/protocols");
            self.create(
                &protocols,
                "protocols",
                json!({"name": "Protocol", "protocol_type": "unlinked"}),
            );
        }
        if kind != "activities" {
            self.record_activity(path, "created", kind, &resource);
        }
        resource
    }

    /// Adds an activity to the nearest task (or project) above `path`.
    pub(super) fn record_activity(&mut self, path: &str, verb: &str, kind: &str, resource: &Value) {
        let parts: Vec<&str> = path.split('/').collect();
        let owner = (0..parts.len().saturating_sub(1))
            .rev()
            .find(|&i| matches!(parts[i], "tasks" | "projects") && i + 1 < parts.len());
        let Some(i) = owner else { return };
        let activities = format!("{}/activities", parts[..=i + 1].join("/"));
        if !self.collections.contains_key(&activities) {
            return;
        }
        let name = resource["attributes"]["name"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| id_of(resource));
        let singular = kind.strip_suffix('s').unwrap_or(kind);
        let label = singular.replace('_', " ");
        let action = if verb == "created" { "create" } else { "edit" };
        self.create(
            &activities,
            "activities",
            json!({
                "type_of": format!("{action}_{singular}"),
                "message": format!("Ann Smith {verb} {label} {name}."),
                "created_at": "2026-01-01T00:00:00.000Z"
            }),
        );
    }
}
