//! `dpsdk symbl` against the Symbl mock, as real processes.

mod common;

use common::{Home, assert_code, assert_no_secret, assert_private, json, run, stdout};
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};

fn symbl(home: &Home, mock: &SymblMock) -> assert_cmd::Command {
    let mut cmd = home.cmd();
    cmd.env("SYMBL_BASE_URL", mock.uri())
        .env("SYMBL_APP_ID", APP_ID)
        .arg("symbl");
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn token_is_stored_private_and_reused_without_the_secret() {
    let mock = SymblMock::start().await;
    let home = Home::new();

    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .args(["--json", "token"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, APP_SECRET);
    let v = json(&out);
    assert_eq!(v["generated"], true);
    assert!(v["expires_at"].as_u64().is_some());
    assert_private(&home.token_file());
    assert_eq!(mock.token_requests(), 1);
    let stored = std::fs::read_to_string(home.token_file()).expect("token file");
    assert!(
        !stored.contains(APP_SECRET),
        "the app secret is never stored"
    );

    // A text job, then its insights: no secret in the environment and
    // stdin closed, so any new token request would fail.
    let mut cmd = symbl(&home, &mock);
    cmd.args([
        "--json",
        "submit",
        "text",
        "--name",
        "Standup",
        "--wait",
        "--interval",
        "0.05",
        "Let's ship the release on Friday.",
        "I will send the notes tomorrow.",
    ])
    .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let v = json(&out);
    assert_eq!(v["status"], "completed");
    let conversation = v["conversation_id"].as_str().expect("id").to_owned();

    let mut cmd = symbl(&home, &mock);
    cmd.args(["--json", "insights", &conversation])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    let v = json(&out);
    assert_eq!(v["conversation_id"], conversation.as_str());
    assert!(v["topics"].is_array() && v["action_items"].is_array());
    assert_eq!(mock.token_requests(), 1, "the stored token was reused");
}

#[tokio::test(flavor = "multi_thread")]
async fn secret_from_stdin_and_file_upload() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let audio = home.dir.path().join("call.wav");
    std::fs::write(&audio, vec![7u8; 300_000]).expect("write audio");

    // No SYMBL_APP_SECRET: the secret is piped through stdin.
    let mut cmd = symbl(&home, &mock);
    cmd.args(["--json", "submit", "file"])
        .arg(&audio)
        .write_stdin(format!("{APP_SECRET}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, APP_SECRET);
    let v = json(&out);
    let job = v["job_id"].as_str().expect("job id").to_owned();
    let uploads = mock.uploads();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].received.len, 300_000);
    assert_eq!(uploads[0].content_type.as_deref(), Some("audio/wav"));

    let mut cmd = symbl(&home, &mock);
    cmd.args(["wait", "--interval", "0.05", &job])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(stdout(&out).contains("completed"));
    assert_eq!(mock.token_requests(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_secret_exits_3_and_stores_nothing() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let wrong = "not-the-secret-xyz";
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", wrong).arg("token");
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert_no_secret(&out, wrong);
    assert!(!home.token_file().exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_job_exits_4() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .args(["wait", "no-such-job"]);
    let out = run(cmd).await;
    assert_code(&out, 4);
}

#[test]
fn help_and_usage_errors() {
    let home = Home::new();
    let mut cmd = home.cmd();
    cmd.args(["symbl", "--help"]);
    cmd.assert()
        .success()
        .stdout(predicates::str::contains("SYMBL_APP_ID"));
    // Secrets are not flags.
    let mut cmd = home.cmd();
    cmd.args(["symbl", "--app-id", "x", "--app-secret", "y", "token"]);
    cmd.assert().code(2);
}

#[tokio::test(flavor = "multi_thread")]
async fn human_output_of_insights() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET).args([
        "submit",
        "text",
        "--wait",
        "--interval",
        "0.05",
        "I will send the notes tomorrow.",
    ]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    println!("{text}");
    let conversation = text
        .lines()
        .find_map(|l| l.strip_prefix("conversation_id"))
        .map(|rest| rest.trim().to_owned())
        .expect("conversation id line");

    let mut cmd = symbl(&home, &mock);
    cmd.args(["insights", &conversation]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    println!("{text}");
    assert!(text.contains("Topics:") && text.contains("Action items:"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_token_asks_for_the_secret_again() {
    let mock = SymblMock::start().await;
    mock.seed_conversations(1);
    let home = Home::new();
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET).arg("token");
    assert_code(&run(cmd).await, 0);
    // The server forgets the stored token (as when it expires).
    mock.revoke_token();

    // Refused token, no secret at hand (stdin closed): a usage error (2)
    // naming what is missing.
    let mut cmd = symbl(&home, &mock);
    cmd.args(["insights", "conv-000001"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 2);
    assert!(common::stderr(&out).contains("Symbl app secret"));

    // With the secret on stdin, a new token is generated, stored and used.
    let mut cmd = symbl(&home, &mock);
    cmd.args(["--json", "insights", "conv-000001"])
        .write_stdin(format!("{APP_SECRET}\n"));
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(mock.token_requests(), 2);
    assert_no_secret(&out, APP_SECRET);
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_logs_hold_no_secret() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .args(["-vvv", "submit", "text", "hello there"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(!common::stderr(&out).is_empty(), "-vvv logs to stderr");
    assert_no_secret(&out, APP_SECRET);
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.token_file()).expect("token file"))
            .expect("json");
    let token = stored["tokens"]
        .as_object()
        .and_then(|m| m.values().next())
        .and_then(|t| t["access_token"].as_str())
        .expect("stored access token")
        .to_owned();
    assert_no_secret(&out, &token);
}

#[tokio::test(flavor = "multi_thread")]
async fn with_json_an_error_is_a_json_object_with_its_kind_and_exit_code() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", "wrong-secret")
        .args(["--json", "token"]);
    let out = run(cmd).await;
    assert_code(&out, 3);
    let err: serde_json::Value =
        serde_json::from_str(common::stderr(&out).trim()).expect("one JSON object on stderr");
    assert_eq!(err["error"]["kind"], "auth");
    assert_eq!(err["error"]["exit_code"], 3);
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    assert_no_secret(&out, "wrong-secret");
}

/// Writes `seconds` of a 16 kHz tone as a WAV file.
fn tone_wav(home: &Home, seconds: u32) -> std::path::PathBuf {
    let samples: Vec<i16> = (0..16_000 * seconds)
        .map(|i| ((f64::from(i) * 440.0 * std::f64::consts::TAU / 16_000.0).sin() * 8_000.0) as i16)
        .collect();
    let path = home.dir.path().join("call.wav");
    std::fs::write(&path, symbl::streaming::pcm16_wav(16_000, &samples)).expect("write wav");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn stream_prints_live_results_as_json_lines_and_the_conversation_is_readable() {
    let mock = SymblMock::start().await;
    let stream = mock_servers::symbl_stream::SymblStreamMock::start(&mock).await;
    stream.set_bytes_per_result(16_000);
    let home = Home::new();
    let wav = tone_wav(&home, 4);

    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .env("SYMBL_STREAM_URL", stream.endpoint())
        .arg("--json")
        .arg("stream")
        .arg(&wav)
        .args(["--name", "Live call"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_no_secret(&out, APP_SECRET);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    let kinds: Vec<&str> = lines.iter().filter_map(|l| l["type"].as_str()).collect();
    assert_eq!(
        kinds[..3],
        [
            "started_listening",
            "conversation_created",
            "recognition_started"
        ]
    );
    assert_eq!(kinds.last(), Some(&"done"));
    let finals: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "recognition" && l["final"] == true)
        .filter_map(|l| l["text"].as_str())
        .collect();
    assert_eq!(finals.len(), 4, "{lines:?}");
    assert!(kinds.contains(&"insights"));
    let conversation = lines
        .last()
        .and_then(|l| l["conversation_id"].as_str())
        .expect("conversation id")
        .to_owned();

    let session = &stream.sessions()[0];
    assert_eq!(session.audio_bytes, 4 * 32_000, "the audio, not the header");
    let start = session.start_request.as_ref().expect("start");
    assert_eq!(
        start["config"]["speechRecognition"]["sampleRateHertz"],
        16_000
    );
    assert_eq!(start["config"]["meetingTitle"], "Live call");
    assert!(session.query.is_none(), "the token never goes in the URL");

    // The conversation the stream built is readable with the same token.
    let mut cmd = symbl(&home, &mock);
    cmd.args(["--json", "insights", &conversation])
        .write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert!(
        !json(&out)["questions"]
            .as_array()
            .expect("questions")
            .is_empty()
    );
    assert_eq!(mock.token_requests(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn stream_refuses_a_file_that_is_not_a_wav_with_a_usage_error() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let path = home.dir.path().join("notes.wav");
    std::fs::write(&path, b"these are not audio samples").expect("write");
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .env("SYMBL_STREAM_URL", "ws://127.0.0.1:9/v1/streaming/")
        .arg("stream")
        .arg(&path);
    let out = run(cmd).await;
    assert_ne!(out.status.code(), Some(0));
    assert!(
        common::stderr(&out).contains("RIFF"),
        "{}",
        common::stderr(&out)
    );
    assert_eq!(mock.api_requests(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn stream_prints_the_transcript_and_insights_for_people() {
    let mock = SymblMock::start().await;
    let stream = mock_servers::symbl_stream::SymblStreamMock::start(&mock).await;
    stream.set_bytes_per_result(16_000);
    let home = Home::new();
    let wav = tone_wav(&home, 4);
    let mut cmd = symbl(&home, &mock);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .env("SYMBL_STREAM_URL", stream.endpoint())
        .arg("stream")
        .arg(&wav);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Welcome to the Planning call.", "{text}");
    assert!(
        lines.contains(&"  [question] Can we ship the Release on Friday?"),
        "{text}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("conversation conv-")),
        "{text}"
    );
    // Interim results go to stderr, so stdout is the final transcript.
    assert!(common::stderr(&out).contains("… "));
}

/// Without `--token-file`, tokens go to the OS keyring where one works
/// (else the file in the config folder), and the CLI says which; the second
/// run reuses the stored token either way.
#[tokio::test(flavor = "multi_thread")]
async fn without_a_token_file_the_keyring_is_the_default_store_and_is_named() {
    let mock = SymblMock::start().await;
    let home = Home::new();
    let default_store = |home: &Home| {
        let mut cmd = symbl(home, &mock);
        cmd.env_remove("DPSDK_TOKEN_FILE");
        cmd
    };
    let mut cmd = default_store(&home);
    cmd.env("SYMBL_APP_SECRET", APP_SECRET)
        .args(["--json", "token"]);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let store = json(&out)["token_store"]
        .as_str()
        .expect("the store is named")
        .to_owned();
    let config_file = home
        .dir
        .path()
        .join("xdg")
        .join("dpsdk")
        .join("tokens.json");
    if store.starts_with("the OS keyring") {
        assert!(store.contains("dpsdk"), "{store}");
        assert!(!config_file.exists(), "no token file next to the keyring");
        println!("keyring backend used: {store}");
    } else {
        assert_eq!(store, format!("the file {}", config_file.display()));
        assert_private(&config_file);
        println!("no usable keyring here; the file fallback was used");
    }
    // Reused: no secret in the environment and stdin closed.
    let mut cmd = default_store(&home);
    cmd.args(["--json", "token"]).write_stdin("");
    let out = run(cmd).await;
    assert_code(&out, 0);
    assert_eq!(json(&out)["token_store"], store.as_str());
    assert_eq!(mock.token_requests(), 1, "the stored token was reused");
    // The keyring entry is the test's own: remove it.
    if store.starts_with("the OS keyring") {
        use auth_core::TokenStore;
        let key = format!("symbl:{}:{APP_ID}", mock.uri());
        token_stores::KeyringStore::new("dpsdk")
            .with_lock_file(&config_file)
            .clear(&key)
            .await
            .expect("remove the test's keyring entry");
    }
}
