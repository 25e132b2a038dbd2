//! SciNote's OAuth2 authorization-code flow (Doorkeeper) and the `Api-Key`
//! alternative.
//!
//! 1. [`AuthorizeRequest`]: the URL the user opens (`/oauth/authorize`), with
//!    a random `state` checked when a redirect comes back.
//! 2. [`SciNoteOAuth::exchange_code`]: the code for an access token (2 h) and
//!    a refresh token.
//! 3. [`SciNoteOAuth`] as a [`TokenProvider`](auth_core::TokenProvider): the refresh grant. SciNote
//!    rotates the refresh token on every refresh, so the client wraps it in
//!    an [`auth_core::PersistentProvider`]: under the store's lock it re-reads
//!    the newest refresh token, refreshes once, and saves the new pair before
//!    the new access token is used.

mod api_key;
mod authorize;
mod oauth;

pub(crate) use api_key::ApiKeyAuth;
pub use authorize::AuthorizeRequest;
pub use oauth::SciNoteOAuth;

/// The token endpoint, relative to the server URL.
pub const TOKEN_PATH: &str = "oauth/token";
/// The token revocation endpoint, relative to the server URL.
pub const REVOKE_PATH: &str = "oauth/revoke";
/// The authorization endpoint, relative to the server URL.
pub const AUTHORIZE_PATH: &str = "oauth/authorize";
/// The out-of-band redirect URI: SciNote shows the code for the user to copy.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";
