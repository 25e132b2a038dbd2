//! The client-wide rate-limit gate: after a 429 that says when the window
//! resets (`Retry-After`, `RateLimit-Reset`), no request of this client is
//! sent before then, instead of each in-flight call finding out by itself.

use std::sync::Mutex;
use std::sync::PoisonError;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::clock::Instant;

/// When the client may send again.
#[derive(Debug, Default)]
pub(crate) struct RateLimitGate {
    /// Set once any 429 closed the gate: until then (nearly always) a call
    /// checks this flag only, not the lock.
    ever_closed: AtomicBool,
    closed_until: Mutex<Option<Instant>>,
}

impl RateLimitGate {
    /// Closes the gate until `until` (a later reset wins over an earlier one).
    pub(crate) fn close_until(&self, until: Instant) {
        let mut closed = self
            .closed_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if closed.is_none_or(|t| t < until) {
            *closed = Some(until);
        }
        self.ever_closed.store(true, Ordering::Release);
    }

    /// The instant the gate opens, if it is closed at `now`.
    pub(crate) fn closed_until(&self, now: Instant) -> Option<Instant> {
        if !self.ever_closed.load(Ordering::Acquire) {
            return None;
        }
        let closed = self
            .closed_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        closed.filter(|t| *t > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_latest_reset_wins_and_the_gate_opens_after_it() {
        let gate = RateLimitGate::default();
        let now = Instant::now();
        assert_eq!(gate.closed_until(now), None);
        gate.close_until(now + Duration::from_secs(5));
        gate.close_until(now + Duration::from_secs(2));
        assert_eq!(gate.closed_until(now), Some(now + Duration::from_secs(5)));
        assert_eq!(gate.closed_until(now + Duration::from_secs(6)), None);
    }
}
