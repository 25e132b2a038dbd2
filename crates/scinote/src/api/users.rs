//! Users.

use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::error::Result;
use crate::models::{User, UserAttributes};
use crate::pagination::List;

/// Users: a team's members (`/teams/T/users`) and single users (`/users/{id}`).
#[derive(Debug, Clone)]
pub struct UsersApi {
    pub(crate) client: SciNoteClient,
}

impl UsersApi {
    pub(crate) fn new(client: &SciNoteClient) -> Self {
        Self {
            client: client.clone(),
        }
    }

    /// The members of a team.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let members = client.users().list_team("1").all().await?;
    /// # let _ = members;
    /// # Ok(()) }
    /// ```
    pub fn list_team(&self, team_id: impl Into<crate::ids::TeamId>) -> List<UserAttributes> {
        let team_id: crate::ids::TeamId = team_id.into();
        let team_id = team_id.as_str();
        Collection::new(
            &self.client,
            api_path(&[("teams", Some(team_id)), ("users", None)]),
            "users",
        )
        .list("list_team_users")
    }

    /// One user.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.users().get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::UserId>) -> Result<User> {
        let id: crate::ids::UserId = id.into();
        let id = id.as_str();
        Collection::new(&self.client, api_path(&[("users", None)]), "users")
            .get("get_user", id)
            .await
    }
}
