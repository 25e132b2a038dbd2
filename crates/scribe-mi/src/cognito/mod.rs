//! Scribe authentication through AWS Cognito: everything `scribeauth` does,
//! with typed challenges and errors that keep their meaning.
//!
//! User pool: password login (`USER_PASSWORD_AUTH`, or SRP with
//! `USER_SRP_AUTH`: see [`AuthFlow`](crate::AuthFlow)), the temporary-password
//! and MFA challenges (software token, SMS, choosing a factor, enrolling an
//! authenticator app), refresh (with or without rotation: see
//! [`RefreshMode`](crate::RefreshMode)), change password (both paths),
//! forgotten password (start and confirm), revoke. Identity pool: the
//! federated identity id and temporary AWS credentials.
//!
//! The Cognito operations used need no AWS credentials, so no `aws-config`
//! (and no credential lookup on the machine) is involved.

mod challenge;
mod federated;
mod login;
mod mfa;
mod mfa_settings;
mod password;
mod secret_hash;
mod srp;
mod tokens;

use std::fmt;
use std::sync::Arc;

use auth_core::clock::SharedClock;
use auth_core::http::HttpClient;
use aws_sdk_cognitoidentity as identity;
use aws_sdk_cognitoidentityprovider as idp;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;

use crate::config::AuthConfig;

pub use challenge::{Challenge, ChallengeKind, Login};
pub use mfa::{MfaType, TotpEnrolment};
pub use mfa_settings::{MfaPreference, MfaSetting};
pub use password::CodeDelivery;
pub use secret_hash::secret_hash;
pub(crate) use tokens::token_username;

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
