//! `dpsdk symbl`: token, submit (text, file, URL), wait, insights.
//!
//! `SymblClient` always needs the app secret, even when a valid token is
//! stored, so this module talks to the same endpoints through `auth-core`'s
//! HTTP client with a persistent token cache: the stored token is used while
//! fresh and the secret is asked for only when a new token is needed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use auth_core::http::{ApiRequest, FileSource, HeaderAuth, HttpClient, encode_segment};
use auth_core::secret::ClientSecret;
use auth_core::store::{PersistentProvider, TokenStore};
use auth_core::{PollPolicy, TokenCache, TokenProvider, TokenSet};
use clap::{Args, Subcommand};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use symbl::auth::SymblTokenProvider;
use symbl::models::{
    ActionItem, Job, JobStatus, ProcessOptions, ProcessingJob, Question, TextMessage, TextRequest,
    Topic, UrlRequest,
};

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

/// Asks for the app secret only when Symbl must issue a new token.
struct LazySecretProvider {
    http: HttpClient,
    app_id: String,
}

impl std::fmt::Debug for LazySecretProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazySecretProvider")
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl TokenProvider<TokenSet> for LazySecretProvider {
    async fn fetch(&self, previous: Option<Arc<TokenSet>>) -> auth_core::Result<TokenSet> {
        let secret = secrets::read_secret(Some("SYMBL_APP_SECRET"), "Symbl app secret")
            .map_err(|e| auth_core::Error::Config(e.to_string()))?;
        SymblTokenProvider::new(self.http.clone(), &self.app_id, ClientSecret::new(secret))
            .fetch(previous)
            .await
    }
}

/// An authenticated connection to Symbl backed by the token file.
struct Session {
    http: HttpClient,
    auth: HeaderAuth<TokenSet>,
    key: String,
}

impl Session {
    async fn open(ctx: &Ctx, args: &SymblArgs) -> Result<Self, CliError> {
        if args.app_id.trim().is_empty() {
            return Err(CliError::usage("--app-id (or SYMBL_APP_ID) is required"));
        }
        let http = HttpClient::builder("symbl", &args.base_url)
            .user_agent(concat!("dpsdk/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let key = crate::store::key("symbl", &args.base_url, &args.app_id);
        let store: Arc<dyn TokenStore> = ctx.store.clone();
        let provider = PersistentProvider::new(
            LazySecretProvider {
                http: http.clone(),
                app_id: args.app_id.clone(),
            },
            store,
            key.clone(),
            Arc::clone(http.clock()),
        );
        let initial = provider.load().await?;
        let cache = TokenCache::builder(provider)
            .name("symbl")
            .clock(Arc::clone(http.clock()))
            .initial(initial)
            .build();
        Ok(Self {
            http,
            auth: HeaderAuth::bearer(cache),
            key,
        })
    }

    async fn call<T: DeserializeOwned>(&self, request: ApiRequest) -> Result<T, CliError> {
        Ok(self.http.send_json(request, &self.auth).await?)
    }

    async fn job(&self, job_id: &str) -> Result<Job, CliError> {
        let path = format!("v1/job/{}", encode_segment(job_id));
        self.call(ApiRequest::get("get_job", path)).await
    }

    async fn wait(&self, job_id: &str, poll: &PollArgs) -> Result<Job, CliError> {
        let policy = poll.policy()?;
        let operation = format!("waiting for Symbl job {job_id}");
        auth_core::poll(self.http.clock(), &policy, &operation, || async {
            let job = self.job(job_id).await?;
            tracing::debug!(job_id, status = %job.status, "job status");
            match job.status {
                JobStatus::Completed => Ok(Some(job)),
                JobStatus::Failed => Err(CliError::other(format!("Symbl job {job_id} failed"))),
                _ => Ok(None),
            }
        })
        .await
    }
}

#[derive(Deserialize)]
struct Topics {
    #[serde(default)]
    topics: Vec<Topic>,
}
#[derive(Deserialize)]
struct Questions {
    #[serde(default)]
    questions: Vec<Question>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActionItems {
    #[serde(default)]
    action_items: Vec<ActionItem>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FollowUps {
    #[serde(default)]
    follow_ups: Vec<ActionItem>,
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
    let session = Session::open(ctx, &args).await?;
    match args.command {
        SymblCommand::Token => {
            session.auth.cache().get().await?;
            let stored = ctx.store.load(&session.key).await?;
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
                    "generated": session.auth.cache().refresh_count() > 0,
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
                    session
                        .call(ApiRequest::post("process_text", "v1/process/text").json(&request)?)
                        .await?
                }
                SubmitWhat::Url { url, video } => {
                    let request = UrlRequest::new(url).options(options);
                    let path = format!("v1/process/{}/url", media(video));
                    session
                        .call(ApiRequest::post("process_url", path).json(&request)?)
                        .await?
                }
                SubmitWhat::File {
                    path,
                    video,
                    content_type,
                } => upload(&session, &path, video, content_type, &options).await?,
            };
            if wait {
                let done = session.wait(&job.job_id, &poll).await?;
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
            let job = session.wait(&job_id, &poll).await?;
            ctx.out.object(&job, &["id", "status"])
        }
        SymblCommand::Insights { conversation_id } => {
            let base = format!("v1/conversations/{}", encode_segment(&conversation_id));
            let topics: Topics = session
                .call(ApiRequest::get("get_topics", format!("{base}/topics")))
                .await?;
            let questions: Questions = session
                .call(ApiRequest::get(
                    "get_questions",
                    format!("{base}/questions"),
                ))
                .await?;
            let actions: ActionItems = session
                .call(ApiRequest::get(
                    "get_action_items",
                    format!("{base}/action-items"),
                ))
                .await?;
            let follow_ups: FollowUps = session
                .call(ApiRequest::get(
                    "get_follow_ups",
                    format!("{base}/follow-ups"),
                ))
                .await?;
            let insights = Insights {
                conversation_id,
                topics: topics.topics,
                questions: questions.questions,
                action_items: actions.action_items,
                follow_ups: follow_ups.follow_ups,
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

fn media(video: bool) -> &'static str {
    if video { "video" } else { "audio" }
}

/// Streams a file from disk with a progress bar on stderr.
async fn upload(
    session: &Session,
    path: &std::path::Path,
    video: bool,
    content_type: Option<String>,
    options: &ProcessOptions,
) -> Result<ProcessingJob, CliError> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(CliError::usage(format!("{} is not a file", path.display())));
    }
    let content_type = match content_type {
        Some(ct) => ct,
        None => guess_content_type(path, video)?.to_owned(),
    };
    let content_type = http::HeaderValue::from_str(&content_type)
        .map_err(|_| CliError::usage(format!("invalid content type `{content_type}`")))?;
    let (bar, progress) = crate::output::upload_bar("uploading");
    bar.set_length(meta.len());
    let source = Arc::new(FileSource::new(path).with_progress(progress));
    let mut request = ApiRequest::post("process_upload", format!("v1/process/{}", media(video)))
        .stream(source, content_type)
        .timeout(Duration::from_secs(3600));
    for (k, v) in options.to_query() {
        request = request.query(k, v);
    }
    let result = session.call(request).await;
    bar.finish_and_clear();
    result
}

fn guess_content_type(path: &std::path::Path, video: bool) -> Result<&'static str, CliError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    Ok(match (video, ext.as_str()) {
        (_, "wav" | "wave") => "audio/wav",
        (_, "mp3") => "audio/mpeg",
        (_, "m4a") => "audio/mp4",
        (_, "flac") => "audio/flac",
        (_, "ogg" | "opus") => "audio/ogg",
        (true, "mp4") => "video/mp4",
        (true, "mov") => "video/quicktime",
        (true, "webm") => "video/webm",
        _ => {
            return Err(CliError::usage(
                "cannot tell the content type from the extension; pass --content-type",
            ));
        }
    })
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
