//! The token cache: single flight, refresh ahead, failures, invalidation,
//! no spinning on short-lived tokens, sliding expiry.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use auth_core::clock::Clock;
use auth_core::secret::AccessToken;
use auth_core::{
    Error, ErrorMetadata, Lifetime, ManualClock, RefreshPolicy, TokenCache, TokenSet, provider_fn,
};
use tokio::sync::Notify;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// A provider that counts its calls and issues `tok-N` living `life` seconds
/// from the clock's current instant.
fn counting(
    clock: ManualClock,
    life: u64,
    calls: Arc<AtomicUsize>,
) -> impl auth_core::TokenProvider<TokenSet> {
    provider_fn(move |_prev: Option<Arc<TokenSet>>| {
        let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
        let now = clock.now();
        async move {
            Ok(TokenSet::new(
                AccessToken::new(format!("tok-{n}")),
                Lifetime::expires_in(now, secs(life)),
            ))
        }
    })
}

fn token(set: &TokenSet) -> &str {
    set.access_token().expose_secret()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_thousand_concurrent_gets_cause_one_refresh() {
    let calls = Arc::new(AtomicUsize::new(0));
    // Every provider call waits at this gate until the test opens it, so all
    // 1,000 tasks pile up on an expired cache while a refresh is in flight.
    let gate = Arc::new(tokio::sync::RwLock::new(()));
    let closed = Arc::clone(&gate).write_owned().await;
    let provider = {
        let (calls, gate) = (Arc::clone(&calls), Arc::clone(&gate));
        provider_fn(move |_prev: Option<Arc<TokenSet>>| {
            let (calls, gate) = (Arc::clone(&calls), Arc::clone(&gate));
            async move {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                drop(gate.read().await);
                Ok(TokenSet::new(
                    AccessToken::new(format!("tok-{n}")),
                    Lifetime::expires_in(tokio::time::Instant::now(), secs(3600)),
                ))
            }
        })
    };
    let cache = TokenCache::new(provider);
    let started = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..1000 {
        let (cache, started) = (cache.clone(), Arc::clone(&started));
        tasks.push(tokio::spawn(async move {
            started.fetch_add(1, Ordering::SeqCst);
            cache.get().await
        }));
    }
    while started.load(Ordering::SeqCst) < 1000 || calls.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
    drop(closed);
    for t in tasks {
        let got = t.await.expect("task ran").expect("token");
        assert_eq!(token(&got), "tok-1");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the provider ran more than once"
    );
    assert_eq!(cache.refresh_count(), 1);
}

#[tokio::test]
async fn refreshes_ahead_of_expiry_not_before() {
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    // No jitter: 3600 s lifetime → refresh 300 s before expiry, at 3300 s.
    let cache = TokenCache::builder(counting(clock.clone(), 3600, Arc::clone(&calls)))
        .clock(Arc::new(clock.clone()))
        .policy(RefreshPolicy::default().jitter(0.0))
        .build();
    assert_eq!(token(&cache.get().await.expect("first")), "tok-1");
    clock.advance(secs(3299));
    for _ in 0..10 {
        assert_eq!(token(&cache.get().await.expect("cached")), "tok-1");
    }
    tokio::task::yield_now().await;
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "refreshed before the refresh point"
    );

    clock.advance(secs(2));
    // Stale: the still-valid token is handed out while one refresh runs.
    assert_eq!(token(&cache.get().await.expect("stale")), "tok-1");
    for _ in 0..100 {
        if calls.load(Ordering::SeqCst) == 2 {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "no refresh after the refresh point"
    );
    assert_eq!(token(&cache.get().await.expect("refreshed")), "tok-2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// The same on the system clock, under tokio's paused time, through the
/// synchronous fast path the header auth takes: a hit skips the clock while
/// the token is known fresh, and the timer that ends that must still end it
/// at the refresh point.
#[tokio::test(start_paused = true)]
async fn on_the_system_clock_a_known_fresh_token_is_still_refreshed_at_its_point() {
    let calls = Arc::new(AtomicUsize::new(0));
    let provider = {
        let calls = Arc::clone(&calls);
        provider_fn(move |_prev: Option<Arc<TokenSet>>| {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                Ok(TokenSet::new(
                    AccessToken::new(format!("tok-{n}")),
                    Lifetime::expires_in(tokio::time::Instant::now(), secs(3600)),
                ))
            }
        })
    };
    let cache = TokenCache::builder(provider)
        .policy(RefreshPolicy::default().jitter(0.0))
        .build();
    assert_eq!(token(&cache.get().await.expect("first")), "tok-1");
    tokio::time::advance(secs(3299)).await;
    for _ in 0..10 {
        assert_eq!(token(&cache.get_now().expect("cached")), "tok-1");
    }
    tokio::task::yield_now().await;
    assert_eq!(calls.load(Ordering::SeqCst), 1, "refreshed too early");

    tokio::time::advance(secs(2)).await;
    assert_eq!(token(&cache.get_now().expect("stale")), "tok-1");
    for _ in 0..100 {
        if calls.load(Ordering::SeqCst) == 2 {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "not refreshed at its point"
    );
    assert_eq!(token(&cache.get_now().expect("refreshed")), "tok-2");
    assert_eq!(token(&cache.get().await.expect("refreshed")), "tok-2");
}

#[tokio::test]
async fn jitter_keeps_the_refresh_point_within_its_window() {
    // With full jitter the refresh lands between 150 s and 300 s before expiry.
    for _ in 0..20 {
        let clock = ManualClock::new();
        let calls = Arc::new(AtomicUsize::new(0));
        let cache = TokenCache::builder(counting(clock.clone(), 3600, Arc::clone(&calls)))
            .clock(Arc::new(clock.clone()))
            .build();
        cache.get().await.expect("first");
        clock.advance(secs(3299));
        cache.get().await.expect("before window");
        tokio::task::yield_now().await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        clock.advance(secs(152)); // 3451 s: past the latest refresh point (3450 s)
        cache.get().await.expect("after window");
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}

#[tokio::test]
async fn a_failed_refresh_reaches_every_waiter_and_the_next_call_retries() {
    let calls = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(Notify::new());
    let provider = {
        let (calls, gate) = (Arc::clone(&calls), Arc::clone(&gate));
        provider_fn(move |_prev: Option<Arc<TokenSet>>| {
            let (calls, gate) = (Arc::clone(&calls), Arc::clone(&gate));
            async move {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                if n == 1 {
                    gate.notified().await;
                    return Err(Error::InvalidCredentials {
                        code: Some("invalid_client".into()),
                        message: "bad secret".into(),
                    });
                }
                Ok(TokenSet::new(
                    AccessToken::new(format!("tok-{n}")),
                    Lifetime::expires_in(tokio::time::Instant::now(), secs(3600)),
                ))
            }
        })
    };
    let cache = TokenCache::new(provider);
    let mut waiters = Vec::new();
    for _ in 0..50 {
        let cache = cache.clone();
        waiters.push(tokio::spawn(async move { cache.get().await }));
    }
    while calls.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    gate.notify_one();
    for w in waiters {
        let err = w.await.expect("task ran").expect_err("the refresh failed");
        assert!(matches!(err, Error::InvalidCredentials { .. }), "{err:?}");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "waiters must share the one failure"
    );
    let next = cache.get().await.expect("the next call refreshes again");
    assert_eq!(token(&next), "tok-2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn after_a_failed_ahead_refresh_the_old_token_is_used_and_retried_at_most_every_ten_seconds()
{
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let provider = {
        let (calls, clock) = (Arc::clone(&calls), clock.clone());
        provider_fn(move |_prev: Option<Arc<TokenSet>>| {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            let now = clock.now();
            async move {
                if n == 1 {
                    Ok(TokenSet::new(
                        "tok-1".into(),
                        Lifetime::expires_in(now, secs(3600)),
                    ))
                } else {
                    Err(Error::Timeout {
                        operation: "token".into(),
                        limit: auth_core::TimeoutKind::Attempt,
                        after: None,
                    })
                }
            }
        })
    };
    let cache = TokenCache::builder(provider)
        .clock(Arc::new(clock.clone()))
        .policy(RefreshPolicy::default().jitter(0.0))
        .build();
    cache.get().await.expect("first");
    clock.advance(secs(3301)); // stale
    let settle = || async {
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
    };
    assert_eq!(token(&cache.get().await.expect("stale")), "tok-1");
    settle().await;
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "one ahead refresh attempted"
    );
    for _ in 0..20 {
        clock.advance(Duration::from_millis(400)); // 8 s in all
        assert_eq!(token(&cache.get().await.expect("old token")), "tok-1");
        settle().await;
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "retried within 10 s of a failure"
    );
    clock.advance(secs(3));
    cache.get().await.expect("old token");
    settle().await;
    assert_eq!(calls.load(Ordering::SeqCst), 3, "not retried after 10 s");
}

#[tokio::test]
async fn invalidating_a_stale_token_keeps_the_newer_one() {
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = TokenCache::builder(counting(clock.clone(), 3600, Arc::clone(&calls)))
        .clock(Arc::new(clock.clone()))
        .build();
    let first = cache.get().await.expect("first");
    assert!(cache.invalidate(&first));
    let second = cache.get().await.expect("second");
    assert_eq!(token(&second), "tok-2");
    // A late 401 for the first token must not drop the second.
    assert!(!cache.invalidate(&first));
    assert_eq!(token(&cache.get().await.expect("still second")), "tok-2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_rejections_of_one_token_cause_one_refresh() {
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = TokenCache::builder(counting(clock.clone(), 3600, Arc::clone(&calls)))
        .clock(Arc::new(clock.clone()))
        .build();
    let rejected = cache.get().await.expect("first");
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let (cache, rejected) = (cache.clone(), Arc::clone(&rejected));
        tasks.push(tokio::spawn(async move {
            cache.refresh_after_rejection(&rejected).await
        }));
    }
    for t in tasks {
        assert_eq!(token(&t.await.expect("ran").expect("token")), "tok-2");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_server_reissuing_a_nearly_expired_token_does_not_make_the_cache_spin() {
    // Like Symbl: every call returns the same token with its remaining life.
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let provider = {
        let (calls, clock) = (Arc::clone(&calls), clock.clone());
        provider_fn(move |_prev: Option<Arc<TokenSet>>| {
            calls.fetch_add(1, Ordering::SeqCst);
            let now = clock.now();
            async move {
                Ok(TokenSet::new(
                    "same".into(),
                    Lifetime::expires_in(now, secs(30)),
                ))
            }
        })
    };
    let cache = TokenCache::builder(provider)
        .clock(Arc::new(clock.clone()))
        .build();
    // 200 calls over 19 s: the first token serves them all.
    for _ in 0..200 {
        cache.get().await.expect("token");
        clock.advance(Duration::from_millis(95));
    }
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "refetched a token that was still usable"
    );
    // Past its usable life it is fetched again, once.
    clock.advance(secs(2));
    for _ in 0..100 {
        cache.get().await.expect("token");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "spun on a short-lived token"
    );
}

#[tokio::test]
async fn sliding_tokens_live_while_used_and_die_when_idle() {
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let provider = {
        let (calls, clock) = (Arc::clone(&calls), clock.clone());
        provider_fn(move |_prev: Option<Arc<TokenSet>>| {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            let now = clock.now();
            async move {
                Ok(TokenSet::new(
                    AccessToken::new(format!("session-{n}")),
                    Lifetime::idle(now, secs(30 * 60)),
                ))
            }
        })
    };
    let cache = TokenCache::builder(provider)
        .clock(Arc::new(clock.clone()))
        .build();
    cache.get().await.expect("login");
    // Used every 29 minutes for 5 hours: never logs in again.
    for _ in 0..10 {
        clock.advance(secs(29 * 60));
        assert_eq!(token(&cache.get().await.expect("session")), "session-1");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // 31 minutes idle: a new login before the next use.
    clock.advance(secs(31 * 60));
    assert_eq!(token(&cache.get().await.expect("session")), "session-2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn a_refresh_that_hangs_is_cut_off_by_the_load_timeout() {
    let provider = provider_fn(|_prev: Option<Arc<TokenSet>>| async {
        std::future::pending::<()>().await;
        Ok(TokenSet::new(
            "never".into(),
            Lifetime::never(tokio::time::Instant::now()),
        ))
    });
    let cache = TokenCache::builder(provider)
        .policy(RefreshPolicy::default().load_timeout(secs(5)))
        .build();
    let err = cache.get().await.expect_err("must time out");
    assert!(err.is_timeout(), "{err:?}");
}

#[test]
fn debug_shows_no_token() {
    let clock = ManualClock::new();
    let cache = TokenCache::builder(counting(clock.clone(), 60, Arc::new(AtomicUsize::new(0))))
        .initial(Some(TokenSet::new(
            "tok-secret-value".into(),
            Lifetime::never(clock.now()),
        )))
        .build();
    let debug = format!("{cache:?}");
    assert!(!debug.contains("tok-secret-value"), "{debug}");
    assert!(debug.contains("TokenCache"));
}
