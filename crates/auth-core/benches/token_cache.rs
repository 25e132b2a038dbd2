//! Token cache benchmarks, each with a baseline measured in the same run:
//!
//! - `cache_hit/get_now` (the synchronous hit `HeaderAuth` uses first) and
//!   `cache_hit/get_fresh` (through the async `get`) against `cache_hit/arc_clone_baseline`: the cost
//!   of a cache hit next to the cheapest way of sharing a value.
//! - `herd_10k/expired` against `herd_10k/fresh_baseline`: 10,000 tasks
//!   asking an expired cache at once (one refresh, everybody waits) next to
//!   10,000 tasks hitting a fresh one. The provider call count is checked on
//!   every iteration: it must be exactly 1.
//!
//! Run with `cargo xtask bench`, which prints the medians and the ratios.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use auth_core::secret::AccessToken;
use auth_core::{Lifetime, TokenCache, TokenSet, provider_fn};
use criterion::{Criterion, criterion_group, criterion_main};

const HERD: usize = 10_000;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn cache_with_counter(calls: Arc<AtomicUsize>) -> TokenCache<TokenSet> {
    TokenCache::new(provider_fn(move |_prev: Option<Arc<TokenSet>>| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            // A token endpoint answers in about a millisecond locally.
            tokio::time::sleep(Duration::from_millis(1)).await;
            Ok(TokenSet::new(
                AccessToken::new("bench-token"),
                Lifetime::expires_in(tokio::time::Instant::now(), Duration::from_secs(3600)),
            ))
        }
    }))
}

fn cache_hit(c: &mut Criterion) {
    let rt = runtime();
    let calls = Arc::new(AtomicUsize::new(0));
    let cache = cache_with_counter(Arc::clone(&calls));
    rt.block_on(cache.get()).expect("warm");
    let plain = Arc::new(TokenSet::new(
        AccessToken::new("bench-token"),
        Lifetime::never(tokio::time::Instant::now()),
    ));

    let mut group = c.benchmark_group("cache_hit");
    group.bench_function("get_fresh", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(cache.get().await.expect("hit")) })
    });
    // The synchronous fast path `HeaderAuth` tries first: no future at all.
    group.bench_function("get_now", |b| {
        b.iter(|| black_box(cache.get_now().expect("hit")))
    });
    // Its baseline: the same Arc clone, also outside any future.
    group.bench_function("arc_clone_sync_baseline", |b| {
        b.iter(|| black_box(Arc::clone(&plain)))
    });
    group.bench_function("arc_clone_baseline", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(Arc::clone(&plain)) })
    });
    group.finish();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "a cache hit must never call the provider"
    );
}

fn herd(c: &mut Criterion) {
    let rt = runtime();
    let mut group = c.benchmark_group("herd_10k");
    group.sample_size(10);
    group.bench_function("expired", |b| {
        b.to_async(&rt).iter_custom(|iters| async move {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let calls = Arc::new(AtomicUsize::new(0));
                let cache = cache_with_counter(Arc::clone(&calls));
                total += run_herd(&cache).await;
                let n = calls.load(Ordering::SeqCst);
                assert_eq!(
                    n, 1,
                    "{HERD} callers on an expired cache made {n} provider calls"
                );
            }
            total
        })
    });
    group.bench_function("fresh_baseline", |b| {
        b.to_async(&rt).iter_custom(|iters| async move {
            let calls = Arc::new(AtomicUsize::new(0));
            let cache = cache_with_counter(Arc::clone(&calls));
            cache.get().await.expect("warm");
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                total += run_herd(&cache).await;
            }
            total
        })
    });
    group.finish();
}

async fn run_herd(cache: &TokenCache<TokenSet>) -> Duration {
    let start = Instant::now();
    let tasks: Vec<_> = (0..HERD)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.get().await.map(|t| t.access_token().is_empty()) })
        })
        .collect();
    for t in tasks {
        black_box(t.await.expect("task").expect("token"));
    }
    start.elapsed()
}

criterion_group!(benches, cache_hit, herd);
criterion_main!(benches);
