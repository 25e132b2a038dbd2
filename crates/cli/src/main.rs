//! `dpsdk`: one command-line tool for the Scribe, Symbl, SciNote and Ascribe
//! SDKs of this workspace.
//!
//! Exit codes: 0 success, 2 usage error, 3 authentication failure, 4 not
//! found, 1 anything else. Secrets are read from environment variables or a
//! prompt, never from flags; tokens are kept in a 0600 file and reused.

mod commands;
mod error;
mod output;
mod secrets;
mod store;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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

    /// Log to stderr (-v: info, -vv: debug, -vvv: trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,

    #[command(subcommand)]
    service: Service,
}

#[derive(Debug, Subcommand)]
enum Service {
    /// Symbl.ai: token, submit, wait, insights.
    Symbl(commands::symbl::SymblArgs),
    /// Ascribe Coder: login, studies, questions, responses, codebook.
    Ascribe(commands::ascribe::AscribeArgs),
    /// Scribe: Cognito login and tokens, MI tasks.
    Scribe(commands::scribe::ScribeArgs),
    /// SciNote ELN: authorize, teams, projects, experiments, tasks.
    Scinote(commands::scinote::SciNoteArgs),
}

/// What every command gets: how to print and where tokens live.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// How results are printed.
    pub(crate) out: Output,
    /// The token store.
    pub(crate) store: std::sync::Arc<auth_core::store::FileStore>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
                eprintln!("error: {e}");
            }
            e.exit_code()
        }
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let ctx = Ctx {
        out: Output::new(cli.json),
        store: store::open(cli.token_file)?,
    };
    match cli.service {
        Service::Symbl(args) => commands::symbl::run(&ctx, args).await,
        Service::Ascribe(args) => commands::ascribe::run(&ctx, args).await,
        Service::Scribe(args) => commands::scribe::run(&ctx, args).await,
        Service::Scinote(args) => commands::scinote::run(&ctx, args).await,
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
