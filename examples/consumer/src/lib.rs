//! "User code": a small function built on a [`SymblClient`], tested in
//! `tests/` against the local Symbl mock.

use symbl::SymblClient;

/// How many conversations the account holds.
///
/// # Errors
///
/// Any [`symbl::SymblError`] from listing the conversations.
pub async fn conversation_count(client: &SymblClient) -> symbl::Result<usize> {
    Ok(client.conversations().list().send().await?.len())
}
