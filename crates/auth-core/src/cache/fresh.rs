//! A cached credential's "known fresh" flag, so a cache hit need not read
//! the clock: set when the credential is stored, cleared by a timer at the
//! point where the credential must be looked at again (its refresh point or
//! its expiry, whichever comes first).
//!
//! The timer is the clock's own ([`Clock::timer_until`]): tokio's for the
//! system clock, so tokio's paused time in tests moves it as it moves
//! `Instant::now`. A clock without timers (a `ManualClock`) never sets the
//! flag, and every hit then reads the clock, as before.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::task::AbortHandle;

use crate::clock::{Clock, Instant};

/// Whether a cached credential is known fresh without reading the clock.
pub(super) struct FreshFlag {
    fresh: Arc<AtomicBool>,
    /// The timer task that clears the flag; stopped with the entry.
    timer: Option<AbortHandle>,
}

impl FreshFlag {
    /// Never set: every hit reads the clock.
    pub(super) fn unset() -> Self {
        Self {
            fresh: Arc::new(AtomicBool::new(false)),
            timer: None,
        }
    }

    /// Set until `until` on `clock` (`None`: for good). Left unset when the
    /// clock has no timers, no tokio runtime is at hand, or `until` is past.
    pub(super) fn until(clock: &dyn Clock, now: Instant, until: Option<Instant>) -> Self {
        let Some(until) = until else {
            return Self {
                fresh: Arc::new(AtomicBool::new(true)),
                timer: None,
            };
        };
        if until <= now {
            return Self::unset();
        }
        let (Some(sleep), Ok(runtime)) = (
            clock.timer_until(until),
            tokio::runtime::Handle::try_current(),
        ) else {
            return Self::unset();
        };
        let fresh = Arc::new(AtomicBool::new(true));
        // The flag is cleared however the task ends: its timer fired, it was
        // aborted, or its runtime shut down before (the hit then reads the
        // clock again instead of trusting a flag nobody will clear).
        let clear = ClearOnDrop(Arc::clone(&fresh));
        let task = runtime.spawn(async move {
            let _clear = clear;
            sleep.await;
        });
        Self {
            fresh,
            timer: Some(task.abort_handle()),
        }
    }

    /// Whether the credential is known fresh.
    pub(super) fn is_set(&self) -> bool {
        self.fresh.load(Ordering::Acquire)
    }
}

impl Drop for FreshFlag {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            timer.abort();
        }
    }
}

struct ClearOnDrop(Arc<AtomicBool>);

impl Drop for ClearOnDrop {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}
