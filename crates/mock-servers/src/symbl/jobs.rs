//! Jobs: submission (with the concurrent-job cap), one step per poll,
//! webhook callbacks, and the conversation listing.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{Job, State, conversation_json, message};

impl State {
    pub(super) fn running_jobs(&self) -> usize {
        self.jobs
            .values()
            .filter(|j| !j.fail && j.polls < self.steps_to_complete)
            .count()
    }

    pub(super) fn submit(
        &mut self,
        conversation_id: Option<&str>,
        name: &str,
        texts: Vec<String>,
    ) -> ResponseTemplate {
        if let Some(max) = self.max_concurrent_jobs
            && self.running_jobs() >= max
        {
            return ResponseTemplate::new(429).set_body_json(json!({
                "statusCode": 429,
                "message": format!("This API has a limit of maximum of {max} number of concurrent jobs per account. If you are looking to scale, and need more concurrent jobs than this limit, please contact us at support@symbl.ai")
            }));
        }
        let trackers = std::mem::take(&mut self.next_trackers);
        let conversation_id = match conversation_id {
            Some(id) => match self.conversations.get_mut(id) {
                Some(c) => {
                    c.texts.extend(texts);
                    c.trackers.extend(trackers);
                    id.to_owned()
                }
                None => {
                    return message(
                        404,
                        "The conversationId is either invalid or does not exist.",
                    );
                }
            },
            None => {
                let id = self.new_id("conv");
                self.add_conversation(&id, name, texts);
                if let Some(c) = self.conversations.get_mut(&id) {
                    c.trackers = trackers;
                }
                id
            }
        };
        let job_id = self.new_id("job");
        let fail = std::mem::take(&mut self.fail_next_job);
        self.jobs.insert(
            job_id.clone(),
            Job {
                conversation_id: conversation_id.clone(),
                polls: 0,
                fail,
                webhook: std::mem::take(&mut self.next_webhook),
                notified: None,
            },
        );
        self.peak_running_jobs = self.peak_running_jobs.max(self.running_jobs());
        ResponseTemplate::new(201)
            .set_body_json(json!({"conversationId": conversation_id, "jobId": job_id}))
    }

    pub(super) fn job(&mut self, id: &str) -> ResponseTemplate {
        let steps = self.steps_to_complete;
        let Some(job) = self.jobs.get_mut(id) else {
            return message(404, "The jobId is either invalid or does not exist.");
        };
        let status = if job.polls >= steps {
            if job.fail { "failed" } else { "completed" }
        } else if job.polls == 0 {
            "scheduled"
        } else {
            "in_progress"
        };
        job.polls += 1;
        let _ = &job.conversation_id;
        if let Some(url) = job.webhook.clone()
            && job.notified != Some(status)
        {
            job.notified = Some(status);
            let body = json!({"jobId": id, "status": status});
            post_webhook(&url, &body);
            self.webhooks_sent.push((url, body));
        }
        ResponseTemplate::new(200).set_body_json(json!({"id": id, "status": status}))
    }

    pub(super) fn list(&self, query: &BTreeMap<String, String>) -> ResponseTemplate {
        let limit = query
            .get("limit")
            .and_then(|v| v.parse().ok())
            .unwrap_or(20usize);
        let offset = query
            .get("offset")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0usize);
        let page: Vec<Value> = self
            .order
            .iter()
            .skip(offset)
            .take(limit)
            .filter_map(|id| self.conversations.get(id))
            .map(conversation_json)
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({ "conversations": page }))
    }
}

/// POSTs a job callback to a local `http://` URL, off the responder's
/// thread (the responder must not block); other URLs are never contacted.
pub(super) fn post_webhook(url: &str, body: &Value) {
    let Some(rest) = url.strip_prefix("http://") else {
        return;
    };
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(a, p)| (a, format!("/{p}")));
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    if host != "127.0.0.1" && host != "localhost" {
        return;
    }
    let authority = authority.to_owned();
    let payload = body.to_string();
    std::thread::spawn(move || {
        use std::io::Write;
        let Ok(addr) =
            std::net::ToSocketAddrs::to_socket_addrs(&authority.as_str()).map(|mut a| a.next())
        else {
            return;
        };
        let Some(addr) = addr else { return };
        if let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        {
            let request = format!(
                "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nUser-Agent: symbl-mock-webhooks\r\nConnection: close\r\n\r\n{payload}",
                payload.len()
            );
            let _ = stream.write_all(request.as_bytes());
            let _ = stream.flush();
            // Wait for the receiver's answer (or its close) before leaving.
            let mut sink = [0u8; 256];
            let _ = std::io::Read::read(&mut stream, &mut sink);
        }
    });
}
