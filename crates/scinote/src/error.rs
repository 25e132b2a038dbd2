//! SciNote's errors.

use std::fmt;

use auth_core::{Error as CoreError, ErrorMetadata};
use http::StatusCode;
use serde::Deserialize;

/// The result type of this crate.
pub type Result<T, E = SciNoteError> = std::result::Result<T, E>;

/// One entry of a JSON:API `errors` array (`{id, status, title, detail}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorObject {
    /// SciNote puts the request's UUID here.
    #[serde(default, deserialize_with = "string_or_number")]
    pub id: Option<String>,
    /// The HTTP status, as SciNote sent it (a number or a string).
    #[serde(default, deserialize_with = "string_or_number")]
    pub status: Option<String>,
    /// A short summary ("Not found", "Permission denied").
    #[serde(default)]
    pub title: Option<String>,
    /// The details ("Project record with id 9 not found in the specified scope").
    #[serde(default)]
    pub detail: Option<String>,
}

impl fmt::Display for ApiErrorObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.title, &self.detail) {
            (Some(t), Some(d)) => write!(f, "{t}: {d}"),
            (Some(t), None) => f.write_str(t),
            (None, Some(d)) => f.write_str(d),
            (None, None) => f.write_str("(no description)"),
        }
    }
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

#[derive(Deserialize)]
struct ErrorsBody {
    errors: Vec<ApiErrorObject>,
}

/// Parses a JSON:API error body; `None` when the body is not one.
pub(crate) fn parse_errors(body: &[u8]) -> Option<Vec<ApiErrorObject>> {
    serde_json::from_slice::<ErrorsBody>(body)
        .ok()
        .map(|b| b.errors)
        .filter(|e| !e.is_empty())
}

/// Everything that can go wrong calling SciNote.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum SciNoteError {
    /// SciNote answered with a JSON:API `errors` body (400 validation, 403
    /// permission denied, 404 not found, ...).
    #[error("SciNote {operation} failed with HTTP {}: {}{}", status.as_u16(), first_error(errors), request_id.as_deref().map(|id| format!(" (request id {id})")).unwrap_or_default())]
    JsonApi {
        /// The operation that failed (`list_projects`).
        operation: String,
        /// The HTTP status.
        status: StatusCode,
        /// The errors SciNote listed.
        errors: Vec<ApiErrorObject>,
        /// The request id: a response header, else the first error's `id`.
        request_id: Option<String>,
    },

    /// The `state` of an authorization redirect does not match the one sent:
    /// the redirect did not come from this authorization request.
    #[error("the authorization redirect's state does not match the request's")]
    StateMismatch,

    /// Any other error: transport, credentials, rate limit after retries,
    /// re-authorization required, timeouts (see [`auth_core::Error`]).
    #[error(transparent)]
    Core(CoreError),
}

fn first_error(errors: &[ApiErrorObject]) -> String {
    errors
        .first()
        .map_or_else(|| "(no description)".to_owned(), ToString::to_string)
}

impl From<CoreError> for SciNoteError {
    fn from(err: CoreError) -> Self {
        if let CoreError::Api(api) = &err
            && let Some(errors) = api.body.as_deref().and_then(|b| parse_errors(b.as_bytes()))
        {
            let request_id = api
                .request_id
                .clone()
                .or_else(|| errors.iter().find_map(|e| e.id.clone()));
            return SciNoteError::JsonApi {
                operation: api.operation.clone(),
                status: api.status,
                errors,
                request_id,
            };
        }
        SciNoteError::Core(err)
    }
}

impl SciNoteError {
    /// The JSON:API errors, when SciNote sent some.
    ///
    /// ```no_run
    /// # fn f(err: &scinote::SciNoteError) {
    /// for e in err.errors() { eprintln!("{e}"); }
    /// # }
    /// ```
    pub fn errors(&self) -> &[ApiErrorObject] {
        match self {
            SciNoteError::JsonApi { errors, .. } => errors,
            _ => &[],
        }
    }

    /// Whether the user must authorize the app again (the refresh token was
    /// refused, or no token is stored yet).
    ///
    /// ```no_run
    /// # fn f(err: &scinote::SciNoteError) {
    /// if err.is_reauthorization_required() { eprintln!("run `dpsdk scinote authorize`"); }
    /// # }
    /// ```
    pub fn is_reauthorization_required(&self) -> bool {
        matches!(
            self,
            SciNoteError::Core(CoreError::ReauthorizationRequired { .. })
        )
    }

    /// Where to send the user to authorize the app again, when that is needed.
    ///
    /// ```no_run
    /// # fn f(err: &scinote::SciNoteError) {
    /// if let Some(url) = err.authorize_url() { println!("open {url}"); }
    /// # }
    /// ```
    pub fn authorize_url(&self) -> Option<&str> {
        match self {
            SciNoteError::Core(CoreError::ReauthorizationRequired { authorize_url, .. }) => {
                authorize_url.as_deref()
            }
            _ => None,
        }
    }
}

impl ErrorMetadata for SciNoteError {
    fn core_error(&self) -> Option<&CoreError> {
        match self {
            SciNoteError::Core(e) => Some(e),
            _ => None,
        }
    }

    fn status(&self) -> Option<StatusCode> {
        match self {
            SciNoteError::JsonApi { status, .. } => Some(*status),
            other => other.core_error().and_then(ErrorMetadata::status),
        }
    }

    fn code(&self) -> Option<&str> {
        match self {
            SciNoteError::JsonApi { errors, .. } => errors.first().and_then(|e| e.title.as_deref()),
            other => other.core_error().and_then(ErrorMetadata::code),
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            SciNoteError::JsonApi { errors, .. } => errors
                .first()
                .and_then(|e| e.detail.as_deref().or(e.title.as_deref())),
            other => other.core_error().and_then(ErrorMetadata::message),
        }
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            SciNoteError::JsonApi { request_id, .. } => request_id.as_deref(),
            other => other.core_error().and_then(ErrorMetadata::request_id),
        }
    }

    fn is_auth(&self) -> bool {
        match self {
            SciNoteError::JsonApi { status, .. } => {
                *status == StatusCode::UNAUTHORIZED || *status == StatusCode::FORBIDDEN
            }
            SciNoteError::StateMismatch => true,
            other => other.core_error().is_some_and(ErrorMetadata::is_auth),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_bodies_parse_with_numeric_or_string_status() {
        let body = br#"{"errors":[{"id":"abc","status":404,"title":"Not found","detail":"gone"}]}"#;
        let errors = parse_errors(body).unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].status.as_deref(), Some("404"));
        assert_eq!(errors[0].to_string(), "Not found: gone");
        assert!(parse_errors(b"Throttled\n").is_none());
        assert!(parse_errors(br#"{"errors":[]}"#).is_none());
    }
}
