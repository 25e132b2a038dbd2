//! The HTTP client every service crate sends through.
//!
//! One call flows: build the URL once → for each attempt: wait while the
//! client's rate-limit gate is closed, build the headers and body, ask the
//! auth for credentials (the synchronous fast path first), send within the
//! per-attempt timeout (capped by what is left of the call's deadline), read
//! the body within the size cap → on a retryable failure wait (full-jitter
//! backoff, or the server's `Retry-After`) if the deadline and the client's
//! retry budget allow, and send again → on 401 drop the credential if still
//! current and send once more with a new one → map a failure status to a
//! typed error.
//!
//! A failure to obtain a credential is returned as it is: the credential's
//! own fetch already retried (one retry layer, never two nested ones).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use http::header::{ACCEPT, HeaderName, USER_AGENT};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use tracing::{Instrument, field};
use url::Url;

use crate::clock::{SharedClock, system_clock};
use crate::error::{ApiError, Error, MAX_ERROR_BODY, Result, TimeoutKind, is_retryable_status};
use crate::http::auth::{AuthRequest, AuthTicket, NoAuth, Payload, Rejection, RequestAuth};
use crate::http::gate::RateLimitGate;
use crate::http::request::{ApiRequest, Target};
use crate::http::response::ApiResponse;
use crate::http::retry::{Delays, RetryBudget, RetryConfig};
use crate::http::transport::{self, Limits, Outgoing, RawResponse};
use crate::http::urls::{self, check_scheme, parse_base_url};
use crate::secret::redact_all;

/// The service's own error code and message, read from an error response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorDetails {
    /// The service's error code.
    pub code: Option<String>,
    /// The service's error message.
    pub message: Option<String>,
}

/// Reads a service's error body. Each service crate plugs in its own.
pub type ErrorParser = Arc<dyn Fn(StatusCode, &HeaderMap, &[u8]) -> ErrorDetails + Send + Sync>;

/// Reads the common JSON error shapes: a code in `code`, `error`,
/// `errorType` or `__type`; a message in `message`, `error_description`,
/// `errorMessage`, `detail` or `title`.
pub fn default_error_parser(
    _status: StatusCode,
    _headers: &HeaderMap,
    body: &[u8],
) -> ErrorDetails {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body)
    else {
        return ErrorDetails::default();
    };
    let text = |keys: &[&str]| {
        keys.iter().find_map(|k| match map.get(*k) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    ErrorDetails {
        code: text(&["code", "error", "errorType", "__type"]),
        message: text(&[
            "message",
            "error_description",
            "errorMessage",
            "detail",
            "title",
        ]),
    }
}

/// Headers that carry credentials; marked sensitive whatever set them.
const SECRET_HEADERS: [&str; 6] = [
    "authorization",
    "authentication",
    "x-api-key",
    "api-key",
    "x-amz-security-token",
    "cookie",
];

/// The default per-attempt timeout.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default total deadline of a call (every attempt and wait).
pub const DEFAULT_CALL_DEADLINE: Duration = Duration::from_secs(180);
/// The default total deadline of an upload (a streamed body).
pub const DEFAULT_UPLOAD_DEADLINE: Duration = Duration::from_secs(4 * 3600);
/// The default cap on a response body: larger than any real transcript or
/// page of these APIs, small enough that a runaway body cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

/// Builds an [`HttpClient`]. Service crates get one from
/// [`ClientConfig`](crate::ClientConfig); tests may build one directly.
pub struct HttpClientBuilder {
    pub(crate) service: &'static str,
    pub(crate) base_url: String,
    pub(crate) user_agent: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) call_deadline: Duration,
    pub(crate) upload_deadline: Duration,
    pub(crate) max_response_size: u64,
    pub(crate) retry: RetryConfig,
    pub(crate) budget: Option<Arc<RetryBudget>>,
    pub(crate) clock: SharedClock,
    pub(crate) client: Option<reqwest::Client>,
    pub(crate) error_parser: ErrorParser,
    pub(crate) request_id_headers: Vec<HeaderName>,
    pub(crate) default_headers: HeaderMap,
    pub(crate) allow_insecure_http: bool,
}

impl HttpClientBuilder {
    /// Sets the user agent (`"symbl-rust/0.1.0"`).
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = product.into();
        self
    }

    /// Sets the connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the per-attempt timeout (default 60 s); a request may override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Sets the total deadline of a call (default 180 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.call_deadline = deadline;
        self
    }

    /// Sets the total deadline of an upload (default 4 h).
    pub fn upload_deadline(mut self, deadline: Duration) -> Self {
        self.upload_deadline = deadline;
        self
    }

    /// Sets the largest response body read (default 64 MiB).
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Sets the retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Shares `budget` (default: a budget of its own for this client).
    pub fn retry_budget(mut self, budget: Arc<RetryBudget>) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Sets the clock (backoff waits and deadlines go through it).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// Sets how the service's error bodies are read.
    pub fn error_parser(mut self, parser: ErrorParser) -> Self {
        self.error_parser = parser;
        self
    }

    /// Adds a header that names the request id in responses (checked in order
    /// after the service's own; defaults: `x-request-id`, `x-amzn-requestid`,
    /// `x-amz-request-id`, `request-id`).
    pub fn request_id_header(mut self, name: HeaderName) -> Self {
        self.request_id_headers.insert(0, name);
        self
    }

    /// Adds a header sent with every request (`Accept: application/json`).
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.default_headers.insert(name, value);
        self
    }

    /// Allows a plain `http://` base URL to a host other than this machine
    /// (credentials then travel in clear text; default: refused).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<HttpClient> {
        let base_url = parse_base_url(&self.base_url)?;
        check_scheme(&base_url, self.allow_insecure_http)?;
        let client = match self.client {
            Some(c) => c,
            None => transport::shared_client(self.connect_timeout)?,
        };
        let mut default_headers = self.default_headers;
        if !default_headers.contains_key(ACCEPT) {
            default_headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        if !default_headers.contains_key(USER_AGENT) {
            let ua = HeaderValue::try_from(self.user_agent)
                .map_err(|_| Error::Config("the user agent is not a valid header value".into()))?;
            default_headers.insert(USER_AGENT, ua);
        }
        Ok(HttpClient {
            inner: Arc::new(Inner {
                service: self.service,
                base_url,
                client,
                retry: self.retry,
                budget: self.budget.unwrap_or_default(),
                gate: RateLimitGate::default(),
                clock: self.clock,
                error_parser: self.error_parser,
                request_id_headers: self.request_id_headers,
                default_headers,
                attempt_timeout: self.attempt_timeout,
                call_deadline: self.call_deadline,
                upload_deadline: self.upload_deadline,
                max_response_size: self.max_response_size,
            }),
        })
    }
}

/// Sends [`ApiRequest`]s for one service: base URL, timeouts and deadlines,
/// retries within a budget, a rate-limit gate, credential refresh on 401,
/// tracing and typed errors. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static str,
    base_url: Url,
    client: reqwest::Client,
    retry: RetryConfig,
    budget: Arc<RetryBudget>,
    gate: RateLimitGate,
    clock: SharedClock,
    error_parser: ErrorParser,
    request_id_headers: Vec<HeaderName>,
    default_headers: HeaderMap,
    attempt_timeout: Duration,
    call_deadline: Duration,
    upload_deadline: Duration,
    max_response_size: u64,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("service", &self.inner.service)
            .field("base_url", &self.inner.base_url.as_str())
            .field("retry", &self.inner.retry)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("call_deadline", &self.inner.call_deadline)
            .finish_non_exhaustive()
    }
}

/// One attempt's outcome.
enum Attempt {
    /// A response (any status).
    Response(Sent),
    /// No response: the transport failed.
    Failed(Error),
    /// No credential could be had: returned as is, never retried here.
    NoCredential(Error),
}

/// A response and what the attempt carried.
struct Sent {
    raw: RawResponse,
    ticket: AuthTicket,
    /// The credential headers the attempt carried, to scrub from error bodies.
    secrets: SentSecrets,
}

impl HttpClient {
    /// Starts building a client for `service` at `base_url`.
    pub fn builder(service: &'static str, base_url: impl Into<String>) -> HttpClientBuilder {
        let request_id_headers = [
            "x-request-id",
            "x-amzn-requestid",
            "x-amz-request-id",
            "request-id",
        ]
        .into_iter()
        .map(HeaderName::from_static)
        .collect();
        HttpClientBuilder {
            service,
            base_url: base_url.into(),
            user_agent: format!("{service}-rust-sdk/{}", env!("CARGO_PKG_VERSION")),
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            call_deadline: DEFAULT_CALL_DEADLINE,
            upload_deadline: DEFAULT_UPLOAD_DEADLINE,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            retry: RetryConfig::default(),
            budget: None,
            clock: system_clock(),
            client: None,
            error_parser: Arc::new(default_error_parser),
            request_id_headers,
            default_headers: HeaderMap::new(),
            allow_insecure_http: false,
        }
    }

    /// The service name.
    pub fn service(&self) -> &'static str {
        self.inner.service
    }

    /// The base URL (always ending in `/`).
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The clock.
    pub fn clock(&self) -> &SharedClock {
        &self.inner.clock
    }

    /// The client's retry budget.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.inner.budget
    }

    /// The full URL of `path` under the base URL.
    pub fn url_for(&self, path: &str) -> Result<Url> {
        urls::under_base(&self.inner.base_url, path, &[])
    }

    /// Sends `request` with credentials from `auth` and decodes the JSON answer.
    ///
    /// (A `map` over the [`send`](Self::send) future, not an `async fn`: that
    /// would keep a second copy of `request`, and an `async` block awaiting
    /// the inner future a second copy of that future, in every task that
    /// sends.)
    pub fn send_json<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
        auth: &dyn RequestAuth,
    ) -> impl Future<Output = Result<T>> {
        self.send(request, auth)
            .map(|response| response.and_then(|r| r.json()))
    }

    /// Sends `request` without credentials.
    pub fn send_unauthenticated(
        &self,
        request: ApiRequest,
    ) -> impl Future<Output = Result<ApiResponse>> {
        self.send(request, &NoAuth)
    }

    /// Sends `request` with credentials from `auth`: retries what may be
    /// retried within the call's deadline and the client's retry budget,
    /// refreshes the credential once on a rejection, and turns a failure
    /// status into a typed [`Error`].
    pub fn send(
        &self,
        request: ApiRequest,
        auth: &dyn RequestAuth,
    ) -> impl Future<Output = Result<ApiResponse>> {
        let span = tracing::info_span!(
            "http_request",
            service = self.inner.service,
            operation = request.operation,
            method = %request.method,
            path = field::Empty,
            attempt = field::Empty,
            status = field::Empty,
        );
        if !span.is_disabled() {
            // A full URL may carry a signature in its query: log the path only.
            match &request.target {
                Target::Path(p) => span.record("path", p.as_str()),
                Target::Url(u) => span.record("path", u.path()),
            };
        }
        // An `async` block, not an `async fn`: the block owns `request` once
        // (an `async fn` moves each argument into a second slot of its own).
        async move { self.send_inner(&request, auth).await }.instrument(span)
    }

    async fn send_inner(
        &self,
        request: &ApiRequest,
        auth: &dyn RequestAuth,
    ) -> Result<ApiResponse> {
        let inner = &*self.inner;
        let auth: &dyn RequestAuth = if request.authenticated { auth } else { &NoAuth };
        // The first attempt's URL; reqwest takes it, so a retry builds it
        // again (rare) rather than every call paying for a copy.
        let mut first_url = Some(self.full_url(request)?);
        let deadline = request.deadline.unwrap_or(if request.is_upload() {
            inner.upload_deadline
        } else {
            inner.call_deadline
        });
        let attempt_timeout = request.timeout.unwrap_or(if request.is_upload() {
            inner.upload_deadline
        } else {
            inner.attempt_timeout
        });
        let may_retry = request.may_retry();
        let started = inner.clock.now();
        // Built on the first retry only: most calls never need it.
        let mut delays: Option<Delays> = None;
        let mut refreshed = false;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            // The first attempt starts now: no second clock read.
            let now = if attempt == 1 {
                started
            } else {
                inner.clock.now()
            };
            let mut elapsed = now.saturating_duration_since(started);
            // The client-wide gate: a rate-limit reset learnt by any call holds
            // every call back.
            if let Some(until) = inner.gate.closed_until(now) {
                let wait = until.saturating_duration_since(now);
                if elapsed + wait >= deadline {
                    return Err(deadline_error(request, deadline));
                }
                tracing::debug!(
                    wait_ms = millis(wait),
                    "rate limited: waiting for the reset"
                );
                inner.clock.sleep(wait).await;
                elapsed = inner.clock.now().saturating_duration_since(started);
            }
            let Some(remaining) = deadline.checked_sub(elapsed).filter(|r| !r.is_zero()) else {
                return Err(deadline_error(request, deadline));
            };
            tracing::Span::current().record("attempt", attempt);
            let url = match first_url.take() {
                Some(url) => url,
                None => self.full_url(request)?,
            };
            let sent = match self
                .attempt(request, url, auth, attempt_timeout.min(remaining))
                .await
            {
                Attempt::NoCredential(e) => return Err(e),
                Attempt::Failed(e) => {
                    let retryable = match &e {
                        // A connection that was never made sent nothing: always safe.
                        Error::Connect { .. } => true,
                        Error::Timeout { .. } | Error::Transport { .. } => may_retry,
                        _ => false,
                    };
                    let stalled_to_deadline =
                        matches!(e, Error::Timeout { .. }) && attempt_timeout >= remaining;
                    if stalled_to_deadline {
                        return Err(deadline_error(request, deadline));
                    }
                    if !retryable {
                        return Err(e);
                    }
                    match self.plan_retry(
                        &mut delays,
                        None,
                        RetryBudget::TIMEOUT_COST,
                        started,
                        deadline,
                    ) {
                        Some(wait) => {
                            tracing::info!(error = %e, wait_ms = millis(wait), "retrying");
                            inner.clock.sleep(wait).await;
                            continue;
                        }
                        None => return Err(e),
                    }
                }
                Attempt::Response(sent) => sent,
            };
            let status = sent.raw.status;
            tracing::Span::current().record("status", status.as_u16());
            if auth.is_rejection(status) {
                if refreshed {
                    let err = self.api_error(request, &sent);
                    return Err(Error::Unauthorized(Box::new(err)));
                }
                // The credential was refused: drop it (if nobody replaced it
                // yet) and try exactly once more with a new one.
                tracing::debug!(
                    status = status.as_u16(),
                    "credential refused; refreshing once"
                );
                auth.rejected(
                    &sent.ticket,
                    &Rejection::new(status, &sent.raw.headers, &sent.raw.body),
                );
                refreshed = true;
                continue;
            }
            let rate_limited = status == StatusCode::TOO_MANY_REQUESTS;
            if rate_limited || (may_retry && is_retryable_status(status)) {
                let hint = inner
                    .retry
                    .retry_after(&sent.raw.headers, inner.clock.wall());
                if rate_limited && let Some(hint) = hint {
                    inner.gate.close_until(inner.clock.now() + hint);
                }
                if let Some(wait) = self.plan_retry(
                    &mut delays,
                    hint,
                    RetryBudget::RETRY_COST,
                    started,
                    deadline,
                ) {
                    tracing::info!(status = status.as_u16(), wait_ms = millis(wait), "retrying");
                    inner.clock.sleep(wait).await;
                    continue;
                }
            } else if status.is_success() {
                inner.budget.refund(RetryBudget::SUCCESS_REFUND);
            }
            return self.finish(request, sent);
        }
    }

    /// How long to wait before the next attempt, or `None` when there is
    /// none: out of retries, out of budget, or out of time.
    fn plan_retry(
        &self,
        delays: &mut Option<Delays>,
        hint: Option<Duration>,
        cost: u32,
        started: crate::clock::Instant,
        deadline: Duration,
    ) -> Option<Duration> {
        let backoff = delays
            .get_or_insert_with(|| self.inner.retry.backoff_delays())
            .next()?;
        // The server's hint wins over our own backoff.
        let wait = hint.unwrap_or(backoff);
        let elapsed = self.inner.clock.now().saturating_duration_since(started);
        if elapsed + wait >= deadline {
            tracing::debug!("no time left for another attempt");
            return None;
        }
        if !self.inner.budget.try_acquire(cost) {
            tracing::debug!("retry budget exhausted; not retrying");
            return None;
        }
        Some(wait)
    }

    /// The request's URL with its query, encoded once per call.
    fn full_url(&self, request: &ApiRequest) -> Result<Url> {
        match &request.target {
            Target::Path(p) => urls::under_base(&self.inner.base_url, p, &request.query),
            Target::Url(u) => urls::with_query(u, &request.query),
        }
    }

    /// Sends one attempt.
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn would store `url` twice in every call's future"
    )]
    fn attempt<'a>(
        &'a self,
        request: &'a ApiRequest,
        url: Url,
        auth: &'a dyn RequestAuth,
        timeout: Duration,
    ) -> impl Future<Output = Attempt> + 'a {
        // An `async` block: it owns `url` once (see `send`).
        async move {
            let inner = &*self.inner;
            // Sized once for the defaults, the request's own headers, and what
            // the body and the auth add (a clone would be sized to the defaults
            // alone and grow on the first insert).
            let mut headers =
                HeaderMap::with_capacity(inner.default_headers.len() + request.headers.len() + 3);
            for (name, value) in &inner.default_headers {
                headers.append(name.clone(), value.clone());
            }
            for (name, value) in &request.headers {
                headers.insert(name.clone(), value.clone());
            }
            let body = match request.build_body(&mut headers).await {
                Ok(b) => b,
                Err(e) => return Attempt::Failed(e),
            };
            let payload = request
                .body_bytes()
                .map_or(Payload::Streamed, Payload::Bytes);
            let ticket = {
                let mut signing = AuthRequest::new(&request.method, &url, &mut headers, payload);
                let ticket = match auth.authorize_now(&mut signing) {
                    Some(t) => t,
                    None => auth.authorize(&mut signing).await,
                };
                match ticket {
                    Ok(t) => t,
                    Err(e) => return Attempt::NoCredential(e),
                }
            };
            let secrets = mark_secrets(&mut headers);
            let outgoing = Outgoing {
                method: request.method.clone(),
                url,
                headers,
                body,
                timeout,
            };
            let limits = Limits {
                // The host named in a connection error: the base URL's, or the
                // full URL's when the request has one.
                host_of: match &request.target {
                    Target::Path(_) => &inner.base_url,
                    Target::Url(u) => u,
                },
                service: inner.service,
                operation: request.operation,
                max_body: inner.max_response_size,
            };
            match transport::execute(&inner.client, outgoing, limits).await {
                Ok(raw) => {
                    tracing::debug!(status = raw.status.as_u16(), "response");
                    Attempt::Response(Sent {
                        raw,
                        ticket,
                        secrets,
                    })
                }
                Err(e) => Attempt::Failed(e),
            }
        }
    }

    fn finish(&self, request: &ApiRequest, sent: Sent) -> Result<ApiResponse> {
        if sent.raw.status.is_success() {
            let request_id = self.request_id(&sent.raw.headers);
            return Ok(ApiResponse {
                operation: request.operation,
                status: sent.raw.status,
                headers: sent.raw.headers,
                body: sent.raw.body,
                request_id,
            });
        }
        let err = Box::new(self.api_error(request, &sent));
        if sent.raw.status == StatusCode::TOO_MANY_REQUESTS {
            Err(Error::RateLimited(err))
        } else {
            Err(Error::Api(err))
        }
    }

    /// The typed error for a failure response, its body truncated (as bytes,
    /// before decoding) and scrubbed of every secret the request carried.
    fn api_error(&self, request: &ApiRequest, sent: &Sent) -> ApiError {
        let raw = &sent.raw;
        let details = (self.inner.error_parser)(raw.status, &raw.headers, &raw.body);
        let mut secrets: Vec<&str> = Vec::new();
        for value in sent.secrets.iter() {
            if let Ok(text) = value.to_str() {
                secrets.push(text);
                if let Some((_, token)) = text.split_once(' ') {
                    secrets.push(token);
                }
            }
        }
        secrets.extend(request.redact.iter().map(|s| s.expose_secret()));
        let scrub = |s: String| redact_all(&s, &secrets);
        let body = (!raw.body.is_empty()).then(|| {
            let cut = &raw.body[..raw.body.len().min(MAX_ERROR_BODY)];
            let mut text = String::from_utf8_lossy(cut).into_owned();
            if raw.body.len() > MAX_ERROR_BODY {
                text.push('…');
            }
            scrub(text)
        });
        let mut err = ApiError::new(self.inner.service, request.operation, raw.status)
            .with_code(details.code.map(scrub))
            .with_message(details.message.map(scrub))
            .with_request_id(self.request_id(&raw.headers));
        err.body = body;
        err.retry_after = self
            .inner
            .retry
            .retry_after(&raw.headers, self.inner.clock.wall());
        err
    }

    fn request_id(&self, headers: &HeaderMap) -> Option<String> {
        self.inner
            .request_id_headers
            .iter()
            .find_map(|h| headers.get(h))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

fn deadline_error(request: &ApiRequest, deadline: Duration) -> Error {
    Error::Timeout {
        operation: request.operation.to_owned(),
        limit: TimeoutKind::Deadline,
        after: Some(deadline),
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Marks every credential header sensitive (so no log shows it) and returns
/// them (cheap clones), to scrub from an error body should one come back.
fn mark_secrets(headers: &mut HeaderMap) -> SentSecrets {
    let mut secrets = SentSecrets::default();
    for (name, value) in headers.iter_mut() {
        if value.is_sensitive() || SECRET_HEADERS.contains(&name.as_str()) {
            value.set_sensitive(true);
            secrets.push(value.clone());
        }
    }
    secrets
}

/// The credential headers one attempt carried. Nearly every request
/// carries exactly one (its `Authorization`), kept inline: no allocation.
#[derive(Default)]
struct SentSecrets {
    first: Option<HeaderValue>,
    more: Vec<HeaderValue>,
}

impl SentSecrets {
    fn push(&mut self, value: HeaderValue) {
        if self.first.is_none() {
            self.first = Some(value);
        } else {
            self.more.push(value);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &HeaderValue> {
        self.first.iter().chain(&self.more)
    }
}
