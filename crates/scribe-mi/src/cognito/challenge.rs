//! The challenges a login can meet, and the one place a Cognito answer
//! becomes tokens or the next challenge.

use std::collections::HashMap;
use std::fmt;

use auth_core::TokenSet;
use auth_core::secret::SecretValue;
use aws_sdk_cognitoidentityprovider as idp;
use idp::types::{AuthenticationResultType, ChallengeNameType};

use super::ScribeAuth;
use super::tokens::tokens_from;
use crate::error::{Result, ScribeError};

/// The challenges Cognito may answer a login with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChallengeKind {
    /// The account still has its temporary password: a new one must be set.
    NewPasswordRequired,
    /// A code from the user's authenticator app is needed: answer with
    /// [`ScribeAuth::answer_mfa`].
    SoftwareTokenMfa,
    /// A code Cognito sent by SMS is needed: answer with
    /// [`ScribeAuth::answer_mfa`] (the masked phone number is in the
    /// `CODE_DELIVERY_DESTINATION` parameter).
    SmsMfa,
    /// The user has several second factors: pick one with
    /// [`ScribeAuth::select_mfa_type`], then answer the challenge that follows.
    SelectMfaType,
    /// The pool requires MFA and the user has none yet: enrol an
    /// authenticator app with [`ScribeAuth::associate_software_token`] and
    /// [`ScribeAuth::verify_software_token`].
    MfaSetup,
    /// A challenge this SDK cannot answer (custom challenges, device
    /// tracking, ...).
    Unsupported(String),
}

/// A challenge to answer before tokens are issued.
#[derive(Clone)]
pub struct Challenge {
    pub(super) kind: ChallengeKind,
    pub(super) username: String,
    pub(super) session: SecretValue,
    pub(super) parameters: HashMap<String, String>,
}

impl Challenge {
    /// Which challenge.
    ///
    /// ```no_run
    /// # fn run(c: scribe_mi::Challenge) {
    /// if *c.kind() == scribe_mi::ChallengeKind::NewPasswordRequired { /* … */ }
    /// # }
    /// ```
    pub fn kind(&self) -> &ChallengeKind {
        &self.kind
    }

    /// The user it is for.
    ///
    /// ```no_run
    /// # fn run(c: scribe_mi::Challenge) {
    /// println!("challenge for {}", c.username());
    /// # }
    /// ```
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The challenge parameters Cognito sent (not secret: e.g. the
    /// attributes a new-password answer must set).
    ///
    /// ```no_run
    /// # fn run(c: scribe_mi::Challenge) {
    /// for (name, value) in c.parameters() { println!("{name}={value}"); }
    /// # }
    /// ```
    pub fn parameters(&self) -> &HashMap<String, String> {
        &self.parameters
    }
}

impl fmt::Debug for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Challenge")
            .field("kind", &self.kind)
            .field("username", &self.username)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// The outcome of a login step: tokens, or a challenge to answer.
#[derive(Debug, Clone)]
#[must_use = "a challenge must be answered to get tokens"]
pub enum Login {
    /// Logged in.
    Tokens(TokenSet),
    /// A challenge must be answered first.
    Challenge(Challenge),
}

impl Login {
    /// The tokens, or [`ScribeError::ChallengeRequired`].
    ///
    /// # Errors
    /// [`ScribeError::ChallengeRequired`] when the login still needs a challenge answered.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// # let password = scribe_mi::auth_core::secret::Password::new("p");
    /// let tokens = auth.login("me@example.com", &password).await?.into_tokens()?;
    /// # Ok(()) }
    /// ```
    pub fn into_tokens(self) -> Result<TokenSet> {
        match self {
            Login::Tokens(t) => Ok(t),
            Login::Challenge(c) => Err(ScribeError::ChallengeRequired {
                name: challenge_name(&c.kind),
            }),
        }
    }
}

pub(super) fn challenge_name(kind: &ChallengeKind) -> String {
    match kind {
        ChallengeKind::NewPasswordRequired => "NEW_PASSWORD_REQUIRED".into(),
        ChallengeKind::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA".into(),
        ChallengeKind::SmsMfa => "SMS_MFA".into(),
        ChallengeKind::SelectMfaType => "SELECT_MFA_TYPE".into(),
        ChallengeKind::MfaSetup => "MFA_SETUP".into(),
        ChallengeKind::Unsupported(n) => n.clone(),
    }
}

impl ScribeAuth {
    pub(super) async fn respond(
        &self,
        challenge: &Challenge,
        name: ChallengeNameType,
        answers: &[(&str, &str)],
    ) -> Result<Login> {
        let sent_at = self.clock.now();
        let mut req = self
            .user_pool()
            .respond_to_auth_challenge()
            .client_id(&self.config.client_id)
            .challenge_name(name)
            .session(challenge.session.expose_secret());
        for (k, v) in answers {
            req = req.challenge_responses(*k, *v);
        }
        if let Some(hash) = self.secret_hash(&challenge.username) {
            req = req.challenge_responses("SECRET_HASH", hash);
        }
        let out = req
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("RespondToAuthChallenge", e))?;
        self.login_outcome(
            "RespondToAuthChallenge",
            &challenge.username,
            sent_at,
            out.authentication_result(),
            out.challenge_name(),
            out.session(),
            out.challenge_parameters(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn login_outcome(
        &self,
        operation: &'static str,
        username: &str,
        sent_at: auth_core::clock::Instant,
        result: Option<&AuthenticationResultType>,
        challenge: Option<&ChallengeNameType>,
        session: Option<&str>,
        parameters: Option<&HashMap<String, String>>,
    ) -> Result<Login> {
        if let Some(result) = result {
            return tokens_from(result, sent_at, operation).map(Login::Tokens);
        }
        let Some(name) = challenge else {
            return Err(ScribeError::MissingField {
                operation,
                field: "AuthenticationResult or ChallengeName",
            });
        };
        let kind = match name {
            ChallengeNameType::NewPasswordRequired => ChallengeKind::NewPasswordRequired,
            ChallengeNameType::SoftwareTokenMfa => ChallengeKind::SoftwareTokenMfa,
            ChallengeNameType::SmsMfa => ChallengeKind::SmsMfa,
            ChallengeNameType::SelectMfaType => ChallengeKind::SelectMfaType,
            ChallengeNameType::MfaSetup => ChallengeKind::MfaSetup,
            other => ChallengeKind::Unsupported(other.as_str().to_owned()),
        };
        let session = session.ok_or(ScribeError::MissingField {
            operation,
            field: "Session",
        })?;
        // Cognito may name the user differently (an alias login): use its name.
        let username = parameters
            .and_then(|p| p.get("USERNAME").or_else(|| p.get("USER_ID_FOR_SRP")))
            .cloned()
            .unwrap_or_else(|| username.to_owned());
        Ok(Login::Challenge(Challenge {
            kind,
            username,
            session: SecretValue::new(session),
            parameters: parameters.cloned().unwrap_or_default(),
        }))
    }
}
