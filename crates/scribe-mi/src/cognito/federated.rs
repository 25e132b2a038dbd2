//! The identity pool: the federated identity id and temporary AWS
//! credentials for it.

use crate::credentials::AwsCredentials;
use auth_core::http::ApiRequest;
use http::{HeaderName, HeaderValue};
use std::time::{Duration, UNIX_EPOCH};

use auth_core::secret::{AwsSecret, IdToken};

use super::ScribeAuth;
use crate::error::{Result, ScribeError};

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

impl ScribeAuth {
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
}
