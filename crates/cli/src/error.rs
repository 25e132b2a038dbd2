//! The CLI's error: one line for stderr and the exit code it maps to.

use std::fmt;
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

    fn classify(is_auth: bool, status: Option<http::StatusCode>, message: String) -> Self {
        let kind = if is_auth {
            Kind::Auth
        } else if status == Some(http::StatusCode::NOT_FOUND) {
            Kind::NotFound
        } else {
            Kind::Other
        };
        Self { kind, message }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<auth_core::Error> for CliError {
    fn from(e: auth_core::Error) -> Self {
        let kind_is_config = matches!(e, auth_core::Error::Config(_));
        let mut err = Self::classify(e.is_auth(), e.status(), e.to_string());
        if kind_is_config {
            err.kind = Kind::Usage;
        }
        err
    }
}

impl From<symbl::SymblError> for CliError {
    fn from(e: symbl::SymblError) -> Self {
        if let symbl::SymblError::Core(core) = e {
            return core.into();
        }
        Self::classify(e.is_auth(), e.status(), e.to_string())
    }
}

impl From<ascribe_coder::Error> for CliError {
    fn from(e: ascribe_coder::Error) -> Self {
        let status = e.core().and_then(auth_core::Error::status);
        Self::classify(e.is_auth(), status, e.to_string())
    }
}

impl From<scribe_mi::ScribeError> for CliError {
    fn from(e: scribe_mi::ScribeError) -> Self {
        match e {
            scribe_mi::ScribeError::Core(core) => core.into(),
            scribe_mi::ScribeError::UserNotFound(_) => Self::new(Kind::Auth, e.to_string()),
            _ => Self::classify(e.is_auth(), None, e.to_string()),
        }
    }
}

impl From<scinote::SciNoteError> for CliError {
    fn from(e: scinote::SciNoteError) -> Self {
        let not_found = e.is_not_found();
        let mut err = Self::classify(e.is_auth(), e.status(), e.to_string());
        if not_found && err.kind == Kind::Other {
            err.kind = Kind::NotFound;
        }
        err
    }
}

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
