//! Profiles (`dpsdk config`) and shell completions, on the real binary.

mod common;

use common::Home;

fn cmd(home: &Home) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env_remove("DPSDK_PROFILE");
    cmd.env("DPSDK_CONFIG", home.dir.path().join("config.toml"));
    cmd
}

#[test]
fn profiles_round_trip_through_set_get_list() {
    let home = Home::new();
    cmd(&home)
        .args(["config", "set", "symbl.app_id", "abc"])
        .assert()
        .success();
    cmd(&home)
        .args(["config", "set", "symbl.app_id", "xyz", "--profile", "prod"])
        .assert()
        .success();
    cmd(&home)
        .args(["config", "get", "symbl.app_id"])
        .assert()
        .success()
        .stdout("abc\n");
    cmd(&home)
        .args(["config", "get", "symbl.app_id"])
        .env("DPSDK_PROFILE", "prod")
        .assert()
        .success()
        .stdout("xyz\n");
    let out = cmd(&home)
        .args(["--json", "config", "list"])
        .output()
        .expect("run");
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(value["values"][0]["key"], "symbl.app_id");
    assert_eq!(value["profiles"]["prod"]["symbl"]["app_id"], "xyz");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.dir.path().join("config.toml"))
            .expect("config file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn secrets_cannot_be_stored_in_the_config() {
    let home = Home::new();
    cmd(&home)
        .args(["config", "set", "symbl.app_secret", "s3cret"])
        .assert()
        .code(2);
    assert!(!home.dir.path().join("config.toml").exists());
}

#[test]
fn completions_name_the_subcommands() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = cmd(&home)
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        for sub in ["symbl", "scribe", "scinote", "ascribe", "config"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
    }
}

#[test]
fn man_pages_are_written_for_the_tool_and_every_subcommand() {
    let home = Home::new();
    let dir = home.dir.path().join("man");
    let out = cmd(&home)
        .args(["man", "--out-dir"])
        .arg(&dir)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in [
        "dpsdk.1",
        "dpsdk-symbl-status.1",
        "dpsdk-scribe-token.1",
        "dpsdk-scinote-logout.1",
    ] {
        let text =
            std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH"), "{page} is not a man page");
    }
}
