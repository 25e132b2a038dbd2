//! `dpsdk symbl`: token, submit (text, file, URL), wait, insights.
//!
//! Everything goes through `SymblClient`, with the token file as its token
//! store: a stored valid token is reused, and the app secret is asked for
//! (from `SYMBL_APP_SECRET` or a prompt) only when a new token is needed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use auth_core::PollPolicy;
use auth_core::secret::ClientSecret;
use auth_core::store::TokenStore;
use clap::{Args, Subcommand};
use serde::Serialize;
use symbl::api::Media;
use symbl::models::{
    ActionItem, Job, ProcessOptions, ProcessingJob, Question, TextMessage, TextRequest, Topic,
    UrlRequest,
};
use symbl::{SymblClient, SymblError};

use crate::Ctx;
use crate::error::CliError;
use crate::secrets;

/// Symbl.ai settings and commands.
#[derive(Debug, Args)]
pub(crate) struct SymblArgs {
    /// The API's base URL.
    #[arg(long, env = "SYMBL_BASE_URL", default_value = symbl::config::DEFAULT_BASE_URL)]
    base_url: String,

    /// The app id (the app secret comes from SYMBL_APP_SECRET or a prompt).
    #[arg(long, env = "SYMBL_APP_ID")]
    app_id: String,

    #[command(subcommand)]
    command: SymblCommand,
}

#[derive(Debug, Subcommand)]
enum SymblCommand {
    /// Obtains an access token (or reuses the stored one) and stores it.
    Token,
    /// Submits a conversation for processing.
    Submit {
        #[command(subcommand)]
        what: SubmitWhat,
        /// The conversation's name.
        #[arg(long, global = true)]
        name: Option<String>,
        /// Waits for the job to complete before returning.
        #[arg(long, global = true)]
        wait: bool,
        #[command(flatten)]
        poll: PollArgs,
    },
    /// Waits for a processing job to complete.
    Wait {
        /// The job id.
        job_id: String,
        #[command(flatten)]
        poll: PollArgs,
    },
    /// Topics, questions, action items and follow-ups of a conversation.
    Insights {
        /// The conversation id.
        conversation_id: String,
    },
}

#[derive(Debug, Subcommand)]
enum SubmitWhat {
    /// Text messages, one per argument.
    Text {
        /// The messages.
        #[arg(required = true)]
        messages: Vec<String>,
    },
    /// An audio (or, with --video, video) file, streamed with a progress bar.
    File {
        /// The file.
        path: PathBuf,
        /// The file is a video.
        #[arg(long)]
        video: bool,
        /// The content type (default: from the extension).
        #[arg(long)]
        content_type: Option<String>,
    },
    /// Media Symbl fetches from a URL.
    Url {
        /// The media's URL.
        url: String,
        /// The media is a video.
        #[arg(long)]
        video: bool,
    },
}

/// How often and how long to poll a job.
#[derive(Debug, Clone, Args)]
struct PollArgs {
    /// Seconds between polls.
    #[arg(long, default_value_t = 2.0, global = true)]
    interval: f64,
    /// Seconds to wait at most.
    #[arg(long, default_value_t = 3600.0, global = true)]
    timeout: f64,
}

impl PollArgs {
    fn policy(&self) -> Result<PollPolicy, CliError> {
        let secs = |v: f64, what: &str| {
            Duration::try_from_secs_f64(v)
                .map_err(|_| CliError::usage(format!("--{what} must be a positive number")))
        };
        Ok(PollPolicy::default()
            .interval(secs(self.interval, "interval")?)
            .backoff(1.0, secs(self.interval, "interval")?)
            .deadline(Some(secs(self.timeout, "timeout")?)))
    }
}

/// A client backed by the token file; the secret is asked for lazily.
fn open(ctx: &Ctx, args: &SymblArgs) -> Result<(SymblClient, String), CliError> {
    if args.app_id.trim().is_empty() {
        return Err(CliError::usage("--app-id (or SYMBL_APP_ID) is required"));
    }
    let key = crate::store::key("symbl", &args.base_url, &args.app_id);
    let store: Arc<dyn TokenStore> = ctx.store.clone();
    let client = SymblClient::builder()
        .base_url(&args.base_url)
        .app_id(&args.app_id)
        .app_secret_source(Arc::new(|| {
            secrets::read_secret(Some("SYMBL_APP_SECRET"), "Symbl app secret")
                .map(ClientSecret::new)
                .map_err(|e| e.to_string())
        }))
        .token_store(store)
        .store_key(key.clone())
        .build()?;
    Ok((client, key))
}

async fn wait_for(client: &SymblClient, job_id: &str, poll: &PollArgs) -> Result<Job, CliError> {
    let policy = poll.policy()?;
    match client.jobs().wait_with(job_id, &policy).await {
        Err(SymblError::JobFailed { job_id }) => {
            Err(CliError::other(format!("Symbl job {job_id} failed")))
        }
        other => Ok(other?),
    }
}

/// What `insights` prints.
#[derive(Serialize)]
struct Insights {
    conversation_id: String,
    topics: Vec<Topic>,
    questions: Vec<Question>,
    action_items: Vec<ActionItem>,
    follow_ups: Vec<ActionItem>,
}

/// Runs a `dpsdk symbl` command.
pub(crate) async fn run(ctx: &Ctx, args: SymblArgs) -> Result<(), CliError> {
    let (client, key) = open(ctx, &args)?;
    match args.command {
        SymblCommand::Token => {
            client.access_token().await?;
            let stored = ctx.store.load(&key).await?;
            let expires_at = stored.as_ref().and_then(|s| s.expires_at);
            let text = match expires_at {
                Some(at) => format!(
                    "token stored in {} (expires at {at}, Unix time)",
                    ctx.store.path().display()
                ),
                None => format!("token stored in {}", ctx.store.path().display()),
            };
            ctx.out.message(
                &text,
                serde_json::json!({
                    "token_file": ctx.store.path(),
                    "expires_at": expires_at,
                    "generated": client.token_generations() > 0,
                }),
            )
        }
        SymblCommand::Submit {
            what,
            name,
            wait,
            poll,
        } => {
            let mut options = ProcessOptions::new();
            if let Some(name) = name {
                options = options.name(name);
            }
            let job: ProcessingJob = match what {
                SubmitWhat::Text { messages } => {
                    let request = TextRequest::new(messages.into_iter().map(TextMessage::new))
                        .options(options);
                    client.process().text(&request).await?
                }
                SubmitWhat::Url { url, video } => {
                    let request = UrlRequest::new(url).options(options);
                    client.process().url(media(video), &request).await?
                }
                SubmitWhat::File {
                    path,
                    video,
                    content_type,
                } => upload(&client, &path, video, content_type, &options).await?,
            };
            if wait {
                let done = wait_for(&client, &job.job_id, &poll).await?;
                let value = serde_json::json!({
                    "conversation_id": job.conversation_id,
                    "job_id": job.job_id,
                    "status": done.status,
                });
                return ctx
                    .out
                    .object(&value, &["conversation_id", "job_id", "status"]);
            }
            ctx.out.object(&job, &["conversationId", "jobId"])
        }
        SymblCommand::Wait { job_id, poll } => {
            let job = wait_for(&client, &job_id, &poll).await?;
            ctx.out.object(&job, &["id", "status"])
        }
        SymblCommand::Insights { conversation_id } => {
            let conversation = client.conversation(&conversation_id);
            let topics = conversation.topics(false, false).await?;
            let questions = conversation.questions().await?;
            let action_items = conversation.action_items().await?;
            let follow_ups = conversation.follow_ups().await?;
            let insights = Insights {
                conversation_id,
                topics,
                questions,
                action_items,
                follow_ups,
            };
            if ctx.out.is_json() {
                return ctx.out.object(&insights, &[]);
            }
            print_section("Topics", insights.topics.iter().map(|t| t.text.as_str()));
            print_section(
                "Questions",
                insights.questions.iter().map(|q| q.text.as_str()),
            );
            print_section(
                "Action items",
                insights.action_items.iter().map(|a| a.text.as_str()),
            );
            print_section(
                "Follow-ups",
                insights.follow_ups.iter().map(|a| a.text.as_str()),
            );
            Ok(())
        }
    }
}

fn media(video: bool) -> Media {
    if video { Media::Video } else { Media::Audio }
}

/// Streams a file from disk with a progress bar on stderr.
async fn upload(
    client: &SymblClient,
    path: &std::path::Path,
    video: bool,
    content_type: Option<String>,
    options: &ProcessOptions,
) -> Result<ProcessingJob, CliError> {
    let (bar, progress) = crate::output::upload_bar("uploading");
    if let Ok(meta) = std::fs::metadata(path) {
        bar.set_length(meta.len());
    }
    let result = client
        .process()
        .file_with_progress(
            media(video),
            path,
            content_type.as_deref(),
            options,
            Some(progress),
        )
        .await;
    bar.finish_and_clear();
    Ok(result?)
}

fn print_section<'a>(title: &str, items: impl Iterator<Item = &'a str>) {
    println!("{title}:");
    let mut any = false;
    for item in items {
        println!("  - {item}");
        any = true;
    }
    if !any {
        println!("  (none)");
    }
}
