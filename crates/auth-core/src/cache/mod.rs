//! A credential cache: lock-free reads, one refresh at a time.
//!
//! - A cache hit is one atomic load ([`arc_swap`]) and an `Arc` clone: no lock,
//!   no `await`, and no clock read while the credential is known fresh (a
//!   flag its own timer clears, `fresh.rs`).
//! - When the credential is near its expiry (*stale*), the first caller starts
//!   a refresh in the background and everybody keeps using the still-valid
//!   credential. When it is *expired* (or was rejected), every caller waits for
//!   the single refresh in flight and gets its result, success or error.
//! - The in-flight check is repeated under the lock, so however many tasks
//!   arrive at once, the provider is called once.
//! - [`invalidate`](TokenCache::invalidate) drops the credential only if it is
//!   still the one that was rejected: 100 simultaneous 401s cause one refresh.

mod fresh;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use tracing::Instrument;

use crate::clock::{Clock, Instant, SharedClock, system_clock};
use crate::error::{Error, Result};
use crate::policy::{RefreshPolicy, Schedule};
use crate::provider::TokenProvider;
use crate::token::{Expiring, Expiry};
use fresh::FreshFlag;

/// How long before a credential's refresh point (or expiry) its "known
/// fresh" flag is cleared.
const FRESH_FLAG_MARGIN: Duration = Duration::from_secs(1);

type Flight<T> = Shared<BoxFuture<'static, Result<Arc<T>>>>;

/// Caches one credential of type `T` and refreshes it through a
/// [`TokenProvider`]. Cloning is cheap; clones share the cache.
pub struct TokenCache<T: Expiring> {
    inner: Arc<Inner<T>>,
}

impl<T: Expiring> Clone for TokenCache<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

struct Inner<T: Expiring> {
    name: &'static str,
    current: ArcSwapOption<Entry<T>>,
    flight: Mutex<FlightState<T>>,
    provider: Arc<dyn TokenProvider<T>>,
    policy: RefreshPolicy,
    clock: SharedClock,
    refreshes: AtomicU64,
}

struct FlightState<T> {
    running: Option<Flight<T>>,
    last_failure: Option<Instant>,
}

/// One cached credential and when to replace it.
struct Entry<T> {
    value: Arc<T>,
    schedule: Schedule,
    /// For sliding credentials: the idle timeout, a base instant and the last
    /// use as nanoseconds after it (atomic, so a hit can record a use without
    /// a lock).
    idle: Option<IdleState>,
    /// Set on an entry whose value the service rejected.
    rejected: bool,
    /// Known fresh: a hit need not read the clock.
    fresh: FreshFlag,
}

struct IdleState {
    timeout: Duration,
    base: Instant,
    last_used_nanos: AtomicU64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Fresh,
    Stale,
    Expired,
}

impl<T: Expiring> Entry<T> {
    fn new(value: Arc<T>, policy: &RefreshPolicy, random: f64) -> Self {
        let lifetime = value.lifetime();
        let idle = match lifetime.expiry {
            Expiry::Idle(timeout) => Some(IdleState {
                timeout,
                base: lifetime.issued_at,
                last_used_nanos: AtomicU64::new(0),
            }),
            Expiry::Never | Expiry::At(_) => None,
        };
        Self {
            schedule: policy.schedule(lifetime, random),
            value,
            idle,
            rejected: false,
            fresh: FreshFlag::unset(),
        }
    }

    /// Sets the "known fresh" flag until the entry must be looked at again
    /// (a sliding credential's use moves its expiry: never set for one).
    fn known_fresh(mut self, clock: &dyn Clock, now: Instant) -> Self {
        if self.idle.is_none() {
            let until = match (self.schedule.refresh_at, self.schedule.usable_until) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
            // A second early: the timer's task may run a little after its
            // instant on a busy runtime, and a hit must never trust the flag
            // past the point (the last second reads the clock instead).
            .map(|t| t.checked_sub(FRESH_FLAG_MARGIN).unwrap_or(now));
            self.fresh = FreshFlag::until(clock, now, until);
        }
        self
    }

    fn state(&self, now: Instant, policy: &RefreshPolicy) -> State {
        if self.rejected {
            return State::Expired;
        }
        let schedule = match &self.idle {
            Some(idle) => {
                let last_used =
                    idle.base + Duration::from_nanos(idle.last_used_nanos.load(Ordering::Relaxed));
                policy.idle_schedule(last_used, idle.timeout)
            }
            None => self.schedule,
        };
        if schedule.usable_until.is_some_and(|t| now >= t) {
            State::Expired
        } else if schedule.refresh_at.is_some_and(|t| now >= t) {
            State::Stale
        } else {
            State::Fresh
        }
    }

    /// Records a use, which extends a sliding credential.
    fn touch(&self, now: Instant) {
        if let Some(idle) = &self.idle {
            let nanos = u64::try_from(now.saturating_duration_since(idle.base).as_nanos())
                .unwrap_or(u64::MAX);
            idle.last_used_nanos.fetch_max(nanos, Ordering::Relaxed);
        }
    }

    fn rejected_copy(&self) -> Self {
        Self {
            value: Arc::clone(&self.value),
            schedule: self.schedule,
            idle: None,
            rejected: true,
            fresh: FreshFlag::unset(),
        }
    }
}

/// Builds a [`TokenCache`].
pub struct TokenCacheBuilder<T: Expiring> {
    name: &'static str,
    provider: Arc<dyn TokenProvider<T>>,
    policy: RefreshPolicy,
    clock: SharedClock,
    initial: Option<T>,
}

impl<T: Expiring> TokenCacheBuilder<T> {
    /// Names the cache in log lines and spans (e.g. `"symbl"`).
    pub fn name(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// Sets the refresh policy (default: [`RefreshPolicy::default`]).
    pub fn policy(mut self, policy: RefreshPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets the clock (default: the system clock).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// Starts with this credential (loaded from a store, or from a login).
    pub fn initial(mut self, value: Option<T>) -> Self {
        self.initial = value;
        self
    }

    /// Builds the cache.
    pub fn build(self) -> TokenCache<T> {
        let cache = TokenCache {
            inner: Arc::new(Inner {
                name: self.name,
                current: ArcSwapOption::empty(),
                flight: Mutex::new(FlightState {
                    running: None,
                    last_failure: None,
                }),
                provider: self.provider,
                policy: self.policy,
                clock: self.clock,
                refreshes: AtomicU64::new(0),
            }),
        };
        if let Some(value) = self.initial {
            cache.set(value);
        }
        cache
    }
}

impl<T: Expiring> TokenCache<T> {
    /// Starts building a cache that obtains credentials from `provider`.
    pub fn builder(provider: impl TokenProvider<T>) -> TokenCacheBuilder<T> {
        Self::builder_shared(Arc::new(provider))
    }

    /// Like [`builder`](Self::builder), with a provider that is already shared.
    pub fn builder_shared(provider: Arc<dyn TokenProvider<T>>) -> TokenCacheBuilder<T> {
        TokenCacheBuilder {
            name: "auth",
            provider,
            policy: RefreshPolicy::default(),
            clock: system_clock(),
            initial: None,
        }
    }

    /// A cache with the default policy and clock.
    pub fn new(provider: impl TokenProvider<T>) -> Self {
        Self::builder(provider).build()
    }

    /// Returns a usable credential, refreshing it first when needed.
    ///
    /// A fresh credential is returned without locking. A stale one is
    /// returned too, after starting one background refresh. With no usable
    /// credential, the caller waits for the one refresh in flight.
    pub async fn get(&self) -> Result<Arc<T>> {
        let inner = &self.inner;
        {
            let guard = inner.current.load();
            if let Some(entry) = guard.as_ref()
                && entry.fresh.is_set()
            {
                return Ok(Arc::clone(&entry.value));
            }
        }
        let now = inner.clock.now();
        {
            let guard = inner.current.load();
            if let Some(entry) = guard.as_ref() {
                match entry.state(now, &inner.policy) {
                    State::Fresh => {
                        entry.touch(now);
                        return Ok(Arc::clone(&entry.value));
                    }
                    State::Stale => {
                        entry.touch(now);
                        self.refresh_in_background(entry, now);
                        return Ok(Arc::clone(&entry.value));
                    }
                    State::Expired => {}
                }
            }
        }
        self.refresh_and_wait().await
    }

    /// The credential when it can be had without waiting: a fresh one, or a
    /// stale one (a background refresh is then started). `None` when the
    /// caller must wait for a refresh ([`get`](Self::get)).
    ///
    /// This is the synchronous fast path the header auth takes before the
    /// async one: a hit costs an atomic load and an `Arc` clone (and no
    /// clock read while the credential is known fresh).
    ///
    /// ```no_run
    /// # async fn run(cache: auth_core::TokenCache<auth_core::TokenSet>) -> auth_core::Result<()> {
    /// let token = match cache.get_now() {
    ///     Some(token) => token,
    ///     None => cache.get().await?,
    /// };
    /// # let _ = token; Ok(()) }
    /// ```
    pub fn get_now(&self) -> Option<Arc<T>> {
        let inner = &self.inner;
        let guard = inner.current.load();
        let entry = guard.as_ref()?;
        if entry.fresh.is_set() {
            return Some(Arc::clone(&entry.value));
        }
        let now = inner.clock.now();
        match entry.state(now, &inner.policy) {
            State::Fresh => {
                entry.touch(now);
                Some(Arc::clone(&entry.value))
            }
            State::Stale => {
                entry.touch(now);
                self.refresh_in_background(entry, now);
                Some(Arc::clone(&entry.value))
            }
            State::Expired => None,
        }
    }

    /// Drops the cached credential if it is still `rejected` (the one the
    /// service just refused), so the next [`get`](Self::get) refreshes. A
    /// newer credential is left alone.
    ///
    /// Returns whether the credential was dropped.
    pub fn invalidate(&self, rejected: &Arc<T>) -> bool {
        let guard = self.inner.current.load();
        let Some(entry) = guard.as_ref() else {
            return false;
        };
        if entry.rejected || !Arc::ptr_eq(&entry.value, rejected) {
            return false;
        }
        let replacement = Some(Arc::new(entry.rejected_copy()));
        let previous = self.inner.current.compare_and_swap(&*guard, replacement);
        let swapped = match (&*previous, &*guard) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        if swapped {
            tracing::debug!(
                cache = self.inner.name,
                "credential rejected by the service; dropped"
            );
        }
        swapped
    }

    /// Forces a refresh unless `rejected` was already replaced, and returns
    /// the credential to use now.
    pub async fn refresh_after_rejection(&self, rejected: &Arc<T>) -> Result<Arc<T>> {
        self.invalidate(rejected);
        self.get().await
    }

    /// Replaces the cached credential (after a login, or one loaded from a store).
    pub fn set(&self, value: T) -> Arc<T> {
        let value = Arc::new(value);
        let clock = &*self.inner.clock;
        let entry = Entry::new(Arc::clone(&value), &self.inner.policy, fastrand::f64())
            .known_fresh(clock, clock.now());
        self.inner.current.store(Some(Arc::new(entry)));
        value
    }

    /// Forgets the cached credential (after a logout or a revocation).
    pub fn clear(&self) {
        self.inner.current.store(None);
    }

    /// The cached credential, usable or not, without refreshing.
    pub fn peek(&self) -> Option<Arc<T>> {
        self.inner
            .current
            .load()
            .as_ref()
            .map(|e| Arc::clone(&e.value))
    }

    /// How many times the provider has been called successfully.
    pub fn refresh_count(&self) -> u64 {
        self.inner.refreshes.load(Ordering::Relaxed)
    }

    /// The refresh policy.
    pub fn policy(&self) -> &RefreshPolicy {
        &self.inner.policy
    }

    /// The clock.
    pub fn clock(&self) -> &SharedClock {
        &self.inner.clock
    }

    fn lock_flight(&self) -> MutexGuard<'_, FlightState<T>> {
        // The state is two `Option`s each written in one assignment: a panic
        // elsewhere cannot leave it inconsistent, so poisoning is ignored.
        self.inner
            .flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn refresh_in_background(&self, seen: &Arc<Entry<T>>, now: Instant) {
        let flight = {
            let mut state = self.lock_flight();
            if state.running.is_some() {
                return;
            }
            let gap = self.inner.policy.get_min_retry_gap();
            if state.last_failure.is_some_and(|t| now < t + gap) {
                return;
            }
            // Re-check under the lock: another task may have refreshed already.
            let current = self.inner.current.load_full();
            if !current.as_ref().is_some_and(|c| Arc::ptr_eq(c, seen)) {
                return;
            }
            tracing::debug!(
                cache = self.inner.name,
                "credential expires soon; refreshing ahead"
            );
            let flight = self.start_flight(Some(Arc::clone(&seen.value)), "ahead");
            state.running = Some(flight.clone());
            flight
        };
        tokio::spawn(flight.map(|_| ()));
    }

    async fn refresh_and_wait(&self) -> Result<Arc<T>> {
        let flight = {
            let mut state = self.lock_flight();
            if let Some(running) = &state.running {
                running.clone()
            } else {
                // Re-check under the lock: the refresh we would start may
                // have just finished.
                let now = self.inner.clock.now();
                let current = self.inner.current.load_full();
                if let Some(entry) = &current
                    && entry.state(now, &self.inner.policy) != State::Expired
                {
                    entry.touch(now);
                    return Ok(Arc::clone(&entry.value));
                }
                tracing::debug!(cache = self.inner.name, "no usable credential; refreshing");
                let previous = current.map(|e| Arc::clone(&e.value));
                let flight = self.start_flight(previous, "expired");
                state.running = Some(flight.clone());
                flight
            }
        };
        flight.await
    }

    fn start_flight(&self, previous: Option<Arc<T>>, reason: &'static str) -> Flight<T> {
        let inner = Arc::clone(&self.inner);
        let span = tracing::debug_span!("token_refresh", cache = inner.name, reason);
        async move {
            let timeout = inner.policy.get_load_timeout();
            let outcome = match tokio::time::timeout(timeout, inner.provider.fetch(previous)).await
            {
                Ok(outcome) => outcome,
                Err(_) => Err(Error::Timeout {
                    limit: crate::error::TimeoutKind::Credential,
                    operation: format!("{} token refresh", inner.name),
                    after: Some(timeout),
                }),
            };
            let now = inner.clock.now();
            let mut state = inner.flight.lock().unwrap_or_else(PoisonError::into_inner);
            state.running = None;
            match outcome {
                Ok(value) => {
                    let value = Arc::new(value);
                    let entry = Entry::new(Arc::clone(&value), &inner.policy, fastrand::f64())
                        .known_fresh(&*inner.clock, now);
                    entry.touch(now);
                    inner.current.store(Some(Arc::new(entry)));
                    state.last_failure = None;
                    inner.refreshes.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!("credential refreshed");
                    Ok(value)
                }
                Err(err) => {
                    state.last_failure = Some(now);
                    tracing::warn!(error = %err, "credential refresh failed");
                    Err(err)
                }
            }
        }
        .instrument(span)
        .boxed()
        .shared()
    }
}

impl<T: Expiring> fmt::Debug for TokenCache<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never prints the credential itself.
        let state = self
            .inner
            .current
            .load()
            .as_ref()
            .map(|e| e.state(self.inner.clock.now(), &self.inner.policy));
        f.debug_struct("TokenCache")
            .field("name", &self.inner.name)
            .field("state", &state)
            .field("refreshes", &self.refresh_count())
            .finish_non_exhaustive()
    }
}
