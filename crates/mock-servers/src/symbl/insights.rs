//! The conversation API's insights, derived from the submitted text: one
//! line in [`INSIGHTS`] and one handler per `GET /v1/conversations/{id}/{kind}`.

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{Conversation, message};

/// What an insight handler reads: the conversation and its sentences.
struct Talk<'a> {
    c: &'a Conversation,
    sents: Vec<String>,
}

impl Talk<'_> {
    fn msg_id(&self, i: usize) -> String {
        format!("{}-msg-{i}", self.c.id)
    }

    /// The sentences `pred` accepts, as insights of `kind_name`.
    fn pick(&self, pred: &dyn Fn(&str) -> bool, kind_name: &str) -> Vec<Value> {
        self.sents
            .iter()
            .enumerate()
            .filter(|(_, s)| pred(s))
            .map(|(i, s)| json!({"id": format!("{kind_name}-{i}"), "text": s, "type": kind_name, "score": 0.9, "messageIds": [self.msg_id(i)]}))
            .collect()
    }

    /// The sentences containing `word` (case-insensitive), as message refs.
    fn refs(&self, contains: &dyn Fn(&str) -> bool) -> Vec<Value> {
        self.sents
            .iter()
            .enumerate()
            .filter(|(_, s)| contains(&s.to_lowercase()))
            .map(|(i, s)| json!({"id": self.msg_id(i), "text": s}))
            .collect()
    }
}

/// An insight handler: the answer's body.
type Handler = fn(&Talk<'_>) -> Value;

/// The insight table: one line and one handler per kind.
const INSIGHTS: &[(&str, Handler)] = &[
    ("messages", messages),
    ("questions", questions),
    ("action-items", action_items),
    ("follow-ups", follow_ups),
    ("topics", topics),
    ("members", members),
    ("entities", entities),
    ("analytics", analytics),
    ("trackers", trackers),
    ("insights", insights),
    ("summary", summary),
];

/// Answers `GET /v1/conversations/{id}/{kind}`.
pub(super) fn insight(c: &Conversation, kind: &str) -> ResponseTemplate {
    let Some((_, handler)) = INSIGHTS.iter().find(|(k, _)| *k == kind) else {
        return message(404, "Not found");
    };
    let talk = Talk {
        c,
        sents: super::sentences(c),
    };
    ResponseTemplate::new(200).set_body_json(handler(&talk))
}

fn messages(t: &Talk<'_>) -> Value {
    let msgs: Vec<Value> = t
        .sents
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"id": t.msg_id(i), "text": s, "from": {}, "conversationId": t.c.id,
            "startTime": "2026-11-24T09:00:00.000Z", "endTime": "2026-11-24T09:00:05.000Z",
            "sentiment": {"polarity": {"score": 0.1}, "suggested": "neutral"}, "phrases": []})
        })
        .collect();
    json!({ "messages": msgs })
}

fn is_question(s: &str) -> bool {
    s.ends_with('?')
}

fn is_action_item(s: &str) -> bool {
    let l = s.to_lowercase();
    l.contains(" will ") || l.starts_with("i will") || l.contains("let's")
}

fn questions(t: &Talk<'_>) -> Value {
    json!({ "questions": t.pick(&is_question, "question") })
}

fn action_items(t: &Talk<'_>) -> Value {
    json!({ "actionItems": t.pick(&is_action_item, "action_item") })
}

fn follow_ups(t: &Talk<'_>) -> Value {
    json!({ "followUps": t.pick(&|s| s.to_lowercase().contains("follow up"), "follow_up") })
}

/// Capitalized words (past each sentence's first) of more than 3 letters.
fn topics(t: &Talk<'_>) -> Value {
    let mut words: Vec<String> = Vec::new();
    for s in &t.sents {
        for w in s.split_whitespace().skip(1) {
            let w = w.trim_matches(|ch: char| !ch.is_alphanumeric());
            if w.len() > 3
                && w.chars().next().is_some_and(char::is_uppercase)
                && !words.iter().any(|x| x == w)
            {
                words.push(w.to_owned());
            }
        }
    }
    if words.is_empty() {
        words.push("conversation".into());
    }
    let topics: Vec<Value> = words
        .iter()
        .enumerate()
        .map(|(i, w)| json!({"id": format!("topic-{i}"), "text": w.to_lowercase(), "type": "topic", "score": 0.8, "messageIds": [], "parentRefs": []}))
        .collect();
    json!({ "topics": topics })
}

fn members(t: &Talk<'_>) -> Value {
    json!({ "members": t.c.members })
}

/// Dates: weekdays and "tomorrow", with the messages they are in.
fn entities(t: &Talk<'_>) -> Value {
    const DATES: [&str; 8] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "tomorrow",
    ];
    let mut entities = Vec::new();
    for word in DATES {
        let refs = t.refs(&|s| s.split(|c: char| !c.is_alphanumeric()).any(|w| w == word));
        if !refs.is_empty() {
            entities.push(
                json!({"type": "datetime", "subType": "date", "category": "Managed",
                "value": word, "matches": [{"detectedValue": word, "messageRefs": refs}]}),
            );
        }
    }
    json!({ "entities": entities })
}

/// Five seconds per sentence, split evenly among the members.
fn analytics(t: &Talk<'_>) -> Value {
    let talk = 5.0 * t.sents.len() as f64;
    let n = t.c.members.len() as f64;
    let members: Vec<Value> =
        t.c.members
            .iter()
            .map(|m| {
                json!({"id": m["id"], "name": m["name"],
            "talkTime": {"seconds": talk / n, "percentage": 100.0 / n}})
            })
            .collect();
    json!({ "metrics": [
        {"type": "total_silence", "percent": 10.0, "seconds": talk / 9.0},
        {"type": "total_talk_time", "percent": 90.0, "seconds": talk},
    ], "members": members })
}

/// The submitted trackers whose vocabulary occurs, with where.
fn trackers(t: &Talk<'_>) -> Value {
    let found: Vec<Value> = t
        .c
        .trackers
        .iter()
        .filter_map(|tracker| {
            let matches: Vec<Value> = tracker["vocabulary"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter_map(|phrase| {
                    let refs = t.refs(&|s| s.contains(&phrase.to_lowercase()));
                    (!refs.is_empty()).then(|| json!({"type": "vocabulary", "value": phrase, "messageRefs": refs}))
                })
                .collect();
            (!matches.is_empty()).then(|| json!({"id": format!("tracker-{}", tracker["name"].as_str().unwrap_or("")), "name": tracker["name"], "matches": matches}))
        })
        .collect();
    json!(found)
}

fn insights(t: &Talk<'_>) -> Value {
    let mut all = t.pick(&is_question, "question");
    all.extend(t.pick(&is_action_item, "action_item"));
    json!({ "insights": all })
}

fn summary(t: &Talk<'_>) -> Value {
    let items: Vec<Value> = t
        .sents
        .iter()
        .take(2)
        .enumerate()
        .map(|(i, s)| json!({"id": format!("summary-{i}"), "text": s, "messageRefs": [{"id": t.msg_id(i)}]}))
        .collect();
    json!({ "summary": items })
}
