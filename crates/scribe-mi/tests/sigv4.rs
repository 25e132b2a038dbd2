//! The SigV4 signer reproduces, byte for byte, signatures made by an
//! independent signer (botocore's `SigV4Auth`; see
//! `fixtures/make_sigv4_vectors.py`), including queries with spaces, `&`
//! and `;` that the Python SDK gets wrong.

use std::time::{Duration, UNIX_EPOCH};

use auth_core::ManualClock;
use auth_core::clock::Clock;
use auth_core::http::{AuthRequest, Payload};
use auth_core::secret::AwsSecret;
use scribe_mi::AwsCredentials;
use scribe_mi::sigv4::SigV4Signer;
use serde::Deserialize;

#[derive(Deserialize)]
struct Vector {
    name: String,
    method: String,
    url: String,
    headers: std::collections::BTreeMap<String, String>,
    body: String,
    session_token: Option<String>,
    region: String,
    access_key_id: String,
    secret_access_key: String,
    time_unix: u64,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    authorization: String,
    #[serde(rename = "x-amz-date")]
    x_amz_date: String,
    #[serde(rename = "x-amz-security-token")]
    x_amz_security_token: Option<String>,
}

#[test]
fn signatures_match_botocore_vectors() {
    let vectors: Vec<Vector> =
        serde_json::from_str(include_str!("fixtures/sigv4_vectors.json")).expect("valid fixture");
    assert!(vectors.len() >= 4);
    let clock = ManualClock::new();
    for v in vectors {
        let creds = AwsCredentials::new(
            v.access_key_id.clone(),
            AwsSecret::new(v.secret_access_key.clone()),
            v.session_token.clone().map(AwsSecret::new),
            None,
            clock.now(),
            &clock,
        );
        let method: http::Method = v.method.parse().expect("method");
        let url = url::Url::parse(&v.url).expect("url");
        let mut headers = http::HeaderMap::new();
        for (k, value) in &v.headers {
            headers.insert(
                http::HeaderName::from_bytes(k.as_bytes()).expect("name"),
                http::HeaderValue::from_str(value).expect("value"),
            );
        }
        let mut request = AuthRequest::new(
            &method,
            &url,
            &mut headers,
            Payload::Bytes(v.body.as_bytes()),
        );
        SigV4Signer::execute_api(v.region.clone())
            .sign(
                &mut request,
                &creds,
                UNIX_EPOCH + Duration::from_secs(v.time_unix),
            )
            .expect("signed");
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        };
        assert_eq!(
            header("authorization").as_deref(),
            Some(v.expected.authorization.as_str()),
            "{}",
            v.name
        );
        assert_eq!(
            header("x-amz-date").as_deref(),
            Some(v.expected.x_amz_date.as_str()),
            "{}",
            v.name
        );
        assert_eq!(
            header("x-amz-security-token"),
            v.expected.x_amz_security_token,
            "{}",
            v.name
        );
        assert!(
            headers
                .get("authorization")
                .is_some_and(http::HeaderValue::is_sensitive),
            "the signature header must be marked sensitive"
        );
    }
}

/// A streamed body is signed as `UNSIGNED-PAYLOAD`; the server can only
/// compute the same canonical request if the request says so in
/// `x-amz-content-sha256`, and that header must be among the signed ones.
#[test]
fn a_streamed_body_declares_its_unsigned_payload() {
    let clock = ManualClock::new();
    let creds = AwsCredentials::new(
        "AKIDEXAMPLE",
        AwsSecret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        None,
        None,
        clock.now(),
        &clock,
    );
    let method = http::Method::PUT;
    let url = url::Url::parse("https://mi.example.com/v1/upload").expect("url");
    let mut headers = http::HeaderMap::new();
    let mut request = AuthRequest::new(&method, &url, &mut headers, Payload::Streamed);
    SigV4Signer::execute_api("eu-west-2")
        .sign(
            &mut request,
            &creds,
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )
        .expect("signed");
    assert_eq!(
        headers
            .get("x-amz-content-sha256")
            .and_then(|v| v.to_str().ok()),
        Some("UNSIGNED-PAYLOAD")
    );
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        authorization.contains("x-amz-content-sha256"),
        "the declaration must be signed: {authorization}"
    );
}
