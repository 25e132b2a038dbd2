//! Waiting for a long-running job: poll with a growing interval until it is
//! done, fails, or an overall deadline passes.
//!
//! Waits go through the [`Clock`](crate::Clock), so tests with a
//! [`ManualClock`](crate::ManualClock) run instantly and can check the
//! intervals.

use std::future::Future;
use std::time::Duration;

use crate::clock::SharedClock;
use crate::error::Error;

/// How often to poll and for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct PollPolicy {
    initial_interval: Duration,
    max_interval: Duration,
    multiplier: f64,
    deadline: Option<Duration>,
}

impl Default for PollPolicy {
    /// Every 2 s at first, growing by 1.5× to at most 30 s, for at most 1 hour.
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(30),
            multiplier: 1.5,
            deadline: Some(Duration::from_secs(3600)),
        }
    }
}

impl PollPolicy {
    /// Sets the first interval.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self.max_interval = self.max_interval.max(interval);
        self
    }

    /// Sets how the interval grows (`multiplier` ≥ 1) and its cap.
    pub fn backoff(mut self, multiplier: f64, max_interval: Duration) -> Self {
        self.multiplier = multiplier.max(1.0);
        self.max_interval = max_interval.max(self.initial_interval);
        self
    }

    /// Sets the overall deadline (`None`: wait for ever).
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// The interval before poll number `n` (0-based).
    pub fn interval_before(&self, n: u32) -> Duration {
        let factor = self.multiplier.powi(i32::try_from(n).unwrap_or(i32::MAX));
        self.initial_interval
            .mul_f64(factor.min(1e6))
            .min(self.max_interval)
    }
}

/// Calls `check` until it returns `Ok(Some(value))`, waiting between calls as
/// `policy` says. An error from `check` ends the wait with that error (a
/// service's error enum can say "the job failed"); the deadline ends it with
/// that type's conversion of [`Error::Timeout`] naming `operation`.
pub async fn poll<T, E, F, Fut>(
    clock: &SharedClock,
    policy: &PollPolicy,
    operation: &str,
    mut check: F,
) -> std::result::Result<T, E>
where
    E: From<Error>,
    F: FnMut() -> Fut,
    Fut: Future<Output = std::result::Result<Option<T>, E>>,
{
    let started = clock.now();
    let mut n = 0u32;
    loop {
        if let Some(done) = check().await? {
            return Ok(done);
        }
        let wait = policy.interval_before(n);
        if let Some(deadline) = policy.deadline {
            let elapsed = clock.now().saturating_duration_since(started);
            if elapsed + wait > deadline {
                return Err(E::from(Error::Timeout {
                    operation: operation.to_owned(),
                    limit: crate::error::TimeoutKind::Poll,
                    after: Some(deadline),
                }));
            }
        }
        tracing::debug!(
            operation,
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            "not done yet"
        );
        clock.sleep(wait).await;
        n = n.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ErrorMetadata;
    use crate::clock::ManualClock;

    #[test]
    fn intervals_grow_to_the_cap() {
        let p = PollPolicy::default()
            .interval(Duration::from_secs(1))
            .backoff(2.0, Duration::from_secs(5));
        let got: Vec<_> = (0..5).map(|n| p.interval_before(n).as_secs()).collect();
        assert_eq!(got, vec![1, 2, 4, 5, 5]);
    }

    #[tokio::test]
    async fn polls_until_done() {
        let clock = ManualClock::new();
        let shared: SharedClock = Arc::new(clock.clone());
        let mut calls = 0;
        let policy = PollPolicy::default()
            .interval(Duration::from_secs(1))
            .backoff(2.0, Duration::from_secs(60));
        let v = poll::<_, Error, _, _>(&shared, &policy, "job", || {
            calls += 1;
            let done = calls == 3;
            async move { Ok(done.then_some("ok")) }
        })
        .await
        .expect("done");
        assert_eq!(v, "ok");
        assert_eq!(
            clock.sleeps(),
            vec![Duration::from_secs(1), Duration::from_secs(2)]
        );
    }

    #[tokio::test]
    async fn stops_at_the_deadline() {
        let clock = ManualClock::new();
        let shared: SharedClock = Arc::new(clock.clone());
        let policy = PollPolicy::default()
            .interval(Duration::from_secs(10))
            .backoff(1.0, Duration::from_secs(10))
            .deadline(Some(Duration::from_secs(35)));
        let err = poll::<_, Error, _, _>(&shared, &policy, "job 42", || async { Ok(None::<()>) })
            .await
            .expect_err("times out");
        assert!(err.is_timeout());
        assert!(err.to_string().contains("job 42"));
        assert_eq!(
            clock.sleeps().len(),
            3,
            "30 s of waiting, then the next wait would pass 35 s"
        );
    }
}
