//! A description of one API call, independent of any attempt at sending it,
//! so that it can be sent again (after a backoff, or after a 401).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::http::body::{BodySource, BodyStream};
use crate::secret::{Exposable, SecretValue};

/// The body of an [`ApiRequest`].
#[derive(Clone, Default)]
pub enum RequestBody {
    /// No body.
    #[default]
    Empty,
    /// An in-memory body and its content type.
    Bytes {
        /// The bytes (cheap to clone for a retry).
        data: Bytes,
        /// Its `Content-Type`.
        content_type: HeaderValue,
    },
    /// A streamed body, reopened for each attempt.
    Stream {
        /// Where the body comes from.
        source: Arc<dyn BodySource>,
        /// Its `Content-Type`.
        content_type: HeaderValue,
    },
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies may carry passwords: only their size is shown.
        match self {
            RequestBody::Empty => f.write_str("Empty"),
            RequestBody::Bytes { data, content_type } => {
                write!(f, "Bytes({} bytes, {content_type:?})", data.len())
            }
            RequestBody::Stream { source, .. } => write!(f, "Stream({source:?})"),
        }
    }
}

/// Percent-encodes `value` for use as one path segment (an id from a user or
/// a server), so it can never add segments or a query (`../x`, `a/b`, `?`).
pub fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_segment(&mut out, value);
    out
}

/// Appends `value` to `out` as one encoded path segment ([`encode_segment`]
/// without a `String` of its own), to build a path in one buffer.
///
/// ```no_run
/// let mut path = String::from("v1/conversations/");
/// auth_core::http::push_segment(&mut path, "a/b");
/// assert_eq!(path, "v1/conversations/a%2Fb");
/// ```
pub fn push_segment(out: &mut String, value: &str) {
    // "." and ".." are meaningful as whole segments even unencoded.
    match value {
        "." => out.push_str("%2E"),
        ".." => out.push_str("%2E%2E"),
        _ => encode_component_into(out, value),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`), as SigV4 canonicalization does.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_component_into(&mut out, value);
    out
}

/// [`encode_component`] appending to `out` (no allocation of its own).
pub(crate) fn encode_component_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

/// Where a request goes: a path under the client's base URL, or a full URL
/// (a presigned upload or download link).
#[derive(Debug, Clone)]
pub enum Target {
    /// A path relative to the base URL (`"v1/job/123"`).
    Path(String),
    /// A complete URL.
    Url(url::Url),
}

/// One API call: method, target, query, headers, body, and how it may be retried.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) target: Target,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: RequestBody,
    pub(crate) retry_safe: Option<bool>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) authenticated: bool,
    pub(crate) redact: Vec<SecretValue>,
}

impl ApiRequest {
    /// A request named `operation` (used in logs and errors) for `path`
    /// under the base URL.
    pub fn new(operation: &'static str, method: Method, path: impl Into<String>) -> Self {
        Self {
            operation,
            method,
            target: Target::Path(path.into()),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: RequestBody::Empty,
            retry_safe: None,
            timeout: None,
            deadline: None,
            authenticated: true,
            redact: Vec::new(),
        }
    }

    /// A `GET` of `path`.
    pub fn get(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(operation, Method::GET, path)
    }

    /// A `POST` to `path`.
    pub fn post(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(operation, Method::POST, path)
    }

    /// A `PUT` to `path`.
    pub fn put(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(operation, Method::PUT, path)
    }

    /// A `PATCH` of `path`.
    pub fn patch(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(operation, Method::PATCH, path)
    }

    /// A `DELETE` of `path`.
    pub fn delete(operation: &'static str, path: impl Into<String>) -> Self {
        Self::new(operation, Method::DELETE, path)
    }

    /// A request to a complete URL (no credentials are added to it).
    pub fn to_url(operation: &'static str, method: Method, url: url::Url) -> Self {
        let mut req = Self::new(operation, method, String::new());
        req.target = Target::Url(url);
        req.authenticated = false;
        req
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_opt(self, name: impl Into<String>, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Adds a header whose value is secret: it is marked sensitive, so it is
    /// never logged, and scrubbed from error bodies.
    pub fn sensitive_header(mut self, name: HeaderName, mut value: HeaderValue) -> Self {
        value.set_sensitive(true);
        self.headers.append(name, value);
        self
    }

    /// Names a secret the body carries (a password, a client secret), so it
    /// is scrubbed from any error built from the server's answer.
    pub fn redacting(mut self, secret: &impl Exposable) -> Self {
        self.redact.push(SecretValue::new(secret.exposed()));
        self
    }

    /// Sets a JSON body.
    pub fn json(mut self, body: &impl Serialize) -> Result<Self> {
        let data = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidInput(format!("cannot encode the request body: {e}")))?;
        self.body = RequestBody::Bytes {
            data: Bytes::from(data),
            content_type: HeaderValue::from_static("application/json"),
        };
        Ok(self)
    }

    /// Sets a body of raw bytes with a content type.
    pub fn bytes(mut self, data: impl Into<Bytes>, content_type: HeaderValue) -> Self {
        self.body = RequestBody::Bytes {
            data: data.into(),
            content_type,
        };
        self
    }

    /// Sets a form-encoded body.
    pub fn form(mut self, fields: &impl Serialize) -> Result<Self> {
        let data = serde_urlencoded_string(fields)?;
        self.body = RequestBody::Bytes {
            data: Bytes::from(data),
            content_type: HeaderValue::from_static("application/x-www-form-urlencoded"),
        };
        Ok(self)
    }

    /// Sets a streamed body.
    pub fn stream(mut self, source: Arc<dyn BodySource>, content_type: HeaderValue) -> Self {
        self.body = RequestBody::Stream {
            source,
            content_type,
        };
        self
    }

    /// Marks a non-idempotent request (POST, PATCH) as safe to retry after a
    /// 5xx or a timeout, or forbids retrying an idempotent one. (A 429 is
    /// retried whatever the method: the server did not process the request.)
    pub fn retry_safe(mut self, safe: bool) -> Self {
        self.retry_safe = Some(safe);
        self
    }

    /// Overrides the client's per-attempt timeout for this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the client's total deadline for this call (every attempt
    /// and every wait between them).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Whether the body is streamed (an upload: the upload deadline applies).
    pub fn is_upload(&self) -> bool {
        matches!(self.body, RequestBody::Stream { .. })
    }

    /// The body as bytes, when it is held in memory.
    pub(crate) fn body_bytes(&self) -> Option<&[u8]> {
        match &self.body {
            RequestBody::Empty => Some(&[]),
            RequestBody::Bytes { data, .. } => Some(data),
            RequestBody::Stream { .. } => None,
        }
    }

    /// Sends the request without credentials (token endpoints, health checks).
    pub fn unauthenticated(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Whether a failed attempt may be sent again.
    pub fn may_retry(&self) -> bool {
        let idempotent = matches!(
            self.method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        self.retry_safe.unwrap_or(idempotent)
    }

    /// Builds the body of one attempt, with its content headers.
    pub(crate) async fn build_body(&self, headers: &mut HeaderMap) -> Result<AttemptBody> {
        match &self.body {
            RequestBody::Empty => Ok(AttemptBody::Empty),
            RequestBody::Bytes { data, content_type } => {
                headers.insert(CONTENT_TYPE, content_type.clone());
                Ok(AttemptBody::Bytes(data.clone()))
            }
            RequestBody::Stream {
                source,
                content_type,
            } => {
                let body = source.open().await?;
                headers.insert(CONTENT_TYPE, content_type.clone());
                if let Some(len) = body.len {
                    headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
                }
                Ok(AttemptBody::Stream(body))
            }
        }
    }
}

/// One attempt's body, ready for the transport.
pub(crate) enum AttemptBody {
    Empty,
    Bytes(Bytes),
    Stream(BodyStream),
}

fn serde_urlencoded_string(fields: &impl Serialize) -> Result<String> {
    // reqwest's `form` feature brings serde_urlencoded; go through a JSON map
    // to keep to one encoder and fail cleanly on nested values.
    let value = serde_json::to_value(fields)
        .map_err(|e| Error::InvalidInput(format!("cannot encode the form: {e}")))?;
    let map = value
        .as_object()
        .ok_or_else(|| Error::InvalidInput("a form must be a flat object".into()))?;
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in map {
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => {
                out.append_pair(k, s);
            }
            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                out.append_pair(k, &v.to_string());
            }
            _ => {
                return Err(Error::InvalidInput(format!(
                    "form field `{k}` is not a scalar"
                )));
            }
        }
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("abc-123_x.y~"), "abc-123_x.y~");
        assert_eq!(encode_segment("../etc/passwd"), "..%2Fetc%2Fpasswd");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("a b?c#d"), "a%20b%3Fc%23d");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn idempotency_follows_the_method_unless_overridden() {
        assert!(ApiRequest::get("op", "x").may_retry());
        assert!(ApiRequest::put("op", "x").may_retry());
        assert!(ApiRequest::delete("op", "x").may_retry());
        assert!(!ApiRequest::post("op", "x").may_retry());
        assert!(!ApiRequest::patch("op", "x").may_retry());
        assert!(ApiRequest::post("op", "x").retry_safe(true).may_retry());
        assert!(!ApiRequest::get("op", "x").retry_safe(false).may_retry());
    }

    #[test]
    fn form_bodies_are_url_encoded() {
        #[derive(Serialize)]
        struct F<'a> {
            grant_type: &'a str,
            code: &'a str,
            missing: Option<&'a str>,
        }
        let req = ApiRequest::post("token", "oauth/token")
            .form(&F {
                grant_type: "authorization_code",
                code: "a b&c",
                missing: None,
            })
            .expect("flat form");
        match req.body {
            RequestBody::Bytes { data, .. } => {
                assert_eq!(&data[..], b"code=a+b%26c&grant_type=authorization_code");
            }
            other => panic!("unexpected body {other:?}"),
        }
    }

    #[test]
    fn debug_never_shows_body_content() {
        let req = ApiRequest::post("login", "sessions")
            .json(&serde_json::json!({"password": "pw-123456"}))
            .expect("json");
        assert!(!format!("{req:?}").contains("pw-123456"));
    }
}
