//! The MI client end to end: Cognito on moto, the MI API on a mock that
//! verifies every SigV4 signature, presigned upload and download.

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use auth_core::secret::Password;
use auth_core::{ManualClock, PollPolicy};
use mock_servers::scribe_mi::ScribeEmulators;
use scribe_mi::mi::{Document, Model, TaskStatus};
use scribe_mi::{Login, MiClient, ScribeError};

const TEMP: &str = "Temp-Passw0rd!";
const NEW: &str = "Brand-New-Passw0rd!";

struct Env {
    emu: ScribeEmulators,
    client: MiClient,
    clock: ManualClock,
}

/// moto with the pools and a user with a temporary password, the MI mock
/// accepting the credentials moto hands out, and a client for both.
async fn env() -> Env {
    let emu = ScribeEmulators::start()
        .await
        .expect("emulators (run `cargo xtask test` to install moto)");
    emu.create_user("ann", TEMP).await.expect("user");
    let clock = ManualClock::new();
    let client = MiClient::builder()
        .api_url(emu.mi.api_url())
        .client_id(&emu.client_id)
        .user_pool_id(&emu.user_pool_id)
        .identity_pool_id(&emu.identity_pool_id)
        .cognito_endpoint(emu.moto.uri())
        .clock(Arc::new(clock.clone()))
        .poll_policy(
            PollPolicy::default()
                .interval(Duration::from_secs(5))
                .deadline(Some(Duration::from_secs(600))),
        )
        .build()
        .expect("valid config");
    Env { emu, client, clock }
}

async fn login(env: &Env) {
    match env
        .client
        .authenticate("ann", &Password::new(TEMP))
        .await
        .expect("login")
    {
        Login::Challenge(c) => env
            .client
            .complete_new_password(&c, &Password::new(NEW))
            .await
            .expect("new password"),
        Login::Tokens(_) => panic!("a temporary password must raise a challenge"),
    }
}

#[tokio::test]
async fn submit_wait_fetch_list_consolidate_delete() {
    let env = env().await;
    login(&env).await;

    let dir = std::env::temp_dir().join(format!("scribe-mi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("Q2 report.pdf");
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &data).expect("write");

    let sent = Arc::new(AtomicU64::new(0));
    let progress = {
        let sent = Arc::clone(&sent);
        Arc::new(move |done: u64, total: u64| {
            assert!(done <= total);
            sent.store(done, Ordering::SeqCst);
        })
    };
    let jobid = env
        .client
        .submit_task(Document::Path(&path))
        .company("Acme & Sons; Ltd")
        .progress(progress)
        .send()
        .await
        .expect("submitted");
    assert_eq!(
        sent.load(Ordering::SeqCst),
        data.len() as u64,
        "progress reached the end"
    );
    let (filename, uploaded) = env.emu.mi.uploaded(jobid.as_str()).expect("uploaded");
    assert_eq!(
        filename, "Q2 report.pdf",
        "the base name is sent, never the local path"
    );
    assert!(
        uploaded == mock_servers::storage::Upload::of(&data),
        "the storage got the exact bytes (same size and digests)"
    );

    let task = env
        .client
        .wait_for_task(&jobid)
        .send()
        .await
        .expect("processed");
    assert_eq!(task.status, TaskStatus::Success);
    assert_eq!(
        env.clock.sleeps(),
        vec![Duration::from_secs(5)],
        "PROCESSING, one wait on the controlled clock, SUCCESS"
    );

    match env.client.fetch_model(&task).await.expect("model") {
        Model::Financials(m) => {
            assert_eq!(m.company.as_deref(), Some("Acme & Sons; Ltd"));
            assert_eq!(m.items.len(), 2);
        }
        other => panic!("financials expected, got {other:?}"),
    }

    // Company names with spaces, `&` and `;` are signed as sent.
    let other = env.emu.mi.seed_task("Acme & Sons; Ltd", "other.pdf");
    let listed = env
        .client
        .list_tasks()
        .company("Acme & Sons; Ltd")
        .send()
        .await
        .expect("listed");
    assert_eq!(listed.len(), 2);
    let portfolio = env
        .client
        .consolidate_tasks([jobid.as_str(), other.as_str()])
        .await
        .expect("consolidated");
    assert_eq!(
        portfolio.tables[0].columns_order,
        vec![jobid.to_string(), other.clone()]
    );
    env.client.delete_task(&jobid).await.expect("deleted");
    assert_eq!(
        env.client.list_tasks().send().await.expect("listed").len(),
        1
    );

    assert_eq!(
        env.emu.mi.rejected_signatures(),
        0,
        "every request was correctly signed"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_unsupported_file_type_is_refused_before_anything_is_sent() {
    let env = env().await;
    login(&env).await;
    let before = env.emu.mi.requests();
    let err = env
        .client
        .submit_task(Document::Bytes {
            data: bytes::Bytes::from_static(b"MZ"),
            filename: "setup.exe".into(),
        })
        .send()
        .await
        .expect_err("exe is not supported");
    assert!(
        matches!(err, ScribeError::Core(auth_core::Error::InvalidInput(_))),
        "{err:?}"
    );
    assert_eq!(env.emu.mi.requests(), before);
    assert_eq!(env.emu.mi.uploads(), 0);
}

#[tokio::test]
async fn a_corrupt_model_download_is_a_typed_error() {
    let env = env().await;
    login(&env).await;
    let jobid = env
        .client
        .submit_task(Document::Bytes {
            data: bytes::Bytes::from_static(b"%PDF-1.7 tiny"),
            filename: "tiny.pdf".into(),
        })
        .send()
        .await
        .expect("submitted");
    let task = env
        .client
        .wait_for_task(&jobid)
        .send()
        .await
        .expect("processed");
    env.emu.mi.corrupt_models(true);
    let err = env.client.fetch_model(&task).await.expect_err("corrupt");
    assert!(
        matches!(err, ScribeError::ChecksumMismatch { .. }),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_calls_with_expired_credentials_refresh_them_once() {
    let env = env().await;
    login(&env).await;
    env.client.list_tasks().send().await.expect("warm");
    assert_eq!(env.client.credential_fetches(), 1);
    // moto's credentials live 90 s.
    env.clock.advance(Duration::from_secs(120));
    let mut calls = Vec::new();
    for _ in 0..100 {
        let client = env.client.clone();
        calls.push(tokio::spawn(
            async move { client.list_tasks().send().await },
        ));
    }
    for c in calls {
        c.await.expect("ran").expect("listed");
    }
    // Single flight: the 100 callers share one refresh. moto dates its
    // credentials by the real clock while this test's clock is 120 s ahead,
    // so the new credentials look expired on arrival: a caller scheduled
    // after that flight ended (a loaded machine) starts one more. A herd
    // would be ~100.
    let fetches = env.client.credential_fetches();
    assert!(
        (2..=3).contains(&fetches),
        "{fetches} credential fetches for 100 callers"
    );
    assert_eq!(env.emu.mi.rejected_signatures(), 0);
}

#[tokio::test]
async fn an_expired_signature_gets_one_forced_refresh_and_one_retry() {
    let env = env().await;
    login(&env).await;
    env.client.list_tasks().send().await.expect("warm");
    env.emu.mi.expire_key(&env.emu.access_key_id);
    env.client
        .list_tasks()
        .send()
        .await
        .expect("retried with fresh credentials");
    assert_eq!(env.client.credential_fetches(), 2);
    assert_eq!(env.emu.mi.rejected_signatures(), 1);
}

#[tokio::test]
async fn a_ten_minute_clock_skew_is_learnt_from_the_server_once_and_kept() {
    for skew in [600, -600] {
        let env = env().await;
        login(&env).await;
        env.client.list_tasks().send().await.expect("warm");
        let fetches = env.client.credential_fetches();
        // The server's clock is 10 minutes off ours: a signature with our
        // time is "expired"; the client learns the offset from `Date`.
        env.emu.mi.set_clock_skew(skew);
        env.client
            .list_tasks()
            .send()
            .await
            .expect("signed again with the server's time");
        assert_eq!(
            env.emu.mi.rejected_signatures(),
            1,
            "skew {skew}: one refusal"
        );
        for _ in 0..3 {
            env.client
                .list_tasks()
                .send()
                .await
                .expect("the offset is kept");
        }
        assert_eq!(
            env.emu.mi.rejected_signatures(),
            1,
            "skew {skew}: later calls sign with the learnt offset"
        );
        assert_eq!(
            env.client.credential_fetches(),
            fetches,
            "skew {skew}: good credentials are not dropped for a clock problem"
        );
    }
}

#[tokio::test]
async fn api_errors_carry_status_type_message_and_request_id() {
    let env = env().await;
    login(&env).await;
    let err = env.client.get_task("job-none").await.expect_err("unknown");
    let ScribeError::Core(core) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(core.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(core.code(), Some("NotFound"));
    assert_eq!(core.message(), Some("Task not found"));
    assert_eq!(core.request_id(), Some("mi-req-0001"));
}

#[tokio::test]
async fn a_wrong_signature_is_caught_by_the_mock() {
    let env = env().await;
    // The mock now expects another secret for this key: our signature is wrong.
    env.emu
        .mi
        .accept_key(&env.emu.access_key_id, "not-the-secret");
    login(&env).await;
    let err = env
        .client
        .list_tasks()
        .send()
        .await
        .expect_err("bad signature");
    assert!(err.is_auth(), "{err:?}");
    assert!(env.emu.mi.rejected_signatures() >= 1);
}

#[tokio::test]
async fn calls_before_authenticating_say_so() {
    let env = env().await;
    let err = env
        .client
        .list_tasks()
        .send()
        .await
        .expect_err("not logged in");
    assert!(err.is_auth(), "{err:?}");
}
