//! [`EncryptedStore`]: authenticated encryption around any [`TokenStore`].
//!
//! Each token set is serialized to JSON and sealed with XChaCha20-Poly1305
//! under a 32-byte [`EncryptionKey`], with a fresh random 192-bit nonce per
//! value (safe for any number of values under one key). The sealed value is
//! bound to its storage key: a value copied to another key fails to open.
//!
//! # What the wrapped store holds
//!
//! [`TokenStore`] persists [`StoredToken`]s, so the sealed bytes travel in an
//! *envelope*: a `StoredToken` whose `access_token` is `tse1.` followed by
//! the base64url of the sealed bytes, with `extra["token_stores.sealed"] =
//! "xchacha20poly1305"` and nothing else (no expiry, no refresh token in the
//! clear). Any store (memory, file, Redis, keyring) can hold it unchanged.
//!
//! The sealed bytes are:
//!
//! | bytes | what |
//! |---|---|
//! | 1 | format version (1) |
//! | 1 | length `n` of the key id |
//! | `n` | key id (ASCII): the first 8 hex digits of SHA-256 over a label and the key |
//! | 4 | length of the ciphertext, big-endian |
//! | 24 | nonce |
//! | rest | ciphertext and 16-byte tag |
//!
//! The header and the storage key are authenticated as associated data.
//! Reading checks, in order: envelope marker ([`StoreError::NotEncrypted`]),
//! encoding and version ([`StoreError::Corrupt`]), length
//! ([`StoreError::Truncated`]), key id ([`StoreError::UnknownKey`]), tag
//! ([`StoreError::Tampered`]). None of them panics, and none prints the value.
//!
//! # Key rotation
//!
//! A store seals with its current key and opens with it or any
//! [`older key`](EncryptedStore::with_old_key): deploy the new key as
//! current with the old one kept for reading, and every value is re-sealed
//! under the new key at its next save (the next refresh).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use auth_core::secret::{REDACTED, SecretValue};
use auth_core::store::StoreLock;
use auth_core::{StoredToken, TokenStore};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Result, StoreError};

/// The envelope's `extra` entry that marks a sealed value.
pub const SEALED_MARKER: &str = "token_stores.sealed";
const SEALED_ALGORITHM: &str = "xchacha20poly1305";
const PREFIX: &str = "tse1.";
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const AAD_LABEL: &[u8] = b"token-stores/sealed/v1\0";

/// A 32-byte key for [`EncryptedStore`]: zeroized on drop, never printed.
#[derive(Clone)]
pub struct EncryptionKey {
    id: String,
    key: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptionKey")
            .field("id", &self.id)
            .field("key", &REDACTED)
            .finish()
    }
}

impl EncryptionKey {
    /// A key from its 32 bytes.
    ///
    /// # Errors
    /// [`StoreError::Key`] when `bytes` is not 32 bytes long.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// let bytes = zeroize::Zeroizing::new(vec![7u8; 32]); // from your secrets manager
    /// let key = token_stores::EncryptionKey::from_bytes(&bytes)?;
    /// # Ok(()) }
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let key: [u8; 32] = bytes.try_into().map_err(|_| {
            StoreError::Key(format!("a key is 32 bytes, this one is {}", bytes.len()))
        })?;
        Ok(Self::from_array(Zeroizing::new(key)))
    }

    fn from_array(key: Zeroizing<[u8; 32]>) -> Self {
        let digest = Sha256::new()
            .chain_update(b"token-stores key id\0")
            .chain_update(key.as_slice())
            .finalize();
        let id = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        Self { id, key }
    }

    /// A key from its base64 text (standard or URL-safe alphabet, padded or
    /// not), as `openssl rand -base64 32` prints it.
    ///
    /// # Errors
    /// [`StoreError::Key`] when the text is not base64 of 32 bytes (the
    /// message never repeats the text).
    ///
    /// ```no_run
    /// use auth_core::secret::SecretValue;
    /// # fn run() -> auth_core::Result<()> {
    /// let key = token_stores::EncryptionKey::from_base64(&SecretValue::new("…44 characters…"))?;
    /// # Ok(()) }
    /// ```
    pub fn from_base64(text: &SecretValue) -> Result<Self> {
        let text = text.expose_secret().trim();
        let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text).ok())
            .map(Zeroizing::new)
            .ok_or_else(|| StoreError::Key("the key is not valid base64".to_owned()))?;
        Self::from_bytes(&bytes)
    }

    /// The key in the environment variable `var`, as base64 (see
    /// [`from_base64`](Self::from_base64)).
    ///
    /// # Errors
    /// [`StoreError::Key`] naming `var` when it is unset, empty, or not
    /// base64 of 32 bytes.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// let key = token_stores::EncryptionKey::from_env("DPSDK_TOKEN_KEY")?;
    /// # Ok(()) }
    /// ```
    pub fn from_env(var: &str) -> Result<Self> {
        let value = std::env::var(var)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| StoreError::Key(format!("{var} is not set")))?;
        Self::from_base64(&SecretValue::new(value)).map_err(|e| match StoreError::of(&e) {
            Some(StoreError::Key(why)) => StoreError::Key(format!("{var}: {why}")).into(),
            _ => e,
        })
    }

    /// A new random key from the operating system's generator.
    ///
    /// ```no_run
    /// let key = token_stores::EncryptionKey::generate();
    /// // Store key.to_base64() in your secrets manager.
    /// ```
    pub fn generate() -> Self {
        let generated = XChaCha20Poly1305::generate_key(&mut OsRng);
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(generated.as_slice());
        Self::from_array(key)
    }

    /// The key as base64 (standard alphabet, padded), to provision it.
    ///
    /// ```no_run
    /// let text = token_stores::EncryptionKey::generate().to_base64();
    /// assert_eq!(text.expose_secret().len(), 44);
    /// ```
    pub fn to_base64(&self) -> SecretValue {
        SecretValue::new(STANDARD.encode(self.key.as_slice()))
    }

    /// The key's id (8 hex digits derived from the key), stored with every
    /// value so a wrong key is told apart from a tampered value.
    ///
    /// ```no_run
    /// let key = token_stores::EncryptionKey::generate();
    /// println!("sealing with key {}", key.id());
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(self.key.as_slice()))
    }
}

/// A [`TokenStore`] that seals every token set before handing it to the
/// wrapped store (see the [module docs](self)).
///
/// ```no_run
/// use std::sync::Arc;
/// use auth_core::{FileStore, TokenStore};
/// use token_stores::{EncryptedStore, EncryptionKey};
///
/// # fn run() -> auth_core::Result<()> {
/// let key = EncryptionKey::from_env("DPSDK_TOKEN_KEY")?;
/// let store: Arc<dyn TokenStore> =
///     Arc::new(EncryptedStore::new(FileStore::new("tokens.json"), key));
/// # Ok(()) }
/// ```
pub struct EncryptedStore<S: ?Sized = dyn TokenStore> {
    inner: Arc<S>,
    key: EncryptionKey,
    old_keys: Vec<EncryptionKey>,
}

impl<S: ?Sized + fmt::Debug> fmt::Debug for EncryptedStore<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptedStore")
            .field("inner", &self.inner)
            .field("key", &self.key)
            .field("old_keys", &self.old_keys)
            .finish()
    }
}

impl<S: TokenStore> EncryptedStore<S> {
    /// Seals what goes into `inner` with `key`.
    ///
    /// ```no_run
    /// use token_stores::{EncryptedStore, EncryptionKey};
    /// let store = EncryptedStore::new(auth_core::MemoryStore::new(), EncryptionKey::generate());
    /// ```
    pub fn new(inner: S, key: EncryptionKey) -> Self {
        Self::from_arc(Arc::new(inner), key)
    }
}

impl<S: TokenStore + ?Sized> EncryptedStore<S> {
    /// Like [`new`](EncryptedStore::new), for a store already shared
    /// (`Arc<dyn TokenStore>` included).
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use auth_core::TokenStore;
    /// use token_stores::{EncryptedStore, EncryptionKey};
    /// let inner: Arc<dyn TokenStore> = Arc::new(auth_core::MemoryStore::new());
    /// let store = EncryptedStore::from_arc(inner, EncryptionKey::generate());
    /// ```
    pub fn from_arc(inner: Arc<S>, key: EncryptionKey) -> Self {
        Self {
            inner,
            key,
            old_keys: Vec::new(),
        }
    }

    /// Also opens values sealed with `key` (a key being rotated out); new
    /// values are always sealed with the current key.
    ///
    /// ```no_run
    /// # fn run() -> auth_core::Result<()> {
    /// use token_stores::{EncryptedStore, EncryptionKey};
    /// let store = EncryptedStore::new(auth_core::MemoryStore::new(), EncryptionKey::from_env("NEW_KEY")?)
    ///     .with_old_key(EncryptionKey::from_env("OLD_KEY")?);
    /// # Ok(()) }
    /// ```
    pub fn with_old_key(mut self, key: EncryptionKey) -> Self {
        self.old_keys.push(key);
        self
    }

    /// The wrapped store.
    ///
    /// ```no_run
    /// use token_stores::{EncryptedStore, EncryptionKey};
    /// let store = EncryptedStore::new(auth_core::MemoryStore::new(), EncryptionKey::generate());
    /// let _raw: &auth_core::MemoryStore = store.inner();
    /// ```
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// Seals `token` for storage under `key`, as [`save`](TokenStore::save)
    /// does, returning the envelope.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] if the token cannot be serialized.
    ///
    /// ```no_run
    /// # fn run(store: &token_stores::EncryptedStore, token: &auth_core::StoredToken) -> auth_core::Result<()> {
    /// let envelope = store.seal("k", token)?;
    /// # Ok(()) }
    /// ```
    pub fn seal(&self, key: &str, token: &StoredToken) -> Result<StoredToken> {
        let plain = Zeroizing::new(serde_json::to_vec(token).map_err(|e| StoreError::Corrupt {
            key: key.to_owned(),
            detail: format!("cannot serialize the token set ({:?})", e.classify()),
        })?);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ct_len = plain.len() + TAG_LEN;
        let ct_len32 = u32::try_from(ct_len).map_err(|_| StoreError::Corrupt {
            key: key.to_owned(),
            detail: "the token set is too large".to_owned(),
        })?;
        let mut header = Vec::with_capacity(2 + self.key.id.len() + 4);
        header.push(VERSION);
        header.push(self.key.id.len() as u8); // 8 hex digits: always fits
        header.extend_from_slice(self.key.id.as_bytes());
        header.extend_from_slice(&ct_len32.to_be_bytes());
        let aad = associated_data(key, &header);
        let ciphertext = self
            .key
            .cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: &plain,
                    aad: &aad,
                },
            )
            .map_err(|_| StoreError::Corrupt {
                key: key.to_owned(),
                detail: "encryption failed".to_owned(),
            })?;
        let mut sealed = header;
        sealed.extend_from_slice(nonce.as_slice());
        sealed.extend_from_slice(&ciphertext);
        envelope(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(&sealed)))
    }

    /// Opens an envelope read from the wrapped store under `key`, as
    /// [`load`](TokenStore::load) does.
    ///
    /// # Errors
    /// [`StoreError::NotEncrypted`], [`StoreError::Corrupt`],
    /// [`StoreError::Truncated`], [`StoreError::UnknownKey`] or
    /// [`StoreError::Tampered`], as the [module docs](self) say.
    ///
    /// ```no_run
    /// # fn run(store: &token_stores::EncryptedStore, envelope: &auth_core::StoredToken) -> auth_core::Result<()> {
    /// let token = store.open("k", envelope)?;
    /// # Ok(()) }
    /// ```
    pub fn open(&self, key: &str, envelope: &StoredToken) -> Result<StoredToken> {
        let corrupt = |detail: &str| -> auth_core::Error {
            StoreError::Corrupt {
                key: key.to_owned(),
                detail: detail.to_owned(),
            }
            .into()
        };
        if envelope.extra.get(SEALED_MARKER).map(String::as_str) != Some(SEALED_ALGORITHM) {
            return Err(StoreError::NotEncrypted {
                key: key.to_owned(),
            }
            .into());
        }
        let text = envelope
            .access_token
            .expose_secret()
            .strip_prefix(PREFIX)
            .ok_or_else(|| corrupt("the sealed value lacks its prefix"))?;
        let sealed = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| corrupt("the sealed value is not base64url"))?;
        let truncated = || -> auth_core::Error {
            StoreError::Truncated {
                key: key.to_owned(),
                len: sealed.len(),
            }
            .into()
        };
        let (&version, rest) = sealed.split_first().ok_or_else(truncated)?;
        if version != VERSION {
            return Err(corrupt(&format!("unknown format version {version}")));
        }
        let (&id_len, rest) = rest.split_first().ok_or_else(truncated)?;
        let id_len = usize::from(id_len);
        if rest.len() < id_len + 4 {
            return Err(truncated());
        }
        let (id, rest) = rest.split_at(id_len);
        let (len, rest) = rest.split_at(4);
        let ct_len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        if ct_len < TAG_LEN {
            return Err(corrupt("the sealed value's length field is invalid"));
        }
        match rest.len().cmp(&(NONCE_LEN + ct_len)) {
            std::cmp::Ordering::Less => return Err(truncated()),
            std::cmp::Ordering::Greater => {
                return Err(corrupt("the sealed value has trailing bytes"));
            }
            std::cmp::Ordering::Equal => {}
        }
        let id = std::str::from_utf8(id).map_err(|_| corrupt("the key id is not text"))?;
        let header_len = 2 + id_len + 4;
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let key_for_id = std::iter::once(&self.key)
            .chain(&self.old_keys)
            .find(|k| k.id == id)
            .ok_or_else(|| StoreError::UnknownKey {
                key: key.to_owned(),
                found: printable(id),
                known: std::iter::once(&self.key)
                    .chain(&self.old_keys)
                    .map(|k| k.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let aad = associated_data(key, &sealed[..header_len]);
        let plain = Zeroizing::new(
            key_for_id
                .cipher()
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| StoreError::Tampered {
                    key: key.to_owned(),
                })?,
        );
        serde_json::from_slice(&plain).map_err(|e| {
            corrupt(&format!(
                "the opened value is not a token set (line {}, column {})",
                e.line(),
                e.column()
            ))
        })
    }
}

/// A key id as found in a value, safe to print (it may be garbage).
fn printable(id: &str) -> String {
    if id.len() <= 16 && id.chars().all(|c| c.is_ascii_alphanumeric()) {
        id.to_owned()
    } else {
        "an unreadable id".to_owned()
    }
}

fn associated_data(key: &str, header: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(AAD_LABEL.len() + 8 + key.len() + header.len());
    aad.extend_from_slice(AAD_LABEL);
    aad.extend_from_slice(&(key.len() as u64).to_be_bytes());
    aad.extend_from_slice(key.as_bytes());
    aad.extend_from_slice(header);
    aad
}

/// A `StoredToken` carrying `sealed` and the marker, nothing else.
fn envelope(sealed: String) -> Result<StoredToken> {
    let mut extra = BTreeMap::new();
    extra.insert(SEALED_MARKER.to_owned(), SEALED_ALGORITHM.to_owned());
    // `StoredToken` is non-exhaustive: built through its serialized form.
    serde_json::from_value(serde_json::json!({
        "access_token": sealed,
        "issued_at": 0,
        "extra": extra,
    }))
    .map_err(|_| {
        StoreError::Corrupt {
            key: String::new(),
            detail: "cannot build the envelope".to_owned(),
        }
        .into()
    })
}

#[async_trait]
impl<S: TokenStore + ?Sized> TokenStore for EncryptedStore<S> {
    async fn load(&self, key: &str) -> Result<Option<StoredToken>> {
        match self.inner.load(key).await? {
            Some(envelope) => self.open(key, &envelope).map(Some),
            None => Ok(None),
        }
    }

    async fn save(&self, key: &str, token: &StoredToken) -> Result<()> {
        let envelope = self.seal(key, token)?;
        self.inner.save(key, &envelope).await
    }

    async fn clear(&self, key: &str) -> Result<()> {
        self.inner.clear(key).await
    }

    async fn lock(&self, key: &str) -> Result<Box<dyn StoreLock>> {
        self.inner.lock(key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_are_stable_and_differ_between_keys() {
        let a = EncryptionKey::from_bytes(&[1u8; 32]).expect("32 bytes");
        let b = EncryptionKey::from_bytes(&[1u8; 32]).expect("32 bytes");
        let c = EncryptionKey::from_bytes(&[2u8; 32]).expect("32 bytes");
        assert_eq!(a.id(), b.id());
        assert_ne!(a.id(), c.id());
        assert_eq!(a.id().len(), 8);
    }

    #[test]
    fn keys_decode_from_every_base64_flavour_and_reject_other_lengths() {
        let key = EncryptionKey::generate();
        let text = key.to_base64();
        let again = EncryptionKey::from_base64(&text).expect("round trip");
        assert_eq!(again.id(), key.id());
        let unpadded = SecretValue::new(text.expose_secret().trim_end_matches('='));
        assert_eq!(
            EncryptionKey::from_base64(&unpadded).expect("no pad").id(),
            key.id()
        );
        let short = SecretValue::new(STANDARD.encode([0u8; 16]));
        let e = EncryptionKey::from_base64(&short).expect_err("16 bytes");
        assert!(
            matches!(StoreError::of(&e), Some(StoreError::Key(_))),
            "{e}"
        );
        let e = EncryptionKey::from_base64(&SecretValue::new("not base64 !!")).expect_err("text");
        assert!(!e.to_string().contains("not base64 !!"));
        assert!(EncryptionKey::from_bytes(&[0u8; 31]).is_err());
    }

    #[test]
    fn debug_hides_the_key() {
        let key = EncryptionKey::from_bytes(&[0xab; 32]).expect("32 bytes");
        let text = format!("{key:?}");
        assert!(text.contains(REDACTED) && !text.contains("171") && !text.contains("ab, "));
        assert!(!text.contains(key.to_base64().expose_secret()));
    }
}
