//! Request URLs: the base URL as configured, the plain-http check, and a
//! call's full URL (path under the base, query appended), assembled as text
//! at its final length and parsed once (no `set_query` re-serializing it).

use url::Url;

use crate::error::{Error, Result};
use crate::http::request::encode_component_into;

/// Refuses `http://` to anything but this machine unless allowed: a
/// mistyped base URL must not send secrets in clear text.
pub(crate) fn check_scheme(url: &Url, allow_insecure_http: bool) -> Result<()> {
    if url.scheme() == "https" || allow_insecure_http {
        return Ok(());
    }
    if url.scheme() != "http" {
        return Err(Error::Config(format!(
            "unsupported URL scheme `{}` (use https://)",
            url.scheme()
        )));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if loopback {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "refusing plain http:// to {}: credentials would travel in clear text \
             (use https://, or allow_insecure_http(true) for a trusted network)",
            url.host_str().unwrap_or("the host")
        )))
    }
}

/// Parses a base URL; a missing scheme means `https://`, and the path always
/// ends with `/` so relative paths are appended, not substituted.
pub fn parse_base_url(raw: &str) -> Result<Url> {
    let raw = raw.trim();
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|e| Error::Config(format!("invalid base URL `{raw}`: {e}")))?;
    if url.cannot_be_a_base() {
        return Err(Error::Config(format!("invalid base URL `{raw}`")));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `path` under `base`, with `query` appended, parsed once as a reference
/// relative to the base (the base's scheme and host are not parsed again:
/// parsing an IP host costs more than the rest). The reference starts with
/// `./`, so a path is always under the base URL: an absolute URL or `//host`
/// in it is path text.
pub(crate) fn under_base(base: &Url, path: &str, query: &[(String, String)]) -> Result<Url> {
    let path = path.trim_start_matches('/');
    let query_len: usize = query.iter().map(|(k, v)| 2 + 3 * (k.len() + v.len())).sum();
    let mut reference = String::with_capacity(2 + path.len() + query_len);
    reference.push_str("./");
    reference.push_str(path);
    append_query(&mut reference, query);
    base.join(&reference)
        .map_err(|e| Error::InvalidInput(format!("invalid path `{path}`: {e}")))
}

/// A full URL (a presigned link) with `query` appended.
pub(crate) fn with_query(url: &Url, query: &[(String, String)]) -> Result<Url> {
    if query.is_empty() {
        return Ok(url.clone());
    }
    let mut text = url.as_str().to_owned();
    append_query(&mut text, query);
    Url::parse(&text).map_err(|e| Error::InvalidInput(format!("invalid URL with query: {e}")))
}

/// Appends `query` to a URL's text: RFC 3986 encoding (a space is %20, `;`
/// is %3B), not form encoding (a space as `+`), so what is sent is exactly
/// what a SigV4 signature's canonical query covers.
fn append_query(text: &mut String, query: &[(String, String)]) {
    if query.is_empty() {
        return;
    }
    if let Some(at) = text.find('#') {
        // A fragment is never sent; the query would otherwise land in it.
        text.truncate(at);
    }
    // After a query already there, `&`; after a bare `?`, nothing.
    let mut separate = match text.find('?') {
        None => {
            text.push('?');
            false
        }
        Some(at) => at + 1 < text.len(),
    };
    for (k, v) in query {
        if separate {
            text.push('&');
        }
        separate = true;
        encode_component_into(text, k);
        text.push('=');
        encode_component_into(text, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        parse_base_url("https://api.example.com/v1").expect("base")
    }

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_path_goes_under_the_base_path() {
        let url = under_base(&base(), "/jobs/1", &[]).expect("url");
        assert_eq!(url.as_str(), "https://api.example.com/v1/jobs/1");
    }

    #[test]
    fn an_absolute_url_in_a_path_stays_under_the_base_host() {
        for path in ["https://evil.example/x", "//evil.example/x"] {
            let url = under_base(&base(), path, &[]).expect("url");
            assert_eq!(url.host_str(), Some("api.example.com"), "{path}");
        }
    }

    #[test]
    fn the_query_is_rfc3986_encoded_and_joins_one_already_there() {
        let query = q(&[("name", "a b;c+d"), ("empty", ""), ("é", "1")]);
        let url = under_base(&base(), "items", &query).expect("url");
        assert_eq!(url.query(), Some("name=a%20b%3Bc%2Bd&empty=&%C3%A9=1"));
        let url = under_base(&base(), "items?x=1", &q(&[("y", "2")])).expect("url");
        assert_eq!(url.query(), Some("x=1&y=2"));
        let url = under_base(&base(), "items?", &q(&[("y", "2")])).expect("url");
        assert_eq!(url.query(), Some("y=2"));
    }

    #[test]
    fn a_fragment_is_dropped_rather_than_swallowing_the_query() {
        let link = Url::parse("https://bucket.example/o?sig=1#frag").expect("link");
        let url = with_query(&link, &q(&[("part", "2")])).expect("url");
        assert_eq!(url.as_str(), "https://bucket.example/o?sig=1&part=2");
        assert_eq!(with_query(&link, &[]).expect("same"), link);
    }
}
