//! Symbl: generate a token, submit a text conversation, wait for the job,
//! read topics and action items, list conversations page by page.

use std::time::Duration;

use futures::TryStreamExt;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use symbl::PollPolicy;
use symbl::models::{Member, ProcessOptions, TextMessage, TextRequest};
use symbl::{SymblClient, SymblError};

use crate::report::{Scenario, ServiceReport};

/// The conversation the scenario submits.
pub fn sample_conversation() -> TextRequest {
    let ann = Member::new(None, "Ann", Some("ann@example.com".into()));
    let bob = Member::new(None, "Bob", Some("bob@example.com".into()));
    TextRequest::new([
        TextMessage::new("Thanks for joining the Quarterly planning call.").from(ann.clone()),
        TextMessage::new("Can we move the Launch to March?").from(bob.clone()),
        TextMessage::new("Yes. I will update the Roadmap by Friday.").from(ann),
        TextMessage::new("Let's follow up with Finance next week.").from(bob),
    ])
    .options(
        ProcessOptions::new()
            .name("Quarterly planning")
            .enable_summary(true),
    )
}

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    let mock = SymblMock::start().await;
    mock.seed_conversations(45);
    let mut s = Scenario::start("symbl", 6);
    let client = s
        .step("configure client", async {
            SymblClient::builder()
                .base_url(mock.uri())
                .app_id(APP_ID)
                .app_secret(APP_SECRET)
                .poll_policy(
                    PollPolicy::default()
                        .interval(Duration::from_millis(100))
                        .deadline(Some(Duration::from_secs(30))),
                )
                .build()
        })
        .await;
    if let Some(client) = client {
        s.step("generate an access token", async {
            client.access_token().await.map(drop)
        })
        .await;
        let job = s
            .step(
                "submit a text conversation",
                client.process().text(&sample_conversation()),
            )
            .await;
        if let Some(job) = job {
            s.step(
                "wait for the job (scheduled → in_progress → completed)",
                client.jobs().wait(&job.job_id),
            )
            .await;
            let conv = client.conversation(&job.conversation_id);
            s.step("topics and action items", async {
                let topics = conv.topics(false, false).await?;
                let items = conv.action_items().await?;
                let names: Vec<_> = topics.iter().map(|t| t.text.as_str()).collect();
                println!("    topics: {}", names.join(", "));
                for item in &items {
                    println!("    action item: {}", item.text);
                }
                if items.is_empty() {
                    return Err(SymblError::Core(symbl::auth_core::Error::Config(
                        "no action items".into(),
                    )));
                }
                Ok(())
            })
            .await;
        }
        s.step("list every conversation (pages of 20, streamed)", async {
            let all: Vec<_> = client
                .conversations()
                .list()
                .page_size(20)
                .into_stream()
                .try_collect()
                .await?;
            println!("    {} conversations", all.len());
            Ok::<_, SymblError>(())
        })
        .await;
    }
    s.finish(
        mock.api_requests() + mock.token_requests(),
        mock.token_requests(),
    )
}
