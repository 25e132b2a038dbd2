//! The MI mock's HTTP routes: [`route`] is the table, one line and one
//! handler per endpoint (adding an endpoint adds one line and one handler).
//! Every API route is authorized first, the way its version does it
//! (see `auth`); the presigned model download is not.

use std::collections::BTreeMap;

use md5::{Digest as _, Md5};
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use super::auth::{verify, verify_v2};
use super::{State, Task};
use crate::harness::Shared;

pub(super) struct Api(pub(super) Shared<State>);

/// What a handler gets besides the state: the request, the API version
/// (`v1` or `v2`) and the query.
struct Cx<'r> {
    request: &'r Request,
    version: &'r str,
    query: BTreeMap<String, String>,
}

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.0.lock();
        let path = request.url.path().to_owned();
        if let Some(name) = path.strip_prefix("/models/") {
            return fetch_model(&s, name.trim_end_matches(".json"));
        }
        s.requests += 1;
        let all: Vec<&str> = path.trim_matches('/').split('/').collect();
        let (version, segments) = match all.split_first() {
            Some((v @ (&"v1" | &"v2"), rest)) => (*v, rest),
            _ => return error(404, "NotFound", "No such route"),
        };
        if version == "v1" {
            if let Err(reject) = verify(&mut s, request) {
                s.rejected_signatures += 1;
                return *reject;
            }
        } else if let Err(reject) = verify_v2(&mut s, request) {
            s.rejected_tokens += 1;
            return *reject;
        }
        let cx = Cx {
            request,
            version,
            query: request.url.query_pairs().into_owned().collect(),
        };
        route(&mut s, &cx, request.method.as_str(), segments)
    }
}

/// The route table: one line and one handler per endpoint.
fn route(s: &mut State, cx: &Cx<'_>, method: &str, segments: &[&str]) -> ResponseTemplate {
    match (cx.version, method, segments) {
        ("v1", "GET", ["fundportfolio"]) | ("v2", "GET", ["fund-portfolio"]) => consolidate(s, cx),
        (_, "GET", ["tasks"]) => list_tasks(s, cx),
        (_, "POST", ["tasks"]) => submit_task(s, cx),
        (_, "GET", ["tasks", jobid]) => get_task(s, jobid),
        (_, "DELETE", ["tasks", jobid]) => delete_task(s, jobid),
        _ => error(404, "NotFound", "No such route"),
    }
}

/// An MI error body, `{errorType, errorMessage}`, with a request id.
pub(super) fn error(status: u16, kind: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-amzn-requestid", "mi-req-0001")
        .set_body_json(json!({"errorType": kind, "errorMessage": message}))
}

/// `GET /fundportfolio` (v1) or `/fund-portfolio` (v2) `?jobids=a;b`.
fn consolidate(s: &State, cx: &Cx<'_>) -> ResponseTemplate {
    let ids: Vec<&str> = cx
        .query
        .get("jobids")
        .map(|v| v.split(';').collect())
        .unwrap_or_default();
    if ids.is_empty() || ids.iter().any(|id| !s.tasks.contains_key(*id)) {
        return error(400, "ValidationError", "unknown job id in jobids");
    }
    ResponseTemplate::new(200).set_body_json(json!({"model": {"date": "2026-06-30", "tables": [
        {"title": "Fund performance", "columnsOrder": ids,
         "items": [{"tag": "irr", "term": "IRR", "ogterm": "Net IRR", "values": {"total": 0.142}}]}
    ]}}))
}

/// `GET /tasks[?company=..]`: the tasks not deleted.
fn list_tasks(s: &State, cx: &Cx<'_>) -> ResponseTemplate {
    let company = cx.query.get("company");
    let tasks: Vec<Value> = s
        .tasks
        .values()
        .filter(|t| t.status != "DELETED")
        .filter(|t| company.is_none_or(|c| t.company.as_ref() == Some(c)))
        .map(|t| task_json(s, t))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "tasks": tasks }))
}

/// `POST /tasks`: registers a task and answers a presigned upload URL on
/// the storage endpoint.
fn submit_task(s: &mut State, cx: &Cx<'_>) -> ResponseTemplate {
    let body: Value = serde_json::from_slice(&cx.request.body).unwrap_or(Value::Null);
    let (Some(_filetype), Some(filename), Some(md5)) = (
        body["filetype"].as_str(),
        body["filename"].as_str(),
        body["md5checksum"].as_str(),
    ) else {
        return error(
            400,
            "ValidationError",
            "filetype, filename and md5checksum are required",
        );
    };
    if filename.contains('/') || filename.contains('\\') {
        return error(400, "ValidationError", "filename must be a base name");
    }
    s.next += 1;
    let jobid = format!("job-{:04}", s.next);
    s.tasks.insert(
        jobid.clone(),
        Task {
            jobid: jobid.clone(),
            status: "PENDING_UPLOAD",
            filename: filename.to_owned(),
            company: body["companyname"].as_str().map(str::to_owned),
            md5: md5.to_owned(),
            polls: 0,
            uploaded: None,
        },
    );
    let url = format!(
        "{}/upload/{jobid}?X-Amz-Signature=presigned&X-Amz-Expires=900",
        s.storage
    );
    ResponseTemplate::new(200).set_body_json(json!({"jobid": jobid, "url": url}))
}

/// `GET /tasks/{jobid}`: a processing task succeeds after some polls.
fn get_task(s: &mut State, jobid: &str) -> ResponseTemplate {
    let needed = s.polls_to_success;
    let Some(task) = s.tasks.get_mut(jobid) else {
        return error(404, "NotFound", "Task not found");
    };
    if task.status == "PROCESSING" {
        task.polls += 1;
        if task.polls >= needed {
            task.status = "SUCCESS";
        }
    }
    let task = task.clone();
    ResponseTemplate::new(200).set_body_json(task_json(s, &task))
}

/// `DELETE /tasks/{jobid}`: marks it deleted.
fn delete_task(s: &mut State, jobid: &str) -> ResponseTemplate {
    match s.tasks.get_mut(jobid) {
        Some(task) => {
            task.status = "DELETED";
            let task = task.clone();
            ResponseTemplate::new(200).set_body_json(task_json(s, &task))
        }
        None => error(404, "NotFound", "Task not found"),
    }
}

/// The presigned model download (`GET /models/{jobid}.json`), its ETag the
/// body's MD5 (or a wrong one when models are set to be corrupt).
fn fetch_model(s: &State, jobid: &str) -> ResponseTemplate {
    let Some(task) = s.tasks.get(jobid) else {
        return ResponseTemplate::new(404);
    };
    let body = model_json(task).to_string();
    let mut etag = hex::encode(Md5::digest(body.as_bytes()));
    if s.corrupt_models {
        etag = "0".repeat(32);
    }
    ResponseTemplate::new(200)
        .insert_header("etag", format!("\"{etag}\""))
        .insert_header("content-type", "application/json")
        .set_body_string(body)
}

fn model_json(task: &Task) -> Value {
    json!({
        "company": task.company.clone().unwrap_or_else(|| "Acme Ltd".into()),
        "dateReporting": "2026-06-30",
        "covering": "H1 2026",
        "items": [
            {"tag": "revenue", "term": "Revenue", "ogterm": "Total revenue",
             "values": {"2026": {"value": 1250.5, "bbox": "1;0.12;0.30;0.20;0.02"}, "2025": 1100}},
            {"tag": "ebitda", "term": "EBITDA", "ogterm": "EBITDA",
             "values": {"2026": "310", "2025": {"value": "280", "bbox": ""}}}
        ]
    })
}

fn task_json(s: &State, t: &Task) -> Value {
    let mut v = json!({
        "jobid": t.jobid, "client": "scribe-test-client", "status": t.status, "submitted": 1_795_500_000u64,
        "clientFilename": t.filename, "originalFilename": t.filename,
    });
    if let Some(c) = &t.company {
        v["companyName"] = json!(c);
    }
    if t.status == "SUCCESS" {
        v["modelUrl"] = json!(format!(
            "{}/models/{}.json?X-Amz-Signature=presigned&X-Amz-Expires=300",
            s.base, t.jobid
        ));
    }
    v
}
