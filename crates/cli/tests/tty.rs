//! What a person at a terminal sees, driven through tmux (a real pseudo
//! terminal): the masked secret prompt, the spinner on a long wait, and the
//! coloured `error:` label that `NO_COLOR` turns off. Skipped, saying so,
//! where tmux is not installed (`.ci/run` installs it).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::Home;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};

/// A private tmux server (its own socket), killed on drop.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn start(dir: &Path) -> Option<Self> {
        let available = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !available {
            eprintln!("tmux is not installed: the terminal tests are skipped");
            return None;
        }
        Some(Self {
            socket: dir.join("tmux.sock"),
        })
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket);
        cmd
    }

    /// Runs `script` (a shell script file) in a new 160×40 window named
    /// `name`; the window stays after the script ends so its output can be read.
    fn run(&self, name: &str, script: &Path) {
        let status = self
            .tmux()
            .args(["new-session", "-d", "-x", "160", "-y", "40", "-s", name])
            .arg(format!(
                "sh {}; echo EXITED-$?; sleep 600",
                script.display()
            ))
            .status()
            .expect("tmux new-session");
        assert!(status.success(), "tmux new-session failed");
    }

    fn send(&self, name: &str, keys: &[&str]) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", name])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// The window's text (with `escapes`: its colour escape sequences too).
    fn capture(&self, name: &str, escapes: bool) -> String {
        let mut cmd = self.tmux();
        cmd.args(["capture-pane", "-p", "-t", name]);
        if escapes {
            cmd.arg("-e");
        }
        let out = cmd.output().expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits (bounded) until the window shows `text`, and returns the screen.
    fn wait_for(&self, name: &str, text: &str, escapes: bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.capture(name, escapes);
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "`{text}` never appeared; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// A script running `dpsdk symbl <args>` against the mock with a private
/// token file and config.
fn script(home: &Home, mock: &SymblMock, name: &str, env: &str, args: &str) -> PathBuf {
    let bin = assert_cmd::cargo::cargo_bin("dpsdk");
    let path = home.dir.path().join(format!("{name}.sh"));
    let text = format!(
        "export HOME='{home}' XDG_CONFIG_HOME='{home}/xdg' DPSDK_TOKEN_FILE='{home}/tokens.json'\n\
         export SYMBL_BASE_URL='{uri}' SYMBL_APP_ID='{APP_ID}' TERM=xterm-256color\n\
         unset NO_COLOR SYMBL_APP_SECRET\n\
         {env}\n\
         '{bin}' symbl {args}\n",
        home = home.dir.path().display(),
        uri = mock.uri(),
        bin = bin.display(),
    );
    std::fs::write(&path, text).expect("write the script");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn the_secret_prompt_is_masked_and_the_wait_shows_a_spinner() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let Some(tmux) = Tmux::start(home.dir.path()) else {
        return;
    };
    let tmux = std::sync::Arc::new(tmux);

    // The app secret typed at the prompt: asked for, never echoed.
    let login = script(&home, &mock, "login", "", "token");
    let t = tmux.clone();
    let screen = tokio::task::spawn_blocking(move || {
        t.run("login", &login);
        t.wait_for("login", "Symbl app secret:", false);
        t.send("login", &[APP_SECRET, "Enter"]);
        t.wait_for("login", "EXITED-0", false)
    })
    .await
    .expect("join");
    assert!(
        !screen.contains(APP_SECRET),
        "the secret was echoed:\n{screen}"
    );
    assert!(screen.contains("add --show to print it"), "{screen}");

    // A job that needs 40 polls: the spinner names it and its status.
    mock.set_steps_to_complete(40);
    let submit = script(
        &home,
        &mock,
        "submit",
        "",
        "submit text --wait --interval 0.1 'Ship it on Friday.'",
    );
    let t = tmux.clone();
    let screen = tokio::task::spawn_blocking(move || {
        t.run("submit", &submit);
        let spinning = t.wait_for("submit", "waiting for job", false);
        let done = t.wait_for("submit", "EXITED-0", false);
        (spinning, done)
    })
    .await
    .expect("join");
    assert!(
        screen.0.contains("in_progress") || screen.0.contains("scheduled"),
        "the spinner shows the job's status:\n{}",
        screen.0
    );
    assert!(screen.1.contains("completed"), "{}", screen.1);
    assert!(
        !screen.1.contains("waiting for job"),
        "the spinner line is cleared at the end:\n{}",
        screen.1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_error_label_is_red_on_a_terminal_unless_no_color_is_set() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let Some(tmux) = Tmux::start(home.dir.path()) else {
        return;
    };
    // A wrong secret: an authentication error, printed with its label.
    let coloured = script(
        &home,
        &mock,
        "coloured",
        "export SYMBL_APP_SECRET=wrong-secret",
        "token",
    );
    let plain = script(
        &home,
        &mock,
        "plain",
        "export SYMBL_APP_SECRET=wrong-secret NO_COLOR=1",
        "token",
    );
    let (red, uncoloured) = tokio::task::spawn_blocking(move || {
        tmux.run("coloured", &coloured);
        tmux.run("plain", &plain);
        (
            tmux.wait_for("coloured", "EXITED-3", true),
            tmux.wait_for("plain", "EXITED-3", true),
        )
    })
    .await
    .expect("join");
    assert!(
        red.contains("\x1b[1m\x1b[31merror:") || red.contains("\x1b[1;31merror:"),
        "{red:?}"
    );
    assert!(uncoloured.contains("error:"), "{uncoloured}");
    assert!(
        !red.contains("wrong-secret") && !uncoloured.contains("wrong-secret"),
        "the refused secret is never shown"
    );
    assert!(
        !uncoloured.contains("\x1b[31m") && !uncoloured.contains("1;31m"),
        "{uncoloured:?}"
    );
}
