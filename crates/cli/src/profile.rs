//! Named profiles in `$XDG_CONFIG_HOME/dpsdk/config.toml` (or
//! `~/.config/dpsdk/config.toml`, or `DPSDK_CONFIG`): per-service defaults
//! (base URLs, client ids, pools, user names) that sit under flags and
//! environment variables. Only the keys listed in [`KEYS`] are accepted, so
//! no secret can end up in the file.
//!
//! ```toml
//! [profiles.default.symbl]
//! app_id = "my-app"
//! ```

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// The settable keys per service; each is the name of the service's flag
/// (`app_id` is `--app-id`). `store.token_file` is the global `--token-file`.
pub(crate) const KEYS: &[(&str, &[&str])] = &[
    ("symbl", &["base_url", "app_id"]),
    ("ascribe", &["base_url", "account", "user"]),
    (
        "scribe",
        &[
            "api_url",
            "cognito_endpoint",
            "region",
            "client_id",
            "user_pool_id",
            "identity_pool_id",
            "username",
            "auth_flow",
        ],
    ),
    ("scinote", &["server", "client_id", "redirect_uri"]),
    ("store", &["token_file"]),
];

/// Settings a `login` asked for at the prompt because no flag, environment
/// variable or profile had them; saved into the profile once the login
/// worked, so later commands need none of them (`gh auth login` style).
pub(crate) struct Asked {
    service: &'static str,
    values: Vec<(&'static str, String)>,
}

impl Asked {
    /// Nothing asked yet for `service`.
    pub(crate) fn new(service: &'static str) -> Self {
        Self {
            service,
            values: Vec::new(),
        }
    }

    /// Leaves a set `value` alone; else asks with `prompt` (one line of
    /// stdin when it is not a terminal) and remembers the answer as `key`.
    pub(crate) fn fill(
        &mut self,
        value: &mut String,
        key: &'static str,
        prompt: &str,
    ) -> Result<(), CliError> {
        if !value.trim().is_empty() {
            return Ok(());
        }
        let answer = crate::secrets::prompt_line(prompt, false)?;
        answer.trim().clone_into(value);
        self.values.push((key, value.clone()));
        Ok(())
    }

    /// Writes the answers into profile `name`; the config file's path when
    /// anything was written.
    pub(crate) fn save(self, name: &str) -> Result<Option<PathBuf>, CliError> {
        if self.values.is_empty() {
            return Ok(None);
        }
        let path = path()?;
        let mut profiles = load(&path)?;
        let section = profiles
            .entry(name.to_owned())
            .or_default()
            .entry(self.service.to_owned())
            .or_default();
        for (key, value) in self.values {
            section.insert(key.to_owned(), value);
        }
        save(&path, &profiles)?;
        Ok(Some(path))
    }
}

/// Profile name → service → key → value.
pub(crate) type Profiles = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct File {
    #[serde(default)]
    profiles: Profiles,
}

/// Where the config file is.
pub(crate) fn path() -> Result<PathBuf, CliError> {
    if let Some(p) = std::env::var_os("DPSDK_CONFIG").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|p| !p.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::home_dir()
            .ok_or_else(|| CliError::usage("no home directory is known; set DPSDK_CONFIG"))?
            .join(".config"),
    };
    Ok(base.join("dpsdk").join("config.toml"))
}

/// Reads every profile (none when the file does not exist).
pub(crate) fn load(path: &Path) -> Result<Profiles, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Profiles::new()),
        Err(e) => {
            return Err(CliError::other(format!(
                "cannot read {}: {e}",
                path.display()
            )));
        }
    };
    let file: File = toml::from_str(&text)
        .map_err(|e| CliError::usage(format!("{} is not valid: {e}", path.display())))?;
    Ok(file.profiles)
}

/// Writes every profile: a 0600 temporary file beside the target, renamed
/// over it, so a crash never leaves half a file.
pub(crate) fn save(path: &Path, profiles: &Profiles) -> Result<(), CliError> {
    let io = |e: std::io::Error| CliError::other(format!("cannot write {}: {e}", path.display()));
    let text = toml::to_string_pretty(&File {
        profiles: profiles.clone(),
    })
    .map_err(|e| CliError::other(format!("cannot format the config: {e}")))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    // tempfile creates the file with mode 0600 on Unix.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Splits `service.key` and checks it is a known, non-secret setting.
pub(crate) fn parse_key(dotted: &str) -> Result<(&str, &str), CliError> {
    let (service, key) = dotted
        .split_once('.')
        .ok_or_else(|| CliError::usage(format!("`{dotted}` is not of the form service.key")))?;
    let known = KEYS
        .iter()
        .find(|(s, _)| *s == service)
        .ok_or_else(|| CliError::usage(format!("unknown service `{service}`")))?;
    if !known.1.contains(&key) {
        return Err(CliError::usage(format!(
            "unknown key `{key}` for {service} (known: {}; secrets are never stored here)",
            known.1.join(", ")
        )));
    }
    Ok((service, key))
}

/// The profile chosen before clap parses: `--profile NAME` /
/// `--profile=NAME` on the command line, else `DPSDK_PROFILE`, else
/// `default`.
pub(crate) fn selected(args: &[std::ffi::OsString]) -> String {
    let mut iter = args.iter().filter_map(|a| a.to_str());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        if let Some(name) = arg.strip_prefix("--profile=") {
            return name.to_owned();
        }
        if arg == "--profile"
            && let Some(name) = iter.next()
        {
            return name.to_owned();
        }
    }
    std::env::var("DPSDK_PROFILE")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "default".to_owned())
}

/// Sets the profile's values as the defaults of the matching flags, so a
/// flag or environment variable still wins (clap checks them first).
pub(crate) fn apply(
    mut cmd: clap::Command,
    profile: &BTreeMap<String, BTreeMap<String, String>>,
) -> clap::Command {
    for (service, values) in profile {
        for (key, value) in values {
            if parse_key(&format!("{service}.{key}")).is_err() {
                continue;
            }
            // clap wants 'static defaults; a handful of short strings live
            // as long as the process anyway.
            let value: &'static str = Box::leak(value.clone().into_boxed_str());
            let id: &'static str = Box::leak(key.clone().into_boxed_str());
            if service == "store" {
                cmd = cmd.mut_arg(id, |a| a.default_value(value));
            } else {
                cmd = cmd.mut_subcommand(service.as_str(), |s| {
                    s.mut_arg(id, |a| a.default_value(value))
                });
            }
        }
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_unknown_keys_are_refused() {
        assert!(parse_key("symbl.app_id").is_ok());
        assert!(parse_key("symbl.app_secret").is_err());
        assert!(parse_key("scribe.password").is_err());
        assert!(parse_key("nothing").is_err());
    }

    #[test]
    fn the_command_line_profile_wins_over_the_default() {
        let args: Vec<std::ffi::OsString> = ["dpsdk", "--profile", "prod", "symbl"]
            .iter()
            .map(Into::into)
            .collect();
        assert_eq!(selected(&args), "prod");
        let args: Vec<std::ffi::OsString> =
            ["dpsdk", "--profile=lab"].iter().map(Into::into).collect();
        assert_eq!(selected(&args), "lab");
    }
}
