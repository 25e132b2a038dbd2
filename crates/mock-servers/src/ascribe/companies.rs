//! `/Companies`: list and create.

use super::*;

pub(crate) fn create_company(s: &mut State, body: &Value) -> ResponseTemplate {
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if id.is_empty() || id.chars().count() > 100 || id.starts_with('_') {
        return app_error("A company ID has 1 to 100 characters and does not start with '_'.");
    }
    if s.companies.iter().any(|(_, c)| c.eq_ignore_ascii_case(&id)) {
        return app_error(format!("A company with the ID '{id}' already exists."));
    }
    let key = s.key();
    s.companies.push((key, id.clone()));
    ok(json!({"key": key, "id": id}))
}
pub(crate) fn list_companies(s: &State) -> ResponseTemplate {
    let companies: Vec<Value> = s
        .companies
        .iter()
        .map(|(k, id)| json!({"key": k, "id": id}))
        .collect();
    ok(json!({ "companies": companies }))
}
