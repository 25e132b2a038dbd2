//! Retry settings and the server's "wait this long" hints.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use http::HeaderMap;
use http::header::RETRY_AFTER;

/// Reads how long the server asked us to wait from a response's headers,
/// given the current wall time. Services with their own header (SciNote's
/// absolute `RateLimit-Reset`) plug in their own.
pub type RetryAfterFn = Arc<dyn Fn(&HeaderMap, SystemTime) -> Option<Duration> + Send + Sync>;

/// How many times a request is retried unless [`RetryConfig::max_retries`] says otherwise.
pub const DEFAULT_MAX_RETRIES: usize = 3;

/// How failed attempts are retried: exponential backoff with full jitter, on
/// connect errors, timeouts, 408, 429, 500, 502, 503 and 504, honouring the
/// server's `Retry-After` (capped).
#[derive(Clone)]
pub struct RetryConfig {
    max_retries: usize,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_after: RetryAfterFn,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: DEFAULT_MAX_RETRIES,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            retry_after: Arc::new(parse_retry_after),
        }
    }
}

impl std::fmt::Debug for RetryConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RetryConfig")
            .field("max_retries", &self.max_retries)
            .field("initial_backoff", &self.initial_backoff)
            .field("max_backoff", &self.max_backoff)
            .field("max_retry_after", &self.max_retry_after)
            .finish_non_exhaustive()
    }
}

impl RetryConfig {
    /// No retries at all.
    pub fn disabled() -> Self {
        Self::default().max_retries(0)
    }

    /// Sets how many times a failed attempt is retried (default 3, so at
    /// most 4 attempts).
    pub fn max_retries(mut self, n: usize) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets the first backoff and the cap (defaults 200 ms and 20 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Sets the longest server-requested wait honoured (default 60 s).
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Replaces how the server's wait hint is read (default: [`parse_retry_after`]).
    pub fn retry_after_fn(mut self, f: RetryAfterFn) -> Self {
        self.retry_after = f;
        self
    }

    /// The server's wait hint in `headers`, capped.
    pub fn retry_after(&self, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
        (self.retry_after)(headers, now).map(|d| d.min(self.max_retry_after))
    }

    /// The backoff delays: exponential, each one drawn uniformly from zero to
    /// its exponential bound ("full jitter", so clients spread out); one per
    /// allowed retry.
    pub(crate) fn backoff_delays(&self) -> Delays {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_max_times(self.max_retries)
            .build()
            .map(full_jitter as fn(Duration) -> Duration)
    }
}

/// The waits before each retry of one call.
pub(crate) type Delays = std::iter::Map<backon::ExponentialBackoff, fn(Duration) -> Duration>;

/// A client-wide retry budget: a token bucket as in aws-sdk-rust's standard
/// retry mode. A retry after an error response costs 5 tokens, after a
/// timeout or a transport failure 10; a success gives 1 back. When the
/// bucket cannot pay, the failure is returned instead of retried, so a burst
/// of failures sheds retries instead of multiplying the load.
#[derive(Debug)]
pub struct RetryBudget {
    capacity: u32,
    tokens: AtomicU32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(500)
    }
}

impl RetryBudget {
    /// The cost of a retry after an error status.
    pub const RETRY_COST: u32 = 5;
    /// The cost of a retry after a timeout or a transport failure.
    pub const TIMEOUT_COST: u32 = 10;
    /// What a success gives back.
    pub const SUCCESS_REFUND: u32 = 1;

    /// A full bucket of `capacity` tokens.
    ///
    /// ```no_run
    /// let budget = auth_core::http::RetryBudget::new(500);
    /// assert_eq!(budget.available(), 500);
    /// ```
    pub fn new(capacity: u32) -> Self {
        Self {
            capacity,
            tokens: AtomicU32::new(capacity),
        }
    }

    /// A budget that never runs out (tests of the retry loop itself).
    ///
    /// ```no_run
    /// let budget = auth_core::http::RetryBudget::unlimited();
    /// # let _ = budget;
    /// ```
    pub fn unlimited() -> Self {
        Self::new(u32::MAX)
    }

    /// Tokens left.
    ///
    /// ```no_run
    /// let budget = auth_core::http::RetryBudget::default();
    /// println!("{}", budget.available());
    /// ```
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// Takes `cost` tokens if there are that many.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Gives `amount` back, never above the capacity.
    pub(crate) fn refund(&self, amount: u32) {
        let capacity = self.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                (t < capacity).then(|| t.saturating_add(amount).min(capacity))
            });
    }
}

fn full_jitter(bound: Duration) -> Duration {
    bound.mul_f64(fastrand::f64())
}

/// Reads `Retry-After` as delay-seconds or as an HTTP date.
pub fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(v).expect("valid"));
        h
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after(&headers("2"), now),
            Some(Duration::from_secs(2))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&headers(&later), now),
            Some(Duration::from_secs(30))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&headers(&past), now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after(&headers("soon"), now), None);
        assert_eq!(parse_retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_is_capped() {
        let cfg = RetryConfig::default();
        let now = SystemTime::now();
        assert_eq!(
            cfg.retry_after(&headers("3600"), now),
            Some(Duration::from_secs(60))
        );
    }

    #[test]
    fn budget_sheds_retries_when_empty_and_refills_on_success() {
        let budget = RetryBudget::new(10);
        assert!(budget.try_acquire(RetryBudget::RETRY_COST));
        assert!(budget.try_acquire(RetryBudget::RETRY_COST));
        assert!(!budget.try_acquire(RetryBudget::RETRY_COST));
        for _ in 0..5 {
            budget.refund(RetryBudget::SUCCESS_REFUND);
        }
        assert!(budget.try_acquire(RetryBudget::RETRY_COST));
        for _ in 0..100 {
            budget.refund(1);
        }
        assert_eq!(budget.available(), 10);
    }

    #[test]
    fn backoff_has_the_configured_number_of_bounded_delays() {
        let cfg =
            RetryConfig::default().backoff(Duration::from_millis(100), Duration::from_millis(300));
        let delays: Vec<_> = cfg.backoff_delays().collect();
        assert_eq!(delays.len(), 3);
        let bounds = [100, 200, 300];
        for (d, b) in delays.iter().zip(bounds) {
            assert!(*d <= Duration::from_millis(b), "{d:?} above {b} ms");
        }
    }
}
