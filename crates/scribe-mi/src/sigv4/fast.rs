//! A SigV4 signer that produces exactly what `aws_sigv4::http_request::sign`
//! produces for the settings [`super::SigV4Signer`] uses (header signing,
//! double-encoded normalized paths, `x-amz-content-sha256` for streamed
//! bodies), in less time: the signing key is derived once per day and
//! credentials and kept as a keyed HMAC state, the canonical request is built
//! in one buffer and hashed once, and nothing goes through `http::Uri` or a
//! second header map.
//!
//! aws-sigv4 stays the reference: `tests/sigv4_differential.rs` compares the
//! two over thousands of random requests. Anything unusual (a URL with user
//! information or a fragment, a time before 1970 or after 9999) returns
//! `None` and the caller signs with aws-sigv4.

use std::borrow::Cow;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use auth_core::http::{AuthRequest, Payload};
use auth_core::secret::AwsSecret;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::credentials::AwsCredentials;

type HmacSha256 = Hmac<Sha256>;

/// SHA-256 of the empty string, the payload hash of most requests.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Headers aws-sigv4 never signs (its default `excluded_headers`).
const EXCLUDED: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// The signing key of one day and one secret, as a keyed HMAC state ready
/// to be cloned for each string to sign.
struct CachedKey {
    date: [u8; 8],
    secret: AwsSecret,
    mac: HmacSha256,
}

/// A per-signer cache of the last signing key.
#[derive(Default)]
pub(super) struct KeyCache(Mutex<Option<CachedKey>>);

impl KeyCache {
    /// The keyed HMAC for `date` (YYYYMMDD) and `secret` in `region`/`service`.
    fn mac(&self, date: &[u8; 8], secret: &AwsSecret, region: &str, service: &str) -> HmacSha256 {
        let mut slot = match self.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(cached) = slot.as_ref()
            && cached.date == *date
            && cached.secret.expose_secret() == secret.expose_secret()
        {
            return cached.mac.clone();
        }
        let mac = derive_key(date, secret.expose_secret(), region, service);
        *slot = Some(CachedKey {
            date: *date,
            secret: secret.clone(),
            mac: mac.clone(),
        });
        mac
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn derive_key(date: &[u8; 8], secret: &str, region: &str, service: &str) -> HmacSha256 {
    let mut k_secret = Vec::with_capacity(4 + secret.len());
    k_secret.extend_from_slice(b"AWS4");
    k_secret.extend_from_slice(secret.as_bytes());
    let k_date = hmac(&k_secret, date);
    k_secret.iter_mut().for_each(|b| *b = 0);
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    <HmacSha256 as Mac>::new_from_slice(&k_signing).unwrap_or_else(|_| unreachable!())
}

/// `YYYYMMDDTHHMMSSZ` for `time`, or `None` outside 1970..=9999.
fn amz_date(time: SystemTime) -> Option<[u8; 16]> {
    let secs = time.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let days = i64::try_from(secs / 86_400).ok()?;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let mut out = *b"00000000T000000Z";
    let mut put = |at: usize, width: usize, mut value: i64| {
        for i in (0..width).rev() {
            // Each digit is 0..=9.
            out[at + i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, year);
    put(4, 2, month);
    put(6, 2, day);
    put(9, 2, (rem / 3_600) as i64);
    put(11, 2, (rem / 60 % 60) as i64);
    put(13, 2, (rem % 60) as i64);
    Some(out)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes everything but the unreserved characters (and `/` when
/// `keep_slash`), as aws-smithy-http's `BASE_SET` (and its greedy variant).
fn encode_into(out: &mut String, s: &str, keep_slash: bool) {
    for &b in s.as_bytes() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

fn push_hex_lower(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        out.push(HEX_LOWER[usize::from(b >> 4)] as char);
        out.push(HEX_LOWER[usize::from(b & 15)] as char);
    }
}

/// aws-sigv4's path normalization (RFC 3986 5.2.4, empty segments dropped).
fn normalize_path(path: &str) -> Cow<'_, str> {
    if path.is_empty() {
        return Cow::Borrowed("/");
    }
    let path: Cow<'_, str> = if path.starts_with('/') {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(format!("/{path}"))
    };
    if !(path.contains('.') || path.contains("//")) {
        return path;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut result = segments.join("/");
    if !result.starts_with('/') {
        result.insert(0, '/');
    }
    let ends_with_slash = ["/", "/.", "/./", "/..", "/../"]
        .iter()
        .any(|s| path.ends_with(s));
    if ends_with_slash && !result.ends_with('/') {
        result.push('/');
    }
    Cow::Owned(result)
}

/// Removes leading and trailing spaces and collapses runs of spaces (only
/// spaces), as aws-sigv4's `trim_all`.
fn trim_all(text: &str) -> Cow<'_, str> {
    let text = text.trim_matches(' ');
    if !text.contains("  ") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut previous_space = false;
    for c in text.chars() {
        if c == ' ' && previous_space {
            continue;
        }
        previous_space = c == ' ';
        out.push(c);
    }
    Cow::Owned(out)
}

/// The headers to add to the request, in aws-sigv4's order.
pub(super) struct Signed {
    pub(super) x_amz_date: [u8; 16],
    pub(super) authorization: String,
    pub(super) content_sha256: Option<&'static str>,
}

/// Computes the signature of `request`, or `None` when the request is
/// unusual enough to leave to aws-sigv4.
pub(super) fn sign(
    keys: &KeyCache,
    region: &str,
    service: &str,
    request: &AuthRequest<'_>,
    credentials: &AwsCredentials,
    time: SystemTime,
) -> Option<Signed> {
    let url = request.url();
    if !url.username().is_empty()
        || url.password().is_some()
        || url.fragment().is_some()
        || url.cannot_be_a_base()
    {
        return None;
    }
    let host = url.host_str()?;
    let date_time = amz_date(time)?;
    let date: [u8; 8] = date_time[..8].try_into().ok()?;
    let date_time_str = std::str::from_utf8(&date_time).ok()?;

    let (payload_hash, streamed): (Cow<'_, str>, bool) = match request.payload() {
        Payload::Bytes([]) => (Cow::Borrowed(EMPTY_SHA256), false),
        Payload::Bytes(bytes) => {
            let mut hex = String::with_capacity(64);
            push_hex_lower(&mut hex, &Sha256::digest(bytes));
            (Cow::Owned(hex), false)
        }
        _ => (Cow::Borrowed(UNSIGNED_PAYLOAD), true),
    };
    let session_token = credentials.session_token().map(AwsSecret::expose_secret);

    // Canonical headers: the request's (trimmed), then host (unless given),
    // x-amz-date, the session token and the content hash, each replacing
    // any value the request had.
    let mut headers: Vec<(&str, Cow<'_, str>)> = Vec::with_capacity(request.headers().len() + 4);
    let mut has_host = false;
    for (name, value) in request.headers() {
        let Ok(value) = value.to_str() else { continue };
        let name = name.as_str();
        match name {
            "x-amz-date" => continue,
            "x-amz-security-token" if session_token.is_some() => continue,
            "x-amz-content-sha256" if streamed => continue,
            "host" => has_host = true,
            _ => {}
        }
        if EXCLUDED.contains(&name) {
            continue;
        }
        headers.push((name, trim_all(value)));
    }
    let authority;
    if !has_host {
        authority = match url.port() {
            Some(port) => Cow::Owned(format!("{host}:{port}")),
            None => Cow::Borrowed(host),
        };
        headers.push(("host", authority));
    }
    headers.push(("x-amz-date", Cow::Borrowed(date_time_str)));
    if let Some(token) = session_token {
        headers.push(("x-amz-security-token", Cow::Borrowed(token)));
    }
    if streamed {
        headers.push(("x-amz-content-sha256", Cow::Borrowed(UNSIGNED_PAYLOAD)));
    }
    // Stable: values of one name keep their order.
    headers.sort_by(|a, b| a.0.cmp(b.0));

    let mut creq = String::with_capacity(512);
    creq.push_str(request.method().as_str());
    creq.push('\n');
    encode_into(&mut creq, &normalize_path(url.path()), true);
    creq.push('\n');
    if let Some(query) = url.query() {
        let mut params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| {
                let mut ek = String::with_capacity(k.len());
                encode_into(&mut ek, &k, false);
                let mut ev = String::with_capacity(v.len());
                encode_into(&mut ev, &v, false);
                (ek, ev)
            })
            .collect();
        params.sort_unstable();
        for (i, (k, v)) in params.iter().enumerate() {
            if i > 0 {
                creq.push('&');
            }
            creq.push_str(k);
            creq.push('=');
            creq.push_str(v);
        }
    }
    creq.push('\n');
    let mut signed_headers = String::with_capacity(128);
    let mut previous: Option<&str> = None;
    for (name, value) in &headers {
        if previous == Some(*name) {
            creq.push(',');
        } else {
            if previous.is_some() {
                creq.push('\n');
                signed_headers.push(';');
            }
            creq.push_str(name);
            creq.push(':');
            signed_headers.push_str(name);
        }
        creq.push_str(value);
        previous = Some(name);
    }
    creq.push_str("\n\n");
    creq.push_str(&signed_headers);
    creq.push('\n');
    creq.push_str(&payload_hash);

    // String to sign: algorithm, time, scope, hash of the canonical request.
    let mut scope = String::with_capacity(8 + region.len() + service.len() + 16);
    scope.push_str(std::str::from_utf8(&date).ok()?);
    scope.push('/');
    scope.push_str(region);
    scope.push('/');
    scope.push_str(service);
    scope.push_str("/aws4_request");
    let creq_hash = Sha256::digest(creq.as_bytes());
    let mut mac = keys.mac(&date, credentials.secret_access_key(), region, service);
    mac.update(b"AWS4-HMAC-SHA256\n");
    mac.update(&date_time);
    mac.update(b"\n");
    mac.update(scope.as_bytes());
    mac.update(b"\n");
    let mut hash_hex = String::with_capacity(64);
    push_hex_lower(&mut hash_hex, &creq_hash);
    mac.update(hash_hex.as_bytes());
    let signature = mac.finalize().into_bytes();

    let akid = credentials.access_key_id();
    let mut authorization =
        String::with_capacity(64 + akid.len() + scope.len() + signed_headers.len() + 64);
    authorization.push_str("AWS4-HMAC-SHA256 Credential=");
    authorization.push_str(akid);
    authorization.push('/');
    authorization.push_str(&scope);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(&signed_headers);
    authorization.push_str(", Signature=");
    push_hex_lower(&mut authorization, &signature);
    Some(Signed {
        x_amz_date: date_time,
        authorization,
        content_sha256: streamed.then_some(UNSIGNED_PAYLOAD),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_dates_like_aws() {
        let at = |s| amz_date(UNIX_EPOCH + Duration::from_secs(s)).map(|d| d.to_vec());
        assert_eq!(at(0).as_deref(), Some(&b"19700101T000000Z"[..]));
        assert_eq!(at(1_440_938_160).as_deref(), Some(&b"20150830T123600Z"[..]));
        assert_eq!(at(951_782_400).as_deref(), Some(&b"20000229T000000Z"[..]));
        assert_eq!(at(4_102_444_799).as_deref(), Some(&b"20991231T235959Z"[..]));
    }

    #[test]
    fn trims_and_collapses_spaces_only() {
        assert_eq!(trim_all("  a  b   c "), "a b c");
        assert_eq!(trim_all("\ta\t\tb"), "\ta\t\tb");
    }

    #[test]
    fn normalizes_paths_like_aws() {
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/a//b/./c/../d/"), "/a/b/d/");
        assert_eq!(normalize_path("/../x"), "/x");
        assert_eq!(normalize_path("/a/.."), "/");
    }
}
