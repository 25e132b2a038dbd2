//! Helpers shared by the CLI tests: a `dpsdk` process with a clean
//! environment and a private token file, run off the async runtime.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// Environment variables the CLI reads; cleared so the developer's own
/// settings never leak into a test.
const VARS: &[&str] = &[
    "DPSDK_TOKEN_FILE",
    "SYMBL_BASE_URL",
    "SYMBL_APP_ID",
    "SYMBL_APP_SECRET",
    "ASCRIBE_BASE_URL",
    "ASCRIBE_ACCOUNT",
    "ASCRIBE_USER",
    "ASCRIBE_PASSWORD",
    "SCRIBE_API_URL",
    "SCRIBE_COGNITO_ENDPOINT",
    "SCRIBE_REGION",
    "SCRIBE_CLIENT_ID",
    "SCRIBE_USER_POOL_ID",
    "SCRIBE_IDENTITY_POOL_ID",
    "SCRIBE_USERNAME",
    "SCRIBE_PASSWORD",
    "API_URL",
    "REGION",
    "CLIENT_ID",
    "USER_POOL_ID",
    "IDENTITY_POOL_ID",
    "SCINOTE_SERVER",
    "SCINOTE_CLIENT_ID",
    "SCINOTE_CLIENT_SECRET",
    "SCINOTE_REDIRECT_URI",
    "RUST_LOG",
];

/// A temporary folder holding the token file.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn token_file(&self) -> PathBuf {
        self.dir.path().join("cfg").join("tokens.json")
    }

    /// `dpsdk` with a clean environment and this token file.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("dpsdk").expect("the dpsdk binary");
        for var in VARS {
            cmd.env_remove(var);
        }
        cmd.env("DPSDK_TOKEN_FILE", self.token_file());
        cmd.env("HOME", self.dir.path());
        cmd.env("XDG_CONFIG_HOME", self.dir.path().join("xdg"));
        cmd
    }
}

/// Runs `cmd` on a blocking thread (the mocks keep serving meanwhile).
pub async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("run dpsdk"))
        .await
        .expect("join")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Parses stdout as JSON, with the output in the panic message otherwise.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            stdout(out),
            stderr(out)
        )
    })
}

/// Asserts the exit code, showing the output when it differs.
pub fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Asserts that `secret` appears in neither stdout nor stderr.
pub fn assert_no_secret(out: &Output, secret: &str) {
    assert!(!stdout(out).contains(secret), "secret in stdout");
    assert!(!stderr(out).contains(secret), "secret in stderr");
}

/// Asserts the file is readable by its owner only.
pub fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .expect("token file exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "token file mode {mode:o}");
}
