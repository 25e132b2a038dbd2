//! API versions and the v2 regional servers.
//!
//! The v2 API (OpenAPI 3.0.4) runs on three regional servers and logs in at
//! `POST /Session/New`; v1 logs in at `POST /Sessions`. Every v1 resource
//! (studies, questions, responses, codebooks, companies, exports) is kept on
//! v2 at the same path; the v2-only calls (batches, deletes, translation,
//! users, AI Coder) need a v2 server.

use std::fmt;
use std::str::FromStr;

use crate::client::AscribeClientBuilder;
use crate::config::{V1_SESSION_PATH, V2_SESSION_PATH};

/// The v2 server for the United States.
pub const US_BASE_URL: &str = "https://api.goascribe.us/coder/v2";
/// The v2 server for the European Union.
pub const EU_BASE_URL: &str = "https://api.goascribe.eu/coder/v2";
/// The v2 server for Canada.
pub const CA_BASE_URL: &str = "https://api-ca.goascribe.com/coder/v2";

/// Which version of the Ascribe Coder API a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ApiVersion {
    /// v1 (ASP.NET Web API): login at `POST /Sessions`, errors in `errors`.
    #[default]
    V1,
    /// v2 (OpenAPI): login at `POST /Session/New`, errors in `errorMessage`.
    V2,
}

impl ApiVersion {
    /// The login path of this version.
    ///
    /// ```no_run
    /// use ascribe_coder::ApiVersion;
    /// assert_eq!(ApiVersion::V1.session_path(), "Sessions");
    /// assert_eq!(ApiVersion::V2.session_path(), "Session/New");
    /// ```
    pub fn session_path(self) -> &'static str {
        match self {
            ApiVersion::V1 => V1_SESSION_PATH,
            ApiVersion::V2 => V2_SESSION_PATH,
        }
    }
}

/// A v2 regional server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// `https://api.goascribe.us/coder/v2`.
    Us,
    /// `https://api.goascribe.eu/coder/v2`.
    Eu,
    /// `https://api-ca.goascribe.com/coder/v2`.
    Ca,
}

impl Region {
    /// Every region.
    pub const ALL: [Region; 3] = [Region::Us, Region::Eu, Region::Ca];

    /// The base URL of the region's v2 server.
    ///
    /// ```no_run
    /// use ascribe_coder::Region;
    /// assert_eq!(Region::Eu.base_url(), "https://api.goascribe.eu/coder/v2");
    /// ```
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => US_BASE_URL,
            Region::Eu => EU_BASE_URL,
            Region::Ca => CA_BASE_URL,
        }
    }

    /// The short name (`us`, `eu`, `ca`).
    ///
    /// ```no_run
    /// use ascribe_coder::Region;
    /// assert_eq!(Region::Ca.as_str(), "ca");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Ca => "ca",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A region name that is not `us`, `eu` or `ca`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown Ascribe region `{0}` (expected us, eu or ca)")]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "us" | "usa" => Ok(Region::Us),
            "eu" | "europe" => Ok(Region::Eu),
            "ca" | "canada" => Ok(Region::Ca),
            _ => Err(UnknownRegion(s.to_owned())),
        }
    }
}

impl AscribeClientBuilder {
    /// Talks to a v2 regional server: its base URL and the v2 login path
    /// (`POST /Session/New`).
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// use ascribe_coder::{AscribeClient, Region};
    ///
    /// # fn run() -> ascribe_coder::Result<()> {
    /// let client = AscribeClient::builder()
    ///     .region(Region::Eu)
    ///     .credentials("MyAccount", "apiuser", Password::new("…"))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn region(self, region: Region) -> Self {
        self.base_url(region.base_url()).api_version(ApiVersion::V2)
    }

    /// Picks the login path of `version` (`/Sessions` or `/Session/New`)
    /// for the base URL set with [`base_url`](Self::base_url), such as a
    /// local emulator's.
    ///
    /// ```no_run
    /// use ascribe_coder::auth_core::secret::Password;
    /// use ascribe_coder::{ApiVersion, AscribeClient};
    ///
    /// # fn run() -> ascribe_coder::Result<()> {
    /// let client = AscribeClient::builder()
    ///     .base_url("http://127.0.0.1:8080/v2")
    ///     .api_version(ApiVersion::V2)
    ///     .credentials("MyAccount", "apiuser", Password::new("…"))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn api_version(self, version: ApiVersion) -> Self {
        self.session_path(version.session_path())
    }
}

impl ApiVersion {
    /// The version a login path belongs to.
    pub(crate) fn of_session_path(path: &str) -> Self {
        if path.trim_matches('/').eq_ignore_ascii_case(V2_SESSION_PATH) {
            ApiVersion::V2
        } else {
            ApiVersion::V1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_parse_and_have_the_spec_servers() {
        assert_eq!("EU".parse::<Region>(), Ok(Region::Eu));
        assert!("mars".parse::<Region>().is_err());
        for r in Region::ALL {
            assert!(r.base_url().starts_with("https://") && r.base_url().ends_with("/coder/v2"));
            assert_eq!(r.as_str().parse::<Region>(), Ok(r));
        }
    }
}
