//! Self-managed JWTs: the claims `@scribelabsai/auth` 2.0 signs, RS256
//! verified with the public key, and every way a token is refused.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use scribe_mi::jwt::{
    JwtError, RsaPrivateKey, SCRIBE_AUDIENCE, SelfManagedSigner, decode_self_signed_jwt,
};

const KEY: &str = include_str!("fixtures/jwt_test_key.pem");
const PUBLIC: &str = include_str!("fixtures/jwt_test_key.pub.pem");
const OTHER_KEY_PKCS1: &str = include_str!("fixtures/jwt_other_key.pkcs1.pem");
const OTHER_PUBLIC: &str = include_str!("fixtures/jwt_other_key.pub.pem");

fn signer() -> SelfManagedSigner {
    SelfManagedSigner::new(&RsaPrivateKey::from_pem(KEY), "acme-issuer", "acme-etl")
        .expect("signer")
}

fn in_ten_minutes() -> SystemTime {
    SystemTime::now() + Duration::from_secs(600)
}

fn part(token: &str, i: usize) -> serde_json::Value {
    let raw = token.split('.').nth(i).expect("three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("json")
}

#[test]
fn the_token_has_exactly_the_peer_claims_and_verifies_with_the_public_key() {
    let exp = in_ten_minutes();
    let token = signer()
        .sign(&["mi:read", "mi:write"], exp)
        .expect("signed");
    let token = token.expose_secret();
    assert_eq!(part(token, 0)["alg"], "RS256");
    let payload = part(token, 1);
    let exp_secs = exp
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    assert_eq!(
        payload,
        serde_json::json!({
            "iss": "acme-issuer",
            "sub": "acme-etl",
            "aud": "https://apis.scribelabs.ai",
            "scope": "mi:read mi:write",
            "exp": exp_secs,
        })
    );
    let claims = decode_self_signed_jwt(token, PUBLIC).expect("verifies");
    assert_eq!(claims.aud, SCRIBE_AUDIENCE);
    assert_eq!(claims.exp, exp_secs);
    assert_eq!(
        claims.scopes().collect::<Vec<_>>(),
        vec!["mi:read", "mi:write"]
    );
}

#[test]
fn a_pkcs1_key_signs_too() {
    let signer = SelfManagedSigner::new(&RsaPrivateKey::from_pem(OTHER_KEY_PKCS1), "i", "s")
        .expect("PKCS#1 key");
    let token = signer.sign(&["a"], in_ten_minutes()).expect("signed");
    decode_self_signed_jwt(token.expose_secret(), OTHER_PUBLIC).expect("verifies");
}

#[test]
fn the_wrong_public_key_is_an_invalid_signature() {
    let token = signer().sign(&["a"], in_ten_minutes()).expect("signed");
    assert_eq!(
        decode_self_signed_jwt(token.expose_secret(), OTHER_PUBLIC),
        Err(JwtError::InvalidSignature)
    );
}

#[test]
fn a_tampered_payload_is_an_invalid_signature() {
    let token = signer()
        .sign(&["mi:read"], in_ten_minutes())
        .expect("signed");
    let mut parts: Vec<String> = token
        .expose_secret()
        .split('.')
        .map(str::to_owned)
        .collect();
    let mut payload = part(token.expose_secret(), 1);
    payload["scope"] = "mi:admin".into();
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload.to_string());
    assert_eq!(
        decode_self_signed_jwt(&parts.join("."), PUBLIC),
        Err(JwtError::InvalidSignature)
    );
}

#[test]
fn another_audience_is_refused() {
    let exp = in_ten_minutes()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let claims = serde_json::json!({
        "iss": "acme-issuer", "sub": "acme-etl", "aud": "https://evil.example.com",
        "scope": "mi:read", "exp": exp,
    });
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(KEY.as_bytes()).expect("key");
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )
    .expect("signed");
    assert_eq!(
        decode_self_signed_jwt(&token, PUBLIC),
        Err(JwtError::WrongAudience)
    );
}

#[test]
fn another_algorithm_is_refused() {
    let exp = in_ten_minutes()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let claims = serde_json::json!({
        "iss": "i", "sub": "s", "aud": SCRIBE_AUDIENCE, "scope": "", "exp": exp,
    });
    // HS256 keyed with the public key's text: the classic confusion attack.
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(PUBLIC.as_bytes()),
    )
    .expect("signed");
    assert_eq!(
        decode_self_signed_jwt(&token, PUBLIC),
        Err(JwtError::WrongAlgorithm)
    );
}

#[test]
fn an_expired_token_is_refused() {
    let token = signer()
        .sign(&["a"], SystemTime::now() - Duration::from_secs(3600))
        .expect("signed");
    assert_eq!(
        decode_self_signed_jwt(token.expose_secret(), PUBLIC),
        Err(JwtError::Expired)
    );
}

#[test]
fn bad_keys_and_claims_are_typed_errors() {
    assert!(matches!(
        SelfManagedSigner::new(&RsaPrivateKey::from_pem("not a key"), "i", "s"),
        Err(JwtError::InvalidPrivateKey(_))
    ));
    // A public key is not a private key.
    assert!(matches!(
        SelfManagedSigner::new(&RsaPrivateKey::from_pem(PUBLIC), "i", "s"),
        Err(JwtError::InvalidPrivateKey(_))
    ));
    assert!(matches!(
        SelfManagedSigner::new(&RsaPrivateKey::from_pem(KEY), "", "s"),
        Err(JwtError::InvalidClaims(_))
    ));
    assert!(matches!(
        decode_self_signed_jwt("a.b.c", "not a key"),
        Err(JwtError::InvalidPublicKey(_))
    ));
    assert!(matches!(
        decode_self_signed_jwt("not-a-jwt", PUBLIC),
        Err(JwtError::Malformed(_))
    ));
}

#[test]
fn the_private_key_and_tokens_never_print() {
    let key = RsaPrivateKey::from_pem(KEY);
    let signer = SelfManagedSigner::new(&key, "acme-issuer", "acme-etl").expect("signer");
    let token = signer.sign(&["a"], in_ten_minutes()).expect("signed");
    let wrong = decode_self_signed_jwt(token.expose_secret(), OTHER_PUBLIC).expect_err("wrong key");
    let texts = [
        format!("{key:?} {key}"),
        format!("{signer:?}"),
        format!("{token:?} {token}"),
        format!("{wrong:?} {wrong}"),
    ];
    // A line of the key's base64 body, and the token's signature part.
    let key_line = KEY.lines().nth(5).expect("a body line");
    let signature = token.expose_secret().rsplit('.').next().expect("signature");
    for text in &texts {
        assert!(!text.contains(key_line), "private key leaked: {text}");
        assert!(!text.contains(signature), "token leaked: {text}");
        assert!(!text.contains("PRIVATE KEY"), "{text}");
    }
    assert!(texts[1].contains("acme-issuer"), "the issuer is not secret");
}
