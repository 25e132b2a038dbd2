//! `dpsdk ascribe`: login, studies, questions, responses, codebook.
//!
//! The client runs in bearer mode because that token never expires, so the
//! one stored by `login` serves every later command; the password is asked
//! for again only when no token is stored or the stored one is refused.

use std::sync::Arc;

use ascribe_coder::{AscribeClient, AscribeConfig, TokenMode};
use auth_core::secret::Password;
use auth_core::store::{StoredToken, TokenStore};
use auth_core::{Lifetime, TokenSet};
use clap::{Args, Subcommand};

use crate::Ctx;
use crate::error::{CliError, Kind};
use crate::secrets;

/// Ascribe Coder settings and commands.
#[derive(Debug, Args)]
pub(crate) struct AscribeArgs {
    /// The API's base URL.
    #[arg(long, env = "ASCRIBE_BASE_URL", default_value = ascribe_coder::config::DEFAULT_BASE_URL)]
    base_url: String,

    /// The Ascribe account.
    #[arg(long, env = "ASCRIBE_ACCOUNT")]
    account: String,

    /// The user name (the password comes from ASCRIBE_PASSWORD or a prompt).
    #[arg(long, env = "ASCRIBE_USER")]
    user: String,

    #[command(subcommand)]
    command: AscribeCommand,
}

#[derive(Debug, Subcommand)]
enum AscribeCommand {
    /// Logs in and stores the bearer token for later commands.
    Login,
    /// Lists studies.
    Studies {
        /// Only studies whose id contains this text.
        #[arg(long)]
        id_filter: Option<String>,
    },
    /// Lists the questions of a study.
    Questions {
        /// The study key.
        study_key: i64,
    },
    /// Lists the responses to a question.
    Responses {
        /// The question key.
        question_key: i64,
    },
    /// Shows the codebook of a question.
    Codebook {
        /// The question key.
        question_key: i64,
    },
}

/// Runs a `dpsdk ascribe` command.
pub(crate) async fn run(ctx: &Ctx, args: AscribeArgs) -> Result<(), CliError> {
    if args.account.trim().is_empty() || args.user.trim().is_empty() {
        return Err(CliError::usage(
            "--account and --user (or ASCRIBE_ACCOUNT / ASCRIBE_USER) are required",
        ));
    }
    let key = crate::store::key(
        "ascribe",
        &args.base_url,
        &format!("{}/{}", args.account, args.user),
    );
    let force_login = matches!(args.command, AscribeCommand::Login);
    let stored = if force_login {
        None
    } else {
        ctx.store.load(&key).await?
    };
    let client = connect(&args, stored.as_ref())?;
    let result = command(ctx, &client, &args.command).await;
    match &result {
        Ok(()) => save_token(ctx, &client, &key).await?,
        // A refused stored token is useless: forget it so the next command
        // asks for the password instead of failing the same way.
        Err(e) if e.kind() == Kind::Auth => crate::store::forget(&ctx.store, &key).await?,
        Err(_) => {}
    }
    result
}

/// A client that reuses `stored` if given, else logs in with the password.
fn connect(args: &AscribeArgs, stored: Option<&StoredToken>) -> Result<AscribeClient, CliError> {
    let mut builder = AscribeConfig::builder()
        .base_url(&args.base_url)
        .token_mode(TokenMode::Bearer);
    match stored {
        Some(token) => {
            builder = builder.bearer_token(token.access_token.clone());
            // With the password at hand the client can log in again by
            // itself if the token is refused; without it, it does not ask.
            if let Ok(password) = std::env::var("ASCRIBE_PASSWORD")
                && !password.is_empty()
            {
                builder = builder.credentials(&args.account, &args.user, Password::new(password));
            }
        }
        None => {
            let password = secrets::read_secret(Some("ASCRIBE_PASSWORD"), "Ascribe password")?;
            builder = builder.credentials(&args.account, &args.user, Password::new(password));
        }
    }
    Ok(AscribeClient::new(builder.build()?)?)
}

/// Stores the client's bearer token (it may be a new one after a re-login).
async fn save_token(ctx: &Ctx, client: &AscribeClient, key: &str) -> Result<(), CliError> {
    let Some(token) = client.bearer_token() else {
        return Ok(());
    };
    let clock = Arc::clone(client.clock());
    if let Some(existing) = ctx.store.load(key).await?
        && existing.access_token == token
    {
        return Ok(());
    }
    let set = TokenSet::new(token, Lifetime::never(clock.now()));
    ctx.store
        .save(key, &StoredToken::from_token_set(&set, clock.as_ref()))
        .await?;
    Ok(())
}

async fn command(
    ctx: &Ctx,
    client: &AscribeClient,
    command: &AscribeCommand,
) -> Result<(), CliError> {
    match command {
        AscribeCommand::Login => {
            client.login().await?;
            ctx.out.message(
                &format!("logged in; token stored in {}", ctx.store.path().display()),
                serde_json::json!({ "logged_in": true, "token_file": ctx.store.path() }),
            )
        }
        AscribeCommand::Studies { id_filter } => {
            let mut list = client.studies().list();
            if let Some(filter) = id_filter {
                list = list.id_filter(filter);
            }
            let studies = list.send().await?;
            ctx.out.list(&studies, &["key", "id", "name", "status"])
        }
        AscribeCommand::Questions { study_key } => {
            let questions = client.questions().list(*study_key).send().await?;
            ctx.out.list(
                &questions,
                &["key", "id", "text", "countResponses", "codebookKey"],
            )
        }
        AscribeCommand::Responses { question_key } => {
            let responses = client
                .responses()
                .get(*question_key)
                .include_text(true)
                .send()
                .await?;
            ctx.out.list(&responses, &["rid", "text", "codeKeys"])
        }
        AscribeCommand::Codebook { question_key } => {
            let codebook = client
                .codebooks()
                .for_question(*question_key)
                .send()
                .await?;
            if ctx.out.is_json() {
                return ctx.out.object(&codebook, &[]);
            }
            let codes: Vec<_> = codebook.codes().into_iter().cloned().collect();
            ctx.out
                .list(&codes, &["key", "description", "inputId", "outputId"])
        }
    }
}
