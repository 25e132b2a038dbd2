//! `dpsdk`: one command-line tool for the Scribe, Symbl, SciNote and Ascribe
//! SDKs of this workspace.
//!
//! Exit codes: 0 success, 2 usage error, 3 authentication failure, 4 not
//! found, 1 anything else. Secrets are read from environment variables or a
//! prompt, never from flags; tokens are kept in the OS keyring where one works (else a 0600 file) and
//! reused; `--token-file` always means that file.

mod commands;
mod error;
mod human;
mod output;
mod profile;
mod progress;
mod secrets;
mod store;
mod style;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::error::CliError;
use crate::output::Output;

/// Command-line client for the Scribe, Symbl.ai, SciNote and Ascribe Coder APIs.
///
/// Secrets (passwords, app and client secrets) come from environment
/// variables or a masked prompt (or one line of stdin when it is not a
/// terminal), never from the command line. Tokens are stored in a file only
/// you can read and reused by later commands.
///
/// Exit codes: 0 ok, 1 error, 2 usage, 3 authentication failed, 4 not found.
#[derive(Debug, Parser)]
#[command(name = "dpsdk", version, propagate_version = true)]
struct Cli {
    /// Print results as JSON (for scripts).
    #[arg(long, global = true)]
    json: bool,

    /// Where tokens are stored [default: CONFIG_DIR/dpsdk/tokens.json, CONFIG_DIR being the user config directory].
    #[arg(long, global = true, env = "DPSDK_TOKEN_FILE", value_name = "PATH")]
    token_file: Option<PathBuf>,

    /// The profile of the config file whose values are the defaults of the
    /// flags (flag > environment variable > profile).
    #[arg(long, global = true, env = "DPSDK_PROFILE", default_value = "default")]
    profile: String,

    /// Log to stderr (-v: info, -vv: debug, -vvv: trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,

    #[command(subcommand)]
    service: Service,
}

#[derive(Debug, Subcommand)]
enum Service {
    /// Symbl.ai: login, status, token, logout, submit, wait, insights, stream.
    Symbl(commands::symbl::SymblArgs),
    /// Ascribe Coder: login, status, token, logout, studies, questions, responses, codebook.
    Ascribe(commands::ascribe::AscribeArgs),
    /// Scribe: Cognito login, status, token, logout, passwords, MFA codes, MI tasks.
    Scribe(commands::scribe::ScribeArgs),
    /// SciNote ELN: login (authorize), status, token, logout, teams, projects, experiments, tasks.
    Scinote(commands::scinote::SciNoteArgs),
    /// Profiles in the config file: set, get, list.
    Config(commands::config::ConfigArgs),
    /// Prints a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Writes the man pages (dpsdk.1 and one per subcommand) into a folder;
    /// `cargo xtask man` calls it.
    #[command(hide = true)]
    Man {
        /// The folder to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
    },
}

/// What every command gets: how to print and where tokens live.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// How results are printed.
    pub(crate) out: Output,
    /// The token store.
    pub(crate) store: std::sync::Arc<dyn auth_core::TokenStore>,
    /// Where the store keeps tokens, for the user.
    pub(crate) store_description: String,
    /// The selected profile, which `login` fills with what it asked for.
    pub(crate) profile: String,
}

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    init_logging(cli.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let json = cli.json;
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                // Machine-readable on stderr; stdout stays for results.
                eprintln!("{}", e.to_json());
            } else {
                eprintln!("{} {e}", style::error_label());
            }
            e.exit_code()
        }
    }
}

/// Parses the command line with the selected profile's values as the
/// flags' defaults.
fn parse() -> Result<Cli, ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let name = profile::selected(&args);
    let profiles = profile::path()
        .and_then(|p| profile::load(&p))
        .map_err(|e| {
            eprintln!("error: {e}");
            e.exit_code()
        })?;
    let mut cmd = Cli::command();
    if let Some(values) = profiles.get(&name) {
        cmd = profile::apply(cmd, values);
    }
    let matches = cmd.try_get_matches_from(args).unwrap_or_else(|e| e.exit());
    Cli::from_arg_matches(&matches).map_err(|e| e.exit())
}

async fn run(cli: Cli) -> Result<(), CliError> {
    match &cli.service {
        Service::Config(_) | Service::Completions { .. } | Service::Man { .. } => {
            return run_local(cli);
        }
        _ => {}
    }
    let opened = store::open(cli.token_file)?;
    // Say where tokens go (stderr, so stdout stays parseable).
    tracing::info!(store = %opened.description, "token store");
    let ctx = Ctx {
        out: Output::new(cli.json),
        store: opened.store,
        store_description: opened.description,
        profile: cli.profile.clone(),
    };
    match cli.service {
        Service::Symbl(args) => commands::symbl::run(&ctx, args).await,
        Service::Ascribe(args) => commands::ascribe::run(&ctx, args).await,
        Service::Scribe(args) => commands::scribe::run(&ctx, args).await,
        Service::Scinote(args) => commands::scinote::run(&ctx, args).await,
        Service::Config(_) | Service::Completions { .. } | Service::Man { .. } => Ok(()),
    }
}

/// Commands that need neither the network nor the token store.
fn run_local(cli: Cli) -> Result<(), CliError> {
    match cli.service {
        Service::Config(args) => commands::config::run(&Output::new(cli.json), &cli.profile, args),
        Service::Completions { shell } => {
            // Into a buffer first: a closed pipe (`| head`) is then an
            // error, not a panic inside clap_complete.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "dpsdk", &mut script);
            use std::io::Write;
            let _ = std::io::stdout().write_all(&script);
            Ok(())
        }
        Service::Man { out_dir } => {
            let io = |e: std::io::Error| {
                CliError::other(format!(
                    "cannot write man pages to {}: {e}",
                    out_dir.display()
                ))
            };
            std::fs::create_dir_all(&out_dir).map_err(io)?;
            clap_mangen::generate_to(Cli::command(), &out_dir).map_err(io)?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Tracing to stderr only when asked, so stdout stays parseable.
fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
