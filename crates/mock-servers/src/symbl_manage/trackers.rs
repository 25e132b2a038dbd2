//! `/v1/manage/tracker(s)`: trackers, checked as Symbl checks them (name
//! required and unique, vocabulary without punctuation, bodies up to 1 MB).

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{MAX_TRACKER_BODY, ManageRequest, ManageState, Refusal};
use crate::symbl::message;

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn missing(id: &str) -> ResponseTemplate {
    message(404, &format!("Tracker with id {id} does not exist."))
}

impl ManageState {
    /// `POST /v1/manage/tracker`.
    pub(super) fn create_tracker(&mut self, r: &ManageRequest<'_>) -> ResponseTemplate {
        if r.raw_body.len() > MAX_TRACKER_BODY {
            return message(413, "Request Entity Too Large");
        }
        if let Err(refusal) = self.check_tracker(&r.body, None) {
            return *refusal;
        }
        let tracker = self.store_tracker(&r.body);
        ok(json!({ "tracker": tracker }))
    }

    /// `POST /v1/manage/trackers`: several at once, all or none.
    pub(super) fn create_trackers(&mut self, r: &ManageRequest<'_>) -> ResponseTemplate {
        if r.raw_body.len() > MAX_TRACKER_BODY {
            return message(413, "Request Entity Too Large");
        }
        let Some(list) = r.body.as_array() else {
            return message(400, "\"value\" must be an array");
        };
        for (i, t) in list.iter().enumerate() {
            if let Err(refusal) = self.check_tracker(t, None) {
                return *refusal;
            }
            if list[..i].iter().any(|o| o["name"] == t["name"]) {
                return message(409, "Duplicate tracker names in the request.");
            }
        }
        let created: Vec<Value> = list.iter().map(|t| self.store_tracker(t)).collect();
        ok(json!({ "trackers": created }))
    }

    /// `GET /v1/manage/trackers` (`?name=` filters).
    pub(super) fn list_trackers(&self, r: &ManageRequest<'_>) -> ResponseTemplate {
        let trackers: Vec<&Value> = self
            .trackers
            .values()
            .filter(|t| r.query.get("name").is_none_or(|n| t["name"] == json!(n)))
            .collect();
        ok(json!({ "trackers": trackers }))
    }

    /// `GET /v1/manage/tracker/{id}`.
    pub(super) fn get_tracker(&self, id: &str) -> ResponseTemplate {
        match self.trackers.get(id) {
            Some(tracker) => ok(json!({ "tracker": tracker })),
            None => missing(id),
        }
    }

    /// `PUT /v1/manage/tracker/{id}`.
    pub(super) fn update_tracker(&mut self, id: &str, r: &ManageRequest<'_>) -> ResponseTemplate {
        if !self.trackers.contains_key(id) {
            return missing(id);
        }
        if let Err(refusal) = self.check_tracker(&r.body, Some(id)) {
            return *refusal;
        }
        let tracker = json!({
            "id": id, "name": r.body["name"], "vocabulary": r.body["vocabulary"],
        });
        self.trackers.insert(id.to_owned(), tracker.clone());
        ok(json!({ "tracker": tracker }))
    }

    /// `DELETE /v1/manage/tracker/{id}`.
    pub(super) fn delete_tracker(&mut self, id: &str) -> ResponseTemplate {
        if self.trackers.remove(id).is_none() {
            return missing(id);
        }
        message(200, &format!("Tracker with id {id} deleted successfully."))
    }

    fn check_tracker(&self, t: &Value, own_id: Option<&str>) -> Result<(), Refusal> {
        let Some(name) = t["name"].as_str().filter(|n| !n.trim().is_empty()) else {
            return Err(Box::new(message(400, "\"name\" is required")));
        };
        let Some(vocabulary) = t["vocabulary"].as_array().filter(|v| !v.is_empty()) else {
            return Err(Box::new(message(
                400,
                "\"vocabulary\" must contain at least 1 items",
            )));
        };
        if vocabulary.iter().any(|p| {
            p.as_str().is_none_or(|p| {
                p.chars()
                    .any(|c| c.is_ascii_punctuation() && !matches!(c, '.' | '\''))
            })
        }) {
            return Err(Box::new(message(
                400,
                "\"vocabulary\" contains punctuation that is not allowed",
            )));
        }
        let taken = self
            .trackers
            .values()
            .any(|o| o["name"] == json!(name) && o["id"].as_str() != own_id);
        if taken {
            return Err(Box::new(message(
                409,
                &format!("Tracker with name {name} already exists."),
            )));
        }
        Ok(())
    }

    fn store_tracker(&mut self, t: &Value) -> Value {
        let id = self.new_id();
        let tracker = json!({"id": id, "name": t["name"], "vocabulary": t["vocabulary"]});
        self.trackers.insert(id, tracker.clone());
        tracker
    }
}
