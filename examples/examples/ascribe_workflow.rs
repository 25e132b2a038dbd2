//! The Ascribe Coder vendor workflow, end to end:
//! study → question → responses (chunked) → humans code → wait for status
//! `c` → codebook → coded responses.
//!
//! Runs offline against the local mock by default:
//! `cargo run -p examples --example ascribe_workflow`.
//! Against the real service, set `ASCRIBE_BASE_URL`, `ASCRIBE_ACCOUNT`,
//! `ASCRIBE_USER` and `ASCRIBE_PASSWORD`.

use std::time::Duration;

use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{NewQuestion, NewStudy, ResponseInput, ResponseStatus};
use ascribe_coder::{AscribeClient, PollPolicy};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the mock alive for the whole run when no real service is given.
    let (mock, client) = match std::env::var("ASCRIBE_BASE_URL") {
        Ok(url) => {
            let env = |k: &str| std::env::var(k).unwrap_or_default();
            let client = AscribeClient::builder()
                .base_url(url)
                .credentials(
                    env("ASCRIBE_ACCOUNT"),
                    env("ASCRIBE_USER"),
                    Password::new(env("ASCRIBE_PASSWORD")),
                )
                .build()?;
            (None, client)
        }
        Err(_) => {
            let mock = AscribeMock::start().await;
            mock.set_polls_to_complete(2);
            let client = AscribeClient::builder()
                .base_url(mock.uri())
                .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
                .build()?;
            (Some(mock), client)
        }
    };
    println!("client: {client:?}");

    let study = client
        .studies()
        .create(NewStudy::new("S458-3").name("Brand survey"))
        .await?;
    println!(
        "created study {} (key {}, status {})",
        study.id, study.key, study.status
    );

    let question = client
        .questions()
        .create(study.key, NewQuestion::new("Q1").text("What did you like?"))
        .await?;
    println!(
        "created question {} (codebook {:?})",
        question.key, question.codebook_key
    );

    let responses = (1..=2500).map(|i| {
        let text = ["Great value", "Delivery was too slow", "It was fine"][i % 3];
        ResponseInput::new(format!("r{i}"), text)
    });
    let upload = client
        .responses()
        .add(question.key, responses)
        .send()
        .await?;
    println!(
        "uploaded {} responses in {} requests",
        upload.responses_added, upload.chunks
    );

    let policy = PollPolicy::default()
        .interval(Duration::from_millis(200))
        .deadline(Some(Duration::from_secs(3600)));
    let done = client
        .studies()
        .wait_for_study_completed(study.key, &policy)
        .await?;
    println!(
        "study completed: {} of {} responses coded",
        done.count_responses_coded, done.count_responses
    );

    let codebook = client
        .codebooks()
        .for_question(question.key)
        .tree(true)
        .send()
        .await?;
    for code in codebook.codes() {
        println!("  code {:>4}  {}", code.key, code.description);
    }

    let coded = client
        .responses()
        .get(question.key)
        .include_text(true)
        .status(ResponseStatus::Coded)
        .send()
        .await?;
    for r in coded.iter().take(3) {
        let codes: Vec<_> = r
            .code_keys
            .iter()
            .filter_map(|k| codebook.find(*k).map(|c| c.description.as_str()))
            .collect();
        println!(
            "  {:>6}  {:<24} {codes:?}",
            r.rid,
            r.text.as_deref().unwrap_or("")
        );
    }
    println!("… {} coded responses in all", coded.len());
    if let Some(mock) = &mock {
        println!(
            "mock: {} requests, {} login(s)",
            mock.requests(),
            mock.logins()
        );
    }
    Ok(())
}
