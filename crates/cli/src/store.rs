//! Where the CLI keeps tokens: the OS keyring where one works (Secret
//! Service, macOS Keychain, Windows Credential Manager, Linux keyutils),
//! else `<config dir>/dpsdk/tokens.json`, kept by `auth-core`'s
//! [`FileStore`] (mode 0600, replaced atomically). `--token-file` /
//! `DPSDK_TOKEN_FILE` (or a profile's `store.token_file`) always means that
//! file. One key per service, endpoint and account.

use std::path::PathBuf;
use std::sync::Arc;

use auth_core::TokenStore;
use auth_core::store::FileStore;
use token_stores::LocalStore;

use crate::error::CliError;

/// The service name the CLI's keyring entries use.
const KEYRING_SERVICE: &str = "dpsdk";

/// The open token store and, for the user, where it keeps tokens.
pub(crate) struct OpenStore {
    pub(crate) store: Arc<dyn TokenStore>,
    /// `"the OS keyring (linux keyutils, service dpsdk)"` or `"the file …"`.
    pub(crate) description: String,
}

/// The file at `explicit`; else the OS keyring when one works, falling back
/// to the file in the user's config directory.
pub(crate) fn open(explicit: Option<PathBuf>) -> Result<OpenStore, CliError> {
    if let Some(path) = explicit {
        let description = format!("the file {}", path.display());
        return Ok(OpenStore {
            store: Arc::new(FileStore::new(path)),
            description,
        });
    }
    let path = dirs::config_dir()
        .ok_or_else(|| CliError::usage("no config directory is known here; pass --token-file"))?
        .join("dpsdk")
        .join("tokens.json");
    // The keyring store locks `<path>.lock`, so its folder must exist.
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let local = LocalStore::keyring_or_file(KEYRING_SERVICE, &path);
    let description = local.describe();
    Ok(OpenStore {
        store: Arc::new(local),
        description,
    })
}

/// The key of one credential: service, endpoint and account, so two accounts
/// or two environments (production, an emulator) never share a token.
pub(crate) fn key(service: &str, endpoint: &str, account: &str) -> String {
    format!("{service}:{endpoint}:{account}")
}
