//! `dpsdk ascribe`: login, studies, questions, responses, codebook.
//!
//! The client runs in bearer mode because that token never expires, so the
//! one stored by `login` serves every later command; the password is asked
//! for again only when no token is stored or the stored one is refused.

use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::{AscribeClient, TokenMode};
use clap::{Args, Subcommand};

use crate::Ctx;
use crate::commands::session::{self, Account, Revocation, SessionCommand};
use crate::error::{CliError, Kind};
use crate::profile::Asked;
use crate::secrets;

/// Ascribe Coder settings and commands.
#[derive(Debug, Args)]
pub(crate) struct AscribeArgs {
    /// The API's base URL.
    #[arg(long, env = "ASCRIBE_BASE_URL", default_value = ascribe_coder::config::DEFAULT_BASE_URL)]
    base_url: String,

    /// The Ascribe account (`login` asks for it when unset and saves it in
    /// the profile).
    #[arg(long, env = "ASCRIBE_ACCOUNT", default_value = "")]
    account: String,

    /// The user name (the password comes from ASCRIBE_PASSWORD or a prompt;
    /// `login` asks for the user name when unset and saves it).
    #[arg(long, env = "ASCRIBE_USER", default_value = "")]
    user: String,

    #[command(subcommand)]
    command: AscribeCommand,
}

#[derive(Debug, Subcommand)]
enum AscribeCommand {
    /// Logs in and stores the bearer token for later commands; asks for
    /// the account and user (saved in the profile) when unset.
    Login,
    /// status, token [--show], logout.
    #[command(flatten)]
    Session(SessionCommand),
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
pub(crate) async fn run(ctx: &Ctx, mut args: AscribeArgs) -> Result<(), CliError> {
    let mut asked = Asked::new("ascribe");
    if matches!(args.command, AscribeCommand::Login) {
        asked.fill(&mut args.account, "account", "Ascribe account")?;
        asked.fill(&mut args.user, "user", "Ascribe user")?;
    }
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
    // The SDK keeps the bearer token in the token file: the CLI writes none.
    let mut client = connect(ctx, &args, &key, None)?;
    let account = Account {
        service: "ascribe",
        who: format!("{}/{}", args.account, args.user),
        key: &key,
    };
    match args.command {
        AscribeCommand::Session(SessionCommand::Status) => {
            return session::status(ctx, &account).await;
        }
        AscribeCommand::Session(SessionCommand::Logout) => {
            let had = client.stored_token().await?.is_some();
            client.logout().await?;
            let revocation = if had {
                Revocation::NotOffered
            } else {
                Revocation::NothingStored
            };
            return session::logged_out(ctx, &account, revocation);
        }
        _ => {}
    }
    if force_login || client.stored_token().await?.is_none() {
        if force_login {
            client.logout().await?;
        }
        let password = secrets::read_secret(Some("ASCRIBE_PASSWORD"), "Ascribe password")?;
        client = connect(ctx, &args, &key, Some(Password::new(password)))?;
    }
    let result = command(ctx, &client, &account, &args.command).await;
    if result.is_ok() && force_login {
        session::remember(ctx, asked)?;
    }
    if let Err(e) = &result
        && e.kind() == Kind::Auth
    {
        // A refused stored token is useless: forget it so the next command
        // asks for the password instead of failing the same way.
        client.logout().await?;
    }
    result
}

/// A bearer-mode client whose token lives in the CLI's token file under
/// `key`. With the password at hand (given, or in ASCRIBE_PASSWORD) it can
/// log in again by itself when the token is refused; without it, it does
/// not ask.
fn connect(
    ctx: &Ctx,
    args: &AscribeArgs,
    key: &str,
    password: Option<Password>,
) -> Result<AscribeClient, CliError> {
    let mut builder = AscribeClient::builder()
        .base_url(&args.base_url)
        .token_mode(TokenMode::Bearer)
        .token_store(ctx.store.clone())
        .store_key(key);
    let password = password.or_else(|| {
        std::env::var("ASCRIBE_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty())
            .map(Password::new)
    });
    if let Some(password) = password {
        builder = builder.credentials(&args.account, &args.user, password);
    }
    Ok(builder.build()?)
}

async fn command(
    ctx: &Ctx,
    client: &AscribeClient,
    account: &Account<'_>,
    command: &AscribeCommand,
) -> Result<(), CliError> {
    match command {
        // Answered before a password is asked for.
        AscribeCommand::Session(SessionCommand::Status | SessionCommand::Logout) => Ok(()),
        AscribeCommand::Session(SessionCommand::Token { show }) => {
            let before = client.stored_token().await?;
            if before.is_none() {
                client.login().await?;
            }
            let stored = client
                .stored_token()
                .await?
                .ok_or_else(|| CliError::auth("Ascribe gave no token"))?;
            let token = stored.access_token().clone();
            let fresh = session::Fresh::after(ctx, account, before.as_ref(), token).await?;
            session::print_token(ctx, account, &fresh, *show)
        }
        AscribeCommand::Login => {
            client.login().await?;
            ctx.out.message(
                &format!("logged in; token stored in {}", ctx.store_description),
                serde_json::json!({ "logged_in": true, "token_store": ctx.store_description }),
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
                &["key", "id", "text", "count_responses", "codebook_key"],
            )
        }
        AscribeCommand::Responses { question_key } => {
            let responses = client
                .responses()
                .get(*question_key)
                .include_text(true)
                .send()
                .await?;
            ctx.out.list(&responses, &["rid", "text", "code_keys"])
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
                .list(&codes, &["key", "description", "input_id", "output_id"])
        }
    }
}
