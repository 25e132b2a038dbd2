//! Where the stream connects: the WebSocket URL of a connection id, derived
//! from the client's base URL unless set.

use std::fmt::Write as _;
use std::net::IpAddr;

use url::Url;

use crate::error::{Result, SymblError};

/// The path Symbl documents for the Streaming API.
pub const STREAMING_PATH: &str = "v1/streaming/";

/// The older path, still accepted by Symbl and used by its Python and Go
/// SDKs; pass `wss://api.symbl.ai/v1/realtime/insights/` to
/// [`StreamingApi::endpoint`](super::StreamingApi::endpoint) to use it.
pub const LEGACY_REALTIME_PATH: &str = "v1/realtime/insights/";

/// The endpoint under the client's base URL: `https` becomes `wss`, and
/// `http` becomes `ws` (accepted for loopback hosts only, see [`check`]).
pub(crate) fn derive(base: &Url) -> Result<Url> {
    let mut url = base.clone();
    let scheme = match base.scheme() {
        "https" => "wss",
        "http" => "ws",
        other => {
            return Err(config(format!(
                "cannot derive a WebSocket URL from a `{other}` base URL"
            )));
        }
    };
    url.set_scheme(scheme)
        .map_err(|()| config(format!("cannot use `{scheme}` with this base URL")))?;
    url.set_query(None);
    url.set_fragment(None);
    url.join(STREAMING_PATH)
        .map_err(|e| config(format!("invalid streaming URL: {e}")))
}

/// Checks an endpoint: `wss`, or `ws` to a loopback host only, since the
/// token would travel unencrypted.
pub(crate) fn check(endpoint: &Url) -> Result<()> {
    match endpoint.scheme() {
        "wss" => {}
        "ws" if is_loopback(endpoint) => {}
        "ws" => {
            return Err(config(format!(
                "refusing to send the token unencrypted to {}: use wss://",
                endpoint.host_str().unwrap_or("?")
            )));
        }
        other => {
            return Err(config(format!(
                "a streaming endpoint must be wss:// (or ws:// to loopback), not `{other}://`"
            )));
        }
    }
    if endpoint.query().is_some() {
        // The token never goes in the URL, and nothing else does either:
        // query strings end up in proxy and server logs.
        return Err(config("a streaming endpoint takes no query string".into()));
    }
    Ok(())
}

/// The URL of one connection: the endpoint (with a trailing `/`) plus the
/// connection id as a path segment.
pub(crate) fn connection_url(endpoint: &Url, connection_id: &str) -> Result<Url> {
    let mut url = endpoint.clone();
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.path_segments_mut()
        .map_err(|()| config("the streaming endpoint cannot take a path".into()))?
        .pop_if_empty()
        .push(connection_id);
    Ok(url)
}

/// A new connection id: 128 random bits from the operating system, as hex
/// (one of the forms Symbl documents). Anyone with the id and a token of the
/// account can join the conversation, so it must not be guessable.
pub(crate) fn new_connection_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| config(format!("no randomness for a connection id: {e}")))?;
    let mut id = String::with_capacity(32);
    for b in bytes {
        let _ = write!(id, "{b:02x}");
    }
    Ok(id)
}

/// Connection ids go in the URL path: keep them to what Symbl documents
/// (UUIDs, base64, hex) so nothing needs escaping or can change the path.
pub(crate) fn check_connection_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=' | '+'));
    if ok {
        Ok(())
    } else {
        Err(auth_core::Error::InvalidInput(
            "a connection id is 1 to 128 letters, digits, `-`, `_`, `+` or `=`".into(),
        )
        .into())
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

fn config(message: String) -> SymblError {
    auth_core::Error::Config(message).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("valid URL")
    }

    #[test]
    fn the_endpoint_follows_the_base_url() {
        assert_eq!(
            derive(&url("https://api.symbl.ai/"))
                .expect("derived")
                .as_str(),
            "wss://api.symbl.ai/v1/streaming/"
        );
        assert_eq!(
            derive(&url("http://127.0.0.1:8080/symbl/"))
                .expect("derived")
                .as_str(),
            "ws://127.0.0.1:8080/symbl/v1/streaming/"
        );
        assert!(derive(&url("ftp://example.com/")).is_err());
    }

    #[test]
    fn plain_ws_is_only_for_loopback() {
        for ok in [
            "wss://api.symbl.ai/v1/streaming/",
            "ws://127.0.0.1:9/v1/streaming/",
            "ws://localhost:9/",
            "ws://[::1]:9/",
        ] {
            check(&url(ok)).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in [
            "ws://api.symbl.ai/v1/streaming/",
            "ws://10.0.0.1/",
            "https://api.symbl.ai/",
            "wss://api.symbl.ai/v1/streaming/?access_token=x",
        ] {
            assert!(check(&url(bad)).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_connection_id_is_the_last_segment() {
        let endpoint = url("wss://api.symbl.ai/v1/streaming");
        assert_eq!(
            connection_url(&endpoint, "abc-123").expect("url").as_str(),
            "wss://api.symbl.ai/v1/streaming/abc-123"
        );
        let legacy = url("wss://api.symbl.ai/")
            .join(LEGACY_REALTIME_PATH)
            .expect("join");
        assert_eq!(
            connection_url(&legacy, "ZXhh==").expect("url").as_str(),
            "wss://api.symbl.ai/v1/realtime/insights/ZXhh=="
        );
    }

    #[test]
    fn connection_ids_are_random_hex_and_checked() {
        let a = new_connection_id().expect("id");
        let b = new_connection_id().expect("id");
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        check_connection_id(&a).expect("own ids pass");
        for bad in ["", "a/b", "a?b", "a b", "..", &"x".repeat(129)] {
            assert!(check_connection_id(bad).is_err(), "{bad:?} passed");
        }
    }
}
