//! Passwords: change (logged in, or from the current password) and the
//! forgotten-password reset.

use auth_core::TokenSet;
use auth_core::secret::{AccessToken, Password};

use super::ScribeAuth;
use super::challenge::challenge_name;
use super::{ChallengeKind, Login};
use crate::error::{Result, ScribeError};

/// Where a forgotten-password code was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeDelivery {
    /// `EMAIL` or `SMS`, where Cognito says.
    pub medium: Option<String>,
    /// The masked destination (`a***@e***.com`), where Cognito says.
    pub destination: Option<String>,
}

impl ScribeAuth {
    /// Changes the password of a logged-in user (`ChangePassword`).
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for a wrong old password or an expired access token, [`ScribeError::PasswordPolicy`] for a weak new one; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::Password;
    /// # let tokens: scribe_mi::auth_core::TokenSet = todo!();
    /// auth.change_password(tokens.access_token(), &Password::new("old"), &Password::new("new-Passw0rd!")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn change_password(
        &self,
        access_token: &AccessToken,
        old: &Password,
        new: &Password,
    ) -> Result<()> {
        self.user_pool()
            .change_password()
            .access_token(access_token.expose_secret())
            .previous_password(old.expose_secret())
            .proposed_password(new.expose_secret())
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("ChangePassword", e))?;
        Ok(())
    }

    /// Changes a password knowing only the user name and the current
    /// password, as `scribeauth.change_password` does: logs in, then either
    /// answers the temporary-password challenge or calls `ChangePassword`.
    /// Returns the tokens of the login.
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for a wrong old password, [`ScribeError::PasswordPolicy`] for a weak new one, [`ScribeError::ChallengeRequired`] when the login asks for another challenge (e.g. MFA); [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::Password;
    /// auth.change_password_for("me@example.com", &Password::new("old"), &Password::new("new-Passw0rd!")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn change_password_for(
        &self,
        username: &str,
        old: &Password,
        new: &Password,
    ) -> Result<TokenSet> {
        match self.login(username, old).await? {
            Login::Tokens(tokens) => {
                self.change_password(tokens.access_token(), old, new)
                    .await?;
                Ok(tokens)
            }
            Login::Challenge(c) if c.kind == ChallengeKind::NewPasswordRequired => {
                self.complete_new_password(&c, new).await?.into_tokens()
            }
            Login::Challenge(c) => Err(ScribeError::ChallengeRequired {
                name: challenge_name(&c.kind),
            }),
        }
    }

    /// Starts a forgotten-password reset: Cognito sends the user a code.
    ///
    /// # Errors
    /// [`ScribeError::UserNotFound`] for an unknown user; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// let delivery = auth.forgot_password("me@example.com").await?;
    /// # Ok(()) }
    /// ```
    pub async fn forgot_password(&self, username: &str) -> Result<CodeDelivery> {
        let out = self
            .user_pool()
            .forgot_password()
            .client_id(&self.config.client_id)
            .username(username)
            .set_secret_hash(self.secret_hash(username))
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("ForgotPassword", e))?;
        let details = out.code_delivery_details();
        Ok(CodeDelivery {
            medium: details
                .and_then(|d| d.delivery_medium())
                .map(|m| m.as_str().to_owned()),
            destination: details.and_then(|d| d.destination()).map(str::to_owned),
        })
    }

    /// Sets a new password with the code from [`forgot_password`](Self::forgot_password).
    ///
    /// # Errors
    /// [`ScribeError::CodeMismatch`] or [`ScribeError::ExpiredCode`] for a bad code, [`ScribeError::PasswordPolicy`] for a weak password; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::Password;
    /// auth.confirm_forgot_password("me@example.com", "123456", &Password::new("new-Passw0rd!")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: &Password,
    ) -> Result<()> {
        self.user_pool()
            .confirm_forgot_password()
            .client_id(&self.config.client_id)
            .username(username)
            .set_secret_hash(self.secret_hash(username))
            .confirmation_code(code)
            .password(new_password.expose_secret())
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("ConfirmForgotPassword", e))?;
        Ok(())
    }
}
