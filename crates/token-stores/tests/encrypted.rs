//! EncryptedStore: round trips over memory, file and Redis stores; a wrong
//! key, a flipped byte, a truncated value and garbage are typed errors, and
//! no error or `Debug` output shows the token or the key.

#[cfg(feature = "redis")]
mod support;

use std::time::Duration;

use auth_core::secret::{AccessToken, RefreshToken, SecretValue};
use auth_core::{FileStore, Lifetime, MemoryStore, StoredToken, SystemClock, TokenSet, TokenStore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use token_stores::encrypted::SEALED_MARKER;
use token_stores::{EncryptedStore, EncryptionKey, StoreError};

const ACCESS: &str = "access-tok-3141592";
const REFRESH: &str = "refresh-tok-2718281";

fn token() -> StoredToken {
    let clock = SystemClock;
    let set = TokenSet::new(
        AccessToken::new(ACCESS),
        Lifetime::expires_in(auth_core::Clock::now(&clock), Duration::from_secs(3600)),
    )
    .with_refresh_token(Some(RefreshToken::new(REFRESH)));
    let mut t = StoredToken::from_token_set(&set, &clock);
    t.extra.insert("identity".into(), "eu-west-1:abc".into());
    t
}

fn key(byte: u8) -> EncryptionKey {
    EncryptionKey::from_bytes(&[byte; 32]).expect("32 bytes")
}

/// The error's typed kind; asserts that nothing secret is in it.
fn kind(e: &auth_core::Error) -> StoreError {
    let shown = format!("{e} {e:?}");
    for secret in [ACCESS, REFRESH] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    StoreError::of(e)
        .cloned()
        .unwrap_or_else(|| panic!("untyped error: {e}"))
}

/// Rewrites the sealed bytes stored under `k` in `inner`.
async fn tamper(inner: &MemoryStore, k: &str, f: impl FnOnce(&mut Vec<u8>)) {
    let mut envelope = inner.load(k).await.expect("load").expect("present");
    let text = envelope.access_token.expose_secret().to_owned();
    let (prefix, b64) = text.split_at(5);
    let mut bytes = URL_SAFE_NO_PAD.decode(b64).expect("base64url");
    f(&mut bytes);
    envelope.access_token = AccessToken::new(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)));
    inner.save(k, &envelope).await.expect("save");
}

#[tokio::test]
async fn a_token_set_round_trips_and_the_wrapped_store_sees_no_secret() {
    let inner = MemoryStore::new();
    let store = EncryptedStore::new(inner.clone(), key(1));
    store.save("k", &token()).await.expect("save");
    assert_eq!(store.load("k").await.expect("load"), Some(token()));
    let raw = inner.load("k").await.expect("load").expect("present");
    let raw_json = serde_json::to_string(&raw).expect("json");
    assert!(
        !raw_json.contains(ACCESS) && !raw_json.contains(REFRESH),
        "{raw_json}"
    );
    assert!(!raw_json.contains("eu-west-1"), "extra is sealed too");
    assert_eq!(raw.expires_at, None);
    assert!(raw.extra.contains_key(SEALED_MARKER));
    // A fresh nonce per value: the same token seals differently each time.
    store.save("k", &token()).await.expect("save");
    let again = inner.load("k").await.expect("load").expect("present");
    assert_ne!(raw.access_token, again.access_token);
    store.clear("k").await.expect("clear");
    assert_eq!(store.load("k").await.expect("load"), None);
}

#[tokio::test]
async fn a_file_store_holds_only_the_sealed_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    let store = EncryptedStore::new(FileStore::new(&path), key(2));
    store.save("k", &token()).await.expect("save");
    let on_disk = std::fs::read_to_string(&path).expect("read");
    assert!(!on_disk.contains(ACCESS) && !on_disk.contains(REFRESH));
    let reopened = EncryptedStore::new(FileStore::new(&path), key(2));
    assert_eq!(reopened.load("k").await.expect("load"), Some(token()));
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn a_redis_store_holds_only_the_sealed_value_and_keeps_its_lease() {
    use token_stores::RedisStore;
    let Some(redis) = support::Redis::shared("encrypted_over_redis") else {
        return;
    };
    let prefix = support::unique_prefix("encrypted");
    let redis_store = RedisStore::builder(redis.url())
        .prefix(&prefix)
        .max_wait(Duration::from_millis(200))
        .build()
        .expect("valid");
    let store = EncryptedStore::new(redis_store.clone(), key(3));
    store.save("k", &token()).await.expect("save");
    assert_eq!(store.load("k").await.expect("load"), Some(token()));
    let raw = redis_store.load("k").await.expect("load").expect("present");
    assert!(!serde_json::to_string(&raw).expect("json").contains(REFRESH));
    // The lock is the wrapped store's lease.
    let _held = store.lock("k").await.expect("lock");
    let e = redis_store
        .lease("k")
        .await
        .expect_err("held through the wrapper");
    assert!(matches!(kind(&e), StoreError::LeaseTimeout { .. }));
}

#[tokio::test]
async fn a_wrong_key_is_an_unknown_key_error_naming_both_ids() {
    let inner = MemoryStore::new();
    EncryptedStore::new(inner.clone(), key(1))
        .save("k", &token())
        .await
        .expect("save");
    let other = EncryptedStore::new(inner.clone(), key(9));
    let e = other.load("k").await.expect_err("wrong key");
    match kind(&e) {
        StoreError::UnknownKey { found, known, .. } => {
            assert_eq!(found, key(1).id());
            assert_eq!(known, key(9).id());
        }
        other => panic!("expected UnknownKey, got {other:?}"),
    }
}

#[tokio::test]
async fn an_old_key_still_opens_and_the_next_save_uses_the_new_key() {
    let inner = MemoryStore::new();
    EncryptedStore::new(inner.clone(), key(1))
        .save("k", &token())
        .await
        .expect("save");
    let rotated = EncryptedStore::new(inner.clone(), key(2)).with_old_key(key(1));
    assert_eq!(rotated.load("k").await.expect("old key"), Some(token()));
    rotated.save("k", &token()).await.expect("re-seal");
    let new_only = EncryptedStore::new(inner.clone(), key(2));
    assert_eq!(new_only.load("k").await.expect("new key"), Some(token()));
}

#[tokio::test]
async fn a_flipped_byte_anywhere_is_a_typed_error() {
    let inner = MemoryStore::new();
    let store = EncryptedStore::new(inner.clone(), key(1));
    store.save("k", &token()).await.expect("save");
    let len = {
        let raw = inner.load("k").await.expect("load").expect("present");
        URL_SAFE_NO_PAD
            .decode(&raw.access_token.expose_secret()[5..])
            .expect("b64")
            .len()
    };
    // Header, length field, nonce, ciphertext and tag: every byte matters.
    for at in [0, 1, 2, 9, 11, 14, 30, len / 2, len - 1] {
        store.save("k", &token()).await.expect("save");
        tamper(&inner, "k", |b| b[at] ^= 0x01).await;
        let e = store.load("k").await.expect_err("tampered");
        let kind = kind(&e);
        assert!(
            matches!(
                kind,
                StoreError::Tampered { .. }
                    | StoreError::UnknownKey { .. }
                    | StoreError::Corrupt { .. }
                    | StoreError::Truncated { .. }
            ),
            "byte {at}: {kind:?}"
        );
        if at >= 14 {
            assert!(
                matches!(kind, StoreError::Tampered { .. }),
                "byte {at}: {kind:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_truncated_value_is_a_truncated_error() {
    let inner = MemoryStore::new();
    let store = EncryptedStore::new(inner.clone(), key(1));
    for keep in [0, 1, 5, 20, 40] {
        store.save("k", &token()).await.expect("save");
        tamper(&inner, "k", |b| b.truncate(keep)).await;
        let e = store.load("k").await.expect_err("truncated");
        assert!(
            matches!(kind(&e), StoreError::Truncated { len, .. } if len == keep),
            "kept {keep}: {e}"
        );
    }
    // One byte short of the end.
    store.save("k", &token()).await.expect("save");
    tamper(&inner, "k", |b| {
        b.pop();
    })
    .await;
    let e = store.load("k").await.expect_err("truncated");
    assert!(matches!(kind(&e), StoreError::Truncated { .. }), "{e}");
}

#[tokio::test]
async fn a_value_moved_to_another_key_fails_authentication() {
    let inner = MemoryStore::new();
    let store = EncryptedStore::new(inner.clone(), key(1));
    store.save("alice", &token()).await.expect("save");
    let sealed = inner.load("alice").await.expect("load").expect("present");
    inner.save("mallory", &sealed).await.expect("copy");
    let e = store.load("mallory").await.expect_err("moved");
    assert!(matches!(kind(&e), StoreError::Tampered { .. }), "{e}");
}

#[tokio::test]
async fn garbage_and_plaintext_values_are_typed_errors() {
    let inner = MemoryStore::new();
    let store = EncryptedStore::new(inner.clone(), key(1));
    inner.save("plain", &token()).await.expect("plaintext");
    let e = store.load("plain").await.expect_err("not encrypted");
    assert!(matches!(kind(&e), StoreError::NotEncrypted { .. }), "{e}");

    let mut garbage = store.seal("g", &token()).expect("seal");
    for text in ["tse1.!!not-base64!!", "no-prefix", "tse1.", "tse1.AgAA"] {
        garbage.access_token = AccessToken::new(text);
        inner.save("g", &garbage).await.expect("save");
        let e = store.load("g").await.expect_err("garbage");
        assert!(
            matches!(
                kind(&e),
                StoreError::Corrupt { .. } | StoreError::Truncated { .. }
            ),
            "{text}: {e}"
        );
    }
}

#[test]
fn keys_come_from_the_environment_and_are_never_printed() {
    let generated = EncryptionKey::generate();
    let text = generated.to_base64();
    // The workspace forbids `unsafe` (so no `set_var`): a child process of
    // this test binary reads the key from its environment.
    let status = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "from_env_child", "--ignored", "--quiet"])
        .env("TOKEN_STORES_TEST_KEY", text.expose_secret())
        .env("TOKEN_STORES_TEST_KEY_ID", generated.id())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run the child");
    assert!(
        status.success(),
        "the child read the key from the environment"
    );

    let e = EncryptionKey::from_env("TOKEN_STORES_TEST_UNSET_VAR").expect_err("unset");
    assert!(
        e.to_string()
            .contains("TOKEN_STORES_TEST_UNSET_VAR is not set"),
        "{e}"
    );
    let store = EncryptedStore::new(MemoryStore::new(), generated.clone());
    let shown = format!("{store:?} {generated:?}");
    assert!(!shown.contains(text.expose_secret()), "{shown}");
    assert!(shown.contains(generated.id()));
    let e = EncryptionKey::from_base64(&SecretValue::new("c2hvcnQ=")).expect_err("short");
    assert!(matches!(StoreError::of(&e), Some(StoreError::Key(_))));
}

/// Not a test: run by `keys_come_from_the_environment_and_are_never_printed`.
#[test]
#[ignore = "run by another test as a child process"]
fn from_env_child() {
    let Ok(expected) = std::env::var("TOKEN_STORES_TEST_KEY_ID") else {
        return;
    };
    let key = EncryptionKey::from_env("TOKEN_STORES_TEST_KEY").expect("from env");
    assert_eq!(key.id(), expected);
    let bad = EncryptionKey::from_env("TOKEN_STORES_TEST_KEY_ID").expect_err("not a key");
    assert!(
        bad.to_string().contains("TOKEN_STORES_TEST_KEY_ID"),
        "{bad}"
    );
    assert!(!bad.to_string().contains(&expected), "{bad}");
}

/// What sealing costs on this machine.
#[test]
#[ignore = "a measurement: cargo test -p token-stores --test encrypted -- --ignored seal_figures --nocapture"]
fn seal_figures() {
    let store = EncryptedStore::new(MemoryStore::new(), key(1));
    let t = token();
    let n = 20_000u32;
    let started = std::time::Instant::now();
    for _ in 0..n {
        let sealed = store.seal("k", &t).expect("seal");
        let opened = store.open("k", &sealed).expect("open");
        assert_eq!(opened.issued_at, t.issued_at);
    }
    let per = started.elapsed() / n;
    let size = store
        .seal("k", &t)
        .expect("seal")
        .access_token
        .expose_secret()
        .len();
    let plain = serde_json::to_string(&t).expect("json").len();
    println!(
        "FIGURES seal+open: {per:?} per token set; {plain} bytes of JSON -> {size} characters sealed"
    );
}
