//! The parts of the Symbl mock beyond processing and the classic insights:
//! the Management API (trackers and conversation groups, stateful, with
//! Symbl's 400 / 404 / 409 / 413 answers) and the conversation endpoints
//! call score (+ status), intents, experiences and bookmarks.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::symbl::message;

/// Symbl refuses tracker bodies over 1 MB.
const MAX_TRACKER_BODY: usize = 1024 * 1024;

#[derive(Debug, Default)]
pub(crate) struct ManageState {
    trackers: BTreeMap<String, Value>,
    groups: BTreeMap<String, Value>,
    /// Bookmarks per conversation id.
    bookmarks: BTreeMap<String, Vec<Value>>,
    /// Call-score status checks per conversation id.
    score_checks: BTreeMap<String, usize>,
    next_id: u64,
}

impl ManageState {
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("{}", 4_476_908_732_794_000_u64 + self.next_id)
    }

    /// How many trackers are stored.
    pub(crate) fn tracker_count(&self) -> usize {
        self.trackers.len()
    }

    /// How many conversation groups are stored.
    pub(crate) fn group_count(&self) -> usize {
        self.groups.len()
    }

    /// `/v1/manage/...`.
    pub(crate) fn manage(
        &mut self,
        method: &str,
        rest: &[&str],
        raw_body: &[u8],
        query: &BTreeMap<String, String>,
    ) -> ResponseTemplate {
        let body = serde_json::from_slice::<Value>(raw_body).unwrap_or(Value::Null);
        match (method, rest) {
            ("POST", ["tracker"]) => {
                if raw_body.len() > MAX_TRACKER_BODY {
                    return message(413, "Request Entity Too Large");
                }
                match self.check_tracker(&body, None) {
                    Ok(()) => {
                        let tracker = self.store_tracker(&body);
                        ResponseTemplate::new(200).set_body_json(json!({ "tracker": tracker }))
                    }
                    Err(r) => *r,
                }
            }
            ("POST", ["trackers"]) => {
                if raw_body.len() > MAX_TRACKER_BODY {
                    return message(413, "Request Entity Too Large");
                }
                let Some(list) = body.as_array() else {
                    return message(400, "\"value\" must be an array");
                };
                for (i, t) in list.iter().enumerate() {
                    if let Err(r) = self.check_tracker(t, None) {
                        return *r;
                    }
                    if list[..i].iter().any(|o| o["name"] == t["name"]) {
                        return message(409, "Duplicate tracker names in the request.");
                    }
                }
                let created: Vec<Value> = list.iter().map(|t| self.store_tracker(t)).collect();
                ResponseTemplate::new(200).set_body_json(json!({ "trackers": created }))
            }
            ("GET", ["trackers"]) => {
                let trackers: Vec<&Value> = self
                    .trackers
                    .values()
                    .filter(|t| query.get("name").is_none_or(|n| t["name"] == json!(n)))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({ "trackers": trackers }))
            }
            (m, ["tracker", id]) => {
                let id = (*id).to_owned();
                if !self.trackers.contains_key(&id) {
                    return message(404, &format!("Tracker with id {id} does not exist."));
                }
                match m {
                    "GET" => ResponseTemplate::new(200)
                        .set_body_json(json!({ "tracker": self.trackers[&id] })),
                    "PUT" => {
                        if let Err(r) = self.check_tracker(&body, Some(&id)) {
                            return *r;
                        }
                        let tracker = json!({
                            "id": id, "name": body["name"], "vocabulary": body["vocabulary"],
                        });
                        self.trackers.insert(id, tracker.clone());
                        ResponseTemplate::new(200).set_body_json(json!({ "tracker": tracker }))
                    }
                    "DELETE" => {
                        self.trackers.remove(&id);
                        message(200, &format!("Tracker with id {id} deleted successfully."))
                    }
                    _ => message(405, "Method Not Allowed"),
                }
            }
            ("POST", ["group"]) => match self.check_group(&body) {
                Ok(()) => {
                    let group = self.store_group(&body);
                    ResponseTemplate::new(200).set_body_json(json!({ "group": group }))
                }
                Err(r) => *r,
            },
            ("POST", ["groups"]) => {
                let Some(list) = body.as_array() else {
                    return message(400, "\"value\" must be an array");
                };
                if let Some(Err(r)) = list
                    .iter()
                    .map(|g| self.check_group(g))
                    .find(Result::is_err)
                {
                    return *r;
                }
                let created: Vec<Value> = list.iter().map(|g| self.store_group(g)).collect();
                ResponseTemplate::new(200).set_body_json(json!({ "groups": created }))
            }
            ("GET", ["groups"]) => {
                let groups: Vec<&Value> = self.groups.values().collect();
                ResponseTemplate::new(200).set_body_json(json!({ "groups": groups }))
            }
            (m, ["group", id]) => {
                let id = (*id).to_owned();
                if !self.groups.contains_key(&id) {
                    return message(404, &format!("Group with id {id} does not exist."));
                }
                match m {
                    "GET" => ResponseTemplate::new(200)
                        .set_body_json(json!({ "group": self.groups[&id] })),
                    "PUT" => {
                        if let Err(r) = self.check_group(&body) {
                            return *r;
                        }
                        let mut group = body.clone();
                        group["id"] = json!(id);
                        self.groups.insert(id, group.clone());
                        ResponseTemplate::new(200).set_body_json(json!({ "group": group }))
                    }
                    "DELETE" => {
                        self.groups.remove(&id);
                        message(200, &format!("Group with id {id} deleted successfully."))
                    }
                    _ => message(405, "Method Not Allowed"),
                }
            }
            _ => message(404, "Not found"),
        }
    }

    fn check_tracker(&self, t: &Value, own_id: Option<&str>) -> Result<(), Box<ResponseTemplate>> {
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

    fn check_group(&self, g: &Value) -> Result<(), Box<ResponseTemplate>> {
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

    fn store_group(&mut self, g: &Value) -> Value {
        let id = self.new_id();
        let mut group = g.clone();
        group["id"] = json!(id);
        self.groups.insert(id, group.clone());
        group
    }

    /// The conversation endpoints served here (`None`: not one of them).
    pub(crate) fn conversation(
        &mut self,
        conversation_id: &str,
        sentences: &[String],
        method: &str,
        rest: &[&str],
        body: &Value,
    ) -> Option<ResponseTemplate> {
        let reply = match (method, rest) {
            ("GET", ["callscore", "status"]) => {
                let checks = self
                    .score_checks
                    .entry(conversation_id.to_owned())
                    .or_default();
                *checks += 1;
                let status = if *checks == 1 {
                    "in_progress"
                } else {
                    "completed"
                };
                ResponseTemplate::new(200).set_body_json(json!({ "status": status }))
            }
            ("GET", ["callscore"]) => {
                let questions = sentences.iter().filter(|s| s.ends_with('?')).count();
                let commitments = sentences
                    .iter()
                    .filter(|s| s.to_lowercase().contains(" will "))
                    .count();
                let engagement = (50 + 10 * questions).min(100);
                let next_steps = (40 + 20 * commitments).min(100);
                let score = (engagement + next_steps) / 2;
                ResponseTemplate::new(200).set_body_json(json!({
                    "score": score,
                    "summary": format!("{} sentences, {questions} questions, {commitments} commitments.", sentences.len()),
                    "criteria": [
                        {"name": "Communication and Engagement", "score": engagement, "summary": "Questions asked.",
                         "feedback": {"positive": {"summary": "Asked questions."}, "negative": {"summary": ""}}},
                        {"name": "Next Steps", "score": next_steps, "summary": "Commitments made.",
                         "feedback": {"positive": {"summary": "Agreed next steps."}, "negative": {"summary": ""}}},
                    ],
                }))
            }
            ("GET", ["intents"]) => {
                let mut intents = Vec::new();
                let lower: Vec<String> = sentences.iter().map(|s| s.to_lowercase()).collect();
                if lower
                    .iter()
                    .any(|s| s.contains("leave a message") || s.contains("voicemail"))
                {
                    intents.push(
                        json!({"intent": "answering_machine", "score": 0.95, "alternatives": []}),
                    );
                }
                if lower
                    .iter()
                    .any(|s| s.contains("interested") || s.contains("pricing"))
                {
                    intents.push(json!({"intent": "interested", "score": 0.8, "alternatives": [{"intent": "not_interested", "score": 0.1}]}));
                }
                ResponseTemplate::new(200).set_body_json(json!({ "intents": intents }))
            }
            ("POST", ["experiences"]) => {
                let name = body["name"].as_str().unwrap_or("");
                match name {
                    "verbose-text-summary" => {}
                    "video-summary" => {
                        if body["videoUrl"].as_str().is_none()
                            && body["audioUrl"].as_str().is_none()
                        {
                            return Some(message(
                                400,
                                "videoUrl or audioUrl is required for video-summary",
                            ));
                        }
                    }
                    _ => {
                        return Some(message(
                            400,
                            "\"name\" must be one of [verbose-text-summary, video-summary]",
                        ));
                    }
                }
                ResponseTemplate::new(201).set_body_json(json!({
                    "name": name,
                    "url": format!("https://meetinginsights.symbl.ai/meeting/#/{conversation_id}/{name}"),
                }))
            }
            (m, ["bookmarks", tail @ ..]) => self.bookmarks(conversation_id, m, tail, body),
            _ => return None,
        };
        Some(reply)
    }

    fn bookmarks(
        &mut self,
        conversation_id: &str,
        method: &str,
        tail: &[&str],
        body: &Value,
    ) -> ResponseTemplate {
        let check = |b: &Value| -> Result<(), Box<ResponseTemplate>> {
            if b["label"].as_str().is_none_or(|l| l.trim().is_empty()) {
                return Err(Box::new(message(400, "\"label\" is required")));
            }
            if b["description"].as_str().is_some_and(|d| d.is_empty()) {
                return Err(Box::new(message(
                    400,
                    "\"description\" is not allowed to be empty",
                )));
            }
            Ok(())
        };
        match (method, tail) {
            ("POST", []) => {
                if let Err(r) = check(body) {
                    return *r;
                }
                let id = self.new_id();
                let mut mark = body.clone();
                mark["id"] = json!(id);
                self.bookmarks
                    .entry(conversation_id.to_owned())
                    .or_default()
                    .push(mark.clone());
                ResponseTemplate::new(201).set_body_json(mark)
            }
            ("GET", []) => {
                let marks = self
                    .bookmarks
                    .get(conversation_id)
                    .cloned()
                    .unwrap_or_default();
                ResponseTemplate::new(200).set_body_json(json!({ "bookmarks": marks }))
            }
            (m, [id]) => {
                let marks = self
                    .bookmarks
                    .entry(conversation_id.to_owned())
                    .or_default();
                let Some(pos) = marks.iter().position(|b| b["id"] == json!(id)) else {
                    return message(404, &format!("Bookmark with id {id} does not exist."));
                };
                match m {
                    "GET" => ResponseTemplate::new(200).set_body_json(marks[pos].clone()),
                    "PUT" => {
                        if let Err(r) = check(body) {
                            return *r;
                        }
                        let mut mark = body.clone();
                        mark["id"] = json!(id);
                        marks[pos] = mark.clone();
                        ResponseTemplate::new(200).set_body_json(mark)
                    }
                    "DELETE" => {
                        marks.remove(pos);
                        message(200, &format!("Bookmark with id {id} deleted successfully."))
                    }
                    _ => message(405, "Method Not Allowed"),
                }
            }
            _ => message(404, "Not found"),
        }
    }
}
