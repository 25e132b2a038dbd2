//! Secret-holding types whose `Debug` and `Display` never show the value.
//!
//! Every password, client secret, token and AWS key in the SDKs lives in one of
//! these types. They wrap [`secrecy::SecretString`], so the memory is zeroized
//! on drop, and they only hand the value out through an explicit
//! [`expose_secret`](AccessToken::expose_secret) call that is easy to grep for.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The marker printed in place of every secret value.
pub const REDACTED: &str = "[REDACTED]";

macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        ///
        /// `Debug` and `Display` print a redaction marker; the value is zeroized
        /// on drop and only reachable through `expose_secret()`.
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Wraps a secret value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(SecretString::from(value.into()))
            }

            /// Returns the secret value. Call this only where the value is put
            /// on the wire or into a protected store.
            pub fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }

            /// Whether the secret is the empty string (a common configuration mistake).
            pub fn is_empty(&self) -> bool {
                self.0.expose_secret().is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), REDACTED)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(REDACTED)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        /// Compares in constant time, so equality checks do not leak the value
        /// through timing.
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                constant_time_eq(self.expose_secret().as_bytes(), other.expose_secret().as_bytes())
            }
        }

        impl Eq for $name {}

        /// Reading a secret from the wire (a token response) is allowed.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::new)
            }
        }
    };
}

secret_type!(
    /// A user's password.
    Password
);
secret_type!(
    /// An OAuth2 client secret, an app secret or an API key.
    ClientSecret
);
secret_type!(
    /// An access (or bearer / session) token sent with API calls.
    AccessToken
);
secret_type!(
    /// A refresh token used to obtain new access tokens.
    RefreshToken
);
secret_type!(
    /// An OpenID Connect id token.
    IdToken
);
secret_type!(
    /// An AWS secret access key or session token.
    AwsSecret
);
secret_type!(
    /// Any other secret value (authorization codes, one-time codes, ...).
    SecretValue
);

/// Serializes a secret as its plain value.
///
/// Secrets do not implement `Serialize`, so they cannot reach a log or a
/// response by accident. The token store opts in explicitly with
/// `#[serde(serialize_with = "auth_core::secret::serialize_exposed")]`.
pub fn serialize_exposed<S: Serializer, T: Exposable>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    value.exposed().serialize(s)
}

/// Like [`serialize_exposed`], for an optional secret.
pub fn serialize_exposed_opt<S: Serializer, T: Exposable>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    value.as_ref().map(Exposable::exposed).serialize(s)
}

/// Implemented by every secret type of this module, for code that must handle
/// secrets generically (serialization into a protected store, redaction).
pub trait Exposable {
    /// The plain secret value.
    fn exposed(&self) -> &str;
}

macro_rules! exposable {
    ($($name:ident),*) => {$(
        impl Exposable for $name {
            fn exposed(&self) -> &str {
                self.expose_secret()
            }
        }
    )*};
}
exposable!(
    Password,
    ClientSecret,
    AccessToken,
    RefreshToken,
    IdToken,
    AwsSecret,
    SecretValue
);

/// Asks for a secret when it is first needed (a prompt, a vault); an error
/// message when it cannot be had.
pub type SecretFn<T> = std::sync::Arc<dyn Fn() -> Result<T, String> + Send + Sync>;

/// Where a secret comes from: known up front, or asked for only when a
/// request needs it (so a stored token can be used without it).
#[derive(Clone)]
pub enum SecretSource<T> {
    /// Known up front.
    Fixed(T),
    /// Asked for each time it is needed.
    Lazy(SecretFn<T>),
}

impl<T: Clone + Exposable> SecretSource<T> {
    /// The secret, or [`Error::Config`](crate::Error::Config) naming `what`
    /// when it is empty or cannot be had: a secret nobody gave is a setting
    /// missing, not a secret the service refused.
    ///
    /// # Errors
    /// [`Error::Config`](crate::Error::Config) as above.
    pub fn get(&self, what: &str) -> crate::Result<T> {
        let secret = match self {
            SecretSource::Fixed(s) => s.clone(),
            SecretSource::Lazy(f) => f().map_err(crate::Error::Config)?,
        };
        if secret.exposed().is_empty() {
            return Err(crate::Error::Config(format!(
                "{what} is needed and none was given"
            )));
        }
        Ok(secret)
    }

    /// Whether a secret is (or may be) available.
    pub fn is_set(&self) -> bool {
        match self {
            SecretSource::Fixed(s) => !s.exposed().is_empty(),
            SecretSource::Lazy(_) => true,
        }
    }
}

impl<T> fmt::Debug for SecretSource<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Fixed(_) => write!(f, "SecretSource::Fixed({REDACTED})"),
            SecretSource::Lazy(_) => f.write_str("SecretSource::Lazy"),
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Replaces every occurrence of each secret in `text` by [`REDACTED`].
///
/// Used before a server's response body is put into an error: some servers
/// echo what they were sent (a password, a token) in their error messages.
/// Secrets shorter than 4 characters are skipped, since redacting them would
/// mangle ordinary text without protecting anything.
pub fn redact_all(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        if secret.len() >= 4 && out.contains(secret) {
            out = out.replace(secret, REDACTED);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let token = AccessToken::new("tok-very-secret");
        assert_eq!(format!("{token:?}"), "AccessToken([REDACTED])");
        assert_eq!(format!("{token}"), "[REDACTED]");
        assert_eq!(token.expose_secret(), "tok-very-secret");
        let pw = Password::from("hunter22");
        assert!(!format!("{pw:?} {pw}").contains("hunter22"));
    }

    #[test]
    fn equality_compares_values() {
        assert_eq!(RefreshToken::new("abc"), RefreshToken::new("abc"));
        assert_ne!(RefreshToken::new("abc"), RefreshToken::new("abd"));
        assert_ne!(RefreshToken::new("abc"), RefreshToken::new("abcd"));
    }

    #[test]
    fn deserializes_from_a_plain_string() {
        let t: AccessToken = serde_json::from_str("\"xyz\"").expect("valid json");
        assert_eq!(t.expose_secret(), "xyz");
    }

    #[test]
    fn redact_all_replaces_every_secret() {
        let text = "user sent pass-1234 and token tok-5678, again pass-1234";
        let out = redact_all(text, &["pass-1234", "tok-5678", "ab"]);
        assert_eq!(
            out,
            "user sent [REDACTED] and token [REDACTED], again [REDACTED]"
        );
    }
}
