//! Teams.

use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::error::Result;
use crate::models::{Team, TeamAttributes};
use crate::pagination::List;

/// Teams the user belongs to (`/api/v1/teams`).
#[derive(Debug, Clone)]
pub struct TeamsApi {
    pub(crate) c: Collection,
}

impl TeamsApi {
    pub(crate) fn new(client: &SciNoteClient) -> Self {
        Self {
            c: Collection::new(client, api_path(&[("teams", None)]), "teams"),
        }
    }

    /// Lists the teams (filters `created_at` / `updated_at` `[from|to]`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.teams().list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<TeamAttributes> {
        self.c.list("list_teams")
    }

    /// One team.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.teams().get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::TeamId>) -> Result<Team> {
        let id: crate::ids::TeamId = id.into();
        let id = id.as_str();
        self.c.get("get_team", id).await
    }
}
