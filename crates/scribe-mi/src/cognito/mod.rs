//! Scribe authentication through AWS Cognito: everything `scribeauth` does,
//! with typed challenges and errors that keep their meaning.
//!
//! User pool: password login (`USER_PASSWORD_AUTH`, or SRP with
//! `USER_SRP_AUTH`: see [`AuthFlow`]), the temporary-password
//! and software-token MFA challenges, refresh, change password (both paths),
//! forgotten password (start and confirm), revoke. Identity pool: the
//! federated identity id and temporary AWS credentials.
//!
//! The Cognito operations used need no AWS credentials, so no `aws-config`
//! (and no credential lookup on the machine) is involved.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use auth_core::clock::SharedClock;
use auth_core::http::{ApiRequest, HttpClient};
use auth_core::secret::{
    AccessToken, AwsSecret, ClientSecret, IdToken, Password, RefreshToken, SecretValue,
};
use auth_core::{Lifetime, TokenSet};
use aws_sdk_cognitoidentity as identity;
use aws_sdk_cognitoidentityprovider as idp;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use http::{HeaderName, HeaderValue};
use idp::types::{AuthFlowType, AuthenticationResultType, ChallengeNameType};

use crate::config::{AuthConfig, AuthFlow};

mod srp;
use crate::credentials::AwsCredentials;
use crate::error::{Result, ScribeError};

/// The challenges Cognito may answer a login with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChallengeKind {
    /// The account still has its temporary password: a new one must be set.
    NewPasswordRequired,
    /// A code from the user's authenticator app is needed.
    SoftwareTokenMfa,
    /// A challenge this SDK cannot answer (SMS MFA, MFA setup, ...).
    Unsupported(String),
}

/// A challenge to answer before tokens are issued.
#[derive(Clone)]
pub struct Challenge {
    kind: ChallengeKind,
    username: String,
    session: SecretValue,
    parameters: HashMap<String, String>,
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

fn challenge_name(kind: &ChallengeKind) -> String {
    match kind {
        ChallengeKind::NewPasswordRequired => "NEW_PASSWORD_REQUIRED".into(),
        ChallengeKind::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA".into(),
        ChallengeKind::Unsupported(n) => n.clone(),
    }
}

/// Where a forgotten-password code was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CodeDelivery {
    /// `EMAIL` or `SMS`, where Cognito says.
    pub medium: Option<String>,
    /// The masked destination (`a***@e***.com`), where Cognito says.
    pub destination: Option<String>,
}

/// Scribe's Cognito authentication. Cheap to clone.
#[derive(Clone)]
pub struct ScribeAuth {
    config: Arc<AuthConfig>,
    /// The AWS SDK clients, built on first use and shared by clones.
    aws: Arc<AwsClients>,
    /// An invalid endpoint URL is reported by the calls that need it.
    identity_http: std::result::Result<HttpClient, auth_core::Error>,
    clock: SharedClock,
}

/// `GetCredentialsForIdentity`'s answer.
#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CredentialsResponse {
    #[serde(default)]
    credentials: Option<CredentialsBody>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CredentialsBody {
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    secret_key: Option<AwsSecret>,
    #[serde(default)]
    session_token: Option<AwsSecret>,
    /// Seconds since the Unix epoch (a float on the wire).
    #[serde(default)]
    expiration: Option<f64>,
}

impl fmt::Debug for ScribeAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScribeAuth")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl ScribeAuth {
    /// Starts building a client.
    ///
    /// ```no_run
    /// # fn run() -> scribe_mi::Result<()> {
    /// let auth = scribe_mi::ScribeAuth::builder()
    ///     .client_id("my-client-id")
    ///     .user_pool_id("eu-west-2_AbCdEf")
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn builder() -> crate::config::ScribeAuthBuilder {
        crate::config::ScribeAuthBuilder::default()
    }

    /// Clients for the pools in `config`, with `clock`. The AWS SDK clients
    /// are built on first use: building them costs far more than the rest
    /// of a client, and a client serving stored tokens (or MI v2 with a
    /// self-managed JWT) may never call Cognito at all.
    pub(crate) fn with_clock(config: AuthConfig, clock: SharedClock) -> Self {
        let identity_url = config
            .identity_pool_endpoint
            .clone()
            .unwrap_or_else(|| format!("https://cognito-identity.{}.amazonaws.com", config.region));
        let identity_http = HttpClient::builder("cognito-identity", identity_url)
            .connect_timeout(config.connect_timeout)
            .timeout(config.operation_timeout)
            .clock(Arc::clone(&clock))
            .build();
        Self {
            aws: Arc::new(AwsClients::default()),
            identity_http,
            config: Arc::new(config),
            clock,
        }
    }

    /// The Cognito user-pool client, built on first use.
    fn user_pool(&self) -> &idp::Client {
        self.aws.user_pool.get_or_init(|| {
            let config = &self.config;
            let mut conf = idp::Config::builder()
                .behavior_version(idp::config::BehaviorVersion::latest())
                // Always explicit: never looked up from the environment or IMDS.
                .region(idp::config::Region::new(config.region.clone()))
                .http_client(shared_aws_http_client())
                .timeout_config(aws_timeouts(config))
                .retry_config(RetryConfig::standard().with_max_attempts(3));
            if let Some(url) = &config.user_pool_endpoint {
                conf = conf.endpoint_url(url);
            }
            idp::Client::from_conf(conf.build())
        })
    }

    /// The Cognito identity-pool client, built on first use.
    fn identity_pool(&self) -> &identity::Client {
        self.aws.identity_pool.get_or_init(|| {
            let config = &self.config;
            let mut conf = identity::Config::builder()
                .behavior_version(identity::config::BehaviorVersion::latest())
                .region(identity::config::Region::new(config.region.clone()))
                .http_client(shared_aws_http_client())
                .timeout_config(aws_timeouts(config))
                .retry_config(RetryConfig::standard().with_max_attempts(3));
            if let Some(url) = &config.identity_pool_endpoint {
                conf = conf.endpoint_url(url);
            }
            identity::Client::from_conf(conf.build())
        })
    }

    /// The configuration.
    ///
    /// ```no_run
    /// # fn run(auth: scribe_mi::ScribeAuth) {
    /// println!("client {}", auth.config().client_id);
    /// # }
    /// ```
    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

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

    async fn respond(
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

    /// New tokens from a refresh token (`REFRESH_TOKEN_AUTH`). When Cognito
    /// rotates the refresh token the new one is kept, else the old one.
    /// (An app client with a secret needs the user: see
    /// [`refresh_as`](Self::refresh_as).)
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for a revoked or unknown refresh token; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// # let tokens: scribe_mi::auth_core::TokenSet = todo!();
    /// if let Some(refresh) = tokens.refresh_token() {
    ///     let fresh = auth.refresh(refresh).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<TokenSet> {
        self.refresh_as(refresh_token, None).await
    }

    /// Like [`refresh`](Self::refresh), naming the user (their user name or
    /// `sub`), which an app client with a secret needs for `SECRET_HASH`.
    ///
    /// # Errors
    /// [`ScribeError::NotAuthorized`] for a revoked or unknown refresh token
    /// (or a missing or wrong `SECRET_HASH`); the other Cognito errors typed.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth, rt: auth_core::secret::RefreshToken) -> scribe_mi::Result<()> {
    /// let tokens = auth.refresh_as(&rt, Some("ann")).await?;
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn refresh_as(
        &self,
        refresh_token: &RefreshToken,
        username: Option<&str>,
    ) -> Result<TokenSet> {
        let sent_at = self.clock.now();
        let mut params = HashMap::from([(
            "REFRESH_TOKEN".to_owned(),
            refresh_token.expose_secret().to_owned(),
        )]);
        if let Some(hash) = username.and_then(|u| self.secret_hash(u)) {
            params.insert("SECRET_HASH".to_owned(), hash);
        }
        let out = self
            .user_pool()
            .initiate_auth()
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .client_id(&self.config.client_id)
            .set_auth_parameters(Some(params))
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("InitiateAuth", e))?;
        let result = out
            .authentication_result()
            .ok_or(ScribeError::MissingField {
                operation: "InitiateAuth",
                field: "AuthenticationResult",
            })?;
        let set = tokens_from(result, sent_at, "InitiateAuth")?;
        let carried = TokenSet::new(AccessToken::new(""), Lifetime::never(sent_at))
            .with_refresh_token(Some(refresh_token.clone()));
        Ok(set.carry_over_refresh_token(Some(&carried)))
    }

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

    /// Revokes a refresh token (and the tokens issued with it).
    ///
    /// # Errors
    /// [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// # let tokens: scribe_mi::auth_core::TokenSet = todo!();
    /// if let Some(refresh) = tokens.refresh_token() {
    ///     auth.revoke(refresh).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn revoke(&self, refresh_token: &RefreshToken) -> Result<()> {
        self.user_pool()
            .revoke_token()
            .client_id(&self.config.client_id)
            .token(refresh_token.expose_secret())
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("RevokeToken", e))?;
        Ok(())
    }

    /// The federated identity id of the user an id token belongs to (`GetId`).
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] without an identity pool, [`ScribeError::NotAuthorized`] for a refused id token; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// # let tokens: scribe_mi::auth_core::TokenSet = todo!();
    /// if let Some(id_token) = tokens.id_token() {
    ///     let identity = auth.federated_id(id_token).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn federated_id(&self, id_token: &IdToken) -> Result<String> {
        let pool = self
            .config
            .identity_pool_id
            .as_ref()
            .ok_or(ScribeError::MissingIdentityPool)?;
        let out = self
            .identity_pool()
            .get_id()
            .identity_pool_id(pool)
            .logins(self.config.logins_key(), id_token.expose_secret())
            .send()
            .await
            .map_err(|e| ScribeError::from_sdk("GetId", e))?;
        out.identity_id()
            .map(str::to_owned)
            .ok_or(ScribeError::MissingField {
                operation: "GetId",
                field: "IdentityId",
            })
    }

    /// Temporary AWS credentials for a federated identity (`GetCredentialsForIdentity`).
    ///
    /// Sent through `auth-core`'s HTTP client rather than the AWS SDK: the
    /// SDK logs this operation's output at TRACE level with the session token
    /// in clear, and no secret may reach a log.
    ///
    /// # Errors
    /// [`auth_core::Error::Config`] without an identity pool, [`ScribeError::NotAuthorized`] for a refused id token, [`ScribeError::MissingField`] for an incomplete answer; [`ScribeError::Network`], [`ScribeError::Timeout`] or [`ScribeError::Throttled`] when Cognito cannot be reached or throttles; [`ScribeError::Cognito`] for any other Cognito error.
    ///
    /// ```no_run
    /// # async fn run(auth: scribe_mi::ScribeAuth) -> scribe_mi::Result<()> {
    /// # let tokens: scribe_mi::auth_core::TokenSet = todo!();
    /// if let Some(id_token) = tokens.id_token() {
    ///     let identity = auth.federated_id(id_token).await?;
    ///     let creds = auth.federated_credentials(&identity, id_token).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn federated_credentials(
        &self,
        identity_id: &str,
        id_token: &IdToken,
    ) -> Result<AwsCredentials> {
        const OPERATION: &str = "GetCredentialsForIdentity";
        let mut logins = serde_json::Map::new();
        logins.insert(self.config.logins_key(), id_token.expose_secret().into());
        let body = serde_json::json!({ "IdentityId": identity_id, "Logins": logins });
        let request = ApiRequest::post("get_credentials_for_identity", "")
            .bytes(
                body.to_string(),
                HeaderValue::from_static("application/x-amz-json-1.1"),
            )
            .header(
                HeaderName::from_static("x-amz-target"),
                HeaderValue::from_static("AWSCognitoIdentityService.GetCredentialsForIdentity"),
            )
            .redacting(id_token)
            // Asking for credentials twice is harmless.
            .retry_safe(true)
            .unauthenticated();
        let sent_at = self.clock.now();
        let http = self
            .identity_http
            .as_ref()
            .map_err(|e| ScribeError::Core(e.clone()))?;
        let response = match http.send_unauthenticated(request).await {
            Ok(r) => r,
            Err(e) => return Err(ScribeError::from_core(OPERATION, e)),
        };
        let out: CredentialsResponse = response.json()?;
        let missing = |field| ScribeError::MissingField {
            operation: OPERATION,
            field,
        };
        let creds = out.credentials.ok_or_else(|| missing("Credentials"))?;
        let expiration = creds
            .expiration
            .filter(|e| e.is_finite() && *e > 0.0)
            .and_then(|e| UNIX_EPOCH.checked_add(Duration::from_secs_f64(e)));
        Ok(AwsCredentials::new(
            creds.access_key_id.ok_or_else(|| missing("AccessKeyId"))?,
            creds.secret_key.ok_or_else(|| missing("SecretKey"))?,
            creds.session_token,
            expiration,
            sent_at,
            self.clock.as_ref(),
        ))
    }

    /// `SECRET_HASH` for `username`, when the app client has a secret.
    fn secret_hash(&self, username: &str) -> Option<String> {
        self.config
            .client_secret
            .as_ref()
            .map(|secret| secret_hash(secret, &self.config.client_id, username))
    }

    /// `params`, plus `SECRET_HASH` when the app client has a secret.
    fn with_secret_hash<const N: usize>(
        &self,
        username: &str,
        params: [(&str, &str); N],
    ) -> Option<HashMap<String, String>> {
        let mut map: HashMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if let Some(hash) = self.secret_hash(username) {
            map.insert("SECRET_HASH".to_owned(), hash);
        }
        Some(map)
    }

    #[allow(clippy::too_many_arguments)]
    fn login_outcome(
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

/// The token set of an authentication result, its expiry counted from the
/// send instant.
fn tokens_from(
    result: &AuthenticationResultType,
    sent_at: auth_core::clock::Instant,
    operation: &'static str,
) -> Result<TokenSet> {
    let access = result.access_token().ok_or(ScribeError::MissingField {
        operation,
        field: "AccessToken",
    })?;
    let expires_in = u64::try_from(result.expires_in()).unwrap_or(0);
    let lifetime = if expires_in > 0 {
        Lifetime::expires_in(sent_at, Duration::from_secs(expires_in))
    } else {
        // Cognito always sends ExpiresIn; without it assume its 1-hour default.
        Lifetime::expires_in(sent_at, Duration::from_secs(3600))
    };
    Ok(TokenSet::new(AccessToken::new(access), lifetime)
        .with_refresh_token(result.refresh_token().map(RefreshToken::new))
        .with_id_token(result.id_token().map(IdToken::new)))
}

/// Cognito's `SECRET_HASH`: base64 of HMAC-SHA256 keyed with the app
/// client's secret over `username + client_id`.
///
/// ```
/// use auth_core::secret::ClientSecret;
/// let hash = scribe_mi::cognito::secret_hash(&ClientSecret::new("s3cr3t"), "client-xyz", "analyst@example.com");
/// assert_eq!(hash, "jOQtH674W1ODinocBpGVEclwSTxICeWp7awgt11L9xg=");
/// ```
pub fn secret_hash(client_secret: &ClientSecret, client_id: &str, username: &str) -> String {
    use base64::Engine as _;
    use hmac::Mac as _;
    let mut mac = match hmac::Hmac::<sha2::Sha256>::new_from_slice(
        client_secret.expose_secret().as_bytes(),
    ) {
        Ok(mac) => mac,
        // HMAC takes keys of any length.
        Err(_) => return String::new(),
    };
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The user an access token names (`username`, else `sub`), read from its
/// payload without verifying it (it only picks the `SECRET_HASH` input).
pub(crate) fn token_username(access_token: &str) -> Option<String> {
    use base64::Engine as _;
    let payload = access_token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims["username"]
        .as_str()
        .or_else(|| claims["sub"].as_str())
        .map(str::to_owned)
}

/// The AWS SDK clients of one `ScribeAuth` (and its clones).
#[derive(Default)]
struct AwsClients {
    user_pool: std::sync::OnceLock<idp::Client>,
    identity_pool: std::sync::OnceLock<identity::Client>,
}

fn aws_timeouts(config: &AuthConfig) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(config.connect_timeout)
        .operation_timeout(config.operation_timeout)
        .build()
}

/// The AWS SDK clients' HTTP client, built once per process: building one
/// loads the TLS roots (milliseconds), and every `ScribeAuth` and `MiClient`
/// can share it (timeouts are set per client, in its `TimeoutConfig`). One
/// TLS stack for the whole workspace: rustls with ring.
fn shared_aws_http_client() -> idp::config::SharedHttpClient {
    static CLIENT: std::sync::OnceLock<idp::config::SharedHttpClient> = std::sync::OnceLock::new();
    CLIENT
        .get_or_init(|| {
            aws_smithy_http_client::Builder::new()
                .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                    aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https()
        })
        .clone()
}
