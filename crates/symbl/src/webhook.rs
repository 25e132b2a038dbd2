//! Job-status callbacks: what Symbl POSTs to a request's `webhookUrl`
//! (see [`ProcessOptions::webhook_url`](crate::models::ProcessOptions::webhook_url))
//! each time the job's status changes.
//!
//! The parser works with any HTTP server: hand it the body bytes
//! ([`JobWebhook::parse`]) or an [`http::Request`] ([`JobWebhook::parse_request`],
//! which also checks the method and content type). Bodies over the size cap
//! (64 KiB unless set) are refused without being parsed, and every refusal is
//! a typed [`WebhookError`] that names the HTTP status to answer with.
//!
//! Symbl does not sign its callbacks: treat one as a hint and confirm with
//! [`JobsApi::get`](crate::api::JobsApi::get) before acting on it, and keep
//! the webhook URL unguessable.
//!
//! ```
//! use symbl::models::JobStatus;
//! use symbl::webhook::JobWebhook;
//!
//! let event = JobWebhook::new()
//!     .parse(br#"{"jobId":"9b1f","status":"completed"}"#)
//!     .expect("a job event");
//! assert_eq!(event.job_id.as_str(), "9b1f");
//! assert_eq!(event.status, JobStatus::Completed);
//! ```

use bytes::Bytes;
use http::{Method, StatusCode, header};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::models::JobStatus;

/// The default cap on a callback's body: Symbl's are a few dozen bytes.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024;

/// A job's status change, as Symbl reports it to the webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobEvent {
    /// The job (`jobId`; `id` in the job-status shape).
    pub job_id: crate::ids::JobId,
    /// Its new status (unknown statuses kept in [`JobStatus::Other`]).
    pub status: JobStatus,
    /// Any other fields of the payload.
    pub extra: Map<String, Value>,
}

impl JobEvent {
    /// Whether the job will not change any more (completed or failed).
    ///
    /// ```no_run
    /// let event = symbl::webhook::JobWebhook::new()
    ///     .parse(br#"{"jobId":"j1","status":"failed"}"#)
    ///     .expect("valid");
    /// assert!(event.is_terminal());
    /// ```
    pub fn is_terminal(&self) -> bool {
        self.status.is_terminal()
    }
}

/// Why a callback was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is larger than the cap (it was not parsed).
    #[error("webhook body of {size} bytes is over the {limit}-byte limit")]
    TooLarge {
        /// The body's size (or its announced `Content-Length`).
        size: u64,
        /// The cap.
        limit: usize,
    },
    /// The request is not a POST.
    #[error("webhook requests are POSTs, not {0}")]
    Method(String),
    /// The content type is not JSON.
    #[error("webhook body must be JSON, not `{0}`")]
    ContentType(String),
    /// The body is not a JSON object.
    #[error("webhook body is not a JSON object: {0}")]
    Malformed(String),
    /// A required field is missing or not a string.
    #[error("webhook body has no string field `{0}`")]
    MissingField(&'static str),
}

impl WebhookError {
    /// The HTTP status to answer the sender with (413, 405, 415 or 400).
    ///
    /// ```no_run
    /// use symbl::webhook::JobWebhook;
    /// let err = JobWebhook::new().max_body_size(8).parse(&[b' '; 9]).expect_err("too big");
    /// assert_eq!(err.status_code(), http::StatusCode::PAYLOAD_TOO_LARGE);
    /// ```
    pub fn status_code(&self) -> StatusCode {
        match self {
            WebhookError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            WebhookError::Method(_) => StatusCode::METHOD_NOT_ALLOWED,
            WebhookError::ContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebhookError::Malformed(_) | WebhookError::MissingField(_) => StatusCode::BAD_REQUEST,
        }
    }
}

/// The job-status callback parser, with its body-size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobWebhook {
    max_body: usize,
}

impl Default for JobWebhook {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payload {
    #[serde(default, alias = "id")]
    job_id: Option<Value>,
    #[serde(default)]
    status: Option<Value>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl JobWebhook {
    /// A parser with the default cap ([`DEFAULT_MAX_BODY`]).
    ///
    /// ```no_run
    /// let parser = symbl::webhook::JobWebhook::new();
    /// # let _ = parser;
    /// ```
    pub fn new() -> Self {
        Self {
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Sets the largest body accepted, in bytes. A server should also stop
    /// reading a request past [`limit`](Self::limit) bytes.
    ///
    /// ```no_run
    /// let parser = symbl::webhook::JobWebhook::new().max_body_size(4096);
    /// assert_eq!(parser.limit(), 4096);
    /// ```
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The largest body accepted, in bytes.
    ///
    /// ```no_run
    /// assert_eq!(symbl::webhook::JobWebhook::new().limit(), symbl::webhook::DEFAULT_MAX_BODY);
    /// ```
    pub fn limit(&self) -> usize {
        self.max_body
    }

    /// Parses a callback's body.
    ///
    /// # Errors
    /// [`WebhookError::TooLarge`] over the cap; [`WebhookError::Malformed`]
    /// if it is not a JSON object; [`WebhookError::MissingField`] without a
    /// string `jobId` (or `id`) and `status`.
    ///
    /// ```no_run
    /// use symbl::webhook::{JobWebhook, WebhookError};
    /// let err = JobWebhook::new().parse(br#"{"status":"completed"}"#).expect_err("no job id");
    /// assert_eq!(err, WebhookError::MissingField("jobId"));
    /// ```
    pub fn parse(&self, body: &[u8]) -> Result<JobEvent, WebhookError> {
        if body.len() > self.max_body {
            return Err(WebhookError::TooLarge {
                size: body.len() as u64,
                limit: self.max_body,
            });
        }
        let payload: Payload = serde_json::from_slice(body).map_err(|e| {
            // serde's message names the position, never echoes the body.
            WebhookError::Malformed(e.to_string())
        })?;
        let job_id = match payload.job_id {
            Some(Value::String(id)) if !id.trim().is_empty() => crate::ids::JobId::from(id),
            _ => return Err(WebhookError::MissingField("jobId")),
        };
        let status = match payload.status {
            Some(Value::String(s)) if !s.trim().is_empty() => JobStatus::from(s.as_str()),
            _ => return Err(WebhookError::MissingField("status")),
        };
        Ok(JobEvent {
            job_id,
            status,
            extra: payload.extra,
        })
    }

    /// Parses a callback request: it must be a POST with a JSON (or no)
    /// content type, and an announced `Content-Length` over the cap is
    /// refused before the body is looked at.
    ///
    /// # Errors
    /// [`WebhookError::Method`], [`WebhookError::ContentType`],
    /// [`WebhookError::TooLarge`], and the errors of [`parse`](Self::parse).
    ///
    /// ```no_run
    /// use bytes::Bytes;
    /// use symbl::webhook::JobWebhook;
    /// let request = http::Request::post("/symbl/jobs")
    ///     .header("content-type", "application/json")
    ///     .body(Bytes::from_static(br#"{"jobId":"j1","status":"in_progress"}"#))
    ///     .expect("request");
    /// let event = JobWebhook::new().parse_request(&request).expect("event");
    /// assert_eq!(event.job_id.as_str(), "j1");
    /// ```
    pub fn parse_request(&self, request: &http::Request<Bytes>) -> Result<JobEvent, WebhookError> {
        if request.method() != Method::POST {
            return Err(WebhookError::Method(request.method().to_string()));
        }
        if let Some(ct) = request.headers().get(header::CONTENT_TYPE) {
            let ct = ct.to_str().unwrap_or("(not text)");
            let essence = ct.split(';').next().unwrap_or("").trim();
            if !essence.eq_ignore_ascii_case("application/json") {
                return Err(WebhookError::ContentType(ct.to_owned()));
            }
        }
        let announced = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(size) = announced
            && size > self.max_body as u64
        {
            return Err(WebhookError::TooLarge {
                size,
                limit: self.max_body,
            });
        }
        self.parse(request.body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post() -> http::request::Builder {
        http::Request::post("/hook")
    }

    #[test]
    fn every_status_is_typed_and_unknown_ones_are_kept() {
        let p = JobWebhook::new();
        for (wire, status) in [
            ("scheduled", JobStatus::Scheduled),
            ("in_progress", JobStatus::InProgress),
            ("completed", JobStatus::Completed),
            ("failed", JobStatus::Failed),
            ("paused", JobStatus::Other("paused".into())),
        ] {
            let body = format!(r#"{{"jobId":"j1","status":"{wire}"}}"#);
            assert_eq!(p.parse(body.as_bytes()).expect("valid").status, status);
        }
    }

    #[test]
    fn the_job_status_shape_and_extra_fields_are_accepted() {
        let event = JobWebhook::new()
            .parse(br#"{"id":"j2","status":"completed","conversationId":"c9"}"#)
            .expect("valid");
        assert_eq!(event.job_id.as_str(), "j2");
        assert_eq!(event.extra["conversationId"], "c9");
    }

    #[test]
    fn bad_bodies_are_typed_errors() {
        let p = JobWebhook::new();
        assert!(matches!(
            p.parse(b"not json"),
            Err(WebhookError::Malformed(_))
        ));
        assert!(matches!(p.parse(b"[1,2]"), Err(WebhookError::Malformed(_))));
        assert_eq!(
            p.parse(br#"{"jobId":7,"status":"completed"}"#),
            Err(WebhookError::MissingField("jobId"))
        );
        assert_eq!(
            p.parse(br#"{"jobId":"j1"}"#),
            Err(WebhookError::MissingField("status"))
        );
        assert_eq!(
            p.parse(br#"{"jobId":"j1","status":""}"#),
            Err(WebhookError::MissingField("status"))
        );
    }

    #[test]
    fn bodies_over_the_cap_are_refused_unparsed() {
        let p = JobWebhook::new().max_body_size(40);
        let body = br#"{"jobId":"j1","status":"completed","pad":"xxxxxxxxxxxx"}"#;
        assert_eq!(
            p.parse(body),
            Err(WebhookError::TooLarge {
                size: body.len() as u64,
                limit: 40
            })
        );
        // An announced length over the cap is refused before the body is read.
        let request = post()
            .header("content-length", "1000000")
            .body(Bytes::from_static(
                br#"{"jobId":"j1","status":"completed"}"#,
            ))
            .expect("request");
        assert!(matches!(
            p.parse_request(&request),
            Err(WebhookError::TooLarge {
                size: 1_000_000,
                ..
            })
        ));
    }

    #[test]
    fn requests_are_checked_for_method_and_content_type() {
        let p = JobWebhook::new();
        let body = Bytes::from_static(br#"{"jobId":"j1","status":"completed"}"#);
        let get = http::Request::get("/hook")
            .body(body.clone())
            .expect("request");
        let err = p.parse_request(&get).expect_err("GET");
        assert_eq!(err.status_code(), StatusCode::METHOD_NOT_ALLOWED);
        let form = post()
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .expect("request");
        let err = p.parse_request(&form).expect_err("form");
        assert_eq!(err.status_code(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let json = post()
            .header("content-type", "Application/JSON; charset=utf-8")
            .body(body)
            .expect("request");
        assert_eq!(p.parse_request(&json).expect("valid").job_id.as_str(), "j1");
    }
}
