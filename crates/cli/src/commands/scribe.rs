//! `dpsdk scribe`: Cognito login (answering the temporary-password and MFA
//! challenges at the prompt), refresh, revoke, forgotten passwords,
//! federated credentials, and the MI tasks API.
//!
//! A login stores the Cognito token set (with its refresh token) under the
//! user's key; later commands use the stored tokens while fresh and
//! otherwise log in again with the refresh token, never with the password.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_core::clock::system_clock;
use auth_core::secret::{Password, RefreshToken};
use auth_core::{PollPolicy, TokenSet};
use clap::{Args, Subcommand};
use scribe_mi::cognito::MfaType;
use scribe_mi::mi::{Document, FileType, MiTask, TaskStatus};
use scribe_mi::{AuthFlow, ChallengeKind, Login, MiClient, MiVersion, RefreshMode, ScribeAuth};

use crate::Ctx;
use crate::commands::session::{self, Account, Revocation};
use crate::error::{CliError, Kind};
use crate::profile::Asked;
use crate::progress::Spinner;
use crate::secrets;

/// Scribe settings and commands.
#[derive(Debug, Args)]
pub(crate) struct ScribeArgs {
    /// The MI API URL (`mi.scribelabs.ai/v1` or a full URL).
    #[arg(long, env = "SCRIBE_API_URL", default_value = "mi.scribelabs.ai/v1")]
    api_url: String,

    /// Sends every Cognito call to this endpoint (a local emulator).
    #[arg(long, env = "SCRIBE_COGNITO_ENDPOINT")]
    cognito_endpoint: Option<String>,

    /// The AWS region.
    #[arg(long, env = "SCRIBE_REGION", default_value = scribe_mi::config::DEFAULT_REGION)]
    region: String,

    /// The Cognito app client id.
    #[arg(long, env = "SCRIBE_CLIENT_ID", default_value = "")]
    client_id: String,

    /// The Cognito user pool id.
    #[arg(long, env = "SCRIBE_USER_POOL_ID", default_value = "")]
    user_pool_id: String,

    /// How the password is sent: `password` (USER_PASSWORD_AUTH) or `srp`
    /// (USER_SRP_AUTH: the password never leaves the machine).
    #[arg(long, env = "SCRIBE_AUTH_FLOW", value_enum, default_value = "password")]
    auth_flow: Flow,

    /// The app client rotates refresh tokens: refresh with
    /// GetTokensFromRefreshToken and keep each new refresh token.
    #[arg(long, env = "SCRIBE_REFRESH_TOKEN_ROTATION")]
    refresh_token_rotation: bool,

    /// The Cognito identity pool id (needed for credentials and MI tasks).
    #[arg(long, env = "SCRIBE_IDENTITY_POOL_ID")]
    identity_pool_id: Option<String>,

    /// The user name (the password comes from SCRIBE_PASSWORD or a prompt).
    #[arg(long, short = 'u', env = "SCRIBE_USERNAME", default_value = "")]
    username: String,

    #[command(subcommand)]
    command: ScribeCommand,
}

/// How the password is sent to Cognito.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Flow {
    /// USER_PASSWORD_AUTH.
    Password,
    /// USER_SRP_AUTH.
    Srp,
}

#[derive(Debug, Subcommand)]
enum ScribeCommand {
    /// Makes sure there is a fresh access token: refreshes the stored tokens
    /// (or logs in with a refresh token from SCRIBE_REFRESH_TOKEN or stdin,
    /// or with the password), then prints the access token only with
    /// `--show` (with `--json`: all three tokens and their expiries).
    Token {
        /// Prints the token(s); without it nothing secret is printed.
        #[arg(long)]
        show: bool,
        /// Reads a refresh token from stdin (one line) instead of using the
        /// stored tokens or a password.
        #[arg(long)]
        refresh_token_stdin: bool,
    },
    /// Changes the password: the current one from SCRIBE_PASSWORD or a
    /// prompt, the new one from SCRIBE_NEW_PASSWORD or a prompt; the new
    /// login's tokens are stored.
    ChangePassword,
    /// Prints the current authenticator (TOTP) code of the base32 secret in
    /// SCRIBE_OTP_SECRET (or typed at a masked prompt).
    Otp,
    /// Logs in and stores the tokens. Asks for the client id, user pool id
    /// and user name when unset (saved in the profile), for a new password
    /// when the account has a temporary one (SCRIBE_NEW_PASSWORD or prompt)
    /// and for an authenticator code when MFA is on (SCRIBE_MFA_CODE or
    /// prompt).
    Login,
    /// Gets new tokens with the stored refresh token.
    Refresh,
    /// Revokes the stored refresh token at Cognito (`RevokeToken`) and
    /// forgets the tokens (also under its old name, `revoke`).
    #[command(alias = "revoke")]
    Logout,
    /// Who is logged in, in which token store, and when the access token
    /// expires (no network; exit code 3 when not logged in).
    Status,
    /// Starts a password reset: Cognito sends the user a code.
    Forgot,
    /// Sets a new password with the reset code (SCRIBE_CONFIRMATION_CODE or
    /// prompt; the new password from SCRIBE_NEW_PASSWORD or prompt).
    Confirm,
    /// Temporary AWS credentials of the user's federated identity (the
    /// access key id and expiry are shown, never the secret key).
    Credentials,
    /// MI tasks.
    Tasks {
        #[command(subcommand)]
        command: TasksCommand,
    },
}

#[derive(Debug, Subcommand)]
enum TasksCommand {
    /// Lists tasks.
    List {
        /// Only tasks of this company.
        #[arg(long)]
        company: Option<String>,
    },
    /// Shows one task.
    Get {
        /// The task's job id.
        jobid: String,
    },
    /// Uploads a document (with a progress bar) and prints its job id.
    Submit {
        /// The document.
        path: PathBuf,
        /// The file type (default: from the extension).
        #[arg(long)]
        filetype: Option<String>,
        /// The file name sent to Scribe (default: the path's base name).
        #[arg(long)]
        filename: Option<String>,
        /// The company the document is about.
        #[arg(long)]
        company: Option<String>,
        /// Waits for the task to be processed.
        #[arg(long)]
        wait: bool,
        #[command(flatten)]
        poll: PollArgs,
    },
    /// Waits for a task to be processed.
    Wait {
        /// The task's job id.
        jobid: String,
        #[command(flatten)]
        poll: PollArgs,
    },
    /// Downloads and prints a processed task's model.
    Model {
        /// The task's job id.
        jobid: String,
    },
    /// Deletes a task.
    Delete {
        /// The task's job id.
        jobid: String,
    },
}

/// How often and how long to poll a task.
#[derive(Debug, Clone, Args)]
struct PollArgs {
    /// Seconds between polls.
    #[arg(long, default_value_t = 2.0)]
    interval: f64,
    /// Seconds to wait at most.
    #[arg(long, default_value_t = 1800.0)]
    timeout: f64,
}

impl PollArgs {
    fn policy(&self) -> Result<PollPolicy, CliError> {
        let secs = |v: f64, what: &str| {
            Duration::try_from_secs_f64(v)
                .map_err(|_| CliError::usage(format!("--{what} must be a positive number")))
        };
        let interval = secs(self.interval, "interval")?;
        Ok(PollPolicy::default()
            .interval(interval)
            .backoff(1.0, interval)
            .deadline(Some(secs(self.timeout, "timeout")?)))
    }
}

/// Runs a `dpsdk scribe` command.
pub(crate) async fn run(ctx: &Ctx, mut args: ScribeArgs) -> Result<(), CliError> {
    if let ScribeCommand::Otp = args.command {
        let secret = secrets::read_secret(Some("SCRIBE_OTP_SECRET"), "TOTP secret")?;
        let code = totp(&secret, SystemTime::now())?;
        return ctx.out.message(&code, serde_json::json!({ "code": code }));
    }
    let mut asked = Asked::new("scribe");
    if matches!(args.command, ScribeCommand::Login) {
        asked.fill(&mut args.client_id, "client_id", "Cognito app client id")?;
        asked.fill(
            &mut args.user_pool_id,
            "user_pool_id",
            "Cognito user pool id",
        )?;
        asked.fill(&mut args.username, "username", "User name")?;
    }
    if args.username.trim().is_empty() {
        return Err(CliError::usage(
            "--username (or SCRIBE_USERNAME) is required",
        ));
    }
    let key = crate::store::key(
        "scribe",
        &format!(
            "{}/{}",
            args.cognito_endpoint.as_deref().unwrap_or(&args.region),
            args.user_pool_id
        ),
        &format!("{}/{}", args.client_id, args.username),
    );
    // Every token goes through the SDK's token store: the CLI writes none.
    let client = mi_client(ctx, &args, &key)?;
    let auth = client.auth().clone();
    let account = Account {
        service: "scribe",
        who: args.username.clone(),
        key: &key,
    };
    match &args.command {
        ScribeCommand::Otp => Ok(()),
        ScribeCommand::Status => session::status(ctx, &account).await,
        ScribeCommand::Token {
            show,
            refresh_token_stdin,
        } => {
            let env_refresh = std::env::var("SCRIBE_REFRESH_TOKEN")
                .ok()
                .filter(|v| !v.trim().is_empty());
            let tokens = if *refresh_token_stdin || env_refresh.is_some() {
                let refresh = match env_refresh {
                    Some(v) if !*refresh_token_stdin => v,
                    _ => secrets::prompt_line("Refresh token", true)?,
                };
                client
                    .authenticate_with_refresh_token(&RefreshToken::new(refresh.trim()))
                    .await?;
                client.tokens().await?
            } else if client.stored_tokens().await?.is_some() {
                match client.refresh_tokens().await {
                    Ok(fresh) => fresh,
                    Err(e) => return Err(forget_if_refused(&client, e).await),
                }
            } else {
                let tokens = login(&auth, &args.username).await?;
                client.set_tokens(tokens).await?;
                client.tokens().await?
            };
            let expires = expires_at(&tokens);
            if !*show {
                let human = crate::human::expiry(expires, SystemTime::now());
                return ctx.out.message(
                    &format!(
                        "a fresh access token is in {} ({human}); add --show to print it",
                        ctx.store_description
                    ),
                    serde_json::json!({
                        "expires_at": expires,
                        "expires": human,
                        "token_store": ctx.store_description,
                    }),
                );
            }
            if ctx.out.is_json() {
                return ctx.out.message(
                    "",
                    serde_json::json!({
                        "access_token": tokens.access_token().expose_secret(),
                        "access_token_expires_at": expires,
                        "id_token": tokens.id_token().map(|t| t.expose_secret()),
                        "id_token_expires_at": tokens.id_token().and(expires),
                        "refresh_token": tokens.refresh_token().map(|t| t.expose_secret()),
                        // Cognito does not say when a refresh token expires.
                        "refresh_token_expires_at": serde_json::Value::Null,
                    }),
                );
            }
            println!("{}", tokens.access_token().expose_secret());
            Ok(())
        }
        ScribeCommand::ChangePassword => {
            let old = Password::new(secrets::read_secret(
                Some("SCRIBE_PASSWORD"),
                "Current password",
            )?);
            let new = Password::new(secrets::read_secret(
                Some("SCRIBE_NEW_PASSWORD"),
                "New password",
            )?);
            auth.change_password_for(&args.username, &old, &new).await?;
            // The old tokens were issued before the change: log in anew.
            let tokens = auth.login(&args.username, &new).await?.into_tokens()?;
            client.set_tokens(tokens).await?;
            ctx.out.message(
                "password changed; tokens stored",
                serde_json::json!({ "password_changed": true }),
            )
        }
        ScribeCommand::Login => {
            let tokens = login(&auth, &args.username).await?;
            client.set_tokens(tokens).await?;
            session::remember(ctx, asked)?;
            ctx.out.message(
                &format!("logged in; tokens stored in {}", ctx.store_description),
                serde_json::json!({ "logged_in": true, "token_store": ctx.store_description }),
            )
        }
        ScribeCommand::Refresh => {
            require_login(&client).await?;
            let fresh = match client.refresh_tokens().await {
                Ok(fresh) => fresh,
                Err(e) => return Err(forget_if_refused(&client, e).await),
            };
            ctx.out.message(
                "tokens refreshed",
                serde_json::json!({ "refreshed": true, "expires_at": expires_at(&fresh) }),
            )
        }
        ScribeCommand::Logout => {
            let Some(stored) = client.stored_tokens().await? else {
                return session::logged_out(ctx, &account, Revocation::NothingStored);
            };
            let revoked = match stored.refresh_token() {
                Some(refresh_token) => auth.revoke(refresh_token).await,
                None => Ok(()),
            };
            // Logging out locally must work even when Cognito cannot be
            // told (offline, or an emulator without RevokeToken).
            client.logout().await?;
            revoked.map_err(|e| session::revocation_failed("Cognito", e.into()))?;
            session::logged_out(ctx, &account, Revocation::Revoked)
        }
        ScribeCommand::Forgot => {
            let delivery = auth.forgot_password(&args.username).await?;
            let text = format!(
                "a reset code was sent{}{}",
                delivery
                    .medium
                    .as_deref()
                    .map(|m| format!(" by {m}"))
                    .unwrap_or_default(),
                delivery
                    .destination
                    .as_deref()
                    .map(|d| format!(" to {d}"))
                    .unwrap_or_default()
            );
            ctx.out.message(
                &text,
                serde_json::json!({
                    "medium": delivery.medium,
                    "destination": delivery.destination,
                }),
            )
        }
        ScribeCommand::Confirm => {
            let code = secrets::read_secret(Some("SCRIBE_CONFIRMATION_CODE"), "Reset code")?;
            let new_password = Password::new(secrets::read_secret(
                Some("SCRIBE_NEW_PASSWORD"),
                "New password",
            )?);
            auth.confirm_forgot_password(&args.username, code.trim(), &new_password)
                .await?;
            ctx.out.message(
                "password changed",
                serde_json::json!({ "password_changed": true }),
            )
        }
        ScribeCommand::Credentials => {
            if args.identity_pool_id.is_none() {
                return Err(CliError::usage(
                    "credentials need --identity-pool-id (or SCRIBE_IDENTITY_POOL_ID)",
                ));
            }
            let tokens = current_tokens(&client).await?;
            let id_token = tokens
                .id_token()
                .ok_or_else(|| CliError::auth("the stored tokens hold no id token; run `login`"))?;
            let identity = auth.federated_id(id_token).await?;
            let creds = client.aws_credentials().await?;
            let expiration = creds
                .expiration()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_secs());
            let value = serde_json::json!({
                "identity_id": identity,
                "access_key_id": creds.access_key_id(),
                "expiration": expiration,
            });
            ctx.out
                .object(&value, &["identity_id", "access_key_id", "expiration"])
        }
        ScribeCommand::Tasks { command } => {
            // v2 sends the access token itself: no identity pool.
            if client.api_version() == MiVersion::V1 && args.identity_pool_id.is_none() {
                return Err(CliError::usage(
                    "MI tasks need --identity-pool-id (or SCRIBE_IDENTITY_POOL_ID)",
                ));
            }
            current_tokens(&client).await?;
            tasks(ctx, &client, command).await
        }
    }
}

/// The MI client, its tokens and AWS credentials kept in the CLI's token
/// file under `key` (and `key:aws`).
fn mi_client(ctx: &Ctx, args: &ScribeArgs, key: &str) -> Result<MiClient, CliError> {
    let mut builder = MiClient::builder()
        .api_url(&args.api_url)
        .region(&args.region)
        .client_id(&args.client_id)
        .user_pool_id(&args.user_pool_id)
        .auth_flow(match args.auth_flow {
            Flow::Password => AuthFlow::UserPassword,
            Flow::Srp => AuthFlow::UserSrp,
        })
        .token_store(ctx.store.clone())
        .store_key(key);
    if args.refresh_token_rotation {
        builder = builder.refresh_mode(RefreshMode::Rotating);
    }
    if let Some(pool) = &args.identity_pool_id {
        builder = builder.identity_pool_id(pool);
    }
    // An app client with a secret: from the environment only, never argv.
    if let Ok(secret) = std::env::var("SCRIBE_CLIENT_SECRET")
        && !secret.is_empty()
    {
        builder = builder.client_secret(auth_core::secret::ClientSecret::new(secret));
    }
    if let Some(url) = &args.cognito_endpoint {
        builder = builder.cognito_endpoint(url);
    }
    Ok(builder.build()?)
}

/// Password login, answering challenges until Cognito hands out tokens.
async fn login(auth: &ScribeAuth, username: &str) -> Result<TokenSet, CliError> {
    let password = Password::new(secrets::read_secret(Some("SCRIBE_PASSWORD"), "Password")?);
    let mut step = auth.login(username, &password).await?;
    // Cognito may chain challenges (new password, then MFA); a handful is
    // plenty, and the bound keeps a misbehaving server from looping us.
    for _ in 0..5 {
        let challenge = match step {
            Login::Tokens(tokens) => return Ok(tokens),
            Login::Challenge(challenge) => challenge,
        };
        step = match challenge.kind() {
            ChallengeKind::NewPasswordRequired => {
                eprintln!("Your password is temporary: choose a new one.");
                let new_password = Password::new(secrets::read_secret(
                    Some("SCRIBE_NEW_PASSWORD"),
                    "New password",
                )?);
                auth.complete_new_password(&challenge, &new_password)
                    .await?
            }
            ChallengeKind::SoftwareTokenMfa => {
                let code = secrets::read_secret(Some("SCRIBE_MFA_CODE"), "Authenticator code")?;
                auth.answer_mfa(&challenge, code.trim()).await?
            }
            ChallengeKind::MfaSetup => {
                // The pool demands MFA and the user has none: enrol an
                // authenticator app. The key is the user's own new secret,
                // shown once on stderr (never logged, never on stdout).
                let enrolment = auth.associate_software_token(&challenge).await?;
                eprintln!(
                    "This account must use an authenticator app. Add this key to it:\n  {}\nthen type the code it shows.",
                    enrolment.secret().expose_secret()
                );
                let code = secrets::read_secret(Some("SCRIBE_MFA_CODE"), "Authenticator code")?;
                auth.verify_software_token(&enrolment, code.trim()).await?
            }
            ChallengeKind::SmsMfa => {
                let code = secrets::read_secret(Some("SCRIBE_MFA_CODE"), "SMS code")?;
                auth.answer_mfa(&challenge, code.trim()).await?
            }
            ChallengeKind::SelectMfaType => {
                // Prefer the authenticator app when the user has one.
                let offered = challenge
                    .parameters()
                    .get("MFAS_CAN_CHOOSE")
                    .map(String::as_str)
                    .unwrap_or_default();
                let pick = if offered.contains("SOFTWARE_TOKEN_MFA") || !offered.contains("SMS_MFA")
                {
                    MfaType::SoftwareToken
                } else {
                    MfaType::Sms
                };
                auth.select_mfa_type(&challenge, pick).await?
            }
            other => {
                return Err(CliError::auth(format!(
                    "Cognito asked for a challenge this tool cannot answer: {other:?}"
                )));
            }
        };
    }
    Err(CliError::auth("Cognito kept asking for challenges"))
}

/// The stored tokens, or an authentication error asking for `login`.
async fn require_login(client: &MiClient) -> Result<TokenSet, CliError> {
    client
        .stored_tokens()
        .await?
        .ok_or_else(|| CliError::auth("not logged in: run `dpsdk scribe login` first"))
}

/// Tokens to use now: the stored ones while fresh, else refreshed by the
/// SDK with the stored refresh token (and saved by it for next time).
async fn current_tokens(client: &MiClient) -> Result<Arc<TokenSet>, CliError> {
    require_login(client).await?;
    match client.tokens().await {
        Ok(tokens) => Ok(tokens),
        Err(e) => Err(forget_if_refused(client, e).await),
    }
}

/// A refused refresh token is forgotten, so the next run asks to log in
/// instead of failing the same way.
async fn forget_if_refused(client: &MiClient, err: scribe_mi::ScribeError) -> CliError {
    let err = CliError::from(err);
    if err.kind() == Kind::Auth
        && let Err(e) = client.logout().await
    {
        return CliError::from(e);
    }
    err
}

/// The RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret at `at`.
fn totp(secret: &str, at: SystemTime) -> Result<String, CliError> {
    let secret = scribe_mi::auth_core::secret::SecretValue::new(secret);
    scribe_mi::totp::code(&secret, at).map_err(|_| CliError::usage("the TOTP secret is not base32"))
}

fn expires_at(tokens: &TokenSet) -> Option<u64> {
    let clock = system_clock();
    let at = tokens.expires_at()?;
    let now = clock.now();
    let wall = if at >= now {
        clock.wall() + (at - now)
    } else {
        clock.wall()
    };
    wall.duration_since(SystemTime::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

const TASK_COLUMNS: &[&str] = &[
    "jobid",
    "status",
    "company_name",
    "client_filename",
    "submitted",
];

async fn tasks(ctx: &Ctx, client: &MiClient, command: &TasksCommand) -> Result<(), CliError> {
    match command {
        TasksCommand::List { company } => {
            let mut request = client.list_tasks();
            if let Some(company) = company {
                request = request.company(company);
            }
            let tasks = request.send().await?;
            ctx.out.list(&tasks, TASK_COLUMNS)
        }
        TasksCommand::Get { jobid } => {
            let task = client.get_task(jobid).await?;
            ctx.out.object(&task, TASK_COLUMNS)
        }
        TasksCommand::Submit {
            path,
            filetype,
            filename,
            company,
            wait,
            poll,
        } => {
            let (bar, progress) = crate::progress::upload_bar("uploading");
            let mut request = client.submit_task(Document::Path(path)).progress(progress);
            if let Some(ft) = filetype {
                let ft = FileType::from_extension(ft)
                    .ok_or_else(|| CliError::usage(format!("unknown file type `{ft}`")))?;
                request = request.filetype(ft);
            }
            if let Some(name) = filename {
                request = request.filename(name);
            }
            if let Some(company) = company {
                request = request.company(company);
            }
            let submitted = request.send().await;
            bar.finish_and_clear();
            let jobid = submitted?;
            if *wait {
                let task = wait_task(client, jobid.as_str(), poll).await?;
                return ctx.out.object(&task, TASK_COLUMNS);
            }
            ctx.out
                .object(&serde_json::json!({ "jobid": jobid }), &["jobid"])
        }
        TasksCommand::Wait { jobid, poll } => {
            let task = wait_task(client, jobid, poll).await?;
            ctx.out.object(&task, TASK_COLUMNS)
        }
        TasksCommand::Model { jobid } => {
            let task = client.get_task(jobid).await?;
            let model = client.fetch_model(&task).await?;
            // A model is nested data a table cannot show: JSON either way.
            crate::output::Output::new(true).object(&model, &[])
        }
        TasksCommand::Delete { jobid } => {
            client.delete_task(jobid).await?;
            ctx.out.message(
                &format!("task {jobid} deleted"),
                serde_json::json!({ "deleted": jobid }),
            )
        }
    }
}

/// Polls the task until it is processed, with a spinner showing its status.
async fn wait_task(client: &MiClient, jobid: &str, poll: &PollArgs) -> Result<MiTask, CliError> {
    let policy = poll.policy()?;
    let spinner = Spinner::start(format!("waiting for task {jobid}"));
    let operation = format!("waiting for MI task {jobid}");
    let done = auth_core::poll(&system_clock(), &policy, &operation, || async {
        let task = client.get_task(jobid).await?;
        spinner.status(&task.status.to_string());
        match task.status {
            TaskStatus::Success => Ok(Some(task)),
            TaskStatus::Failed | TaskStatus::Deleted => Err(CliError::other(format!(
                "MI task {jobid} ended as {}",
                task.status
            ))),
            _ => Ok(None),
        }
    })
    .await;
    spinner.finish();
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_matches_the_rfc_6238_vectors() {
        // RFC 6238 appendix B, SHA-1: the secret "12345678901234567890".
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
        assert_eq!(totp(secret, at(59)).ok().as_deref(), Some("287082"));
        assert_eq!(
            totp(secret, at(1_111_111_109)).ok().as_deref(),
            Some("081804")
        );
        assert_eq!(
            totp(secret, at(2_000_000_000)).ok().as_deref(),
            Some("279037")
        );
        assert!(totp("not base32!", at(59)).is_err());
    }
}
