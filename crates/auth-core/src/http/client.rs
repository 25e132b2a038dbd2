//! The HTTP client every service crate sends through.
//!
//! One request flows: build the attempt (URL, query, headers, body) → ask the
//! auth for credentials → send with timeouts → on a retryable failure wait
//! (backoff with full jitter, or the server's `Retry-After`) and send again →
//! on 401 drop the credential if still current, obtain a new one, send once
//! more → map a failure status to a typed error.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use backon::Retryable;
use bytes::Bytes;
use futures::future::BoxFuture;
use http::header::{ACCEPT, HeaderName};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use tracing::{Instrument, field};
use url::Url;

use crate::clock::{SharedClock, system_clock};
use crate::error::{ApiError, Error, Result, is_retryable_status, truncate_body};
use crate::http::auth::{AuthTicket, NoAuth, RequestAuth};
use crate::http::request::{ApiRequest, Target, encode_component};
use crate::http::response::ApiResponse;
use crate::http::retry::RetryConfig;
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

/// Builds an [`HttpClient`].
pub struct HttpClientBuilder {
    service: &'static str,
    base_url: String,
    user_agent: String,
    connect_timeout: Duration,
    timeout: Duration,
    retry: RetryConfig,
    clock: SharedClock,
    client: Option<reqwest::Client>,
    error_parser: ErrorParser,
    request_id_headers: Vec<HeaderName>,
    default_headers: HeaderMap,
}

impl HttpClientBuilder {
    /// Sets the user agent's product token (`"symbl-rust/0.1.0"`).
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = product.into();
        self
    }

    /// Sets the connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the whole-request timeout (default 60 s); a request may override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the clock (backoff waits go through it).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// Uses this reqwest client (proxies, custom TLS). Its own timeouts and
    /// user agent then apply instead of this builder's.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
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

    /// Builds the client.
    pub fn build(self) -> Result<HttpClient> {
        let base_url = parse_base_url(&self.base_url)?;
        let client = match self.client {
            Some(c) => c,
            None => {
                install_crypto_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .user_agent(self.user_agent)
                    // Redirects could carry credentials to another host.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| {
                        Error::Config(format!("cannot build the HTTP client: {}", e.without_url()))
                    })?
            }
        };
        Ok(HttpClient {
            inner: Arc::new(Inner {
                service: self.service,
                base_url,
                client,
                retry: self.retry,
                clock: self.clock,
                error_parser: self.error_parser,
                request_id_headers: self.request_id_headers,
                default_headers: self.default_headers,
            }),
        })
    }
}

/// Makes ring rustls's process-wide crypto provider unless the application
/// installed one already (then that one is used).
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Parses a base URL; a missing scheme means `https://`, and the path always
/// ends with `/` so relative paths are appended, not substituted.
pub fn parse_base_url(raw: &str) -> Result<Url> {
    let raw = raw.trim();
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|e| Error::Config(format!("invalid base URL `{raw}`: {e}")))?;
    if url.cannot_be_a_base() {
        return Err(Error::Config(format!("invalid base URL `{raw}`")));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Sends [`ApiRequest`]s for one service: base URL, timeouts, retries,
/// credential refresh on 401, tracing and typed errors. Cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static str,
    base_url: Url,
    client: reqwest::Client,
    retry: RetryConfig,
    clock: SharedClock,
    error_parser: ErrorParser,
    request_id_headers: Vec<HeaderName>,
    default_headers: HeaderMap,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("service", &self.inner.service)
            .field("base_url", &self.inner.base_url.as_str())
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// One attempt's outcome when it is worth looking at again.
enum AttemptError {
    /// A response with a status to retry (or to report if out of attempts).
    Status(RawResponse),
    /// No response at all.
    Failed(Error),
}

struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    ticket: AuthTicket,
    /// Secrets the attempt carried, to scrub from error bodies.
    sent_secrets: Vec<String>,
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
            timeout: Duration::from_secs(60),
            retry: RetryConfig::default(),
            clock: system_clock(),
            client: None,
            error_parser: Arc::new(default_error_parser),
            request_id_headers,
            default_headers: HeaderMap::new(),
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

    /// The full URL of `path` under the base URL.
    pub fn url_for(&self, path: &str) -> Result<Url> {
        self.inner
            .base_url
            .join(path.trim_start_matches('/'))
            .map_err(|e| Error::InvalidInput(format!("invalid path `{path}`: {e}")))
    }

    /// Sends `request` with credentials from `auth` and decodes the JSON answer.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        request: ApiRequest,
        auth: &dyn RequestAuth,
    ) -> Result<T> {
        self.send(request, auth).await?.json()
    }

    /// Sends `request` without credentials.
    pub async fn send_unauthenticated(&self, request: ApiRequest) -> Result<ApiResponse> {
        self.send(request, &NoAuth).await
    }

    /// Sends `request` with credentials from `auth`: retries what may be
    /// retried, refreshes the credential once on a rejection, and turns a
    /// failure status into a typed [`Error`].
    pub async fn send(&self, request: ApiRequest, auth: &dyn RequestAuth) -> Result<ApiResponse> {
        let path = match &request.target {
            Target::Path(p) => p.clone(),
            // A full URL may carry a signature in its query: log the path only.
            Target::Url(u) => u.path().to_owned(),
        };
        let span = tracing::info_span!(
            "http_request",
            service = self.inner.service,
            operation = request.operation,
            method = %request.method,
            path = %path,
            attempt = field::Empty,
            status = field::Empty,
        );
        self.send_inner(&request, auth).instrument(span).await
    }

    async fn send_inner(
        &self,
        request: &ApiRequest,
        auth: &dyn RequestAuth,
    ) -> Result<ApiResponse> {
        let auth: &dyn RequestAuth = if request.authenticated { auth } else { &NoAuth };
        let attempts = AtomicU32::new(0);
        let first = self.send_with_retries(request, auth, &attempts).await?;
        if !auth.is_rejection(first.status) {
            return self.finish(request, first);
        }
        // The credential was refused: drop it (if nobody replaced it yet) and
        // try exactly once more with a new one.
        tracing::debug!(
            status = first.status.as_u16(),
            "credential refused; refreshing once"
        );
        auth.reject(&first.ticket);
        let second = self.send_with_retries(request, auth, &attempts).await?;
        if auth.is_rejection(second.status) {
            let err = self.api_error(request, &second);
            return Err(Error::Unauthorized(Box::new(err)));
        }
        self.finish(request, second)
    }

    async fn send_with_retries(
        &self,
        request: &ApiRequest,
        auth: &dyn RequestAuth,
        attempts: &AtomicU32,
    ) -> Result<RawResponse> {
        match self.retrying(request, auth, attempts).await {
            Ok(raw) | Err(AttemptError::Status(raw)) => Ok(raw),
            Err(AttemptError::Failed(e)) => Err(e),
        }
    }

    /// The retry loop (backon), boxed in a plain function: its closures take
    /// references, and holding them inside an `async fn` trips the compiler's
    /// higher-ranked `Send` check.
    fn retrying<'a>(
        &'a self,
        request: &'a ApiRequest,
        auth: &'a dyn RequestAuth,
        attempts: &'a AtomicU32,
    ) -> BoxFuture<'a, Result<RawResponse, AttemptError>> {
        let may_retry = request.may_retry();
        let clock = Arc::clone(&self.inner.clock);
        let retry = &self.inner.retry;
        let retry_clock = Arc::clone(&self.inner.clock);
        Box::pin(
            (move || self.attempt(request, auth, attempts.fetch_add(1, Ordering::Relaxed) + 1))
                .retry(retry.backoff_delays())
                .sleep(move |d| clock.sleep(d))
                .when(move |e: &AttemptError| match e {
                    // A 429 says the request was not processed (RFC 6585), so
                    // even a POST may be sent again.
                    AttemptError::Status(r) if r.status == StatusCode::TOO_MANY_REQUESTS => true,
                    AttemptError::Status(r) => may_retry && is_retryable_status(r.status),
                    // A connection that was never made sent nothing: always safe.
                    AttemptError::Failed(Error::Connect { .. }) => true,
                    AttemptError::Failed(e) => may_retry && e.is_retryable(),
                })
                .adjust(move |e: &AttemptError, backoff| {
                    // Out of attempts stays out of attempts; otherwise the
                    // server's hint wins over our own backoff.
                    let hint = match e {
                        AttemptError::Status(r) => {
                            retry.retry_after(&r.headers, retry_clock.wall())
                        }
                        AttemptError::Failed(_) => None,
                    };
                    backoff.map(|b| hint.unwrap_or(b))
                })
                .notify(|e: &AttemptError, wait| {
                    let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
                    match e {
                        AttemptError::Status(r) => {
                            tracing::info!(status = r.status.as_u16(), wait_ms, "retrying");
                        }
                        AttemptError::Failed(err) => {
                            tracing::info!(error = %err, wait_ms, "retrying")
                        }
                    }
                }),
        )
    }

    /// Sends one attempt. A retryable status comes back as an error so the
    /// retry loop sees it.
    async fn attempt(
        &self,
        request: &ApiRequest,
        auth: &dyn RequestAuth,
        attempt: u32,
    ) -> Result<RawResponse, AttemptError> {
        tracing::Span::current().record("attempt", attempt);
        let mut req = self.build(request).await.map_err(AttemptError::Failed)?;
        let ticket = auth
            .authorize(&mut req)
            .await
            .map_err(AttemptError::Failed)?;
        let sent_secrets = mark_and_collect_secrets(&mut req);
        let service = self.inner.service;
        let response = self
            .inner
            .client
            .execute(req)
            .await
            .map_err(|e| AttemptError::Failed(Error::from_reqwest(service, e)))?;
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        tracing::debug!(status = status.as_u16(), attempt, "response");
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| AttemptError::Failed(Error::from_reqwest(service, e)))?;
        let raw = RawResponse {
            status,
            headers,
            body,
            ticket,
            sent_secrets,
        };
        if is_retryable_status(status) {
            Err(AttemptError::Status(raw))
        } else {
            Ok(raw)
        }
    }

    async fn build(&self, request: &ApiRequest) -> Result<reqwest::Request> {
        let mut url = match &request.target {
            Target::Path(p) => self.url_for(p)?,
            Target::Url(u) => u.clone(),
        };
        if !request.query.is_empty() {
            // RFC 3986 encoding (a space is %20, `;` is %3B), not form encoding
            // (a space as `+`): what is sent is then exactly what a SigV4
            // signature's canonical query covers.
            let mut query = url.query().map(str::to_owned).unwrap_or_default();
            for (k, v) in &request.query {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(&encode_component(k));
                query.push('=');
                query.push_str(&encode_component(v));
            }
            url.set_query(Some(&query));
        }
        let mut headers = self.inner.default_headers.clone();
        if !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }
        let body = request.build_body(&mut headers).await?;
        let mut req = reqwest::Request::new(request.method.clone(), url);
        *req.headers_mut() = headers;
        if let Some(body) = body {
            *req.body_mut() = Some(body);
        }
        if let Some(timeout) = request.timeout {
            *req.timeout_mut() = Some(timeout);
        }
        Ok(req)
    }

    fn finish(&self, request: &ApiRequest, raw: RawResponse) -> Result<ApiResponse> {
        if raw.status.is_success() {
            let request_id = self.request_id(&raw.headers);
            return Ok(ApiResponse {
                operation: request.operation,
                status: raw.status,
                headers: raw.headers,
                body: raw.body,
                request_id,
            });
        }
        let err = Box::new(self.api_error(request, &raw));
        if raw.status == StatusCode::TOO_MANY_REQUESTS {
            Err(Error::RateLimited(err))
        } else {
            Err(Error::Api(err))
        }
    }

    /// The typed error for a failure response, its body scrubbed of every
    /// secret the request carried and truncated.
    fn api_error(&self, request: &ApiRequest, raw: &RawResponse) -> ApiError {
        let details = (self.inner.error_parser)(raw.status, &raw.headers, &raw.body);
        let secrets: Vec<&str> = raw
            .sent_secrets
            .iter()
            .map(String::as_str)
            .chain(request.redact.iter().map(|s| s.expose_secret()))
            .collect();
        let scrub = |s: String| redact_all(&s, &secrets);
        let body = (!raw.body.is_empty())
            .then(|| scrub(truncate_body(&String::from_utf8_lossy(&raw.body))));
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

/// Marks every credential header sensitive (so no log shows it) and returns
/// the secret values the attempt carries: credential headers (with and
/// without their scheme) and the request's own sensitive headers.
fn mark_and_collect_secrets(req: &mut reqwest::Request) -> Vec<String> {
    let mut secrets = Vec::new();
    for (name, value) in req.headers_mut().iter_mut() {
        let secret_header = SECRET_HEADERS.contains(&name.as_str());
        if secret_header || value.is_sensitive() {
            value.set_sensitive(true);
            if let Ok(text) = value.to_str() {
                secrets.push(text.to_owned());
                if let Some((_, token)) = text.split_once(' ') {
                    secrets.push(token.to_owned());
                }
            }
        }
    }
    secrets
}
