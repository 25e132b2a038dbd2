//! Symbl: submit a conversation, wait for it to be processed, print its
//! insights.
//!
//! Runs against the local Symbl mock by default. With `SYMBL_APP_ID` and
//! `SYMBL_APP_SECRET` set, it runs against the real API (or `SYMBL_BASE_URL`).
//!
//! ```sh
//! cargo run -p examples --example symbl_insights
//! ```

use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use symbl::SymblClient;
use symbl::models::TranscriptFormat;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the mock alive for the whole run when it is used.
    let mut _mock = None;
    let client = if std::env::var("SYMBL_APP_ID").is_ok() {
        SymblClient::builder().from_env().build()?
    } else {
        let mock = SymblMock::start().await;
        let client = SymblClient::builder()
            .base_url(mock.uri())
            .app_id(APP_ID)
            .app_secret(APP_SECRET)
            .build()?;
        _mock = Some(mock);
        client
    };

    let job = client
        .process()
        .text(&examples::scenarios::symbl::sample_conversation())
        .await?;
    println!(
        "submitted: conversation {}, job {}",
        job.conversation_id, job.job_id
    );
    let done = client.jobs().wait(&job.job_id).await?;
    println!("job {}", done.status);

    let conversation = client.conversation(&job.conversation_id);
    for topic in conversation.topics().send().await? {
        println!("topic: {}", topic.text);
    }
    for question in conversation.questions().await? {
        println!("question: {}", question.text);
    }
    for item in conversation.action_items().await? {
        println!("action item: {}", item.text);
    }
    for item in conversation.follow_ups().await? {
        println!("follow-up: {}", item.text);
    }
    for line in conversation.summary().send().await? {
        println!("summary: {}", line.text);
    }
    let transcript = conversation.transcript(TranscriptFormat::Markdown).await?;
    println!("\ntranscript:\n{}", transcript.payload);
    Ok(())
}
