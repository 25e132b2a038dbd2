//! `dpsdk config set|get|list`: the profiles of the config file.

use clap::{Args, Subcommand};

use crate::error::CliError;
use crate::output::Output;
use crate::profile;

/// Config commands.
#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    #[command(subcommand)]
    command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Sets `<service>.<key>` (e.g. `symbl.app_id`) in the profile.
    Set {
        /// `service.key`.
        key: String,
        /// The value.
        value: String,
    },
    /// Prints one value of the profile (exit code 4 when unset).
    Get {
        /// `service.key`.
        key: String,
    },
    /// Lists the profile's values (with --json: every profile).
    List,
}

/// Runs a `dpsdk config` command on profile `name`.
pub(crate) fn run(out: &Output, name: &str, args: ConfigArgs) -> Result<(), CliError> {
    let path = profile::path()?;
    let mut profiles = profile::load(&path)?;
    match args.command {
        ConfigCommand::Set { key, value } => {
            let (service, k) = profile::parse_key(&key)?;
            profiles
                .entry(name.to_owned())
                .or_default()
                .entry(service.to_owned())
                .or_default()
                .insert(k.to_owned(), value.clone());
            profile::save(&path, &profiles)?;
            out.message(
                &format!("{key} = {value} (profile {name}, {})", path.display()),
                serde_json::json!({ "profile": name, "key": key, "value": value, "config_file": path }),
            )
        }
        ConfigCommand::Get { key } => {
            let (service, k) = profile::parse_key(&key)?;
            let value = profiles
                .get(name)
                .and_then(|p| p.get(service))
                .and_then(|s| s.get(k))
                .ok_or_else(|| {
                    CliError::new(
                        crate::error::Kind::NotFound,
                        format!("{key} is not set in profile {name}"),
                    )
                })?;
            out.message(
                value,
                serde_json::json!({ "profile": name, "key": key, "value": value }),
            )
        }
        ConfigCommand::List => {
            let entries: Vec<serde_json::Value> = profiles
                .get(name)
                .into_iter()
                .flatten()
                .flat_map(|(service, values)| {
                    values.iter().map(move |(k, v)| {
                        serde_json::json!({ "key": format!("{service}.{k}"), "value": v })
                    })
                })
                .collect();
            if out.is_json() {
                return out.message(
                    "",
                    serde_json::json!({ "profile": name, "config_file": path, "values": entries, "profiles": profiles }),
                );
            }
            out.list(&entries, &["key", "value"])
        }
    }
}
