//! KeyringStore against the real OS keyring, where one works (Linux:
//! kernel keyutils); skipped with the backend's reason where none does.

use std::time::Duration;

use auth_core::secret::{AccessToken, RefreshToken};
use auth_core::{Lifetime, StoredToken, SystemClock, TokenSet, TokenStore};
use token_stores::{KeyringStore, LocalStore};

fn token(access: &str) -> StoredToken {
    let clock = SystemClock;
    let set = TokenSet::new(
        AccessToken::new(access),
        Lifetime::expires_in(auth_core::Clock::now(&clock), Duration::from_secs(3600)),
    )
    .with_refresh_token(Some(RefreshToken::new("keyring-refresh-4242")));
    StoredToken::from_token_set(&set, &clock)
}

/// A service name no other run uses.
fn service() -> String {
    format!(
        "token-stores-test-{}-{:08x}",
        std::process::id(),
        fastrand::u32(..)
    )
}

fn backend_or_skip(test: &str) -> bool {
    match KeyringStore::probe() {
        Ok(backend) => {
            eprintln!("{test}: using the OS keyring ({backend})");
            true
        }
        Err(why) => {
            eprintln!("SKIPPED {test}: no usable OS keyring here: {why}");
            false
        }
    }
}

#[tokio::test]
async fn a_token_set_round_trips_through_the_os_keyring() {
    if !backend_or_skip("a_token_set_round_trips_through_the_os_keyring") {
        return;
    }
    let store = KeyringStore::new(service());
    assert_eq!(store.load("k").await.expect("load"), None);
    store
        .save("k", &token("keyring-access-1"))
        .await
        .expect("save");
    assert_eq!(
        store.load("k").await.expect("load"),
        Some(token("keyring-access-1"))
    );
    // One entry per key; replacing one leaves the other.
    store
        .save("other", &token("keyring-access-2"))
        .await
        .expect("save");
    store
        .save("k", &token("keyring-access-3"))
        .await
        .expect("replace");
    assert_eq!(
        store.load("other").await.expect("load"),
        Some(token("keyring-access-2"))
    );
    store.clear("k").await.expect("clear");
    store.clear("k").await.expect("clearing twice is fine");
    assert_eq!(store.load("k").await.expect("load"), None);
    store.clear("other").await.expect("clear");
    let shown = format!("{store:?}");
    assert!(!shown.contains("keyring-access") && !shown.contains("keyring-refresh"));
}

#[tokio::test]
async fn a_second_process_sees_what_the_first_saved() {
    if !backend_or_skip("a_second_process_sees_what_the_first_saved") {
        return;
    }
    let service = service();
    let store = KeyringStore::new(&service);
    store
        .save("k", &token("keyring-cross-1"))
        .await
        .expect("save");
    let status = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "keyring_child", "--ignored", "--quiet"])
        .env("TOKEN_STORES_KEYRING_SERVICE", &service)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run the child");
    store.clear("k").await.expect("clear");
    assert!(status.success(), "the child read the entry");
}

/// Not a test: run by `a_second_process_sees_what_the_first_saved`.
#[tokio::test]
#[ignore = "run by another test as a child process"]
async fn keyring_child() {
    let Ok(service) = std::env::var("TOKEN_STORES_KEYRING_SERVICE") else {
        return;
    };
    let loaded = KeyringStore::new(service).load("k").await.expect("load");
    assert_eq!(loaded, Some(token("keyring-cross-1")));
}

#[tokio::test]
async fn local_store_picks_the_keyring_when_it_works_and_locks_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    let local = LocalStore::keyring_or_file(&service(), &path);
    let available = KeyringStore::available();
    match &local {
        LocalStore::Keyring(_) => assert!(available),
        LocalStore::File(f) => {
            assert!(!available);
            assert_eq!(f.path(), path);
        }
        _ => panic!("unexpected store"),
    }
    eprintln!("tokens are kept in {}", local.describe());
    local
        .save("k", &token("local-access-1"))
        .await
        .expect("save");
    assert_eq!(
        local.load("k").await.expect("load"),
        Some(token("local-access-1"))
    );
    if available {
        assert!(!path.exists(), "nothing written to the file");
        assert!(local.describe().contains("OS keyring"));
    }
    let _lock = local.lock("k").await.expect("lock");
    assert!(dir.path().join("tokens.json.lock").exists(), "a file lock");
    local.clear("k").await.expect("clear");
}

#[cfg(feature = "encrypted")]
#[tokio::test]
async fn an_encryption_key_is_generated_once_into_the_keyring() {
    if !backend_or_skip("an_encryption_key_is_generated_once_into_the_keyring") {
        return;
    }
    let service = service();
    let missing = token_stores::EncryptionKey::from_keyring(&service, "key").expect_err("none yet");
    assert!(matches!(
        token_stores::StoreError::of(&missing),
        Some(token_stores::StoreError::Key(_))
    ));
    let first =
        token_stores::EncryptionKey::from_keyring_or_generate(&service, "key").expect("made");
    let again =
        token_stores::EncryptionKey::from_keyring_or_generate(&service, "key").expect("kept");
    assert_eq!(first.id(), again.id());
    assert_eq!(
        token_stores::EncryptionKey::from_keyring(&service, "key")
            .expect("read")
            .id(),
        first.id()
    );
    KeyringStore::new(&service)
        .clear("key")
        .await
        .expect("remove the key");
}
