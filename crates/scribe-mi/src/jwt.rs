//! Self-managed JWTs, as `@scribelabsai/auth` 2.0's `SelfManagedSigner`
//! and `decodeSelfSignedJwt` make them: RS256, claims `iss`, `sub`,
//! `aud = "https://apis.scribelabs.ai"`, `scope` (space-joined) and `exp`.
//!
//! A machine-to-machine caller signs its own short-lived token with its
//! private key; Scribe checks it with the registered public key. Use
//! [`MiClientBuilder::self_managed_jwt`](crate::MiClientBuilder::self_managed_jwt)
//! to send one with every MI v2 call, re-signed ahead of its `exp`.
//!
//! ```no_run
//! use std::time::{Duration, SystemTime};
//! use scribe_mi::jwt::{RsaPrivateKey, SelfManagedSigner, decode_self_signed_jwt};
//!
//! # fn run(private_pem: String, public_pem: &str) -> Result<(), scribe_mi::jwt::JwtError> {
//! let signer = SelfManagedSigner::new(&RsaPrivateKey::from_pem(private_pem), "my-issuer", "svc")?;
//! let token = signer.sign(&["mi:read"], SystemTime::now() + Duration::from_secs(600))?;
//! let claims = decode_self_signed_jwt(token.expose_secret(), public_pem)?;
//! assert_eq!(claims.sub, "svc");
//! # Ok(()) }
//! ```

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use auth_core::secret::{AccessToken, REDACTED};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The audience every Scribe self-managed JWT names.
pub const SCRIBE_AUDIENCE: &str = "https://apis.scribelabs.ai";

/// An RSA private key in PEM (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8
/// `BEGIN PRIVATE KEY`). `Debug` and `Display` print a redaction marker and
/// the PEM is zeroized on drop.
#[derive(Clone)]
pub struct RsaPrivateKey(SecretString);

impl RsaPrivateKey {
    /// Wraps a PEM text (checked when a signer is made from it).
    ///
    /// ```no_run
    /// let key = scribe_mi::jwt::RsaPrivateKey::from_pem(std::env::var("SCRIBE_PRIVATE_KEY").unwrap_or_default());
    /// # let _ = key;
    /// ```
    pub fn from_pem(pem: impl Into<String>) -> Self {
        Self(SecretString::from(pem.into()))
    }

    /// Reads a PEM file.
    ///
    /// # Errors
    /// [`JwtError::InvalidPrivateKey`] when the file cannot be read.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), scribe_mi::jwt::JwtError> {
    /// let key = scribe_mi::jwt::RsaPrivateKey::from_pem_file("scribe-key.pem")?;
    /// # let _ = key; Ok(()) }
    /// ```
    pub fn from_pem_file(path: impl AsRef<std::path::Path>) -> Result<Self, JwtError> {
        let path = path.as_ref();
        std::fs::read_to_string(path)
            .map(Self::from_pem)
            .map_err(|e| {
                JwtError::InvalidPrivateKey(format!("cannot read {}: {e}", path.display()))
            })
    }

    fn encoding_key(&self) -> Result<EncodingKey, JwtError> {
        // jsonwebtoken keeps its own copy of the key: it is made for each
        // signature and dropped at once, the PEM stays in the zeroized secret.
        EncodingKey::from_rsa_pem(self.0.expose_secret().as_bytes()).map_err(|_| {
            JwtError::InvalidPrivateKey("not an RSA private key in PEM (PKCS#1 or PKCS#8)".into())
        })
    }
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPrivateKey({REDACTED})")
    }
}

impl fmt::Display for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// What can go wrong signing or verifying a self-managed JWT. No variant
/// carries a key or a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwtError {
    /// The private key is not a usable RSA key.
    #[error("invalid RSA private key: {0}")]
    InvalidPrivateKey(String),
    /// The public key is not a usable RSA key.
    #[error("invalid RSA public key: {0}")]
    InvalidPublicKey(String),
    /// The issuer or subject is empty, or `exp` is before 1970.
    #[error("invalid JWT claims: {0}")]
    InvalidClaims(String),
    /// Signing failed.
    #[error("cannot sign the JWT: {0}")]
    Signing(String),
    /// The text is not a JWT.
    #[error("not a JWT: {0}")]
    Malformed(String),
    /// The token is not signed with RS256.
    #[error("the JWT is not signed with RS256")]
    WrongAlgorithm,
    /// The signature does not verify with the public key.
    #[error("the JWT signature does not verify with this public key")]
    InvalidSignature,
    /// The audience is not [`SCRIBE_AUDIENCE`].
    #[error("the JWT's audience is not {SCRIBE_AUDIENCE}")]
    WrongAudience,
    /// The token has expired.
    #[error("the JWT has expired")]
    Expired,
    /// A claim is missing or has the wrong type.
    #[error("invalid JWT claim: {0}")]
    InvalidClaim(String),
}

impl From<jsonwebtoken::errors::Error> for JwtError {
    fn from(err: jsonwebtoken::errors::Error) -> Self {
        match err.kind() {
            ErrorKind::InvalidSignature => JwtError::InvalidSignature,
            ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                JwtError::WrongAlgorithm
            }
            ErrorKind::InvalidAudience => JwtError::WrongAudience,
            ErrorKind::ExpiredSignature => JwtError::Expired,
            ErrorKind::MissingRequiredClaim(c) => JwtError::InvalidClaim(format!("{c} is missing")),
            ErrorKind::InvalidClaimFormat(c) => {
                JwtError::InvalidClaim(format!("{c} has the wrong type"))
            }
            ErrorKind::InvalidRsaKey(_) | ErrorKind::InvalidKeyFormat => {
                JwtError::InvalidPublicKey("the key does not fit RS256".into())
            }
            ErrorKind::RsaFailedSigning | ErrorKind::Signing(_) => {
                JwtError::Signing("the RSA signature failed".into())
            }
            ErrorKind::InvalidToken
            | ErrorKind::Base64(_)
            | ErrorKind::Json(_)
            | ErrorKind::Utf8(_) => JwtError::Malformed("cannot decode its parts".into()),
            _ => JwtError::Malformed("rejected".into()),
        }
    }
}

/// The claims of a self-managed JWT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SelfSignedClaims {
    /// The issuer.
    pub iss: String,
    /// The subject (the calling service).
    pub sub: String,
    /// The audience, [`SCRIBE_AUDIENCE`].
    pub aud: String,
    /// The scopes, space-joined.
    pub scope: String,
    /// The expiry, seconds since the Unix epoch.
    pub exp: u64,
}

impl SelfSignedClaims {
    /// The scopes, one by one.
    ///
    /// ```no_run
    /// # fn f(claims: &scribe_mi::jwt::SelfSignedClaims) {
    /// let read = claims.scopes().any(|s| s == "mi:read");
    /// # let _ = read; }
    /// ```
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.split_whitespace()
    }
}

/// Signs self-managed JWTs: `SelfManagedSigner(privateKey, issuer,
/// sub).sign(scopes, exp)` of `@scribelabsai/auth` 2.0.
#[derive(Clone)]
pub struct SelfManagedSigner {
    key: RsaPrivateKey,
    issuer: String,
    subject: String,
}

impl fmt::Debug for SelfManagedSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SelfManagedSigner")
            .field("key", &self.key)
            .field("issuer", &self.issuer)
            .field("subject", &self.subject)
            .finish()
    }
}

impl SelfManagedSigner {
    /// A signer for `issuer` and `subject` with this private key (checked now).
    ///
    /// # Errors
    /// [`JwtError::InvalidPrivateKey`] for a key that is not an RSA private
    /// key in PEM; [`JwtError::InvalidClaims`] for an empty issuer or subject.
    ///
    /// ```no_run
    /// use scribe_mi::jwt::{RsaPrivateKey, SelfManagedSigner};
    /// # fn run(pem: String) -> Result<(), scribe_mi::jwt::JwtError> {
    /// let signer = SelfManagedSigner::new(&RsaPrivateKey::from_pem(pem), "my-issuer", "svc")?;
    /// # let _ = signer; Ok(()) }
    /// ```
    pub fn new(
        key: &RsaPrivateKey,
        issuer: impl Into<String>,
        subject: impl Into<String>,
    ) -> Result<Self, JwtError> {
        let (issuer, subject) = (issuer.into(), subject.into());
        if issuer.trim().is_empty() || subject.trim().is_empty() {
            return Err(JwtError::InvalidClaims(
                "the issuer and the subject must not be empty".into(),
            ));
        }
        // jsonwebtoken parses the key only when signing: sign a probe now,
        // so a wrong key (a public key, a truncated PEM) fails here.
        jsonwebtoken::encode(
            &Header::new(Algorithm::RS256),
            &serde_json::json!({}),
            &key.encoding_key()?,
        )
        .map_err(|_| JwtError::InvalidPrivateKey("the key cannot make RS256 signatures".into()))?;
        Ok(Self {
            key: key.clone(),
            issuer,
            subject,
        })
    }

    /// The issuer (`iss`).
    ///
    /// ```no_run
    /// # fn f(s: &scribe_mi::jwt::SelfManagedSigner) { println!("{}", s.issuer()); }
    /// ```
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The subject (`sub`).
    ///
    /// ```no_run
    /// # fn f(s: &scribe_mi::jwt::SelfManagedSigner) { println!("{}", s.subject()); }
    /// ```
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// Signs a JWT with these scopes (space-joined into `scope`) that
    /// expires at `exp` (whole seconds, rounded down).
    ///
    /// # Errors
    /// [`JwtError::InvalidClaims`] for an `exp` before 1970;
    /// [`JwtError::Signing`] when the RSA signature fails.
    ///
    /// ```no_run
    /// use std::time::{Duration, SystemTime};
    /// # fn run(signer: scribe_mi::jwt::SelfManagedSigner) -> Result<(), scribe_mi::jwt::JwtError> {
    /// let token = signer.sign(&["mi:read", "mi:write"], SystemTime::now() + Duration::from_secs(900))?;
    /// # let _ = token; Ok(()) }
    /// ```
    pub fn sign<S: AsRef<str>>(
        &self,
        scopes: &[S],
        exp: SystemTime,
    ) -> Result<AccessToken, JwtError> {
        let exp = exp
            .duration_since(UNIX_EPOCH)
            .map_err(|_| JwtError::InvalidClaims("exp is before 1970".into()))?
            .as_secs();
        let claims = SelfSignedClaims {
            iss: self.issuer.clone(),
            sub: self.subject.clone(),
            aud: SCRIBE_AUDIENCE.to_owned(),
            scope: scopes
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(" "),
            exp,
        };
        let token = jsonwebtoken::encode(
            &Header::new(Algorithm::RS256),
            &claims,
            &self.key.encoding_key()?,
        )
        .map_err(JwtError::from)
        .map_err(|e| match e {
            JwtError::InvalidPublicKey(m) => JwtError::InvalidPrivateKey(m),
            other => other,
        })?;
        Ok(AccessToken::new(token))
    }
}

/// Verifies a self-managed JWT as `decodeSelfSignedJwt(token, publicKey)`
/// does: an RS256 signature by the key of `public_key_pem` (`BEGIN PUBLIC
/// KEY` or `BEGIN RSA PUBLIC KEY`), the audience [`SCRIBE_AUDIENCE`], and
/// an `exp` not passed (60 s of leeway).
///
/// # Errors
/// [`JwtError::InvalidSignature`], [`JwtError::WrongAlgorithm`],
/// [`JwtError::WrongAudience`], [`JwtError::Expired`],
/// [`JwtError::InvalidClaim`], [`JwtError::Malformed`] as the token fails;
/// [`JwtError::InvalidPublicKey`] for a key that is not an RSA public key.
///
/// ```no_run
/// # fn run(token: &str, public_pem: &str) -> Result<(), scribe_mi::jwt::JwtError> {
/// let claims = scribe_mi::jwt::decode_self_signed_jwt(token, public_pem)?;
/// println!("{} may {}", claims.sub, claims.scope);
/// # Ok(()) }
/// ```
pub fn decode_self_signed_jwt(
    token: &str,
    public_key_pem: &str,
) -> Result<SelfSignedClaims, JwtError> {
    let key = DecodingKey::from_rsa_pem(public_key_pem.as_bytes())
        .map_err(|_| JwtError::InvalidPublicKey("not an RSA public key in PEM".into()))?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[SCRIBE_AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    let data = jsonwebtoken::decode::<SelfSignedClaims>(token, &key, &validation)?;
    Ok(data.claims)
}
