//! The parts of the Symbl mock beyond processing and the classic insights:
//! the Management API (trackers and conversation groups, stateful, with
//! Symbl's 400 / 404 / 409 / 413 answers) and the conversation endpoints
//! call score (+ status), intents, experiences and bookmarks. Each is a
//! route table with one handler per endpoint.

use std::collections::BTreeMap;

use serde_json::Value;
use wiremock::ResponseTemplate;

use crate::symbl::message;

mod conversation;
mod groups;
mod trackers;

/// Symbl refuses tracker bodies over 1 MB.
const MAX_TRACKER_BODY: usize = 1024 * 1024;

/// A refusal: the answer to send instead.
type Refusal = Box<ResponseTemplate>;

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

/// A Management API request: the raw body (its size is checked), the body
/// as JSON, and the query.
struct ManageRequest<'a> {
    raw_body: &'a [u8],
    body: Value,
    query: &'a BTreeMap<String, String>,
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

    /// `/v1/manage/...`: the route table.
    pub(crate) fn manage(
        &mut self,
        method: &str,
        rest: &[&str],
        raw_body: &[u8],
        query: &BTreeMap<String, String>,
    ) -> ResponseTemplate {
        let r = ManageRequest {
            raw_body,
            body: serde_json::from_slice::<Value>(raw_body).unwrap_or(Value::Null),
            query,
        };
        match (method, rest) {
            ("POST", ["tracker"]) => self.create_tracker(&r),
            ("POST", ["trackers"]) => self.create_trackers(&r),
            ("GET", ["trackers"]) => self.list_trackers(&r),
            ("GET", ["tracker", id]) => self.get_tracker(id),
            ("PUT", ["tracker", id]) => self.update_tracker(id, &r),
            ("DELETE", ["tracker", id]) => self.delete_tracker(id),
            ("POST", ["group"]) => self.create_group(&r),
            ("POST", ["groups"]) => self.create_groups(&r),
            ("GET", ["groups"]) => self.list_groups(),
            ("GET", ["group", id]) => self.get_group(id),
            ("PUT", ["group", id]) => self.update_group(id, &r),
            ("DELETE", ["group", id]) => self.delete_group(id),
            (_, ["tracker" | "group", _]) => message(405, "Method Not Allowed"),
            _ => message(404, "Not found"),
        }
    }

    /// The conversation endpoints served here (`None`: not one of them):
    /// the route table.
    pub(crate) fn conversation(
        &mut self,
        conversation_id: &str,
        sentences: &[String],
        method: &str,
        rest: &[&str],
        body: &Value,
    ) -> Option<ResponseTemplate> {
        let reply = match (method, rest) {
            ("GET", ["callscore", "status"]) => self.call_score_status(conversation_id),
            ("GET", ["callscore"]) => conversation::call_score(sentences),
            ("GET", ["intents"]) => conversation::intents(sentences),
            ("POST", ["experiences"]) => conversation::experience(conversation_id, body),
            ("POST", ["bookmarks"]) => self.create_bookmark(conversation_id, body),
            ("GET", ["bookmarks"]) => self.list_bookmarks(conversation_id),
            ("GET", ["bookmarks", id]) => self.get_bookmark(conversation_id, id),
            ("PUT", ["bookmarks", id]) => self.update_bookmark(conversation_id, id, body),
            ("DELETE", ["bookmarks", id]) => self.delete_bookmark(conversation_id, id),
            (_, ["bookmarks", _]) => message(405, "Method Not Allowed"),
            (_, ["bookmarks", ..]) => message(404, "Not found"),
            _ => return None,
        };
        Some(reply)
    }
}
