//! The one place that talks to reqwest: the process-wide connection pools,
//! sending one attempt, and reading a response body within a size cap.

use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, Method, StatusCode};
use url::Url;

use crate::error::{Error, Result, TimeoutKind};
use crate::http::request::AttemptBody;

/// How much of an error response is read (enough for any JSON error body;
/// the rest is not needed and not worth the memory).
pub(crate) const ERROR_BODY_READ_LIMIT: usize = 64 * 1024;

/// Makes ring rustls's process-wide crypto provider unless the application
/// installed one already (then that one is used). Every TLS connection of
/// the SDKs (HTTP, and Symbl's WebSocket) uses it.
///
/// ```no_run
/// auth_core::http::install_crypto_provider();
/// ```
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// The reqwest clients of this process, one per connect timeout: building
/// one loads and parses every system certificate (milliseconds), so every
/// SDK client shares them, and with them the TLS configuration and the
/// connection pools.
pub(crate) fn shared_client(connect_timeout: Duration) -> Result<reqwest::Client> {
    static CLIENTS: OnceLock<Mutex<Vec<(Duration, reqwest::Client)>>> = OnceLock::new();
    let clients = CLIENTS.get_or_init(|| Mutex::new(Vec::new()));
    let mut clients = clients.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, client)) = clients.iter().find(|(t, _)| *t == connect_timeout) {
        return Ok(client.clone());
    }
    install_crypto_provider();
    let client = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        // Redirects could carry credentials to another host.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {}", e.without_url())))?;
    clients.push((connect_timeout, client.clone()));
    Ok(client)
}

/// A response, its body read (within the cap).
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// What one attempt sends.
pub(crate) struct Outgoing {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: AttemptBody,
    pub(crate) timeout: Duration,
}

/// Where a response body is read to, and how much of it.
pub(crate) struct Limits<'a> {
    /// The URL whose host a connection error names.
    pub(crate) host_of: &'a Url,
    pub(crate) service: &'static str,
    pub(crate) operation: &'a str,
    pub(crate) max_body: u64,
}

/// Sends one attempt and reads its response. A success body larger than
/// `max_body` is refused with [`Error::ResponseTooLarge`] as soon as that is
/// known; an error body is read up to [`ERROR_BODY_READ_LIMIT`] only.
pub(crate) fn execute<'a>(
    client: &reqwest::Client,
    out: Outgoing,
    limits: Limits<'a>,
) -> impl Future<Output = Result<RawResponse>> + use<'a> {
    // The request is handed to reqwest here, before the future: the future
    // then holds reqwest's alone, not a second copy of what it was made of.
    let mut req = reqwest::Request::new(out.method, out.url);
    *req.headers_mut() = out.headers;
    match out.body {
        AttemptBody::Empty => {}
        AttemptBody::Bytes(b) => *req.body_mut() = Some(reqwest::Body::from(b)),
        AttemptBody::Stream(s) => *req.body_mut() = Some(reqwest::Body::wrap_stream(s.chunks)),
    }
    let pending = client.execute(req);
    let timeout = out.timeout;
    let service = limits.service;
    // The attempt's timeout covers the answer and its whole body. It is a
    // timer inside this future rather than reqwest's per-request timeout,
    // which allocates one and wraps the body in a second layer.
    let attempt = async move {
        // Named in errors only: formatted on failure, not for every request.
        let host = || host_of(limits.host_of);
        let service = limits.service;
        let mut response = pending
            .await
            .map_err(|e| Error::from_reqwest(service, &host(), e, false))?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let cap = if status.is_success() {
            limits.max_body
        } else {
            ERROR_BODY_READ_LIMIT as u64
        };
        if status.is_success() && response.content_length().is_some_and(|n| n > cap) {
            return Err(too_large(&limits));
        }
        // The common single-chunk body is handed over without a copy; only a
        // body in several chunks is gathered into one buffer.
        let mut first: Option<Bytes> = None;
        let mut gathered = BytesMut::new();
        let mut read: usize = 0;
        let cap = usize::try_from(cap).unwrap_or(usize::MAX);
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => return Err(Error::from_reqwest(service, &host(), e, true)),
            };
            let room = cap.saturating_sub(read);
            let chunk = if chunk.len() > room {
                if status.is_success() {
                    return Err(too_large(&limits));
                }
                // An error body is only read for its message: keep its start.
                chunk.slice(..room)
            } else {
                chunk
            };
            read += chunk.len();
            match first.take() {
                None if gathered.is_empty() => first = Some(chunk),
                None => gathered.extend_from_slice(&chunk),
                Some(previous) => {
                    gathered.extend_from_slice(&previous);
                    gathered.extend_from_slice(&chunk);
                }
            }
            if read >= cap && !status.is_success() {
                break;
            }
        }
        let body = match first {
            Some(only) => only,
            None => gathered.freeze(),
        };
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    };
    async move {
        tokio::time::timeout(timeout, attempt)
            .await
            .unwrap_or_else(|_| {
                Err(Error::Timeout {
                    operation: format!("{service} request"),
                    limit: TimeoutKind::Attempt,
                    after: None,
                })
            })
    }
}

fn too_large(limits: &Limits<'_>) -> Error {
    Error::ResponseTooLarge {
        operation: limits.operation.to_owned(),
        limit: limits.max_body,
    }
}

/// `host[:port]` of `url`, for error messages.
pub(crate) fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => String::new(),
    }
}
