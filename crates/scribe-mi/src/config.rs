//! Where Scribe's Cognito pools live and how to reach them.

use std::time::Duration;

/// The region Scribe runs in unless told otherwise.
pub const DEFAULT_REGION: &str = "eu-west-2";

/// The Cognito side of Scribe: user pool, app client, optional identity pool.
///
/// The region is used everywhere it matters (Cognito endpoints, the `Logins`
/// key `cognito-idp.<region>.amazonaws.com/<user_pool_id>`, the SigV4 scope);
/// it is never hard-coded elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthConfig {
    /// The Cognito app client id.
    pub client_id: String,
    /// The user pool id (`eu-west-2_AbCdEf`).
    pub user_pool_id: String,
    /// The identity pool id, needed for AWS credentials (MI API).
    pub identity_pool_id: Option<String>,
    /// The AWS region.
    pub region: String,
    /// Overrides the user pool (cognito-idp) endpoint (a local emulator).
    pub user_pool_endpoint: Option<String>,
    /// Overrides the identity pool (cognito-identity) endpoint.
    pub identity_pool_endpoint: Option<String>,
    /// Connect timeout of Cognito calls.
    pub connect_timeout: Duration,
    /// Whole-operation timeout of Cognito calls (all attempts).
    pub operation_timeout: Duration,
}

impl AuthConfig {
    /// A configuration for this app client and user pool in the default region.
    pub fn new(client_id: impl Into<String>, user_pool_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            user_pool_id: user_pool_id.into(),
            identity_pool_id: None,
            region: DEFAULT_REGION.to_owned(),
            user_pool_endpoint: None,
            identity_pool_endpoint: None,
            connect_timeout: Duration::from_secs(5),
            operation_timeout: Duration::from_secs(30),
        }
    }

    /// Sets the identity pool (for federated AWS credentials).
    pub fn identity_pool_id(mut self, id: impl Into<String>) -> Self {
        self.identity_pool_id = Some(id.into());
        self
    }

    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Sends user pool calls to this endpoint (a local Cognito such as moto).
    pub fn user_pool_endpoint(mut self, url: impl Into<String>) -> Self {
        self.user_pool_endpoint = Some(url.into());
        self
    }

    /// Sends identity pool calls to this endpoint.
    pub fn identity_pool_endpoint(mut self, url: impl Into<String>) -> Self {
        self.identity_pool_endpoint = Some(url.into());
        self
    }

    /// Sends both kinds of Cognito calls to this endpoint.
    pub fn endpoint(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.user_pool_endpoint(url.clone())
            .identity_pool_endpoint(url)
    }

    /// Sets the timeouts of Cognito calls.
    pub fn timeouts(mut self, connect: Duration, operation: Duration) -> Self {
        self.connect_timeout = connect;
        self.operation_timeout = operation;
        self
    }

    /// The identity pool `Logins` key for this user pool.
    pub fn logins_key(&self) -> String {
        format!(
            "cognito-idp.{}.amazonaws.com/{}",
            self.region, self.user_pool_id
        )
    }
}
