//! Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30 s steps, 6
//! digits), the codes an authenticator app shows for the secret Cognito
//! hands out when software-token MFA is enrolled.

use std::time::{SystemTime, UNIX_EPOCH};

use auth_core::secret::SecretValue;

use crate::error::{Result, ScribeError};

/// The 6-digit code of the base32 `secret` at `at`.
///
/// # Errors
/// [`ScribeError::Core`] with [`auth_core::Error::InvalidInput`] when the
/// secret is empty or not base32.
///
/// ```no_run
/// use scribe_mi::auth_core::secret::SecretValue;
/// # fn run() -> scribe_mi::Result<()> {
/// let secret = SecretValue::new(std::env::var("SCRIBE_OTP_SECRET").unwrap_or_default());
/// let code = scribe_mi::totp::code(&secret, std::time::SystemTime::now())?;
/// # let _ = code; Ok(()) }
/// ```
pub fn code(secret: &SecretValue, at: SystemTime) -> Result<String> {
    use hmac::{Hmac, Mac};
    let invalid = |m: &str| ScribeError::Core(auth_core::Error::InvalidInput(m.to_owned()));
    let key = base32(secret.expose_secret())
        .filter(|k| !k.is_empty())
        .ok_or_else(|| invalid("the TOTP secret is not base32"))?;
    let step = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) / 30;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key)
        .map_err(|_| invalid("the TOTP secret is not usable"))?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    Ok(format!("{:06}", word % 1_000_000))
}

/// RFC 4648 base32 (case-insensitive; spaces, dashes and padding ignored).
fn base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn codes_match_the_rfc_6238_vectors() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890".
        let secret = SecretValue::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(code(&secret, at(59)).ok().as_deref(), Some("287082"));
        assert_eq!(
            code(&secret, at(1_111_111_109)).ok().as_deref(),
            Some("081804")
        );
        assert_eq!(
            code(&secret, at(2_000_000_000)).ok().as_deref(),
            Some("279037")
        );
        assert!(code(&SecretValue::new("not base32!"), at(59)).is_err());
        assert!(code(&SecretValue::new(""), at(59)).is_err());
    }
}
