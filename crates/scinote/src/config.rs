//! Client configuration, and how SciNote's answers are read: its JSON:API
//! error bodies and its `RateLimit-Reset` header.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_core::ServiceDefaults;
use auth_core::http::{ErrorDetails, RetryConfig, default_error_parser, parse_retry_after};
use http::{HeaderMap, StatusCode};

use crate::error::parse_errors;

/// SciNote's defaults on top of the shared ones (no default server: each
/// lab runs its own).
pub(crate) fn defaults() -> ServiceDefaults {
    ServiceDefaults::new(
        "scinote",
        "",
        concat!("scinote-rust/", env!("CARGO_PKG_VERSION")),
    )
    .retry(default_retry())
}

/// The default retry settings: SciNote's rate limit is a 60 s window, so a
/// wait up to its end (plus slack) is allowed.
///
/// ```no_run
/// # fn run(client: scinote::SciNoteClient) {
/// # let _ = &client;
/// let retry = scinote::config::default_retry().max_retries(5);
/// # let _ = retry;
/// # }
/// ```
pub fn default_retry() -> RetryConfig {
    RetryConfig::default()
        .max_retry_after(Duration::from_secs(90))
        .retry_after_fn(Arc::new(rate_limit_wait))
}

/// How long a 429 asks to wait: SciNote (Rack::Attack) sends no
/// `Retry-After` but `RateLimit-Reset`, the window's end as an **absolute**
/// epoch second, so the wait is `reset - now`. `Retry-After` is the fallback
/// (a proxy in front of the server may send one).
///
/// ```no_run
/// # fn run(client: scinote::SciNoteClient) {
/// # let _ = &client;
/// let mut headers = http::HeaderMap::new();
/// headers.insert("ratelimit-reset", http::HeaderValue::from_static("1767225660"));
/// let now = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600);
/// assert_eq!(scinote::config::rate_limit_wait(&headers, now), Some(std::time::Duration::from_secs(60)));
/// # }
/// ```
pub fn rate_limit_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let reset = headers
        .get("ratelimit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match reset {
        Some(reset) => {
            let at = UNIX_EPOCH.checked_add(Duration::from_secs(reset))?;
            Some(at.duration_since(now).unwrap_or(Duration::ZERO))
        }
        None => parse_retry_after(headers, now),
    }
}

/// Reads SciNote's error bodies: JSON:API `errors[0]` (`title` as the code,
/// `detail` as the message), else Doorkeeper's `{error, error_description}`.
pub(crate) fn error_parser(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> ErrorDetails {
    if let Some(first) = parse_errors(body).and_then(|e| e.into_iter().next()) {
        let message = first.detail.clone().or_else(|| first.title.clone());
        return ErrorDetails {
            code: first.title,
            message,
        };
    }
    default_error_parser(status, headers, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn reset_is_an_absolute_epoch_second() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert("ratelimit-reset", HeaderValue::from_static("1700000042"));
        assert_eq!(rate_limit_wait(&h, now), Some(Duration::from_secs(42)));
        h.insert("ratelimit-reset", HeaderValue::from_static("1699999999"));
        assert_eq!(rate_limit_wait(&h, now), Some(Duration::ZERO));
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(rate_limit_wait(&h, now), Some(Duration::from_secs(3)));
        assert_eq!(rate_limit_wait(&HeaderMap::new(), now), None);
    }

    #[test]
    fn json_api_and_oauth_errors_are_parsed() {
        let d = error_parser(
            StatusCode::NOT_FOUND,
            &HeaderMap::new(),
            br#"{"errors":[{"id":"r1","status":404,"title":"Not found","detail":"gone"}]}"#,
        );
        assert_eq!(d.code.as_deref(), Some("Not found"));
        assert_eq!(d.message.as_deref(), Some("gone"));
        let d = error_parser(
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            br#"{"error":"invalid_grant","error_description":"expired"}"#,
        );
        assert_eq!(d.code.as_deref(), Some("invalid_grant"));
    }
}
