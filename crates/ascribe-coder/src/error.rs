//! The errors of this crate.
//!
//! Ascribe reports most failures in the response body (`errors` in v1,
//! `errorMessage` in v2), often with HTTP 200. Both become
//! [`Error::Service`], whatever the status. Transport, timeout and
//! authentication failures come from `auth-core` and are wrapped as
//! [`Error::Core`]; the predicates delegate to it.

use auth_core::ErrorMetadata;
use http::StatusCode;

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in an Ascribe call.
///
/// No variant ever carries a password or a token: messages read from the
/// service are scrubbed of the secrets the client holds before they get here.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A failure of the shared layer: transport, timeout, HTTP status,
    /// rejected credentials, decoding, configuration.
    #[error(transparent)]
    Core(#[from] auth_core::Error),

    /// The service reported errors in the body (`errors` or `errorMessage`),
    /// possibly with HTTP 200.
    #[error("ascribe {operation} failed (HTTP {}): {}", status.as_u16(), messages.join("; "))]
    Service {
        /// The operation that failed (`"create_study"`, ...).
        operation: String,
        /// The messages the service sent.
        messages: Vec<String>,
        /// The HTTP status the messages came with (often 200).
        status: StatusCode,
        /// The request id the service sent with the answer, if any.
        request_id: Option<String>,
    },

    /// In bearer mode the bearer token was refused and logging in again did
    /// not give a working one: the user's credentials have changed.
    #[error(
        "the Ascribe bearer token was rejected and a new login failed: the credentials have changed ({message})"
    )]
    CredentialsChanged {
        /// What the service (or the re-login) said.
        message: String,
    },

    /// A chunked upload failed part-way: the earlier chunks were stored.
    #[error(
        "chunk {chunk} of {chunks} failed after {responses_sent} responses were stored: {source}"
    )]
    ChunkFailed {
        /// The 1-based index of the failed chunk.
        chunk: usize,
        /// How many chunks the upload had.
        chunks: usize,
        /// How many responses the earlier chunks stored.
        responses_sent: usize,
        /// Why the chunk failed.
        #[source]
        source: Box<Error>,
    },

    /// A batch call was given a chunk size above what the service takes in
    /// one request; nothing was sent.
    #[error("chunk_size {requested} is above the service's maximum of {max} items per request")]
    ChunkSizeTooLarge {
        /// The chunk size asked for.
        requested: usize,
        /// The most items the service takes in one request.
        max: usize,
    },

    /// An asynchronous task (an AI Coder analysis, export, ...) was rejected
    /// by the service while it was being waited for.
    #[error("{task} failed: {message}")]
    TaskFailed {
        /// The task (`"AI Coder analysis task 42"`).
        task: String,
        /// What the service said.
        message: String,
        /// The request id of the status answer that reported it, if any.
        request_id: Option<String>,
    },

    /// A job or study ended in a state it cannot leave (a deleted study, a
    /// failed export).
    #[error("{what} ended as `{status}`{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    UnexpectedState {
        /// What was being waited for.
        what: String,
        /// The state it reached.
        status: String,
        /// The service's explanation, if any.
        message: Option<String>,
    },
}

impl Error {
    /// The messages the service sent, for [`Error::Service`] (or a chunk
    /// failure caused by one).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) {
    /// if let Err(err) = client.studies().get(544).await {
    ///     for message in err.messages() {
    ///         eprintln!("Ascribe said: {message}");
    ///     }
    /// }
    /// # }
    /// ```
    pub fn messages(&self) -> &[String] {
        match self {
            Error::Service { messages, .. } => messages,
            Error::TaskFailed { message, .. } => std::slice::from_ref(message),
            Error::ChunkFailed { source, .. } => source.messages(),
            _ => &[],
        }
    }

    /// Whether the service reported errors in the body.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) {
    /// match client.studies().get(544).await {
    ///     Err(err) if err.is_service() => eprintln!("refused: {err}"),
    ///     Err(err) => eprintln!("could not ask: {err}"),
    ///     Ok(study) => println!("{}", study.study.id),
    /// }
    /// # }
    /// ```
    pub fn is_service(&self) -> bool {
        match self {
            Error::Service { .. } | Error::TaskFailed { .. } => true,
            Error::ChunkFailed { source, .. } => source.is_service(),
            _ => false,
        }
    }

    /// The shared-layer error, when this is one.
    ///
    /// ```no_run
    /// # fn f(err: &ascribe_coder::Error) {
    /// if let Some(core) = err.core() { eprintln!("{core}"); }
    /// # }
    /// ```
    pub fn core(&self) -> Option<&auth_core::Error> {
        self.core_error()
    }
}

impl ErrorMetadata for Error {
    fn core_error(&self) -> Option<&auth_core::Error> {
        match self {
            Error::Core(e) => Some(e),
            Error::ChunkFailed { source, .. } => source.core_error(),
            _ => None,
        }
    }

    fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service { status, .. } => Some(*status),
            Error::ChunkFailed { source, .. } => source.status(),
            other => other.core_error().and_then(ErrorMetadata::status),
        }
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service { request_id, .. } | Error::TaskFailed { request_id, .. } => {
                request_id.as_deref()
            }
            Error::ChunkFailed { source, .. } => source.request_id(),
            other => other.core_error().and_then(ErrorMetadata::request_id),
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            Error::Service { messages, .. } => messages.first().map(String::as_str),
            Error::TaskFailed { message, .. } => Some(message),
            Error::CredentialsChanged { message } => Some(message),
            Error::ChunkFailed { source, .. } => source.message(),
            other => other.core_error().and_then(ErrorMetadata::message),
        }
    }

    fn is_auth(&self) -> bool {
        match self {
            Error::CredentialsChanged { .. } => true,
            Error::ChunkFailed { source, .. } => source.is_auth(),
            other => other.core_error().is_some_and(ErrorMetadata::is_auth),
        }
    }

    fn is_retryable(&self) -> bool {
        match self {
            Error::ChunkFailed { source, .. } => source.is_retryable(),
            other => other.core_error().is_some_and(ErrorMetadata::is_retryable),
        }
    }

    fn is_timeout(&self) -> bool {
        match self {
            Error::ChunkFailed { source, .. } => source.is_timeout(),
            other => other.core_error().is_some_and(ErrorMetadata::is_timeout),
        }
    }

    /// Also true for Ascribe's "not found" reported in the body with
    /// HTTP 200.
    fn is_not_found(&self) -> bool {
        match self {
            Error::Service {
                messages, status, ..
            } => {
                *status == StatusCode::NOT_FOUND
                    || messages.iter().any(|m| {
                        let m = m.to_ascii_lowercase();
                        m.contains("not found") || m.contains("does not exist")
                    })
            }
            Error::ChunkFailed { source, .. } => source.is_not_found(),
            other => other.status() == Some(StatusCode::NOT_FOUND),
        }
    }
}

/// The messages of an Ascribe body: a non-empty `errors` (v1: an array of
/// strings, sometimes a single string) or `errorMessage` (v2). `None` when
/// the body reports no error or is not a JSON object.
pub(crate) fn service_messages(body: &[u8]) -> Option<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(default)]
        errors: Option<serde_json::Value>,
        #[serde(default, rename = "errorMessage")]
        error_message: Option<serde_json::Value>,
    }
    let envelope: Envelope = serde_json::from_slice(body).ok()?;
    let mut messages = Vec::new();
    for value in [envelope.errors, envelope.error_message]
        .into_iter()
        .flatten()
    {
        collect_messages(&value, &mut messages);
    }
    (!messages.is_empty()).then_some(messages)
}

fn collect_messages(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_messages(i, out)),
        // Some ASP.NET error shapes nest the text in an object.
        serde_json::Value::Object(map) => {
            if let Some(m) = map.get("message").or_else(|| map.get("Message")) {
                collect_messages(m, out);
            }
        }
        _ => {}
    }
}

/// The code the error parser gives Ascribe body errors, so that a non-2xx
/// answer with `errors` can be recognised and turned into [`Error::Service`].
pub(crate) const SERVICE_ERROR_CODE: &str = "ascribe.errors";

/// Reads `errors` / `errorMessage` from a non-2xx body for `auth-core`'s
/// error type, falling back to the common shapes.
pub(crate) fn error_parser(
    status: StatusCode,
    headers: &http::HeaderMap,
    body: &[u8],
) -> auth_core::http::ErrorDetails {
    match service_messages(body) {
        Some(messages) => auth_core::http::ErrorDetails {
            code: Some(SERVICE_ERROR_CODE.to_owned()),
            message: Some(messages.join("; ")),
        },
        None => auth_core::http::default_error_parser(status, headers, body),
    }
}

/// Turns a plain non-2xx [`auth_core::Error::Api`] whose body carried Ascribe
/// errors into [`Error::Service`]; other errors pass through.
pub(crate) fn from_core(err: auth_core::Error) -> Error {
    if let auth_core::Error::Api(api) = &err
        && api.code.as_deref() == Some(SERVICE_ERROR_CODE)
    {
        // The body in the error is already scrubbed of secrets; re-read it
        // for the separate messages, else keep the joined message.
        let messages = api
            .body
            .as_deref()
            .and_then(|b| service_messages(b.as_bytes()))
            .or_else(|| api.message.clone().map(|m| vec![m]))
            .unwrap_or_default();
        return Error::Service {
            operation: api.operation.clone(),
            messages,
            status: api.status,
            request_id: api.request_id.clone(),
        };
    }
    Error::Core(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_v1_and_v2_error_fields() {
        assert_eq!(service_messages(br#"{"errors":null,"studies":[]}"#), None);
        assert_eq!(service_messages(br#"{"errors":[]}"#), None);
        assert_eq!(
            service_messages(br#"{"errors":["a","b"]}"#),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            service_messages(br#"{"errorMessage":"v2 says no"}"#),
            Some(vec!["v2 says no".to_owned()])
        );
        assert_eq!(service_messages(br#"{"errorMessage":null}"#), None);
        assert_eq!(service_messages(b"<xml/>"), None);
    }

    #[test]
    fn predicates_delegate() {
        let e = Error::Service {
            operation: "x".into(),
            messages: vec!["m".into()],
            status: StatusCode::OK,
            request_id: Some("req-1".into()),
        };
        assert!(e.is_service() && !e.is_retryable() && !e.is_auth());
        assert_eq!(e.status(), Some(StatusCode::OK));
        let chunk = Error::ChunkFailed {
            chunk: 2,
            chunks: 3,
            responses_sent: 1000,
            source: Box::new(e),
        };
        assert_eq!(chunk.messages(), ["m".to_owned()]);
        assert_eq!(chunk.request_id(), Some("req-1"));
        assert!(
            Error::CredentialsChanged {
                message: "x".into()
            }
            .is_auth()
        );
    }
}
