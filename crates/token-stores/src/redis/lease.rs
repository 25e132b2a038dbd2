//! The distributed refresh lease: `SET NX PX`, renewed while held, released
//! with a compare-and-delete script, waiters woken by pub/sub.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use auth_core::store::StoreLock;
use futures::StreamExt;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::store::Shared;
use crate::error::{Result, StoreError};

/// Deletes the lease only if it still holds our token, then wakes waiters.
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', KEYS[2], 'released')
  return 1
end
return 0";

/// Extends the lease only if it still holds our token.
const RENEW: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0";

/// A held refresh lease on one key. Renewed in the background every third
/// of the lease time while held; released on [`release`](Lease::release) or
/// on drop (then in a background task, or by expiry when no runtime is left).
#[must_use = "the lease is released when dropped"]
pub struct Lease {
    shared: Arc<Shared>,
    key: String,
    token: String,
    held: Arc<AtomicBool>,
    renewal: Option<JoinHandle<()>>,
    local: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl StoreLock for Lease {}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease")
            .field("key", &self.key)
            .field("held", &self.is_held())
            .finish_non_exhaustive()
    }
}

impl Lease {
    pub(crate) async fn acquire(shared: Arc<Shared>, key: &str) -> Result<Lease> {
        let started = Instant::now();
        let deadline = started + shared.config.max_wait;
        let timed_out = || -> auth_core::Error {
            StoreError::LeaseTimeout {
                host: shared.config.host.clone(),
                key: key.to_owned(),
                waited: started.elapsed(),
            }
            .into()
        };
        // Tasks of this process queue locally: one waiter per process talks to Redis.
        let local = shared.local_lock(key);
        let local = tokio::time::timeout_at(deadline, local.lock_owned())
            .await
            .map_err(|_| timed_out())?;

        let lease_key = shared.config.lease_key(key);
        let channel = shared.config.channel(key);
        let lease_ms = millis(shared.config.lease);
        let token = random_token();
        let mut subscriber: Option<redis::aio::PubSub> = None;
        let mut subscribe_failed = !shared.config.pubsub;
        loop {
            let mut conn = shared.conn().await?;
            let taken: Option<String> = redis::cmd("SET")
                .arg(&lease_key)
                .arg(&token)
                .arg("NX")
                .arg("PX")
                .arg(lease_ms)
                .query_async(&mut conn)
                .await
                .map_err(|e| shared.fail("SET NX", e))?;
            if taken.is_some() {
                break;
            }
            if Instant::now() >= deadline {
                return Err(timed_out());
            }
            if subscriber.is_none() && !subscribe_failed {
                match subscribe(&shared, &channel, deadline).await {
                    Some(s) => {
                        // Released between our SET and the SUBSCRIBE? Try again now.
                        subscriber = Some(s);
                        continue;
                    }
                    None => subscribe_failed = true,
                }
            }
            // Sleep until woken, or until the lease would expire if its holder
            // died, or for a jittered poll interval, whichever comes first.
            let remaining: i64 = redis::cmd("PTTL")
                .arg(&lease_key)
                .query_async(&mut conn)
                .await
                .map_err(|e| shared.fail("PTTL", e))?;
            let poll = if subscriber.is_some() {
                shared.config.lease
            } else {
                jittered(shared.config.poll_interval)
            };
            let until_expiry = match u64::try_from(remaining) {
                // Just released (-2): try again at once.
                Err(_) if remaining == -2 => Duration::ZERO,
                Ok(ms) => Duration::from_millis(ms + 1),
                Err(_) => poll,
            };
            let wake = (Instant::now() + poll.min(until_expiry)).min(deadline);
            match subscriber.as_mut() {
                Some(s) => {
                    let mut messages = s.on_message();
                    // `Ok(None)`: the subscription ended (connection lost); poll from now on.
                    if let Ok(None) = tokio::time::timeout_at(wake, messages.next()).await {
                        drop(messages);
                        subscriber = None;
                        subscribe_failed = true;
                    }
                }
                None => tokio::time::sleep_until(wake).await,
            }
        }
        drop(subscriber);

        let held = Arc::new(AtomicBool::new(true));
        let renewal = tokio::spawn(renew(
            Arc::clone(&shared),
            lease_key,
            token.clone(),
            Arc::clone(&held),
        ));
        tracing::debug!(key, waited = ?started.elapsed(), "refresh lease taken");
        Ok(Lease {
            shared,
            key: key.to_owned(),
            token,
            held,
            renewal: Some(renewal),
            local: Some(local),
        })
    }

    /// Whether the lease is still ours: false once released, or when a
    /// renewal found it expired or taken (the holder stalled past the lease,
    /// or Redis lost it).
    ///
    /// ```no_run
    /// # async fn run(store: token_stores::RedisStore) -> auth_core::Result<()> {
    /// let lease = store.lease("k").await?;
    /// assert!(lease.is_held());
    /// # Ok(()) }
    /// ```
    pub fn is_held(&self) -> bool {
        self.held.load(Ordering::SeqCst)
    }

    /// Releases the lease now and wakes the waiters.
    ///
    /// # Errors
    /// [`StoreError::Unreachable`] when Redis cannot be reached; the lease
    /// then ends by itself when it expires.
    ///
    /// ```no_run
    /// # async fn run(store: token_stores::RedisStore) -> auth_core::Result<()> {
    /// let lease = store.lease("k").await?;
    /// lease.release().await?;
    /// # Ok(()) }
    /// ```
    pub async fn release(mut self) -> Result<()> {
        if let Some(renewal) = self.renewal.take() {
            renewal.abort();
        }
        self.held.store(false, Ordering::SeqCst);
        let local = self.local.take();
        let result = release(&self.shared, &self.key, &self.token).await;
        drop(local);
        result
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(renewal) = self.renewal.take() else {
            return; // released explicitly
        };
        renewal.abort();
        self.held.store(false, Ordering::SeqCst);
        let (shared, key, token) = (
            Arc::clone(&self.shared),
            std::mem::take(&mut self.key),
            std::mem::take(&mut self.token),
        );
        let local = self.local.take();
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(async move {
                    if let Err(e) = release(&shared, &key, &token).await {
                        tracing::warn!(key, error = %e, "could not release the refresh lease; it expires by itself");
                    }
                    // Local waiters go on only once Redis knows it is free.
                    drop(local);
                });
            }
            Err(_) => {
                tracing::debug!(
                    key,
                    "no runtime to release the refresh lease; it expires by itself"
                );
            }
        }
    }
}

async fn release(shared: &Shared, key: &str, token: &str) -> Result<()> {
    let mut conn = shared.conn().await?;
    let _: i64 = redis::Script::new(RELEASE)
        .key(shared.config.lease_key(key))
        .key(shared.config.channel(key))
        .arg(token)
        .invoke_async(&mut conn)
        .await
        .map_err(|e| shared.fail("lease release", e))?;
    Ok(())
}

/// Renews the lease every third of its time while it holds our token.
async fn renew(shared: Arc<Shared>, lease_key: String, token: String, held: Arc<AtomicBool>) {
    let lease = shared.config.lease;
    let script = redis::Script::new(RENEW);
    let mut tick = tokio::time::interval_at(Instant::now() + lease / 3, lease / 3);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let renewed: Result<i64> = match shared.conn().await {
            Ok(mut conn) => script
                .key(&lease_key)
                .arg(&token)
                .arg(millis(lease))
                .invoke_async(&mut conn)
                .await
                .map_err(|e| shared.fail("lease renewal", e)),
            Err(e) => Err(e),
        };
        match renewed {
            Ok(1) => {}
            Ok(_) => {
                tracing::warn!(
                    lease_key,
                    "the refresh lease expired or was taken while held; another worker may refresh too"
                );
                held.store(false, Ordering::SeqCst);
                return;
            }
            // Redis unreachable: keep trying while the lease may still be ours.
            Err(e) => tracing::warn!(lease_key, error = %e, "could not renew the refresh lease"),
        }
    }
}

/// Subscribes to `channel`, or `None` (then the caller polls).
async fn subscribe(
    shared: &Shared,
    channel: &str,
    deadline: Instant,
) -> Option<redis::aio::PubSub> {
    let bound = (Instant::now() + shared.config.connect_timeout).min(deadline);
    let attempt = async {
        let mut pubsub = shared.client().ok()?.get_async_pubsub().await.ok()?;
        pubsub.subscribe(channel).await.ok()?;
        Some(pubsub)
    };
    let subscribed = tokio::time::timeout_at(bound, attempt).await.ok().flatten();
    if subscribed.is_none() {
        tracing::debug!(channel, "cannot subscribe to lease events; polling instead");
    }
    subscribed
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

/// Between half and all of `d`, so waiters do not poll in step.
fn jittered(d: Duration) -> Duration {
    d.mul_f64(0.5 + fastrand::f64() / 2.0)
}

/// 128 random bits naming this holder (only compared, never secret).
fn random_token() -> String {
    format!(
        "{:016x}{:016x}-{}",
        fastrand::u64(..),
        fastrand::u64(..),
        std::process::id()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_half_and_all() {
        let d = Duration::from_millis(200);
        for _ in 0..1000 {
            let j = jittered(d);
            assert!(j >= d / 2 && j <= d, "{j:?}");
        }
    }

    #[test]
    fn tokens_differ() {
        assert_ne!(random_token(), random_token());
        assert_eq!(millis(Duration::ZERO), 1);
        assert_eq!(millis(Duration::from_secs(2)), 2000);
    }
}
