//! `dpsdk symbl`: token, submit (text, file, URL), wait, insights, and
//! `stream FILE.wav` (live results over the Streaming API).
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
    ActionItem, Job, JobStatus, ProcessOptions, ProcessingJob, Question, TextMessage, TextRequest,
    Topic, UrlRequest,
};
use symbl::streaming::{InsightType, StartRequest, StreamEvent, WavFormat};
use symbl::{SymblClient, SymblError};

use crate::Ctx;
use crate::commands::session::{self, Account, SessionCommand};
use crate::error::CliError;
use crate::profile::Asked;
use crate::progress::Spinner;
use crate::secrets;

/// Symbl.ai settings and commands.
#[derive(Debug, Args)]
pub(crate) struct SymblArgs {
    /// The API's base URL.
    #[arg(long, env = "SYMBL_BASE_URL", default_value = symbl::config::DEFAULT_BASE_URL)]
    base_url: String,

    /// The app id (the app secret comes from SYMBL_APP_SECRET or a prompt;
    /// `login` asks for the app id too and saves it in the profile).
    #[arg(long, env = "SYMBL_APP_ID", default_value = "")]
    app_id: String,

    #[command(subcommand)]
    command: SymblCommand,
}

#[derive(Debug, Subcommand)]
enum SymblCommand {
    /// Obtains an access token and stores it; asks for the app id (saved
    /// in the profile) when none is set, and for the app secret.
    Login,
    /// status, token [--show], logout.
    #[command(flatten)]
    Session(SessionCommand),
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
    /// Streams a WAV file (mono 16-bit PCM or 8-bit µ-law) through the
    /// Streaming API and prints the live transcript and insights (with
    /// --json: one JSON object per line).
    Stream(StreamArgs),
}

#[derive(Debug, Args)]
struct StreamArgs {
    /// The WAV file.
    path: PathBuf,
    /// The meeting title.
    #[arg(long)]
    name: Option<String>,
    /// The insights to detect, comma-separated: question, action_item,
    /// follow_up, topic.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "question,action_item,topic"
    )]
    insights: Vec<InsightArg>,
    /// The streaming endpoint (default: derived from the base URL).
    #[arg(long, env = "SYMBL_STREAM_URL")]
    stream_url: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum InsightArg {
    Question,
    #[value(name = "action_item", alias = "action-item")]
    ActionItem,
    #[value(name = "follow_up", alias = "follow-up")]
    FollowUp,
    Topic,
}

impl From<InsightArg> for InsightType {
    fn from(arg: InsightArg) -> Self {
        match arg {
            InsightArg::Question => InsightType::Question,
            InsightArg::ActionItem => InsightType::ActionItem,
            InsightArg::FollowUp => InsightType::FollowUp,
            InsightArg::Topic => InsightType::Topic,
        }
    }
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

/// Polls the job until it completes, with a spinner showing its status.
async fn wait_for(client: &SymblClient, job_id: &str, poll: &PollArgs) -> Result<Job, CliError> {
    let policy = poll.policy()?;
    let spinner = Spinner::start(format!("waiting for job {job_id}"));
    let operation = format!("waiting for Symbl job {job_id}");
    let clock = auth_core::clock::system_clock();
    let done = auth_core::poll(&clock, &policy, &operation, || async {
        let job = client.jobs().get(job_id).await?;
        spinner.status(&job.status.to_string());
        match job.status {
            JobStatus::Completed => Ok(Some(job)),
            JobStatus::Failed => Err(CliError::other(format!("Symbl job {job_id} failed"))),
            _ => Ok(None),
        }
    })
    .await;
    spinner.finish();
    done
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
pub(crate) async fn run(ctx: &Ctx, mut args: SymblArgs) -> Result<(), CliError> {
    let mut asked = Asked::new("symbl");
    if matches!(args.command, SymblCommand::Login) {
        asked.fill(&mut args.app_id, "app_id", "Symbl app id")?;
    }
    let (client, key) = open(ctx, &args)?;
    let account = Account {
        service: "symbl",
        who: args.app_id.clone(),
        key: &key,
    };
    match args.command {
        SymblCommand::Session(SessionCommand::Status) => session::status(ctx, &account).await,
        SymblCommand::Session(SessionCommand::Logout) => {
            let had = client.stored_token().await?.is_some();
            client.logout().await?;
            let revocation = if had {
                session::Revocation::NotOffered
            } else {
                session::Revocation::NothingStored
            };
            session::logged_out(ctx, &account, revocation)
        }
        SymblCommand::Login | SymblCommand::Session(SessionCommand::Token { .. }) => {
            let before = client.stored_token().await?;
            let token = client.access_token().await?;
            let fresh = session::Fresh::after(ctx, &account, before.as_ref(), token).await?;
            let (expires_at, generated) = (fresh.expires_at, fresh.generated);
            if let SymblCommand::Session(SessionCommand::Token { show }) = args.command {
                return session::print_token(ctx, &account, &fresh, show);
            }
            session::remember(ctx, asked)?;
            ctx.out.message(
                &format!(
                    "symbl: logged in as {}; token stored in {} ({})",
                    account.who,
                    ctx.store_description,
                    crate::human::expiry(expires_at, std::time::SystemTime::now())
                ),
                serde_json::json!({
                    "logged_in": true,
                    "account": account.who,
                    "token_store": ctx.store_description,
                    "expires_at": expires_at,
                    "generated": generated,
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
                let done = wait_for(&client, job.job_id.as_str(), &poll).await?;
                let value = serde_json::json!({
                    "conversation_id": job.conversation_id,
                    "job_id": job.job_id,
                    "status": done.status,
                });
                return ctx
                    .out
                    .object(&value, &["conversation_id", "job_id", "status"]);
            }
            ctx.out.object(&job, &["conversation_id", "job_id"])
        }
        SymblCommand::Wait { job_id, poll } => {
            let job = wait_for(&client, &job_id, &poll).await?;
            ctx.out.object(&job, &["id", "status"])
        }
        SymblCommand::Insights { conversation_id } => {
            let conversation = client.conversation(&conversation_id);
            let topics = conversation.topics().send().await?;
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
        SymblCommand::Stream(stream_args) => stream(ctx, &client, stream_args).await,
    }
}

/// `dpsdk symbl stream FILE.wav`: the header configures the session, the
/// audio after it is streamed with backpressure, each event is printed as
/// it arrives.
async fn stream(ctx: &Ctx, client: &SymblClient, args: StreamArgs) -> Result<(), CliError> {
    let mut file = tokio::fs::File::open(&args.path)
        .await
        .map_err(|e| CliError::usage(format!("cannot open {}: {e}", args.path.display())))?;
    // A file that is not streamable audio is a usage error (exit code 2).
    let bad_file = |e: SymblError| CliError::usage(format!("{}: {e}", args.path.display()));
    let format = WavFormat::read_header(&mut file).await.map_err(bad_file)?;
    let encoding = format.encoding().map_err(bad_file)?;
    let mut request = StartRequest::builder()
        .encoding(encoding)
        .sample_rate_hertz(format.sample_rate)
        .insight_types(args.insights.iter().copied().map(InsightType::from));
    if let Some(name) = &args.name {
        request = request.meeting_title(name);
    }
    let request = request.build()?;
    let mut api = client.streaming();
    if let Some(url) = &args.stream_url {
        api = api.endpoint(url);
    }
    let session = api.start(&request).await?;
    let conversation_id = session.conversation_id().to_owned();
    let json = ctx.out.is_json();
    if !json {
        eprintln!(
            "streaming {} ({} Hz) as conversation {conversation_id}",
            args.path.display(),
            format.sample_rate
        );
    }
    let mut events = session.stream_reader(file);
    while let Some(event) = futures::TryStreamExt::try_next(&mut events).await? {
        if json {
            println!("{}", event_json(&event));
        } else {
            print_event(&event);
        }
    }
    if json {
        println!(
            "{}",
            serde_json::json!({"type": "done", "conversation_id": conversation_id})
        );
    } else {
        println!("conversation {conversation_id}");
    }
    Ok(())
}

/// One line of `stream --json`.
fn event_json(event: &StreamEvent) -> serde_json::Value {
    use serde_json::json;
    match event {
        StreamEvent::Recognition(r) => {
            json!({"type": "recognition", "final": r.is_final, "text": r.text()})
        }
        StreamEvent::Messages(m) => json!({"type": "messages",
            "texts": m.messages.iter().map(|m| m.payload.content.as_str()).collect::<Vec<_>>()}),
        StreamEvent::Insights(i) => json!({"type": "insights",
            "insights": i.insights.iter().map(|i| json!({"kind": i.kind, "text": i.text()})).collect::<Vec<_>>()}),
        StreamEvent::Topics(t) => json!({"type": "topics",
            "topics": t.topics.iter().map(|t| t.phrases.as_str()).collect::<Vec<_>>()}),
        StreamEvent::Trackers(t) => json!({"type": "trackers",
            "trackers": t.trackers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>()}),
        StreamEvent::ConversationCreated { conversation_id } => {
            json!({"type": "conversation_created", "conversation_id": conversation_id})
        }
        StreamEvent::Other(value) => json!({"type": "other", "message": value}),
        other => json!({"type": other.kind()}),
    }
}

fn print_event(event: &StreamEvent) {
    match event {
        StreamEvent::Recognition(r) if r.is_final => println!("{}", r.text()),
        StreamEvent::Recognition(r) => eprintln!("… {}", r.text()),
        StreamEvent::Insights(i) => {
            for insight in &i.insights {
                println!("  [{}] {}", insight.kind, insight.text());
            }
        }
        StreamEvent::Topics(t) => {
            for topic in &t.topics {
                println!("  [topic] {}", topic.phrases);
            }
        }
        StreamEvent::Trackers(t) => {
            for tracker in &t.trackers {
                println!("  [tracker] {}", tracker.name);
            }
        }
        _ => {}
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
    let (bar, progress) = crate::progress::upload_bar("uploading");
    if let Ok(meta) = std::fs::metadata(path) {
        bar.set_length(meta.len());
    }
    let upload = client
        .process()
        .file(media(video), path)
        .options(options.clone())
        .progress(progress);
    let upload = match content_type {
        Some(ct) => upload.content_type(ct),
        None => upload,
    };
    let result = upload.send().await;
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
