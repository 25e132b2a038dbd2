//! Multi-factor authentication: the MFA challenges of a login.

use aws_sdk_cognitoidentityprovider as idp;
use idp::types::ChallengeNameType;

use super::ScribeAuth;
use super::{Challenge, Login};
use crate::error::Result;

impl ScribeAuth {
    /// Answers the software-token MFA challenge with a code.
    ///
    /// # Errors
    /// [`ScribeError::CodeMismatch`] for a wrong code, [`ScribeError::ExpiredCode`] or [`ScribeError::NotAuthorized`] for an expired session; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::Password;
    /// if let scribe_mi::Login::Challenge(c) = auth.login("me@example.com", &Password::new("p")).await? {
    ///     auth.answer_mfa(&c, "123456").await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn answer_mfa(&self, challenge: &Challenge, code: &str) -> Result<Login> {
        self.respond(
            challenge,
            ChallengeNameType::SoftwareTokenMfa,
            &[
                ("USERNAME", &challenge.username),
                ("SOFTWARE_TOKEN_MFA_CODE", code),
            ],
        )
        .await
    }
}
