//! The Symbl mock's HTTP routes: [`route`] is the table, one line and one
//! handler per endpoint (adding an endpoint adds one line and one handler).

use std::collections::BTreeMap;

use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use super::insights::insight;
use super::{State, Upload, conversation_json, message, sentences, trackers_of};
use crate::harness::Shared;

pub(super) struct Api(pub(super) Shared<State>);

/// What a handler gets besides the state: the request, its path segments
/// after the route's prefix, and its query.
struct Cx<'r> {
    request: &'r Request,
    path: String,
    query: BTreeMap<String, String>,
}

impl Cx<'_> {
    fn json(&self) -> Value {
        serde_json::from_slice::<Value>(&self.request.body).unwrap_or(Value::Null)
    }
}

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.0.lock();
        let cx = Cx {
            request,
            path: request.url.path().to_owned(),
            query: request.url.query_pairs().into_owned().collect(),
        };
        if request.method.as_str() == "POST" && cx.path == "/oauth2/token:generate" {
            return s.generate(&cx.json());
        }
        s.api_requests += 1;
        if let Some(fault) = s.faults.pop_front() {
            return fault;
        }
        if !s.authorized(request) {
            s.unauthorized += 1;
            return message(401, "Token validation failed for provided token.");
        }
        route(&mut s, &cx)
    }
}

/// The route table: one line and one handler per endpoint.
fn route(s: &mut State, cx: &Cx<'_>) -> ResponseTemplate {
    let path = cx.path.clone();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = cx.request.method.as_str();
    match (method, segments.as_slice()) {
        ("POST" | "PUT", ["v1", "process", "text", rest @ ..]) => {
            process_text(s, cx, rest.first().copied())
        }
        (
            "POST" | "PUT",
            [
                "v1",
                "process",
                media @ ("audio" | "video"),
                "url",
                rest @ ..,
            ],
        ) => process_url(s, cx, media, rest.first().copied()),
        ("POST" | "PUT", ["v1", "process", media @ ("audio" | "video"), rest @ ..]) => {
            process_upload(s, cx, media, rest.first().copied())
        }
        ("POST", ["v1", "endpoint:connect"]) => endpoint_connect(s, cx),
        (m, ["v1", "manage", rest @ ..]) => s.manage.manage(m, rest, &cx.request.body, &cx.query),
        ("GET", ["v1", "job", id]) => s.job(id),
        ("GET", ["v1", "conversations"]) => s.list(&cx.query),
        (m, ["v1", "conversations", id, rest @ ..]) => conversation_route(s, cx, m, id, rest),
        _ => message(404, "Not found"),
    }
}

/// The routes under `/v1/conversations/{id}`.
fn conversation_route(
    s: &mut State,
    cx: &Cx<'_>,
    method: &str,
    id: &str,
    rest: &[&str],
) -> ResponseTemplate {
    if !s.conversations.contains_key(id) {
        return message(
            404,
            "The conversationId is either invalid or does not exist.",
        );
    }
    let sents = s.conversations.get(id).map(sentences).unwrap_or_default();
    if let Some(reply) = s.manage.conversation(id, &sents, method, rest, &cx.json()) {
        return reply;
    }
    match (method, rest) {
        ("GET", []) => get_conversation(s, id),
        ("PUT", []) => update_conversation(s, cx, id),
        ("DELETE", []) => delete_conversation(s, id),
        ("PUT", ["members", member_id]) => update_member(s, cx, id, member_id),
        ("PUT", ["speakers"]) => update_speakers(s, cx, id),
        ("POST", ["transcript"]) => transcript(s, cx, id),
        ("GET", [kind]) => match s.conversations.get(id) {
            Some(c) => insight(c, kind),
            None => message(404, "gone"),
        },
        _ => message(404, "Not found"),
    }
}

fn process_text(s: &mut State, cx: &Cx<'_>, conversation: Option<&str>) -> ResponseTemplate {
    let body = cx.json();
    let texts: Vec<String> = body["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|x| x["payload"]["content"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if texts.is_empty() {
        return message(400, "messages must not be empty");
    }
    let name = body["name"]
        .as_str()
        .unwrap_or("Text conversation")
        .to_owned();
    s.next_trackers = trackers_of(&body["trackers"]);
    s.next_webhook = body["webhookUrl"].as_str().map(str::to_owned);
    s.submit(conversation, &name, texts)
}

fn process_url(
    s: &mut State,
    cx: &Cx<'_>,
    media: &str,
    conversation: Option<&str>,
) -> ResponseTemplate {
    let body = cx.json();
    let Some(url) = body["url"].as_str() else {
        return message(400, "url is required");
    };
    let name = body["name"]
        .as_str()
        .unwrap_or("Media conversation")
        .to_owned();
    let text = format!("This {media} was fetched from {url}. We will review the Budget next week.");
    s.next_trackers = trackers_of(&body["trackers"]);
    s.next_webhook = body["webhookUrl"].as_str().map(str::to_owned);
    s.submit(conversation, &name, vec![text])
}

fn process_upload(
    s: &mut State,
    cx: &Cx<'_>,
    media: &str,
    conversation: Option<&str>,
) -> ResponseTemplate {
    let header = |n: &str| {
        cx.request
            .headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    // Through the streaming front the body arrives as its digest, and the
    // announced length and framing as `x-mock-upload-*` headers.
    let streamed = crate::front::upload_of(&cx.request.headers);
    let (content_length, chunked) = if streamed.is_some() {
        (
            header(crate::front::UPLOAD_CONTENT_LENGTH).and_then(|v| v.parse().ok()),
            header(crate::front::UPLOAD_CHUNKED).is_some(),
        )
    } else {
        (
            header("content-length").and_then(|v| v.parse().ok()),
            header("transfer-encoding").is_some_and(|v| v.contains("chunked")),
        )
    };
    let received = streamed.unwrap_or_else(|| crate::storage::Upload::of(&cx.request.body));
    if content_length.is_none() && !chunked && received.len == 0 {
        return message(400, "Content-Length is required");
    }
    let size = received.len;
    s.uploads.push(Upload {
        path: cx.path.clone(),
        content_type: header("content-type"),
        content_length,
        chunked,
        query: cx.query.clone().into_iter().collect(),
        received,
    });
    let name = cx
        .query
        .get("name")
        .cloned()
        .unwrap_or_else(|| format!("Uploaded {media}"));
    let text = format!(
        "Uploaded {media} of {size} bytes. Can we meet the Deadline? I will share the Report tomorrow."
    );
    s.next_trackers = cx
        .query
        .get("trackers")
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .map(|t| trackers_of(&t))
        .unwrap_or_default();
    s.next_webhook = cx.query.get("webhookUrl").cloned();
    s.submit(conversation, &name, vec![text])
}

fn endpoint_connect(s: &mut State, cx: &Cx<'_>) -> ResponseTemplate {
    let host = cx
        .request
        .url
        .host_str()
        .map(|h| match cx.request.url.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_owned(),
        })
        .unwrap_or_default();
    s.endpoint_connect(&cx.json(), &host)
}

fn get_conversation(s: &mut State, id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        s.conversations
            .get(id)
            .map(conversation_json)
            .unwrap_or(Value::Null),
    )
}

fn update_conversation(s: &mut State, cx: &Cx<'_>, id: &str) -> ResponseTemplate {
    let body = cx.json();
    let Some(c) = s.conversations.get_mut(id) else {
        return message(404, "gone");
    };
    if let Some(meta) = body["metadata"].as_object() {
        c.metadata = meta.clone();
    }
    ResponseTemplate::new(200).set_body_json(conversation_json(c))
}

fn delete_conversation(s: &mut State, id: &str) -> ResponseTemplate {
    s.conversations.remove(id);
    s.order.retain(|x| x != id);
    message(200, "successfully deleted the conversation")
}

fn update_member(s: &mut State, cx: &Cx<'_>, id: &str, member_id: &str) -> ResponseTemplate {
    let mut body = cx.json();
    body["id"] = json!(member_id);
    if let Some(c) = s.conversations.get_mut(id) {
        c.members.retain(|m| m["id"] != json!(member_id));
        c.members.push(body);
    }
    message(200, "Member with memberId updated successfully.")
}

fn update_speakers(s: &mut State, cx: &Cx<'_>, id: &str) -> ResponseTemplate {
    let body = cx.json();
    if let Some(events) = body["speakerEvents"].as_array()
        && let Some(c) = s.conversations.get_mut(id)
    {
        for e in events {
            let user = e["user"].clone();
            if !c.members.iter().any(|m| m["id"] == user["id"]) {
                c.members.push(user);
            }
        }
    }
    message(
        200,
        "Speaker events associated for conversationId successfully.",
    )
}

fn transcript(s: &mut State, cx: &Cx<'_>, id: &str) -> ResponseTemplate {
    let body = cx.json();
    let ct = body["contentType"]
        .as_str()
        .unwrap_or("text/markdown")
        .to_owned();
    let Some(c) = s.conversations.get(id) else {
        return message(404, "gone");
    };
    let payload = sentences(c)
        .iter()
        .enumerate()
        .map(|(i, line)| {
            if ct == "text/srt" {
                format!(
                    "{}\n00:00:{:02},000 --> 00:00:{:02},000\n{line}\n",
                    i + 1,
                    i * 5,
                    i * 5 + 5
                )
            } else {
                format!("**Speaker**: {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    ResponseTemplate::new(200)
        .set_body_json(json!({"transcript": {"payload": payload, "contentType": ct}}))
}
