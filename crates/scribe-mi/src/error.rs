//! Scribe's errors: Cognito failures keep their meaning, MI API failures
//! carry the status, `errorType`, `errorMessage` and request id.

use std::fmt;

use auth_core::ErrorMetadata;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// The result type of this crate.
pub type Result<T, E = ScribeError> = std::result::Result<T, E>;

/// What Cognito said when it refused a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CognitoFailure {
    /// The operation (`InitiateAuth`).
    pub operation: &'static str,
    /// Cognito's error code (`NotAuthorizedException`).
    pub code: String,
    /// Cognito's message.
    pub message: String,
    /// The request id, where Cognito sent one.
    pub request_id: Option<String>,
}

impl fmt::Display for CognitoFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.operation, self.code, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong with Scribe.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ScribeError {
    /// Wrong password, revoked refresh token, or an operation the user may not do.
    #[error("not authorized: {0}")]
    NotAuthorized(CognitoFailure),
    /// No such user.
    #[error("unknown user: {0}")]
    UserNotFound(CognitoFailure),
    /// The user has not confirmed their account.
    #[error("user not confirmed: {0}")]
    UserNotConfirmed(CognitoFailure),
    /// The user must reset their password.
    #[error("password reset required: {0}")]
    PasswordResetRequired(CognitoFailure),
    /// The new password breaks the pool's password policy.
    #[error("password policy violated: {0}")]
    PasswordPolicy(CognitoFailure),
    /// A confirmation or MFA code is wrong.
    #[error("wrong code: {0}")]
    CodeMismatch(CognitoFailure),
    /// A confirmation or MFA code (or a challenge session) has expired.
    #[error("expired code: {0}")]
    ExpiredCode(CognitoFailure),
    /// Too many requests, or too many attempts.
    #[error("throttled: {0}")]
    Throttled(CognitoFailure),
    /// The app client, user pool or identity pool does not exist.
    #[error("unknown client or pool: {0}")]
    UnknownClientOrPool(CognitoFailure),
    /// Cognito rejected a parameter.
    #[error("invalid parameter: {0}")]
    InvalidParameter(CognitoFailure),
    /// Any other Cognito error.
    #[error("Cognito error: {0}")]
    Cognito(CognitoFailure),
    /// Cognito could not be reached.
    #[error("network failure calling Cognito {operation}: {message}")]
    Network {
        /// The operation.
        operation: &'static str,
        /// What failed.
        message: String,
    },
    /// A Cognito call took too long.
    #[error("Cognito {operation} timed out")]
    Timeout {
        /// The operation.
        operation: &'static str,
    },
    /// Cognito asked for a challenge this SDK cannot answer.
    #[error("unsupported Cognito challenge {name}")]
    UnsupportedChallenge {
        /// The challenge name.
        name: String,
    },
    /// Cognito answered a login with a challenge where tokens were needed.
    #[error("login needs the {name} challenge answered first")]
    ChallengeRequired {
        /// The challenge name.
        name: String,
    },
    /// An identity pool is needed for this call but none is configured.
    #[error("no identity pool id is configured")]
    MissingIdentityPool,
    /// A Cognito answer lacked a field it must have.
    #[error("Cognito {operation} returned no {field}")]
    MissingField {
        /// The operation.
        operation: &'static str,
        /// The missing field.
        field: &'static str,
    },
    /// An MI task ended in a state it will not leave (failed, deleted).
    #[error("MI task {jobid} ended as {status}")]
    TaskFailed {
        /// The task.
        jobid: crate::ids::JobId,
        /// Its final status.
        status: String,
    },
    /// A downloaded model does not match the checksum its server announced.
    #[error("the model download is corrupt: MD5 {actual}, expected {expected}")]
    ChecksumMismatch {
        /// The MD5 the server announced (ETag).
        expected: String,
        /// The MD5 of what arrived.
        actual: String,
    },
    /// A self-managed JWT could not be signed or did not verify.
    #[error(transparent)]
    Jwt(crate::jwt::JwtError),
    /// The SRP exchange of a `USER_SRP_AUTH` login failed on our side (a
    /// malformed challenge).
    #[error("SRP login failed: {0}")]
    Srp(String),
    /// Errors of the shared layer: the MI API's HTTP status, `errorType` and
    /// `errorMessage`, transport, timeouts, invalid input.
    #[error(transparent)]
    Core(auth_core::Error),
}

impl From<auth_core::Error> for ScribeError {
    fn from(err: auth_core::Error) -> Self {
        // A Cognito failure that went through a credentials cache comes back
        // as itself, typed.
        if let auth_core::Error::Provider { source, .. } = &err
            && let Some(scribe) = source.downcast_ref::<ScribeError>()
        {
            return scribe.clone();
        }
        ScribeError::Core(err)
    }
}

impl From<crate::jwt::JwtError> for ScribeError {
    fn from(err: crate::jwt::JwtError) -> Self {
        ScribeError::Jwt(err)
    }
}

impl ErrorMetadata for ScribeError {
    fn core_error(&self) -> Option<&auth_core::Error> {
        match self {
            ScribeError::Core(e) => Some(e),
            _ => None,
        }
    }

    fn code(&self) -> Option<&str> {
        match self.failure() {
            Some(f) => Some(&f.code),
            None => self.core_error().and_then(ErrorMetadata::code),
        }
    }

    fn message(&self) -> Option<&str> {
        match self.failure() {
            Some(f) => Some(&f.message),
            None => self.core_error().and_then(ErrorMetadata::message),
        }
    }

    fn request_id(&self) -> Option<&str> {
        match self.failure() {
            Some(f) => f.request_id.as_deref(),
            None => self.core_error().and_then(ErrorMetadata::request_id),
        }
    }

    fn is_auth(&self) -> bool {
        match self {
            ScribeError::NotAuthorized(_)
            | ScribeError::UserNotFound(_)
            | ScribeError::UserNotConfirmed(_)
            | ScribeError::PasswordResetRequired(_)
            | ScribeError::ChallengeRequired { .. } => true,
            ScribeError::Jwt(
                crate::jwt::JwtError::InvalidSignature
                | crate::jwt::JwtError::WrongAudience
                | crate::jwt::JwtError::Expired,
            ) => true,
            other => other.core_error().is_some_and(ErrorMetadata::is_auth),
        }
    }

    fn is_retryable(&self) -> bool {
        match self {
            ScribeError::Throttled(_)
            | ScribeError::Network { .. }
            | ScribeError::Timeout { .. } => true,
            other => other.core_error().is_some_and(ErrorMetadata::is_retryable),
        }
    }

    fn is_rate_limited(&self) -> bool {
        matches!(self, ScribeError::Throttled(_))
            || self.status() == Some(http::StatusCode::TOO_MANY_REQUESTS)
    }

    fn is_not_found(&self) -> bool {
        matches!(self, ScribeError::UserNotFound(_))
            || self.status() == Some(http::StatusCode::NOT_FOUND)
    }

    fn is_timeout(&self) -> bool {
        matches!(self, ScribeError::Timeout { .. })
            || self.core_error().is_some_and(ErrorMetadata::is_timeout)
    }
}

impl ScribeError {
    /// Cognito's error code, for Cognito failures.
    ///
    /// ```no_run
    /// # fn run(err: scribe_mi::ScribeError) {
    /// if err.cognito_code() == Some("NotAuthorizedException") { /* wrong password */ }
    /// # }
    /// ```
    pub fn cognito_code(&self) -> Option<&str> {
        self.failure().map(|f| f.code.as_str())
    }

    /// The failure Cognito reported, if this is one.
    ///
    /// ```no_run
    /// # fn run(err: scribe_mi::ScribeError) {
    /// if let Some(f) = err.failure() {
    ///     eprintln!("{} failed: {} ({:?})", f.operation, f.code, f.request_id);
    /// }
    /// # }
    /// ```
    pub fn failure(&self) -> Option<&CognitoFailure> {
        match self {
            ScribeError::NotAuthorized(f)
            | ScribeError::UserNotFound(f)
            | ScribeError::UserNotConfirmed(f)
            | ScribeError::PasswordResetRequired(f)
            | ScribeError::PasswordPolicy(f)
            | ScribeError::CodeMismatch(f)
            | ScribeError::ExpiredCode(f)
            | ScribeError::Throttled(f)
            | ScribeError::UnknownClientOrPool(f)
            | ScribeError::InvalidParameter(f)
            | ScribeError::Cognito(f) => Some(f),
            _ => None,
        }
    }

    /// Maps an error of a Cognito call made through `auth-core` (JSON 1.1
    /// protocol: `__type` and `message`), keeping Cognito's meaning.
    pub(crate) fn from_core(operation: &'static str, err: auth_core::Error) -> Self {
        let Some(api) = err.api_error() else {
            return match err {
                auth_core::Error::Timeout { .. } => ScribeError::Timeout { operation },
                auth_core::Error::Connect { .. } | auth_core::Error::Transport { .. } => {
                    ScribeError::Network {
                        operation,
                        message: err.to_string(),
                    }
                }
                other => ScribeError::Core(other),
            };
        };
        Self::from_failure(CognitoFailure {
            operation,
            code: api
                .code
                .as_deref()
                .map(normalize_code)
                .unwrap_or_else(|| "Unknown".into()),
            message: api.message.clone().unwrap_or_default(),
            request_id: api.request_id.clone(),
        })
    }

    /// Maps an AWS SDK error, keeping Cognito's meaning.
    pub(crate) fn from_sdk<E, R>(operation: &'static str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: fmt::Debug,
    {
        match &err {
            SdkError::TimeoutError(_) => return ScribeError::Timeout { operation },
            SdkError::DispatchFailure(d) => {
                if d.is_timeout() {
                    return ScribeError::Timeout { operation };
                }
                return ScribeError::Network {
                    operation,
                    message: DisplayErrorContext(&err).to_string(),
                };
            }
            SdkError::ServiceError(_)
            | SdkError::ResponseError(_)
            | SdkError::ConstructionFailure(_) => {}
            _ => {}
        }
        let code = err.code().map(normalize_code).unwrap_or_default();
        let failure = CognitoFailure {
            operation,
            message: err
                .message()
                .map(str::to_owned)
                .unwrap_or_else(|| DisplayErrorContext(&err).to_string()),
            request_id: err.meta().extra("aws_request_id").map(str::to_owned),
            code: if code.is_empty() {
                "Unknown".into()
            } else {
                code
            },
        };
        Self::from_failure(failure)
    }

    fn from_failure(failure: CognitoFailure) -> Self {
        match failure.code.as_str() {
            "NotAuthorizedException" => ScribeError::NotAuthorized(failure),
            "UserNotFoundException" => ScribeError::UserNotFound(failure),
            "UserNotConfirmedException" => ScribeError::UserNotConfirmed(failure),
            "PasswordResetRequiredException" => ScribeError::PasswordResetRequired(failure),
            "InvalidPasswordException" => ScribeError::PasswordPolicy(failure),
            "CodeMismatchException" => ScribeError::CodeMismatch(failure),
            "ExpiredCodeException" => ScribeError::ExpiredCode(failure),
            "TooManyRequestsException"
            | "LimitExceededException"
            | "TooManyFailedAttemptsException" => ScribeError::Throttled(failure),
            "ResourceNotFoundException" => ScribeError::UnknownClientOrPool(failure),
            "InvalidParameterException" => ScribeError::InvalidParameter(failure),
            _ => ScribeError::Cognito(failure),
        }
    }
}

/// `aws.cognito#NotAuthorizedException:extra` → `NotAuthorizedException`.
fn normalize_code(code: &str) -> String {
    let code = code.rsplit('#').next().unwrap_or(code);
    code.split(':').next().unwrap_or(code).to_owned()
}

#[cfg(test)]
mod tests;
