//! Symbl: generate a token, submit a text conversation, wait for the job,
//! read topics and action items, list conversations page by page; then
//! stream a WAV file (generated at run time) through the Streaming API,
//! printing the live transcript and insights, and read that conversation
//! back through the async APIs.

use std::time::Duration;

use futures::TryStreamExt;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use mock_servers::symbl_stream::SymblStreamMock;
use symbl::PollPolicy;
use symbl::models::{Member, ProcessOptions, TextMessage, TextRequest, Tracker};
use symbl::streaming::{InsightType, StartRequest, StreamEvent, WavFormat, pcm16_wav};
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

/// Writes four seconds of a 16 kHz tone as a WAV file, streams it (header
/// read first, audio after it), prints the live results and returns the
/// conversation id.
async fn stream_wav(
    client: &SymblClient,
    endpoint: &str,
) -> Result<symbl::ids::ConversationId, SymblError> {
    let samples: Vec<i16> = (0..64_000u32)
        .map(|i| {
            let t = f64::from(i) / 16_000.0;
            ((t * 440.0 * std::f64::consts::TAU).sin() * 8_000.0) as i16
        })
        .collect();
    let path = std::env::temp_dir().join(format!("dpsdk-demo-{}.wav", std::process::id()));
    let io = |e: std::io::Error| {
        SymblError::Core(symbl::auth_core::Error::InvalidInput(format!(
            "demo WAV file: {e}"
        )))
    };
    tokio::fs::write(&path, pcm16_wav(16_000, &samples))
        .await
        .map_err(io)?;
    let mut file = tokio::fs::File::open(&path).await.map_err(io)?;
    let format = WavFormat::read_header(&mut file).await?;
    let request = StartRequest::builder()
        .encoding(format.encoding()?)
        .sample_rate_hertz(format.sample_rate)
        .insight_types([InsightType::Question, InsightType::ActionItem])
        .tracker(Tracker::new("Pricing", ["pricing"]))
        .meeting_title("Streamed planning call")
        .build()?;
    let session = client
        .streaming()
        .endpoint(endpoint)
        .start(&request)
        .await?;
    let conversation_id = session.conversation_id().clone();
    let mut events = session.stream_reader(file);
    let result = async {
        while let Some(event) = events.try_next().await? {
            match event {
                StreamEvent::Recognition(r) if r.is_final => println!("    live: {}", r.text()),
                StreamEvent::Insights(i) => {
                    for insight in &i.insights {
                        println!("    insight ({}): {}", insight.kind, insight.text());
                    }
                }
                StreamEvent::Trackers(t) => {
                    for tracker in &t.trackers {
                        println!("    tracker: {}", tracker.name);
                    }
                }
                _ => {}
            }
        }
        Ok::<_, SymblError>(())
    }
    .await;
    let _ = tokio::fs::remove_file(&path).await;
    result.map(|()| conversation_id)
}

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    let mock = SymblMock::start().await;
    mock.seed_conversations(45);
    let stream = SymblStreamMock::start(&mock).await;
    // A result step per half second of 16 kHz audio.
    stream.set_bytes_per_result(16_000);
    let mut s = Scenario::start("symbl", 8);
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
                let topics = conv.topics().send().await?;
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
        let streamed = s
            .step(
                "stream a WAV file live (transcript and insights)",
                stream_wav(&client, &stream.endpoint()),
            )
            .await;
        if let Some(conversation_id) = streamed {
            s.step("read the streamed conversation (async APIs)", async {
                let conversation = client.conversation(&conversation_id);
                let messages = conversation.messages().send().await?;
                let questions = conversation.questions().await?;
                let items = conversation.action_items().await?;
                println!(
                    "    {} messages, {} questions, {} action items",
                    messages.len(),
                    questions.len(),
                    items.len()
                );
                if messages.is_empty() {
                    return Err(SymblError::Core(symbl::auth_core::Error::Config(
                        "the streamed conversation has no messages".into(),
                    )));
                }
                Ok(())
            })
            .await;
        }
    }
    s.finish(
        mock.api_requests() + mock.token_requests(),
        mock.token_requests(),
    )
}
