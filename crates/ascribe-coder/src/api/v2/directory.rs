//! Users and translation languages (v2).

use auth_core::http::ApiRequest;

use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::directory::{LanguagesEnvelope, UsersEnvelope};
use crate::models::{Language, User};

impl AscribeClient {
    /// Users of the account (`GET /Users`, v2).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// for user in client.users().list().await? {
    ///     println!("{} {}", user.key, user.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn users(&self) -> Users {
        Users {
            client: self.clone(),
        }
    }

    /// Languages responses can be translated into
    /// (`GET /Languages/Translate`, v2).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let languages = client.languages().translation().await?;
    /// assert!(languages.iter().any(|l| l.code == "en"));
    /// # Ok(()) }
    /// ```
    pub fn languages(&self) -> Languages {
        Languages {
            client: self.clone(),
        }
    }
}

/// User calls (`/Users`, v2).
#[derive(Debug, Clone)]
pub struct Users {
    client: AscribeClient,
}

impl Users {
    /// Lists the users of the account (`GET /Users`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let users = client.users().list().await?;
    /// println!("{} users", users.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses,
    /// [`Error::Core`](crate::Error::Core) for transport and authentication
    /// failures.
    pub async fn list(&self) -> Result<Vec<User>> {
        let envelope: UsersEnvelope = self
            .client
            .call(ApiRequest::get("list_users", "Users"))
            .await?;
        Ok(envelope.users)
    }
}

/// Language calls (`/Languages`, v2).
#[derive(Debug, Clone)]
pub struct Languages {
    client: AscribeClient,
}

impl Languages {
    /// The languages responses can be translated into
    /// (`GET /Languages/Translate`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// for language in client.languages().translation().await? {
    ///     println!("{} {}", language.code, language.name);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses,
    /// [`Error::Core`](crate::Error::Core) for transport and authentication
    /// failures.
    pub async fn translation(&self) -> Result<Vec<Language>> {
        let envelope: LanguagesEnvelope = self
            .client
            .call(ApiRequest::get(
                "list_translation_languages",
                "Languages/Translate",
            ))
            .await?;
        Ok(envelope.languages)
    }
}
