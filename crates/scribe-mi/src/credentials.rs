//! Temporary AWS credentials from the identity pool.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_core::clock::{Clock, Instant};
use auth_core::secret::{AccessToken, AwsSecret, SecretValue};
use auth_core::{Expiring, Expiry, Lifetime, Persist, StoredToken, TokenSet};

/// Temporary AWS credentials for a federated identity.
#[derive(Clone)]
pub struct AwsCredentials {
    /// The access key id (not secret on its own, but not printed in full).
    pub(crate) access_key_id: String,
    pub(crate) secret_access_key: AwsSecret,
    pub(crate) session_token: Option<AwsSecret>,
    /// When they expire (wall clock, as AWS reports it).
    pub(crate) expiration: Option<SystemTime>,
    pub(crate) lifetime: Lifetime,
}

impl AwsCredentials {
    /// Credentials obtained by a request sent at `sent_at`, expiring at
    /// `expiration` (wall clock), mapped onto the monotonic clock once.
    /// ```no_run
    /// use scribe_mi::auth_core::{clock::system_clock, secret::AwsSecret};
    /// let clock = system_clock();
    /// let creds = scribe_mi::AwsCredentials::new(
    ///     "AKIAEXAMPLE", AwsSecret::new("secret"), None, None, clock.now(), clock.as_ref(),
    /// );
    /// ```
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: AwsSecret,
        session_token: Option<AwsSecret>,
        expiration: Option<SystemTime>,
        sent_at: Instant,
        clock: &dyn Clock,
    ) -> Self {
        let lifetime = match expiration {
            Some(at) => {
                let remaining = at.duration_since(clock.wall()).unwrap_or_default();
                // Counted from when the request was sent, never later.
                Lifetime::expires_in(sent_at, remaining)
            }
            None => Lifetime::never(sent_at),
        };
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key,
            session_token,
            expiration,
            lifetime,
        }
    }

    /// The access key id.
    ///
    /// ```no_run
    /// # fn run(creds: scribe_mi::AwsCredentials) {
    /// println!("{}", creds.access_key_id());
    /// # }
    /// ```
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    ///
    /// ```no_run
    /// # fn run(creds: scribe_mi::AwsCredentials) {
    /// let secret = creds.secret_access_key(); // prints [REDACTED]
    /// println!("{secret}");
    /// # }
    /// ```
    pub fn secret_access_key(&self) -> &AwsSecret {
        &self.secret_access_key
    }

    /// The session token.
    ///
    /// ```no_run
    /// # fn run(creds: scribe_mi::AwsCredentials) {
    /// if let Some(token) = creds.session_token() { let _ = token.expose_secret(); }
    /// # }
    /// ```
    pub fn session_token(&self) -> Option<&AwsSecret> {
        self.session_token.as_ref()
    }

    /// When the credentials expire, as AWS reported it.
    ///
    /// ```no_run
    /// # fn run(creds: scribe_mi::AwsCredentials) {
    /// if let Some(at) = creds.expiration() { println!("expires at {at:?}"); }
    /// # }
    /// ```
    pub fn expiration(&self) -> Option<SystemTime> {
        self.expiration
    }

    /// Whether they expire at all.
    ///
    /// ```no_run
    /// # fn run(creds: scribe_mi::AwsCredentials) {
    /// if !creds.expires() { println!("long-lived keys"); }
    /// # }
    /// ```
    pub fn expires(&self) -> bool {
        !matches!(self.lifetime.expiry, Expiry::Never)
    }

    /// The form `aws-sigv4` signs with.
    pub(crate) fn to_aws(&self) -> aws_credential_types::Credentials {
        aws_credential_types::Credentials::new(
            self.access_key_id.clone(),
            self.secret_access_key.expose_secret().to_owned(),
            self.session_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            self.expiration,
            "scribe-cognito",
        )
    }
}

/// Persisted as: the secret key as the stored access token, the key id in
/// `extra`, the session token in `secrets`, the expiry as AWS reported it.
impl Persist for AwsCredentials {
    fn to_stored(&self, clock: &dyn Clock) -> StoredToken {
        let set = TokenSet::new(
            AccessToken::new(self.secret_access_key.expose_secret()),
            self.lifetime,
        );
        let mut stored = StoredToken::from_token_set(&set, clock);
        stored
            .extra
            .insert("access_key_id".into(), self.access_key_id.clone());
        if let Some(token) = &self.session_token {
            stored.secrets.insert(
                "session_token".into(),
                SecretValue::new(token.expose_secret()),
            );
        }
        stored
    }

    fn from_stored(stored: &StoredToken, clock: &dyn Clock) -> auth_core::Result<Self> {
        let access_key_id =
            stored
                .extra
                .get("access_key_id")
                .ok_or_else(|| auth_core::Error::Store {
                    message: "stored AWS credentials have no access key id; sign in again".into(),
                    source: None,
                })?;
        let lifetime = stored.to_token_set(clock).lifetime();
        let expiration = stored
            .expires_at
            .and_then(|s| UNIX_EPOCH.checked_add(Duration::from_secs(s)));
        Ok(Self {
            access_key_id: access_key_id.clone(),
            secret_access_key: AwsSecret::new(stored.access_token.expose_secret()),
            session_token: stored
                .secrets
                .get("session_token")
                .map(|t| AwsSecret::new(t.expose_secret())),
            expiration,
            lifetime,
        })
    }
}

impl Expiring for AwsCredentials {
    fn lifetime(&self) -> Lifetime {
        self.lifetime
    }
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Show only the start of the key id, enough to tell keys apart.
        let shown: String = self.access_key_id.chars().take(4).collect();
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &format!("{shown}…"))
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .field("expiration", &self.expiration)
            .finish()
    }
}
