//! `/v1/manage/group(s)`: conversation groups (name of 1 to 128
//! characters, criteria required).

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{ManageRequest, ManageState, Refusal};
use crate::symbl::message;

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn missing(id: &str) -> ResponseTemplate {
    message(404, &format!("Group with id {id} does not exist."))
}

impl ManageState {
    /// `POST /v1/manage/group`.
    pub(super) fn create_group(&mut self, r: &ManageRequest<'_>) -> ResponseTemplate {
        if let Err(refusal) = check_group(&r.body) {
            return *refusal;
        }
        let group = self.store_group(&r.body);
        ok(json!({ "group": group }))
    }

    /// `POST /v1/manage/groups`: several at once, all or none.
    pub(super) fn create_groups(&mut self, r: &ManageRequest<'_>) -> ResponseTemplate {
        let Some(list) = r.body.as_array() else {
            return message(400, "\"value\" must be an array");
        };
        if let Some(Err(refusal)) = list.iter().map(check_group).find(Result::is_err) {
            return *refusal;
        }
        let created: Vec<Value> = list.iter().map(|g| self.store_group(g)).collect();
        ok(json!({ "groups": created }))
    }

    /// `GET /v1/manage/groups`.
    pub(super) fn list_groups(&self) -> ResponseTemplate {
        let groups: Vec<&Value> = self.groups.values().collect();
        ok(json!({ "groups": groups }))
    }

    /// `GET /v1/manage/group/{id}`.
    pub(super) fn get_group(&self, id: &str) -> ResponseTemplate {
        match self.groups.get(id) {
            Some(group) => ok(json!({ "group": group })),
            None => missing(id),
        }
    }

    /// `PUT /v1/manage/group/{id}`.
    pub(super) fn update_group(&mut self, id: &str, r: &ManageRequest<'_>) -> ResponseTemplate {
        if !self.groups.contains_key(id) {
            return missing(id);
        }
        if let Err(refusal) = check_group(&r.body) {
            return *refusal;
        }
        let mut group = r.body.clone();
        group["id"] = json!(id);
        self.groups.insert(id.to_owned(), group.clone());
        ok(json!({ "group": group }))
    }

    /// `DELETE /v1/manage/group/{id}`.
    pub(super) fn delete_group(&mut self, id: &str) -> ResponseTemplate {
        if self.groups.remove(id).is_none() {
            return missing(id);
        }
        message(200, &format!("Group with id {id} deleted successfully."))
    }

    fn store_group(&mut self, g: &Value) -> Value {
        let id = self.new_id();
        let mut group = g.clone();
        group["id"] = json!(id);
        self.groups.insert(id, group.clone());
        group
    }
}

fn check_group(g: &Value) -> Result<(), Refusal> {
    let name = g["name"].as_str().unwrap_or("");
    if name.trim().is_empty() || name.chars().count() > 128 {
        return Err(Box::new(message(
            400,
            "\"name\" length must be between 1 and 128 characters",
        )));
    }
    if g["criteria"].as_str().is_none_or(|c| c.trim().is_empty()) {
        return Err(Box::new(message(400, "\"criteria\" is required")));
    }
    Ok(())
}
