//! The file store across real processes: concurrent writers lose nothing,
//! a writer killed mid-save leaves neither a torn file nor a copy of the
//! tokens behind; and its safety rules (permissions, symlinks, versions,
//! size).
//!
//! The child processes are this test binary itself, re-run on one of the
//! `#[ignore]`d "child" tests with its instructions in the environment.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use auth_core::clock::Clock;
use auth_core::secret::AccessToken;
use auth_core::{Error, FileStore, Lifetime, ManualClock, StoredToken, TokenSet, TokenStore};

fn stored(access: &str) -> StoredToken {
    let clock = ManualClock::new();
    let set = TokenSet::new(
        AccessToken::new(access),
        Lifetime::expires_in(clock.now(), Duration::from_secs(3600)),
    );
    StoredToken::from_token_set(&set, &clock)
}

/// This test binary, re-run on the child test `name`.
fn child(name: &str, path: &Path, tag: &str, count: usize) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args(["--ignored", "--exact", name, "--test-threads", "1"])
        .env("STORE_CHILD_PATH", path)
        .env("STORE_CHILD_TAG", tag)
        .env("STORE_CHILD_COUNT", count.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn child_env() -> Option<(PathBuf, String, usize)> {
    let path = std::env::var_os("STORE_CHILD_PATH")?;
    let tag = std::env::var("STORE_CHILD_TAG").ok()?;
    let count = std::env::var("STORE_CHILD_COUNT").ok()?.parse().ok()?;
    Some((PathBuf::from(path), tag, count))
}

/// Child: saves `count` keys `<tag>-<i>` one after the other.
#[tokio::test]
#[ignore = "run as a child process by the tests below"]
async fn child_saver() {
    let Some((path, tag, count)) = child_env() else {
        return;
    };
    let store = FileStore::new(path);
    for i in 0..count {
        store
            .save(&format!("{tag}-{i}"), &stored(&format!("token-{tag}-{i}")))
            .await
            .expect("save");
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[tokio::test]
async fn two_processes_saving_300_keys_each_lose_no_update() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    let mut children: Vec<_> = ["a", "b"]
        .iter()
        .map(|tag| {
            child("child_saver", &path, tag, 300)
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in &mut children {
        assert!(c.wait().expect("wait").success(), "a child failed");
    }
    let store = FileStore::new(&path);
    let mut lost = 0;
    for tag in ["a", "b"] {
        for i in 0..300 {
            if store
                .load(&format!("{tag}-{i}"))
                .await
                .expect("load")
                .is_none()
            {
                lost += 1;
            }
        }
    }
    assert_eq!(lost, 0, "updates lost");
}

#[tokio::test]
async fn writers_killed_mid_save_leave_no_torn_file_and_no_copy_of_the_tokens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    let store = FileStore::new(&path);
    store
        .save("seed", &stored("seed-token"))
        .await
        .expect("seed");
    let mut rng = fastrand::Rng::with_seed(7);
    for round in 0..200 {
        let mut c = child("child_saver", &path, &format!("k{round}"), 1_000)
            .spawn()
            .expect("spawn");
        // Killed at a random moment of its run of saves.
        std::thread::sleep(Duration::from_millis(rng.u64(1..15)));
        c.kill().expect("SIGKILL");
        c.wait().expect("reaped");
        // Never torn: the file always parses, and the seed is still there.
        assert!(
            store.load("seed").await.expect("the file parses").is_some(),
            "round {round}"
        );
    }
    // The next writer removes whatever the killed ones left.
    store
        .save("after", &stored("after-token"))
        .await
        .expect("save");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[tokio::test]
async fn a_symlinked_token_file_is_written_through_to_its_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("real.json");
    let link = dir.path().join("tokens.json");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let store = FileStore::new(&link);
    store.save("k", &stored("t1")).await.expect("save");
    store.save("k", &stored("t2")).await.expect("save again");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    let via_target = FileStore::new(&target).load("k").await.expect("load");
    assert_eq!(
        via_target.map(|t| t.access_token.expose_secret().to_owned()),
        Some("t2".to_owned())
    );
}

#[tokio::test]
async fn a_folder_others_can_write_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let open = dir.path().join("shared");
    std::fs::create_dir(&open).expect("dir");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let err = FileStore::new(open.join("tokens.json"))
        .save("k", &stored("t"))
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Store { .. }));
    assert!(err.to_string().contains("chmod 700"), "{err}");
}

#[tokio::test]
async fn a_file_of_a_newer_format_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    let newer = r#"{"version": 99, "tokens": {}}"#;
    std::fs::write(&path, newer).expect("write");
    set_private(&path);
    let err = FileStore::new(&path)
        .save("k", &stored("t"))
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("newer version"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), newer);
}

#[tokio::test]
async fn a_file_larger_than_any_token_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tokens.json");
    std::fs::write(&path, vec![b' '; 2 * 1024 * 1024]).expect("write");
    set_private(&path);
    let err = FileStore::new(&path).load("k").await.expect_err("refused");
    assert!(
        err.to_string().contains("larger than any token file"),
        "{err}"
    );
}

fn set_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}
