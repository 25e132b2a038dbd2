//! The two MI API versions and what differs between them.

use std::fmt;

/// The MI API's production URL (v1, the default).
pub const DEFAULT_API_URL: &str = "https://mi.scribelabs.ai/v1";

/// The MI API v2's production URL.
pub const DEFAULT_API_URL_V2: &str = "https://mi.scribelabs.ai/v2";

/// Which MI API a client speaks. Both have the same calls; they differ in
/// how a call is authorized and in one path.
///
/// | | v1 | v2 |
/// |---|---|---|
/// | authorization | SigV4 with the identity pool's AWS credentials | the Cognito access token, verbatim, in `Authorization` |
/// | identity pool | needed | not used |
/// | consolidation | `GET /fundportfolio` | `GET /fund-portfolio` |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MiVersion {
    /// `mi.scribelabs.ai/v1`: SigV4-signed calls.
    V1,
    /// `mi.scribelabs.ai/v2`: the access token in `Authorization`.
    V2,
}

impl MiVersion {
    /// The version an API URL names by its last path segment (`.../v2` →
    /// [`MiVersion::V2`]); `None` when the path names neither.
    ///
    /// ```no_run
    /// use scribe_mi::mi::MiVersion;
    /// assert_eq!(MiVersion::from_url_path("/v2"), Some(MiVersion::V2));
    /// assert_eq!(MiVersion::from_url_path("/v1/"), Some(MiVersion::V1));
    /// assert_eq!(MiVersion::from_url_path("/api"), None);
    /// ```
    pub fn from_url_path(path: &str) -> Option<Self> {
        match path.trim_end_matches('/').rsplit('/').next() {
            Some(s) if s.eq_ignore_ascii_case("v1") => Some(MiVersion::V1),
            Some(s) if s.eq_ignore_ascii_case("v2") => Some(MiVersion::V2),
            _ => None,
        }
    }

    /// The consolidation endpoint's path.
    pub(crate) fn fund_portfolio_path(self) -> &'static str {
        match self {
            MiVersion::V1 => "fundportfolio",
            MiVersion::V2 => "fund-portfolio",
        }
    }
}

impl std::fmt::Display for MiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MiVersion::V1 => "v1",
            MiVersion::V2 => "v2",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::MiVersion;

    #[test]
    fn the_version_follows_from_the_last_path_segment() {
        assert_eq!(MiVersion::from_url_path("/v2"), Some(MiVersion::V2));
        assert_eq!(MiVersion::from_url_path("/v1/"), Some(MiVersion::V1));
        assert_eq!(MiVersion::from_url_path("/prod/V2"), Some(MiVersion::V2));
        assert_eq!(MiVersion::from_url_path("/api"), None);
        assert_eq!(
            MiVersion::fund_portfolio_path(MiVersion::V1),
            "fundportfolio"
        );
        assert_eq!(
            MiVersion::fund_portfolio_path(MiVersion::V2),
            "fund-portfolio"
        );
    }
}
