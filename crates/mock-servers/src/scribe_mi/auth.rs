//! How the MI mock checks each version's authorization: v2's verbatim
//! access token (or self-managed JWT), v1's SigV4 signature recomputed with
//! an independent implementation (RustCrypto HMAC-SHA256).

use hmac::{Hmac, Mac};
use md5::Digest as _;
use serde_json::Value;
use sha2::Sha256;
use wiremock::{Request, ResponseTemplate};

use super::routes::error;
use super::{SCRIBE_AUDIENCE, State, V2Issuer};

/// Checks a v2 request's `Authorization`: a token, verbatim, of an accepted issuer.
pub(super) fn verify_v2(s: &mut State, request: &Request) -> Result<(), Box<ResponseTemplate>> {
    let deny = |msg: &str| Err(Box::new(error(401, "Unauthorized", msg)));
    let Some(token) = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return deny("Missing Authorization");
    };
    if token.starts_with("Bearer ") || token.starts_with("AWS4-HMAC-SHA256") {
        return deny("Authorization must be the access token itself");
    }
    if s.revoked_tokens.iter().any(|t| t == token) {
        return deny("The access token has been revoked");
    }
    let accepted = s.v2_issuers.iter().any(|issuer| match issuer {
        V2Issuer::Cognito {
            keys,
            pool_id,
            client_id,
        } => {
            let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
            validation.validate_aud = false;
            keys.iter().any(|key| {
                jsonwebtoken::decode::<Value>(token, key, &validation).is_ok_and(|data| {
                    let c = &data.claims;
                    c["token_use"] == "access"
                        && c["client_id"] == client_id.as_str()
                        && c["iss"]
                            .as_str()
                            .is_some_and(|iss| iss.ends_with(&format!("/{pool_id}")))
                })
            })
        }
        V2Issuer::SelfManaged { key, issuer } => {
            let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
            validation.set_audience(&[SCRIBE_AUDIENCE]);
            validation.set_issuer(&[issuer.as_str()]);
            jsonwebtoken::decode::<Value>(token, key, &validation).is_ok()
        }
    });
    if !accepted {
        return deny("The access token is not valid for this API");
    }
    s.v2_tokens.push(token.to_owned());
    Ok(())
}

/// Recomputes the request's SigV4 signature and compares.
pub(super) fn verify(s: &mut State, request: &Request) -> Result<(), Box<ResponseTemplate>> {
    let deny = |msg: &str| Err(Box::new(error(403, "AccessDeniedException", msg)));
    let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
    let Some(auth) = header("authorization") else {
        return deny("Missing Authentication Token");
    };
    let Some(rest) = auth.strip_prefix("AWS4-HMAC-SHA256 ") else {
        return deny("Unsupported signature algorithm");
    };
    let mut credential = "";
    let mut signed_headers = "";
    let mut signature = "";
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = v;
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed_headers = v;
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = v;
        }
    }
    let scope: Vec<&str> = credential.split('/').collect();
    let [key_id, date, region, service, "aws4_request"] = scope.as_slice() else {
        return deny("Malformed credential scope");
    };
    if *region != s.region || *service != "execute-api" {
        return deny("Credential should be scoped to the right region and service");
    }
    if let Some(i) = s.expired.iter().position(|k| k == key_id) {
        s.expired.remove(i);
        return Err(Box::new(error(
            403,
            "ExpiredTokenException",
            "The security token included in the request is expired",
        )));
    }
    let Some(secret) = s.keys.get(*key_id) else {
        return deny("The security token included in the request is invalid");
    };
    let Some(amz_date) = header("x-amz-date") else {
        return deny("Missing X-Amz-Date");
    };
    let now = mock_now(s.clock_skew_secs);
    let signed_at = parse_amz_date(amz_date).ok_or_else(|| {
        Box::new(error(
            403,
            "IncompleteSignatureException",
            "Malformed X-Amz-Date",
        ))
    })?;
    let now_secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if (now_secs - signed_at).abs() > 300 {
        return Err(Box::new(
            error(
                403,
                "InvalidSignatureException",
                &format!("Signature expired: {amz_date} is now earlier than the allowed 5 minutes"),
            )
            .insert_header("date", httpdate::fmt_http_date(now)),
        ));
    }
    // Canonical request (SigV4, non-S3: path segments encoded twice).
    let canonical_path = request
        .url
        .path()
        .split('/')
        .map(encode)
        .collect::<Vec<_>>()
        .join("/");
    let mut pairs: Vec<(String, String)> = request
        .url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (encode(&decode(k)), encode(&decode(v)))
        })
        .collect();
    pairs.sort();
    let canonical_query = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        // The Host header as received (wiremock's URL names `localhost`).
        let value = request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let Some(value) = value else {
            return deny("A signed header is missing");
        };
        canonical_headers.push_str(&format!(
            "{name}:{}\n",
            value.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    // As API Gateway does: a signer that declares `UNSIGNED-PAYLOAD` in
    // `x-amz-content-sha256` signed that string, not the body's hash; without
    // the header, the body's hash is what was signed.
    let declared = request
        .headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok());
    let payload_hash = match declared {
        Some("UNSIGNED-PAYLOAD") => "UNSIGNED-PAYLOAD".to_owned(),
        _ => hex::encode(sha2::Sha256::digest(&request.body)),
    };
    let canonical_request = format!(
        "{}\n{canonical_path}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
        request.method.as_str()
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{}",
        hex::encode(sha2::Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    key = hmac(&key, region.as_bytes());
    key = hmac(&key, service.as_bytes());
    key = hmac(&key, b"aws4_request");
    let expected = hex::encode(hmac(&key, string_to_sign.as_bytes()));
    if expected != signature {
        if std::env::var_os("MI_MOCK_DEBUG").is_some() {
            eprintln!(
                "canonical request:\n{canonical_request}\nheaders: {:?}",
                request.headers
            );
        }
        return deny(
            "The request signature we calculated does not match the signature you provided.",
        );
    }
    Ok(())
}

/// The mock's time: the real time moved by `skew_secs`.
fn mock_now(skew_secs: i64) -> std::time::SystemTime {
    let real = std::time::SystemTime::now();
    let by = std::time::Duration::from_secs(skew_secs.unsigned_abs());
    if skew_secs >= 0 { real + by } else { real - by }
}

/// `20261202T123456Z` as Unix seconds.
fn parse_amz_date(v: &str) -> Option<i64> {
    let b = v.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| v.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// RFC 3986 encoding of everything but the unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decoding (a `+` stays a `+`, as SigV4 reads queries).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
