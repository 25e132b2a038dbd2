//! Reading secrets: from an environment variable, else a masked prompt on a
//! terminal, else one line of stdin (so scripts and tests can pipe them).
//!
//! There is deliberately no way to pass a secret as a flag: command lines are
//! visible to other users (`ps`) and end up in shell history.

use std::io::{BufRead, IsTerminal, Write};

use crate::error::CliError;

/// Reads a secret: `env_var` if set and non-empty, else asks with `prompt`.
pub(crate) fn read_secret(env_var: Option<&str>, prompt: &str) -> Result<String, CliError> {
    if let Some(name) = env_var
        && let Ok(value) = std::env::var(name)
        && !value.is_empty()
    {
        return Ok(value);
    }
    prompt_line(prompt, true)
}

/// Asks for one line (a secret when `masked`): masked on a terminal, a plain
/// line from stdin otherwise. The prompt goes to stderr so stdout stays
/// clean for `--json`.
pub(crate) fn prompt_line(prompt: &str, masked: bool) -> Result<String, CliError> {
    let stdin = std::io::stdin();
    if masked && stdin.is_terminal() {
        return rpassword::prompt_password(format!("{prompt}: "))
            .map_err(|e| CliError::other(format!("cannot read {prompt}: {e}")));
    }
    if stdin.is_terminal() {
        eprint!("{prompt}: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    let read = stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::other(format!("cannot read {prompt}: {e}")))?;
    if read == 0 {
        return Err(CliError::usage(format!(
            "{prompt} is needed: set it in the environment or type it at the prompt (stdin is closed)"
        )));
    }
    let value = line.trim_end_matches(['\r', '\n']).to_owned();
    if value.is_empty() {
        return Err(CliError::usage(format!("{prompt} must not be empty")));
    }
    Ok(value)
}
