//! `dpsdk scinote`: the OAuth2 authorization-code flow (`authorize`), then
//! teams, projects, experiments and tasks listings.
//!
//! The SciNote client persists its (rotating) tokens itself through the
//! token store it is given, so the CLI hands it the shared token file and a
//! per-server, per-client key.

use std::sync::Arc;

use clap::{Args, Subcommand};
use scinote::SciNoteClient;
use serde::Serialize;

use crate::Ctx;
use crate::commands::session::{self, Account, Revocation, SessionCommand};
use crate::error::CliError;
use crate::profile::Asked;
use crate::secrets;

/// SciNote settings and commands.
#[derive(Debug, Args)]
pub(crate) struct SciNoteArgs {
    /// The SciNote server's URL (`login` asks for it when unset and saves
    /// it in the profile).
    #[arg(long, env = "SCINOTE_SERVER_URL", default_value = "")]
    server: String,

    /// The OAuth client id (the secret comes from SCINOTE_CLIENT_SECRET or a
    /// prompt; SciNote needs it to refresh tokens too).
    #[arg(long, env = "SCINOTE_CLIENT_ID", default_value = "")]
    client_id: String,

    /// The redirect URI registered for the client (default: out of band,
    /// the code is shown to the user to copy).
    #[arg(long, env = "SCINOTE_REDIRECT_URI")]
    redirect_uri: Option<String>,

    #[command(subcommand)]
    command: SciNoteCommand,
}

#[derive(Debug, Subcommand)]
enum SciNoteCommand {
    /// Prints the authorization URL, reads the code (or the whole redirect
    /// URL) from the prompt or stdin, and stores the tokens; asks for the
    /// server and client id (saved in the profile) when unset.
    #[command(alias = "login")]
    Authorize,
    /// status, token [--show], logout.
    #[command(flatten)]
    Session(SessionCommand),
    /// Lists teams.
    Teams,
    /// Lists a team's projects.
    Projects {
        /// The team id.
        #[arg(long)]
        team: String,
    },
    /// Lists a project's experiments.
    Experiments {
        /// The team id.
        #[arg(long)]
        team: String,
        /// The project id.
        #[arg(long)]
        project: String,
    },
    /// Lists an experiment's tasks.
    Tasks {
        /// The team id.
        #[arg(long)]
        team: String,
        /// The project id.
        #[arg(long)]
        project: String,
        /// The experiment id.
        #[arg(long)]
        experiment: String,
    },
}

const COLUMNS: &[&str] = &["id", "attributes.name", "attributes.created_at"];

/// Runs a `dpsdk scinote` command.
pub(crate) async fn run(ctx: &Ctx, mut args: SciNoteArgs) -> Result<(), CliError> {
    let mut asked = Asked::new("scinote");
    if matches!(args.command, SciNoteCommand::Authorize) {
        asked.fill(&mut args.server, "server", "SciNote server URL")?;
        asked.fill(&mut args.client_id, "client_id", "SciNote client id")?;
    }
    if args.server.trim().is_empty() || args.client_id.trim().is_empty() {
        return Err(CliError::usage(
            "--server and --client-id (or SCINOTE_SERVER_URL / SCINOTE_CLIENT_ID) are required",
        ));
    }
    let key = crate::store::key("scinote", &args.server, &args.client_id);
    let account = Account {
        service: "scinote",
        who: format!("client {} at {}", args.client_id, args.server),
        key: &key,
    };
    // Asked for only when a token request needs it (authorize, refresh):
    // listings with a valid stored token need no secret.
    let mut builder = SciNoteClient::builder()
        .server_url(&args.server)
        .client_id(&args.client_id)
        .client_secret_source(Arc::new(|| {
            secrets::read_secret(Some("SCINOTE_CLIENT_SECRET"), "SciNote client secret")
                .map(auth_core::secret::ClientSecret::new)
                .map_err(|e| e.to_string())
        }))
        .token_store(ctx.store.clone())
        .store_key(key.as_str());
    if let Some(uri) = &args.redirect_uri {
        builder = builder.redirect_uri(uri);
    }
    let client = builder.build()?;
    match args.command {
        SciNoteCommand::Session(SessionCommand::Status) => {
            return session::status(ctx, &account).await;
        }
        SciNoteCommand::Session(SessionCommand::Logout) => {
            return logout(ctx, &client, &account).await;
        }
        _ => {}
    }
    if !matches!(args.command, SciNoteCommand::Authorize) && !client.has_stored_tokens().await? {
        return Err(CliError::auth(
            "not authorized: run `dpsdk scinote authorize` first",
        ));
    }
    match args.command {
        SciNoteCommand::Authorize => {
            let request = client.authorize_request()?;
            // The URL goes to stderr with the instructions, so a script's
            // stdout holds only the result.
            eprintln!("Open this URL, sign in and authorize, then paste the code:");
            eprintln!("{}", request.url());
            let answer = secrets::prompt_line("Authorization code", true)?;
            let answer = answer.trim();
            if answer.starts_with("http://") || answer.starts_with("https://") {
                client.exchange_redirect(&request, answer).await?;
            } else {
                client.exchange_code(answer).await?;
            }
            session::remember(ctx, asked)?;
            ctx.out.message(
                &format!("authorized; tokens stored in {}", ctx.store_description),
                serde_json::json!({ "authorized": true, "token_store": ctx.store_description }),
            )
        }
        SciNoteCommand::Session(SessionCommand::Status | SessionCommand::Logout) => Ok(()),
        SciNoteCommand::Session(SessionCommand::Token { show }) => {
            let before = client.stored_tokens().await?;
            let token = client.access_token().await?;
            let fresh = session::Fresh::after(ctx, &account, before.as_ref(), token).await?;
            session::print_token(ctx, &account, &fresh, show)
        }
        SciNoteCommand::Teams => list(ctx, client.teams().list().all().await?),
        SciNoteCommand::Projects { team } => list(ctx, client.projects(&team).list().all().await?),
        SciNoteCommand::Experiments { team, project } => {
            list(ctx, client.experiments(&team, &project).list().all().await?)
        }
        SciNoteCommand::Tasks {
            team,
            project,
            experiment,
        } => list(
            ctx,
            client
                .tasks(&team, &project, &experiment)
                .list()
                .all()
                .await?,
        ),
    }
}

/// Revokes at the server, and forgets the tokens here even when the
/// server cannot be told (the user asked to be logged out).
async fn logout(ctx: &Ctx, client: &SciNoteClient, account: &Account<'_>) -> Result<(), CliError> {
    if !client.has_stored_tokens().await? {
        return session::logged_out(ctx, account, Revocation::NothingStored);
    }
    if let Err(e) = client.revoke().await {
        client.logout().await?;
        return Err(session::revocation_failed("SciNote", e.into()));
    }
    session::logged_out(ctx, account, Revocation::Revoked)
}

fn list<T: Serialize>(ctx: &Ctx, items: Vec<T>) -> Result<(), CliError> {
    ctx.out.list(&items, COLUMNS)
}
