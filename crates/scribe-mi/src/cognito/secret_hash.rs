//! `SECRET_HASH`, for app clients with a client secret.

use std::collections::HashMap;

use auth_core::secret::ClientSecret;

use super::ScribeAuth;

impl ScribeAuth {
    /// `SECRET_HASH` for `username`, when the app client has a secret.
    pub(super) fn secret_hash(&self, username: &str) -> Option<String> {
        self.config
            .client_secret
            .as_ref()
            .map(|secret| secret_hash(secret, &self.config.client_id, username))
    }

    /// `params`, plus `SECRET_HASH` when the app client has a secret.
    pub(super) fn with_secret_hash<const N: usize>(
        &self,
        username: &str,
        params: [(&str, &str); N],
    ) -> Option<HashMap<String, String>> {
        let mut map: HashMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if let Some(hash) = self.secret_hash(username) {
            map.insert("SECRET_HASH".to_owned(), hash);
        }
        Some(map)
    }
}

/// Cognito's `SECRET_HASH`: base64 of HMAC-SHA256 keyed with the app
/// client's secret over `username + client_id`.
///
/// ```no_run
/// use auth_core::secret::ClientSecret;
/// let hash = scribe_mi::cognito::secret_hash(&ClientSecret::new("s3cr3t"), "client-xyz", "analyst@example.com");
/// assert_eq!(hash, "jOQtH674W1ODinocBpGVEclwSTxICeWp7awgt11L9xg=");
/// ```
pub fn secret_hash(client_secret: &ClientSecret, client_id: &str, username: &str) -> String {
    use base64::Engine as _;
    use hmac::Mac as _;
    let mut mac = match hmac::Hmac::<sha2::Sha256>::new_from_slice(
        client_secret.expose_secret().as_bytes(),
    ) {
        Ok(mac) => mac,
        // HMAC takes keys of any length.
        Err(_) => return String::new(),
    };
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
