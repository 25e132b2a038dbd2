//! User-pool login: by password (`USER_PASSWORD_AUTH`) or SRP
//! (`USER_SRP_AUTH`), and the temporary-password challenge.

use auth_core::secret::Password;
use aws_sdk_cognitoidentityprovider as idp;
use idp::types::{AuthFlowType, ChallengeNameType};

use super::ScribeAuth;
use super::srp;
use super::{Challenge, Login};
use crate::config::AuthFlow;
use crate::error::{Result, ScribeError};

impl ScribeAuth {
    /// Logs in with a user name and password, by the configured
    /// [`AuthFlow`] (`USER_PASSWORD_AUTH` unless SRP was chosen).
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for a wrong password, the other
    /// Cognito errors typed, [`ScribeError::Network`] and
    /// [`ScribeError::Timeout`] when Cognito cannot be reached.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// let password = auth_core::secret::Password::new("pw");
    /// let login = auth.login("me@example.com", &password).await?;
    /// # let _ = login; Ok(()) }
    /// ```
    pub async fn login(&self, username: &str, password: &Password) -> Result<Login> {
        match self.config.auth_flow {
            AuthFlow::UserSrp => self.login_srp(username, password).await,
            _ => self.login_password(username, password).await,
        }
    }

    /// Logs in with SRP (`USER_SRP_AUTH`, then the `PASSWORD_VERIFIER`
    /// challenge answered with the password claim): Cognito never sees the
    /// password. The outcome is that of any login: tokens, or the next
    /// challenge (new password, MFA).
    ///
    /// # Errors
    /// As [`login`](Self::login); [`ScribeError::Srp`] when Cognito's
    /// challenge is malformed (a `SRP_B` that fails the safety check).
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// let password = auth_core::secret::Password::new("pw");
    /// let login = auth.login_srp("me@example.com", &password).await?;
    /// # let _ = login; Ok(()) }
    /// ```
    pub async fn login_srp(&self, username: &str, password: &Password) -> Result<Login> {
        const INITIATE: &str = "InitiateAuth";
        let client = srp::SrpClient::new()?;
        let out = self
            .user_pool()
            .initiate_auth()
            .auth_flow(AuthFlowType::UserSrpAuth)
            .client_id(&self.config.client_id)
            .set_auth_parameters(self.with_secret_hash(
                username,
                [("USERNAME", username), ("SRP_A", &client.public_hex())],
            ))
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk(INITIATE, e))?;
        if out.challenge_name() != Some(&ChallengeNameType::PasswordVerifier) {
            // Some pools answer with tokens or another challenge at once.
            return self.login_outcome(
                INITIATE,
                username,
                self.clock.now(),
                out.authentication_result(),
                out.challenge_name(),
                out.session(),
                out.challenge_parameters(),
            );
        }
        let params = out.challenge_parameters().cloned().unwrap_or_default();
        let get = |field: &'static str| {
            params
                .get(field)
                .map(String::as_str)
                .ok_or(ScribeError::MissingField {
                    operation: INITIATE,
                    field,
                })
        };
        let user_id = get("USER_ID_FOR_SRP")?;
        let secret_block = get("SECRET_BLOCK")?;
        let timestamp = srp::timestamp(self.clock.wall());
        let signature = client.password_claim(
            &self.config.user_pool_id,
            user_id,
            password.expose_secret(),
            get("SRP_B")?,
            get("SALT")?,
            secret_block,
            &timestamp,
        )?;
        let internal_username = params.get("USERNAME").map_or(username, String::as_str);
        let sent_at = self.clock.now();
        let mut req = self
            .user_pool()
            .respond_to_auth_challenge()
            .client_id(&self.config.client_id)
            .challenge_name(ChallengeNameType::PasswordVerifier)
            .challenge_responses("USERNAME", internal_username)
            .challenge_responses("PASSWORD_CLAIM_SECRET_BLOCK", secret_block)
            .challenge_responses("PASSWORD_CLAIM_SIGNATURE", signature)
            .challenge_responses("TIMESTAMP", timestamp);
        if let Some(hash) = self.secret_hash(internal_username) {
            req = req.challenge_responses("SECRET_HASH", hash);
        }
        if let Some(session) = out.session() {
            req = req.session(session);
        }
        let answer = req
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("RespondToAuthChallenge", e))?;
        self.login_outcome(
            "RespondToAuthChallenge",
            internal_username,
            sent_at,
            answer.authentication_result(),
            answer.challenge_name(),
            answer.session(),
            answer.challenge_parameters(),
        )
    }

    /// Logs in with a user name and password sent to Cognito
    /// (`USER_PASSWORD_AUTH`), whatever the configured flow.
    ///
    /// # Errors
    /// As [`login`](Self::login).
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// let password = auth_core::secret::Password::new("pw");
    /// let login = auth.login_password("me@example.com", &password).await?;
    /// # let _ = login; Ok(()) }
    /// ```
    pub async fn login_password(&self, username: &str, password: &Password) -> Result<Login> {
        let sent_at = self.clock.now();
        let out = self
            .user_pool()
            .initiate_auth()
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .client_id(&self.config.client_id)
            .set_auth_parameters(self.with_secret_hash(
                username,
                [
                    ("USERNAME", username),
                    ("PASSWORD", password.expose_secret()),
                ],
            ))
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("InitiateAuth", e))?;
        self.login_outcome(
            "InitiateAuth",
            username,
            sent_at,
            out.authentication_result(),
            out.challenge_name(),
            out.session(),
            out.challenge_parameters(),
        )
    }

    /// Answers the temporary-password challenge with a new password.
    ///
    /// # Errors
    /// [`ScribeError::PasswordPolicy`] when the new password breaks the pool's policy, [`ScribeError::NotAuthorized`] for an expired session; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// use scribe_mi::auth_core::secret::Password;
    /// if let scribe_mi::Login::Challenge(c) = auth.login("me@example.com", &Password::new("temp")).await? {
    ///     auth.complete_new_password(&c, &Password::new("a-new-strong-password")).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn complete_new_password(
        &self,
        challenge: &Challenge,
        new_password: &Password,
    ) -> Result<Login> {
        self.respond(
            challenge,
            ChallengeNameType::NewPasswordRequired,
            &[
                ("USERNAME", &challenge.username),
                ("NEW_PASSWORD", new_password.expose_secret()),
            ],
        )
        .await
    }
}
