//! Decoding documents and encoding write bodies.

use super::*;
use serde::Deserialize;
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
