//! Reading the stored collections: lookups and one page of a listing
//! (filters, `page[size]`/`page[number]`, `links`).

use serde_json::{Value, json};
use wiremock::Request;

use super::{State, prefix19};

impl State {
    pub(super) fn resources_of(&self, collection: &str) -> Vec<Value> {
        self.collections
            .get(collection)
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn find(&self, collection: &str, id: &str) -> Option<Value> {
        self.collections
            .get(collection)?
            .iter()
            .find(|r| r["id"].as_str() == Some(id))
            .cloned()
    }

    pub(super) fn find_mut(&mut self, collection: &str, id: &str) -> Option<&mut Value> {
        self.collections
            .get_mut(collection)?
            .iter_mut()
            .find(|r| r["id"].as_str() == Some(id))
    }

    pub(super) fn list_page(
        &self,
        collection: &str,
        query: &[(String, String)],
        request: &Request,
    ) -> Value {
        let q = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let size = q("page[size]")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(10)
            .clamp(1, 100);
        let number = q("page[number]")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let matching: Vec<Value> = self
            .resources_of(collection)
            .into_iter()
            .filter(|r| {
                query.iter().all(|(k, v)| {
                    let Some(name) = k.strip_prefix("filter[").and_then(|k| k.strip_suffix(']'))
                    else {
                        return true;
                    };
                    if let Some((field, bound)) = name.split_once("][")
                        && matches!(field, "created_at" | "updated_at")
                    {
                        let at = r["attributes"][field].as_str().unwrap_or_default();
                        let (at, v) = (prefix19(at), prefix19(v));
                        return match bound {
                            "from" => at >= v,
                            "to" => at <= v,
                            _ => false,
                        };
                    }
                    if let Some(key) = name.strip_prefix("metadata][") {
                        return r["attributes"]["metadata"][key].as_str() == Some(v.as_str());
                    }
                    match &r["attributes"][name] {
                        Value::String(s) => s == v,
                        Value::Bool(b) => b.to_string() == *v,
                        Value::Number(n) => n.to_string() == *v,
                        _ => false,
                    }
                })
            })
            .collect();
        let pages = matching.len().div_ceil(size).max(1);
        let page: Vec<Value> = matching
            .into_iter()
            .skip((number - 1) * size)
            .take(size)
            .collect();
        let link = |n: usize| {
            let mut url = request
                .url
                .join(&format!("{}{}", self.base, request.url.path()))
                .ok()?;
            {
                let mut pairs = url.query_pairs_mut();
                for (k, v) in query.iter().filter(|(k, _)| !k.starts_with("page[")) {
                    pairs.append_pair(k, v);
                }
                pairs.append_pair("page[number]", &n.to_string());
                pairs.append_pair("page[size]", &size.to_string());
            }
            Some(url.to_string())
        };
        json!({
            "data": page,
            "links": {
                "self": link(number),
                "first": link(1),
                "prev": if number > 1 { link(number - 1) } else { None },
                "next": if number < pages { link(number + 1) } else { None },
                "last": link(pages),
            }
        })
    }
}
