//! When to refresh a credential.
//!
//! Defaults (each configurable):
//! - refresh ahead of expiry by `clamp(10 % of the lifetime, 10 s, 300 s)`,
//!   jittered so that the refresh lands between 50 % and 100 % of that margin
//!   before expiry (many clients started together do not refresh together);
//! - never hand out a token with less than 10 s left (`hard_margin`);
//! - after a failed refresh, at most one new attempt per 10 s while the old
//!   token is still valid (`min_retry_gap`);
//! - one refresh may take at most 30 s (`load_timeout`).
//!
//! A server that hands back a token with a very short remaining life (Symbl
//! re-issues its cached token with the *remaining* lifetime) must not make the
//! client refresh in a loop: a freshly obtained token is used for at least
//! `min_retry_gap` (or until it really expires, if sooner).

use std::time::Duration;

use crate::clock::Instant;
use crate::token::{Expiry, Lifetime};

/// The refresh policy of a [`TokenCache`](crate::cache::TokenCache).
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshPolicy {
    early_fraction: f64,
    min_early: Duration,
    max_early: Duration,
    jitter: f64,
    hard_margin: Duration,
    min_retry_gap: Duration,
    load_timeout: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        Self {
            early_fraction: 0.10,
            min_early: Duration::from_secs(10),
            max_early: Duration::from_secs(300),
            jitter: 0.5,
            hard_margin: Duration::from_secs(10),
            min_retry_gap: Duration::from_secs(10),
            load_timeout: Duration::from_secs(30),
        }
    }
}

/// When a cached credential should be refreshed and until when it may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// From this instant on, a refresh should start (the old value is still
    /// handed out meanwhile). `None`: never.
    pub refresh_at: Option<Instant>,
    /// From this instant on, the value must not be handed out any more.
    /// `None`: never.
    pub usable_until: Option<Instant>,
}

impl RefreshPolicy {
    /// Sets the fraction of the lifetime to refresh ahead by (default 0.10).
    pub fn early_fraction(mut self, fraction: f64) -> Self {
        self.early_fraction = fraction.clamp(0.0, 1.0);
        self
    }

    /// Sets the bounds of the refresh-ahead margin (default 10 s to 300 s).
    pub fn early_bounds(mut self, min: Duration, max: Duration) -> Self {
        self.min_early = min.min(max);
        self.max_early = max.max(min);
        self
    }

    /// Sets the jitter: the refresh lands between `(1 - jitter)` and 100 % of
    /// the refresh-ahead margin before expiry (default 0.5; 0 disables it).
    pub fn jitter(mut self, jitter: f64) -> Self {
        self.jitter = jitter.clamp(0.0, 1.0);
        self
    }

    /// Sets the least remaining life a handed-out token has (default 10 s).
    pub fn hard_margin(mut self, margin: Duration) -> Self {
        self.hard_margin = margin;
        self
    }

    /// Sets the least time between two refresh attempts while a valid token
    /// is held (default 10 s).
    pub fn min_retry_gap(mut self, gap: Duration) -> Self {
        self.min_retry_gap = gap;
        self
    }

    /// Sets the longest one refresh may take (default 30 s).
    pub fn load_timeout(mut self, timeout: Duration) -> Self {
        self.load_timeout = timeout;
        self
    }

    /// The least time between refresh attempts.
    pub(crate) fn get_min_retry_gap(&self) -> Duration {
        self.min_retry_gap
    }

    /// The bound on one refresh.
    pub(crate) fn get_load_timeout(&self) -> Duration {
        self.load_timeout
    }

    /// The refresh-ahead margin for a credential living `lifetime`, before jitter.
    pub fn early_margin(&self, lifetime: Duration) -> Duration {
        lifetime
            .mul_f64(self.early_fraction)
            .clamp(self.min_early, self.max_early)
    }

    /// The schedule of a credential with an absolute or no expiry.
    ///
    /// `random` is a number in `[0, 1)` that picks the jitter; pass a fixed
    /// value in tests. For [`Expiry::Idle`] use [`idle_schedule`](Self::idle_schedule).
    pub fn schedule(&self, lifetime: Lifetime, random: f64) -> Schedule {
        match lifetime.expiry {
            Expiry::Never => Schedule {
                refresh_at: None,
                usable_until: None,
            },
            Expiry::At(expires_at) => {
                let issued = lifetime.issued_at;
                let life = expires_at.saturating_duration_since(issued);
                let early = self
                    .early_margin(life)
                    .mul_f64(1.0 - self.jitter * random.clamp(0.0, 1.0));
                let usable_until = self.usable_until(issued, expires_at);
                // Never refresh a fresh token before min_retry_gap has passed
                // (no spin on short-lived tokens), never after it is unusable.
                let floor = expires_at.min(issued + self.min_retry_gap);
                let refresh_at = sub(expires_at, early).max(floor).min(usable_until);
                Schedule {
                    refresh_at: Some(refresh_at),
                    usable_until: Some(usable_until),
                }
            }
            Expiry::Idle(idle) => self.idle_schedule(lifetime.issued_at, idle),
        }
    }

    /// The schedule of a sliding credential last used at `last_used`.
    ///
    /// Using a sliding token extends it, so it is never refreshed ahead: it is
    /// replaced only once it has sat idle for `idle - hard_margin`.
    pub fn idle_schedule(&self, last_used: Instant, idle: Duration) -> Schedule {
        let expires_at = last_used + idle;
        let usable_until = self.usable_until(last_used, expires_at);
        Schedule {
            refresh_at: Some(usable_until),
            usable_until: Some(usable_until),
        }
    }

    fn usable_until(&self, issued: Instant, expires_at: Instant) -> Instant {
        let floor = expires_at.min(issued + self.min_retry_gap);
        sub(expires_at, self.hard_margin).max(floor)
    }
}

/// `a - d`, saturating at the earliest representable instant.
fn sub(a: Instant, d: Duration) -> Instant {
    a.checked_sub(d).unwrap_or(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn early_margin_is_ten_percent_clamped() {
        let p = RefreshPolicy::default();
        assert_eq!(p.early_margin(secs(1800)), secs(180));
        assert_eq!(p.early_margin(secs(3600)), secs(300)); // clamp high
        assert_eq!(p.early_margin(secs(86400)), secs(300));
        assert_eq!(p.early_margin(secs(60)), secs(10)); // clamp low
    }

    #[test]
    fn a_credential_replaced_at_expiry_is_used_to_its_expiry_and_refreshed_then() {
        let p = RefreshPolicy::default();
        let t0 = Instant::now();
        for random in [0.0, 0.5, 0.999] {
            let s = p.schedule(Lifetime::replaced_at_expiry(t0, secs(3600)), random);
            assert_eq!(s.refresh_at, Some(t0 + secs(3600)));
            assert_eq!(s.usable_until, Some(t0 + secs(3600)));
        }
    }

    #[test]
    fn jitter_keeps_the_refresh_between_half_and_full_margin() {
        let p = RefreshPolicy::default();
        let t0 = Instant::now();
        let l = Lifetime::expires_in(t0, secs(7200)); // margin 300 s
        let earliest = p.schedule(l, 0.0);
        let latest = p.schedule(l, 0.999_999);
        assert_eq!(earliest.refresh_at, Some(t0 + secs(6900)));
        let latest_at = latest.refresh_at.expect("has a refresh point");
        assert!(latest_at > t0 + secs(7049) && latest_at <= t0 + secs(7050));
        assert_eq!(earliest.usable_until, Some(t0 + secs(7190)));
    }

    #[test]
    fn short_lived_tokens_do_not_spin() {
        let p = RefreshPolicy::default();
        let t0 = Instant::now();
        // 30 s left: usable for 20 s, refreshed no earlier than 10 s in.
        let s = p.schedule(Lifetime::expires_in(t0, secs(30)), 0.0);
        assert_eq!(s.usable_until, Some(t0 + secs(20)));
        assert_eq!(s.refresh_at, Some(t0 + secs(20)));
        // 5 s left: used until it really expires rather than refreshed at once.
        let s = p.schedule(Lifetime::expires_in(t0, secs(5)), 0.0);
        assert_eq!(s.usable_until, Some(t0 + secs(5)));
        assert_eq!(s.refresh_at, Some(t0 + secs(5)));
        // 0 s: unusable at once, but no panic.
        let s = p.schedule(Lifetime::expires_in(t0, Duration::ZERO), 0.5);
        assert_eq!(s.usable_until, Some(t0));
    }

    #[test]
    fn sliding_tokens_are_not_refreshed_ahead() {
        let p = RefreshPolicy::default();
        let t0 = Instant::now();
        let s = p.idle_schedule(t0, secs(1800));
        assert_eq!(s.refresh_at, Some(t0 + secs(1790)));
        assert_eq!(s.usable_until, Some(t0 + secs(1790)));
    }

    #[test]
    fn tokens_without_expiry_are_never_refreshed() {
        let s = RefreshPolicy::default().schedule(Lifetime::never(Instant::now()), 0.3);
        assert_eq!(s.refresh_at, None);
        assert_eq!(s.usable_until, None);
    }
}
