//! The token file: `<config dir>/dpsdk/tokens.json` (or `--token-file` /
//! `DPSDK_TOKEN_FILE`), kept by `auth-core`'s [`FileStore`] so it is mode
//! 0600 and replaced atomically. One key per service and account.

use std::path::PathBuf;
use std::sync::Arc;

use auth_core::store::FileStore;

use crate::error::CliError;

/// The store at `explicit`, else in the user's config directory.
pub(crate) fn open(explicit: Option<PathBuf>) -> Result<Arc<FileStore>, CliError> {
    let path = match explicit {
        Some(p) => p,
        None => dirs::config_dir()
            .ok_or_else(|| CliError::usage("no config directory is known here; pass --token-file"))?
            .join("dpsdk")
            .join("tokens.json"),
    };
    Ok(Arc::new(FileStore::new(path)))
}

/// The key of one credential: service, endpoint and account, so two accounts
/// or two environments (production, an emulator) never share a token.
pub(crate) fn key(service: &str, endpoint: &str, account: &str) -> String {
    format!("{service}:{endpoint}:{account}")
}
