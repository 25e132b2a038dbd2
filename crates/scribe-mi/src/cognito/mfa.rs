//! Multi-factor authentication: answering the MFA challenges of a login
//! (`SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `SELECT_MFA_TYPE`), enrolling an
//! authenticator app when the pool demands it (`MFA_SETUP`). A logged-in
//! user's MFA settings are in `mfa_settings`.

use std::fmt;

use auth_core::secret::SecretValue;
use aws_sdk_cognitoidentityprovider as idp;
use idp::types::ChallengeNameType;
use idp::types::VerifySoftwareTokenResponseType;

use super::ScribeAuth;
use super::challenge::challenge_name;
use super::{Challenge, ChallengeKind, Login};
use crate::error::{Result, ScribeError};

/// A second factor, as `SELECT_MFA_TYPE` offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MfaType {
    /// A code sent by SMS (`SMS_MFA`).
    Sms,
    /// A code from an authenticator app (`SOFTWARE_TOKEN_MFA`).
    SoftwareToken,
}

impl MfaType {
    fn as_str(self) -> &'static str {
        match self {
            MfaType::Sms => "SMS_MFA",
            MfaType::SoftwareToken => "SOFTWARE_TOKEN_MFA",
        }
    }
}

/// An authenticator-app enrolment during login (`MFA_SETUP`), between
/// [`ScribeAuth::associate_software_token`] and
/// [`ScribeAuth::verify_software_token`]: the secret to put into the app.
#[derive(Clone)]
pub struct TotpEnrolment {
    username: String,
    session: SecretValue,
    secret: SecretValue,
}

impl TotpEnrolment {
    /// The base32 TOTP secret to enter in (or show as a QR code to) the
    /// user's authenticator app. A secret: never log it.
    ///
    /// ```no_run
    /// # fn run(e: scribe_mi::cognito::TotpEnrolment) -> scribe_mi::Result<()> {
    /// let code = scribe_mi::totp::code(e.secret(), std::time::SystemTime::now())?;
    /// # let _ = code; Ok(()) }
    /// ```
    pub fn secret(&self) -> &SecretValue {
        &self.secret
    }

    /// The user being enrolled.
    ///
    /// ```no_run
    /// # fn run(e: scribe_mi::cognito::TotpEnrolment) {
    /// println!("enrolling {}", e.username());
    /// # }
    /// ```
    pub fn username(&self) -> &str {
        &self.username
    }
}

impl fmt::Debug for TotpEnrolment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TotpEnrolment")
            .field("username", &self.username)
            .field("session", &self.session)
            .field("secret", &self.secret)
            .finish()
    }
}

impl ScribeAuth {
    /// Answers an MFA challenge with the user's code: the authenticator-app
    /// code for [`ChallengeKind::SoftwareTokenMfa`], the SMS code for
    /// [`ChallengeKind::SmsMfa`].
    ///
    /// # Errors
    /// [`ScribeError::CodeMismatch`] for a wrong code, [`ScribeError::ExpiredCode`] or [`ScribeError::NotAuthorized`] for an expired session, [`ScribeError::ChallengeRequired`] when `challenge` is not an MFA code challenge; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
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
        let (name, field) = match challenge.kind {
            ChallengeKind::SoftwareTokenMfa => (
                ChallengeNameType::SoftwareTokenMfa,
                "SOFTWARE_TOKEN_MFA_CODE",
            ),
            ChallengeKind::SmsMfa => (ChallengeNameType::SmsMfa, "SMS_MFA_CODE"),
            _ => return Err(wrong_challenge(challenge)),
        };
        self.respond(
            challenge,
            name,
            &[("USERNAME", &challenge.username), (field, code)],
        )
        .await
    }

    /// Picks the second factor a `SELECT_MFA_TYPE` challenge offers
    /// (`MFAS_CAN_CHOOSE`); Cognito answers with that factor's challenge.
    ///
    /// # Errors
    /// [`ScribeError::InvalidParameter`] for a factor the user does not have, [`ScribeError::NotAuthorized`] for an expired session, [`ScribeError::ChallengeRequired`] when `challenge` is not `SELECT_MFA_TYPE`; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, c: scribe_mi::Challenge) -> scribe_mi::Result<()> {
    /// use scribe_mi::cognito::MfaType;
    /// let next = auth.select_mfa_type(&c, MfaType::SoftwareToken).await?;
    /// # let _ = next; Ok(()) }
    /// ```
    pub async fn select_mfa_type(&self, challenge: &Challenge, mfa: MfaType) -> Result<Login> {
        if challenge.kind != ChallengeKind::SelectMfaType {
            return Err(wrong_challenge(challenge));
        }
        self.respond(
            challenge,
            ChallengeNameType::SelectMfaType,
            &[("USERNAME", &challenge.username), ("ANSWER", mfa.as_str())],
        )
        .await
    }

    /// Starts enrolling an authenticator app for an `MFA_SETUP` challenge
    /// (`AssociateSoftwareToken` with the challenge's session): returns the
    /// secret to put into the app. Finish with
    /// [`verify_software_token`](Self::verify_software_token).
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for an expired session, [`ScribeError::MissingField`] when Cognito sends no secret, [`ScribeError::ChallengeRequired`] when `challenge` is not `MFA_SETUP`; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, c: scribe_mi::Challenge) -> scribe_mi::Result<()> {
    /// let enrolment = auth.associate_software_token(&c).await?;
    /// // Show enrolment.secret() to the user (as a QR code), then ask for a code.
    /// let login = auth.verify_software_token(&enrolment, "123456").await?;
    /// # let _ = login; Ok(()) }
    /// ```
    pub async fn associate_software_token(&self, challenge: &Challenge) -> Result<TotpEnrolment> {
        const OPERATION: &str = "AssociateSoftwareToken";
        if challenge.kind != ChallengeKind::MfaSetup {
            return Err(wrong_challenge(challenge));
        }
        let out = self
            .user_pool()
            .associate_software_token()
            .session(challenge.session.expose_secret())
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk(OPERATION, e))?;
        let secret = out.secret_code().ok_or(ScribeError::MissingField {
            operation: OPERATION,
            field: "SecretCode",
        })?;
        Ok(TotpEnrolment {
            username: challenge.username.clone(),
            // Cognito may hand out a new session; else the challenge's goes on.
            session: SecretValue::new(
                out.session()
                    .unwrap_or_else(|| challenge.session.expose_secret()),
            ),
            secret: SecretValue::new(secret),
        })
    }

    /// Finishes an `MFA_SETUP` enrolment: checks a code from the app
    /// (`VerifySoftwareToken`), then answers the `MFA_SETUP` challenge
    /// with the session that returns. The outcome is that of any login:
    /// tokens, or a further challenge.
    ///
    /// # Errors
    /// [`ScribeError::CodeMismatch`] for a wrong code, [`ScribeError::NotAuthorized`] or [`ScribeError::UnknownClientOrPool`] for an expired session, [`ScribeError::MissingField`] when Cognito reports no success or no session; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, c: scribe_mi::Challenge) -> scribe_mi::Result<()> {
    /// let enrolment = auth.associate_software_token(&c).await?;
    /// let code = scribe_mi::totp::code(enrolment.secret(), std::time::SystemTime::now())?;
    /// let tokens = auth.verify_software_token(&enrolment, &code).await?.into_tokens()?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn verify_software_token(
        &self,
        enrolment: &TotpEnrolment,
        code: &str,
    ) -> Result<Login> {
        const OPERATION: &str = "VerifySoftwareToken";
        let out = self
            .user_pool()
            .verify_software_token()
            .session(enrolment.session.expose_secret())
            .user_code(code)
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk(OPERATION, e))?;
        if out.status() != Some(&VerifySoftwareTokenResponseType::Success) {
            return Err(ScribeError::MissingField {
                operation: OPERATION,
                field: "Status SUCCESS",
            });
        }
        let session = out.session().ok_or(ScribeError::MissingField {
            operation: OPERATION,
            field: "Session",
        })?;
        let verified = Challenge {
            kind: ChallengeKind::MfaSetup,
            username: enrolment.username.clone(),
            session: SecretValue::new(session),
            parameters: Default::default(),
        };
        self.respond(
            &verified,
            ChallengeNameType::MfaSetup,
            &[("USERNAME", &verified.username)],
        )
        .await
    }
}

/// The error for answering `challenge` with the wrong method: it still
/// needs its own answer.
fn wrong_challenge(challenge: &Challenge) -> ScribeError {
    ScribeError::ChallengeRequired {
        name: challenge_name(&challenge.kind),
    }
}
