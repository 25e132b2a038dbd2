//! The CLI's error: one line for stderr and the exit code it maps to.

use std::fmt;

use auth_core::ErrorMetadata;
use std::process::ExitCode;

/// What kind of failure, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Anything else: exit 1.
    Other,
    /// Bad usage found after parsing (a missing setting): exit 2, like clap.
    Usage,
    /// Authentication failed (wrong secret, expired grant): exit 3.
    Auth,
    /// The thing asked for does not exist: exit 4.
    NotFound,
}

/// An error ready to print: its message comes from the SDK errors' `Display`,
/// which never holds a secret.
#[derive(Debug)]
pub(crate) struct CliError {
    kind: Kind,
    message: String,
}

impl CliError {
    /// An error of `kind`.
    pub(crate) fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// A general failure.
    /// The error as the JSON object `--json` prints:
    /// `{"error": {"kind": "auth", "message": "...", "exit_code": 3}}`.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let (kind, code) = match self.kind {
            Kind::Other => ("error", 1),
            Kind::Usage => ("usage", 2),
            Kind::Auth => ("auth", 3),
            Kind::NotFound => ("not_found", 4),
        };
        serde_json::json!({
            "error": { "kind": kind, "message": self.message, "exit_code": code }
        })
    }

    pub(crate) fn other(message: impl Into<String>) -> Self {
        Self::new(Kind::Other, message)
    }

    /// A usage problem (a required setting is missing).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    /// An authentication failure.
    pub(crate) fn auth(message: impl Into<String>) -> Self {
        Self::new(Kind::Auth, message)
    }

    /// The kind.
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// The process exit code for this error.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            Kind::Other => 1,
            Kind::Usage => 2,
            Kind::Auth => 3,
            Kind::NotFound => 4,
        })
    }

    /// The error of any SDK, classified through the one error-metadata
    /// trait; the message carries the whole cause chain (a connection
    /// error's host and reason included).
    fn from_sdk<E: ErrorMetadata + std::error::Error>(e: &E) -> Self {
        let kind = if matches!(e.core_error(), Some(auth_core::Error::Config(_))) {
            Kind::Usage
        } else if e.is_auth() {
            Kind::Auth
        } else if e.is_not_found() {
            Kind::NotFound
        } else {
            Kind::Other
        };
        let mut message = e.to_string();
        let mut source = e.source();
        while let Some(cause) = source {
            let text = cause.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            source = cause.source();
        }
        Self { kind, message }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

macro_rules! from_sdk_error {
    ($($t:ty),*) => {$(
        impl From<$t> for CliError {
            fn from(e: $t) -> Self {
                Self::from_sdk(&e)
            }
        }
    )*};
}

from_sdk_error!(
    auth_core::Error,
    symbl::SymblError,
    ascribe_coder::Error,
    scribe_mi::ScribeError,
    scinote::SciNoteError
);

#[cfg(test)]
mod tests {
    use super::{CliError, Kind};

    #[test]
    fn auth_errors_map_to_exit_code_3_and_config_errors_to_2() {
        let auth = CliError::from(auth_core::Error::InvalidCredentials {
            code: None,
            message: "bad secret".into(),
        });
        assert_eq!(auth.kind(), Kind::Auth);
        assert_eq!(auth.exit_code(), std::process::ExitCode::from(3));
        let config = CliError::from(auth_core::Error::Config("missing id".into()));
        assert_eq!(config.kind(), Kind::Usage);
        assert_eq!(CliError::other("x").kind(), Kind::Other);
    }
}
