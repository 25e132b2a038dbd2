//! The conversation endpoints served by the manage state: call score (and
//! its status), intents, experiences, bookmarks.

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{ManageState, Refusal};
use crate::symbl::message;

/// `GET /v1/conversations/{id}/callscore`: engagement from questions, next
/// steps from commitments.
pub(super) fn call_score(sentences: &[String]) -> ResponseTemplate {
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

/// `GET /v1/conversations/{id}/intents`.
pub(super) fn intents(sentences: &[String]) -> ResponseTemplate {
    let mut intents = Vec::new();
    let lower: Vec<String> = sentences.iter().map(|s| s.to_lowercase()).collect();
    if lower
        .iter()
        .any(|s| s.contains("leave a message") || s.contains("voicemail"))
    {
        intents.push(json!({"intent": "answering_machine", "score": 0.95, "alternatives": []}));
    }
    if lower
        .iter()
        .any(|s| s.contains("interested") || s.contains("pricing"))
    {
        intents.push(json!({"intent": "interested", "score": 0.8, "alternatives": [{"intent": "not_interested", "score": 0.1}]}));
    }
    ResponseTemplate::new(200).set_body_json(json!({ "intents": intents }))
}

/// `POST /v1/conversations/{id}/experiences`.
pub(super) fn experience(conversation_id: &str, body: &Value) -> ResponseTemplate {
    let name = body["name"].as_str().unwrap_or("");
    match name {
        "verbose-text-summary" => {}
        "video-summary" => {
            if body["videoUrl"].as_str().is_none() && body["audioUrl"].as_str().is_none() {
                return message(400, "videoUrl or audioUrl is required for video-summary");
            }
        }
        _ => {
            return message(
                400,
                "\"name\" must be one of [verbose-text-summary, video-summary]",
            );
        }
    }
    ResponseTemplate::new(201).set_body_json(json!({
        "name": name,
        "url": format!("https://meetinginsights.symbl.ai/meeting/#/{conversation_id}/{name}"),
    }))
}

fn check_bookmark(b: &Value) -> Result<(), Refusal> {
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
}

fn missing_bookmark(id: &str) -> ResponseTemplate {
    message(404, &format!("Bookmark with id {id} does not exist."))
}

impl ManageState {
    /// `GET /v1/conversations/{id}/callscore/status`: in progress on the
    /// first check, completed after.
    pub(super) fn call_score_status(&mut self, conversation_id: &str) -> ResponseTemplate {
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

    /// `POST /v1/conversations/{id}/bookmarks`.
    pub(super) fn create_bookmark(
        &mut self,
        conversation_id: &str,
        body: &Value,
    ) -> ResponseTemplate {
        if let Err(refusal) = check_bookmark(body) {
            return *refusal;
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

    /// `GET /v1/conversations/{id}/bookmarks`.
    pub(super) fn list_bookmarks(&self, conversation_id: &str) -> ResponseTemplate {
        let marks = self
            .bookmarks
            .get(conversation_id)
            .cloned()
            .unwrap_or_default();
        ResponseTemplate::new(200).set_body_json(json!({ "bookmarks": marks }))
    }

    fn bookmark_mut(&mut self, conversation_id: &str, id: &str) -> Option<&mut Value> {
        self.bookmarks
            .get_mut(conversation_id)?
            .iter_mut()
            .find(|b| b["id"] == json!(id))
    }

    /// `GET /v1/conversations/{id}/bookmarks/{bookmark}`.
    pub(super) fn get_bookmark(&mut self, conversation_id: &str, id: &str) -> ResponseTemplate {
        match self.bookmark_mut(conversation_id, id) {
            Some(mark) => ResponseTemplate::new(200).set_body_json(mark.clone()),
            None => missing_bookmark(id),
        }
    }

    /// `PUT /v1/conversations/{id}/bookmarks/{bookmark}`.
    pub(super) fn update_bookmark(
        &mut self,
        conversation_id: &str,
        id: &str,
        body: &Value,
    ) -> ResponseTemplate {
        if self.bookmark_mut(conversation_id, id).is_none() {
            return missing_bookmark(id);
        }
        if let Err(refusal) = check_bookmark(body) {
            return *refusal;
        }
        let mut mark = body.clone();
        mark["id"] = json!(id);
        if let Some(slot) = self.bookmark_mut(conversation_id, id) {
            *slot = mark.clone();
        }
        ResponseTemplate::new(200).set_body_json(mark)
    }

    /// `DELETE /v1/conversations/{id}/bookmarks/{bookmark}`.
    pub(super) fn delete_bookmark(&mut self, conversation_id: &str, id: &str) -> ResponseTemplate {
        let marks = self
            .bookmarks
            .entry(conversation_id.to_owned())
            .or_default();
        let before = marks.len();
        marks.retain(|b| b["id"] != json!(id));
        if marks.len() == before {
            return missing_bookmark(id);
        }
        message(200, &format!("Bookmark with id {id} deleted successfully."))
    }
}
