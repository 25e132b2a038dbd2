//! Time as a dependency, so tests control it.
//!
//! Token expiry is kept on the monotonic clock ([`Instant`]), so a wall-clock
//! jump (NTP, a user changing the time) never makes a token look fresh or
//! stale. Wall time ([`SystemTime`]) is used only at the edges: persisted
//! tokens, `Retry-After` dates, request signing.
//!
//! Backoff waits go through [`Clock::sleep`], so a test with a [`ManualClock`]
//! can check that the SDK *would* wait two seconds without waiting at all.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

pub use tokio::time::Instant;

/// A boxed future returned by [`Clock::sleep`].
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A source of time for expiry decisions and backoff waits.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The current monotonic instant.
    fn now(&self) -> Instant;

    /// The current wall-clock time.
    fn wall(&self) -> SystemTime;

    /// Waits for `duration` (backoff between attempts).
    fn sleep(&self, duration: Duration) -> Sleep;

    /// A timer that ends at `deadline` on this clock, if the clock has real
    /// timers (the system clock's are tokio's); `None` (the default) if it
    /// has not, as a [`ManualClock`], which moves only when told. The token
    /// cache uses it to know a credential is fresh without reading the
    /// clock on every hit.
    fn timer_until(&self, _deadline: Instant) -> Option<Sleep> {
        None
    }
}

/// A shared, dynamically typed clock.
pub type SharedClock = Arc<dyn Clock>;

/// The real clock: tokio's instant (which honours tokio's paused time in
/// tests) and the system wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }

    fn timer_until(&self, deadline: Instant) -> Option<Sleep> {
        Some(Box::pin(tokio::time::sleep_until(deadline)))
    }
}

/// The default clock as a [`SharedClock`].
pub fn system_clock() -> SharedClock {
    Arc::new(SystemClock)
}

/// A clock that only moves when told to.
///
/// [`sleep`](Clock::sleep) does not wait: it moves the clock forward by the
/// requested duration and records it, so a test can assert on the waits
/// (see [`ManualClock::sleeps`]). Clones share the same time.
#[derive(Clone)]
pub struct ManualClock {
    inner: Arc<Mutex<ManualState>>,
}

struct ManualState {
    base_instant: Instant,
    base_wall: SystemTime,
    elapsed: Duration,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock starting now, at the current wall time.
    pub fn new() -> Self {
        Self::starting_at(SystemTime::now())
    }

    /// A clock whose wall time starts at `wall`.
    pub fn starting_at(wall: SystemTime) -> Self {
        Self {
            inner: Arc::new(Mutex::new(ManualState {
                base_instant: Instant::now(),
                base_wall: wall,
                elapsed: Duration::ZERO,
                sleeps: Vec::new(),
            })),
        }
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        self.state().elapsed += by;
    }

    /// How far the clock has moved since it was created.
    pub fn elapsed(&self) -> Duration {
        self.state().elapsed
    }

    /// Every duration passed to [`Clock::sleep`], in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state().sleeps.clone()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ManualState> {
        // A panic while holding this lock cannot leave the state half-written
        // (every update is a single assignment), so poisoning is ignored.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManualClock")
            .field("elapsed", &self.elapsed())
            .finish()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        let s = self.state();
        s.base_instant + s.elapsed
    }

    fn wall(&self) -> SystemTime {
        let s = self.state();
        s.base_wall + s.elapsed
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        {
            let mut s = self.state();
            s.elapsed += duration;
            s.sleeps.push(duration);
        }
        // Yield once so the sleeping task still gives others a turn, as a
        // real sleep would.
        Box::pin(tokio::task::yield_now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::new();
        let t0 = clock.now();
        let w0 = clock.wall();
        assert_eq!(clock.now(), t0);
        clock.advance(Duration::from_secs(5));
        assert_eq!(clock.now() - t0, Duration::from_secs(5));
        clock.sleep(Duration::from_secs(2)).await;
        assert_eq!(clock.now() - t0, Duration::from_secs(7));
        assert_eq!(
            clock.wall().duration_since(w0).ok(),
            Some(Duration::from_secs(7))
        );
        assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
        // clones share time
        let other = clock.clone();
        other.advance(Duration::from_secs(1));
        assert_eq!(clock.elapsed(), Duration::from_secs(8));
    }
}
