//! The authorization request: the URL the user opens, its random `state`,
//! and the code read back from the redirect.

use auth_core::Error;
use auth_core::secret::SecretValue;
use url::Url;

use super::AUTHORIZE_PATH;
use crate::error::{Result, SciNoteError};

/// An authorization request: the URL to open and the `state` it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    url: String,
    state: String,
}

impl AuthorizeRequest {
    /// Builds `{server}/oauth/authorize?client_id=…&redirect_uri=…&response_type=code&state=…`
    /// with a fresh random `state`.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the server URL cannot take the path.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::new(&server, "uid", scinote::OOB_REDIRECT_URI)?;
    /// println!("{}", request.url());
    /// # Ok(()) }
    /// ```
    pub fn new(server_url: &Url, client_id: &str, redirect_uri: &str) -> Result<Self> {
        Self::with_state(server_url, client_id, redirect_uri, random_state())
    }

    /// The same with a given `state` (tests, or a state kept by a web app).
    ///
    /// # Errors
    /// As [`new`](Self::new).
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::with_state(&server, "uid", scinote::OOB_REDIRECT_URI, "kept-state")?;
    /// assert_eq!(request.state(), "kept-state");
    /// # Ok(()) }
    /// ```
    pub fn with_state(
        server_url: &Url,
        client_id: &str,
        redirect_uri: &str,
        state: impl Into<String>,
    ) -> Result<Self> {
        let state = state.into();
        let mut url = server_url
            .join(AUTHORIZE_PATH)
            .map_err(|e| Error::Config(format!("invalid server URL: {e}")))?;
        url.query_pairs_mut()
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("state", &state);
        Ok(Self {
            url: url.into(),
            state,
        })
    }

    /// The URL to send the user to.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::new(&server, "uid", scinote::OOB_REDIRECT_URI)?;
    /// println!("open {}", request.url());
    /// # Ok(()) }
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The random `state` this request carries.
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::new(&server, "uid", scinote::OOB_REDIRECT_URI)?;
    /// assert_eq!(request.state().len(), 32);
    /// # Ok(()) }
    /// ```
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The authorization code from the URL the user was redirected to, after
    /// checking that its `state` is this request's (a mismatch means the
    /// redirect was not caused by this request: a CSRF attempt or a stale tab).
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the URL is invalid, the state differs or no code is present; the OAuth error the redirect carries (`access_denied`).
    ///
    /// ```no_run
    /// # fn run() -> scinote::Result<()> {
    /// let server = url::Url::parse("https://eln.example.com").map_err(|e| scinote::auth_core::Error::InvalidInput(e.to_string()))?;
    /// let request = scinote::AuthorizeRequest::with_state(&server, "uid", "http://127.0.0.1:8765/cb", "s1")?;
    /// let code = request.code_from_redirect("http://127.0.0.1:8765/cb?code=abc&state=s1")?;
    /// # let _ = code;
    /// # Ok(()) }
    /// ```
    pub fn code_from_redirect(&self, redirect_url: &str) -> Result<SecretValue> {
        let url = Url::parse(redirect_url)
            .map_err(|e| Error::InvalidInput(format!("invalid redirect URL: {e}")))?;
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        if let Some(error) = param("error") {
            let message = param("error_description").unwrap_or_else(|| error.clone());
            return Err(Error::ReauthorizationRequired {
                message: format!("authorization refused: {message}"),
                authorize_url: Some(self.url.clone()),
            }
            .into());
        }
        if param("state").as_deref() != Some(self.state.as_str()) {
            return Err(SciNoteError::StateMismatch);
        }
        param("code")
            .filter(|c| !c.is_empty())
            .map(SecretValue::new)
            .ok_or_else(|| Error::InvalidInput("the redirect URL has no `code`".into()).into())
    }
}

/// 128 random bits, hex: unguessable enough for a CSRF token.
fn random_state() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::OOB_REDIRECT_URI;

    fn server() -> Url {
        Url::parse("https://eln.example.com/").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn authorize_url_has_the_exact_form() {
        let req = AuthorizeRequest::with_state(&server(), "my app", OOB_REDIRECT_URI, "s1")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            req.url(),
            "https://eln.example.com/oauth/authorize?client_id=my+app&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&response_type=code&state=s1"
        );
    }

    #[test]
    fn states_are_random_and_checked() {
        let a = AuthorizeRequest::new(&server(), "c", "https://app/cb")
            .unwrap_or_else(|e| panic!("{e}"));
        let b = AuthorizeRequest::new(&server(), "c", "https://app/cb")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(a.state(), b.state());
        assert_eq!(a.state().len(), 32);
        let ok = format!("https://app/cb?code=xyz&state={}", a.state());
        let code = a.code_from_redirect(&ok).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code.expose_secret(), "xyz");
        let forged = format!("https://app/cb?code=xyz&state={}", b.state());
        assert!(matches!(
            a.code_from_redirect(&forged),
            Err(SciNoteError::StateMismatch)
        ));
        assert!(matches!(
            a.code_from_redirect("https://app/cb?code=xyz"),
            Err(SciNoteError::StateMismatch)
        ));
    }
}
