//! `include=`: related resources resolved into `included`.

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use super::routes::{self};
use super::{State, document, id_of};

impl State {
    /// Adds `relationships` for the includes asked and collects the
    /// included resources.
    pub(super) fn with_includes(
        &self,
        collection: &str,
        mut data: Vec<Value>,
        include: &[String],
    ) -> (Vec<Value>, Vec<Value>) {
        let mut included: Vec<Value> = Vec::new();
        let push = |r: Value, included: &mut Vec<Value>| {
            if !included
                .iter()
                .any(|i| i["id"] == r["id"] && i["type"] == r["type"])
            {
                included.push(r);
            }
        };
        for resource in &mut data {
            let id = id_of(resource);
            for name in include {
                let (first, nested) = match name.split_once('.') {
                    Some((a, b)) => (a, Some(b)),
                    None => (name.as_str(), None),
                };
                // A relationship derived from an attribute...
                let linked: Vec<(String, String)> = resource["relationships"][first]["data"]
                    .as_object()
                    .map(|o| {
                        vec![(
                            o.get("type")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                            o.get("id")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                        )]
                    })
                    .unwrap_or_default();
                if !linked.is_empty() {
                    for (kind, rid) in linked {
                        if let Some(r) = self.find_anywhere(&kind, &rid) {
                            push(r, &mut included);
                        }
                    }
                    continue;
                }
                // ...or a child collection.
                let child_path = format!("{collection}/{id}/{}", routes::include_segment(first));
                let kids = self.resources_of(&child_path);
                let ids: Vec<Value> = kids
                    .iter()
                    .map(|k| json!({"id": k["id"], "type": k["type"]}))
                    .collect();
                resource["relationships"][first] = json!({"data": ids});
                for kid in kids {
                    if let Some(nested) = nested {
                        let nested_path = format!(
                            "{child_path}/{}/{}",
                            id_of(&kid),
                            routes::include_segment(nested)
                        );
                        for n in self.resources_of(&nested_path) {
                            push(n, &mut included);
                        }
                    }
                    push(kid, &mut included);
                }
            }
        }
        (data, included)
    }

    pub(super) fn list_with_includes(
        &self,
        collection: &str,
        query: &[(String, String)],
        request: &Request,
        include: &[String],
    ) -> ResponseTemplate {
        let mut page = self.list_page(collection, query, request);
        let data: Vec<Value> = page["data"].as_array().cloned().unwrap_or_default();
        let (data, included) = self.with_includes(collection, data, include);
        page["data"] = Value::Array(data);
        page["included"] = Value::Array(included);
        document(200, page)
    }

    pub(super) fn find_anywhere(&self, kind: &str, id: &str) -> Option<Value> {
        self.collections
            .values()
            .flatten()
            .find(|r| r["type"].as_str() == Some(kind) && r["id"].as_str() == Some(id))
            .cloned()
    }
}
