//! SRP login (`USER_SRP_AUTH` → `PASSWORD_VERIFIER`): against a wiremock
//! Cognito that does the server's half of SRP (so a wrong password is
//! caught, which moto does not do), and against moto.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use auth_core::ManualClock;
use auth_core::secret::Password;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use mock_servers::moto::MotoServer;
use mock_servers::wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use num_bigint::BigUint;
use scribe_mi::{AuthConfig, AuthFlow, ChallengeKind, Login, ScribeAuth, ScribeError};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879",
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B",
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836",
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804",
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6",
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226",
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);
const POOL_ID: &str = "eu-west-2_SrpPool";
const USER_ID: &str = "4f1c2d3e-aaaa-4bbb-8ccc-0123456789ab";
const PASSWORD: &str = "Correct-Horse-9!";
const SALT: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const SECRET_BLOCK: &str = "c2VjcmV0LWJsb2NrLW9mLXRoZS1zZXJ2ZXI=";

fn big(hex: &str) -> BigUint {
    BigUint::parse_bytes(hex.as_bytes(), 16).expect("hex")
}

fn pad(n: &BigUint) -> String {
    let h = format!("{n:x}");
    if h.len() % 2 == 1 {
        format!("0{h}")
    } else if h.starts_with(['8', '9', 'a', 'b', 'c', 'd', 'e', 'f']) {
        format!("00{h}")
    } else {
        h
    }
}

fn h(hex_digits: &str) -> BigUint {
    BigUint::from_bytes_be(&Sha256::digest(hex::decode(hex_digits).expect("hex")))
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("key");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().to_vec()
}

/// Cognito's side of SRP for one user: the verifier v = gˣ from the real
/// password, B = k·v + gᵇ, and the claim the client must produce.
struct SrpServer {
    n: BigUint,
    v: BigUint,
    b: BigUint,
    big_b: BigUint,
    a_seen: Mutex<Option<BigUint>>,
    initiate_body: Mutex<Option<Value>>,
    timestamps: Mutex<Vec<String>>,
}

impl SrpServer {
    fn new() -> Self {
        let n = big(N_HEX);
        let g = BigUint::from(2u8);
        let k = h(&format!("00{N_HEX}02"));
        let pool = POOL_ID.split('_').nth(1).expect("pool name");
        let inner = hex::encode(Sha256::digest(format!("{pool}{USER_ID}:{PASSWORD}")));
        // The salt is padded as a positive number (it starts with `a`: `00a1…`).
        let x = h(&format!("{}{inner}", pad(&big(SALT))));
        let v = g.modpow(&x, &n);
        let b = big("7e57ab1e5eed0f5e3e7b1c0ffee0ddba11cafef00dfacade1234567890abcdef");
        let big_b = (&k * &v + g.modpow(&b, &n)) % &n;
        Self {
            n,
            v,
            b,
            big_b,
            a_seen: Mutex::new(None),
            initiate_body: Mutex::new(None),
            timestamps: Mutex::new(Vec::new()),
        }
    }

    fn expected_signature(&self, a: &BigUint, timestamp: &str) -> String {
        let u = h(&format!("{}{}", pad(a), pad(&self.big_b)));
        let s = (a * self.v.modpow(&u, &self.n)).modpow(&self.b, &self.n);
        let prk = hmac(
            &hex::decode(pad(&u)).expect("hex"),
            &[&hex::decode(pad(&s)).expect("hex")],
        );
        let key = hmac(&prk, &[b"Caldera Derived Key", &[1]]);
        let pool = POOL_ID.split('_').nth(1).expect("pool name");
        let block = base64::engine::general_purpose::STANDARD
            .decode(SECRET_BLOCK)
            .expect("b64");
        base64::engine::general_purpose::STANDARD.encode(hmac(
            &key[..16],
            &[
                pool.as_bytes(),
                USER_ID.as_bytes(),
                &block,
                timestamp.as_bytes(),
            ],
        ))
    }
}

struct Cognito(Arc<SrpServer>);

impl Respond for Cognito {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let target = request
            .headers
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let refuse = |m: &str| {
            ResponseTemplate::new(400)
                .set_body_json(json!({"__type": "NotAuthorizedException", "message": m}))
        };
        match target {
            "AWSCognitoIdentityProviderService.InitiateAuth" => {
                *self.0.initiate_body.lock().expect("lock") = Some(body.clone());
                let Some(a) = body["AuthParameters"]["SRP_A"].as_str() else {
                    return refuse("SRP_A is missing");
                };
                *self.0.a_seen.lock().expect("lock") = Some(big(a));
                ResponseTemplate::new(200).set_body_json(json!({
                    "ChallengeName": "PASSWORD_VERIFIER",
                    "ChallengeParameters": {
                        "SALT": SALT, "SRP_B": format!("{:x}", self.0.big_b),
                        "SECRET_BLOCK": SECRET_BLOCK, "USER_ID_FOR_SRP": USER_ID,
                        "USERNAME": USER_ID,
                    }
                }))
            }
            "AWSCognitoIdentityProviderService.RespondToAuthChallenge" => {
                let r = &body["ChallengeResponses"];
                if let Some(sig) = r["PASSWORD_CLAIM_SIGNATURE"].as_str() {
                    self.0
                        .timestamps
                        .lock()
                        .expect("lock")
                        .push(format!("sig:{sig}"));
                }
                let timestamp = r["TIMESTAMP"].as_str().unwrap_or_default().to_owned();
                self.0
                    .timestamps
                    .lock()
                    .expect("lock")
                    .push(timestamp.clone());
                let Some(a) = self.0.a_seen.lock().expect("lock").clone() else {
                    return refuse("no SRP_A seen");
                };
                if body["ChallengeName"] != "PASSWORD_VERIFIER"
                    || r["USERNAME"] != USER_ID
                    || r["PASSWORD_CLAIM_SECRET_BLOCK"] != SECRET_BLOCK
                    || r["PASSWORD_CLAIM_SIGNATURE"] != self.0.expected_signature(&a, &timestamp)
                {
                    return refuse("Incorrect username or password.");
                }
                ResponseTemplate::new(200).set_body_json(json!({"AuthenticationResult": {
                    "AccessToken": "at-srp", "IdToken": "id-srp", "RefreshToken": "rt-srp",
                    "ExpiresIn": 3600, "TokenType": "Bearer"
                }}))
            }
            _ => ResponseTemplate::new(400).set_body_json(json!({"__type": "UnknownOperation"})),
        }
    }
}

async fn srp_cognito() -> (MockServer, Arc<SrpServer>) {
    let server = MockServer::start().await;
    let state = Arc::new(SrpServer::new());
    Mock::given(mock_servers::wiremock::matchers::method("POST"))
        .respond_with(Cognito(Arc::clone(&state)))
        .mount(&server)
        .await;
    (server, state)
}

fn srp_auth(endpoint: &str, clock: &ManualClock) -> ScribeAuth {
    ScribeAuth::builder()
        .auth_config(AuthConfig::new("client", POOL_ID).endpoint(endpoint))
        .auth_flow(AuthFlow::UserSrp)
        .clock(Arc::new(clock.clone()))
        .build()
        .expect("auth")
}

#[tokio::test]
async fn srp_proves_the_password_to_a_server_that_checks_it() {
    let (server, state) = srp_cognito().await;
    // 2026-12-02 06:05:09 UTC.
    let clock = ManualClock::starting_at(UNIX_EPOCH + Duration::from_secs(1_796_191_509));
    let auth = srp_auth(&server.uri(), &clock);
    let tokens = auth
        .login("ann@example.com", &Password::new(PASSWORD))
        .await
        .expect("SRP login")
        .into_tokens()
        .expect("tokens");
    assert_eq!(tokens.access_token().expose_secret(), "at-srp");
    let seen: Vec<String> = state
        .timestamps
        .lock()
        .expect("lock")
        .iter()
        .filter(|t| !t.starts_with("sig:"))
        .cloned()
        .collect();
    assert_eq!(
        seen,
        ["Wed Dec 2 06:05:09 UTC 2026"],
        "the claim's timestamp, from the injected clock, in Cognito's format"
    );
    let initiate = state
        .initiate_body
        .lock()
        .expect("lock")
        .clone()
        .expect("sent");
    assert_eq!(initiate["AuthFlow"], "USER_SRP_AUTH");
    assert_eq!(initiate["AuthParameters"]["USERNAME"], "ann@example.com");
    assert!(
        !initiate.to_string().contains(PASSWORD),
        "the password never leaves the machine"
    );
}

#[tokio::test]
async fn srp_with_a_wrong_password_is_not_authorized() {
    let (server, _state) = srp_cognito().await;
    let auth = srp_auth(&server.uri(), &ManualClock::new());
    let err = auth
        .login("ann@example.com", &Password::new("Wrong-Horse-9!"))
        .await
        .expect_err("wrong password");
    assert!(matches!(err, ScribeError::NotAuthorized(_)), "{err:?}");
    assert!(!format!("{err:?} {err}").contains("Wrong-Horse-9!"));
}

#[tokio::test]
async fn the_password_flow_stays_available_next_to_srp() {
    let (server, state) = srp_cognito().await;
    let auth = srp_auth(&server.uri(), &ManualClock::new());
    let _ = auth
        .login_password("ann@example.com", &Password::new(PASSWORD))
        .await;
    let initiate = state
        .initiate_body
        .lock()
        .expect("lock")
        .clone()
        .expect("sent");
    assert_eq!(initiate["AuthFlow"], "USER_PASSWORD_AUTH");
}

/// moto 5.2 runs the SRP exchange without its math (any claim is
/// accepted): this checks the wire flow, challenges included.
#[tokio::test]
async fn srp_login_on_moto_with_the_temporary_password_challenge() {
    let moto = MotoServer::start()
        .await
        .expect("moto starts (run `cargo xtask test` to install it)");
    let pool_id = moto.create_user_pool("scribe-srp").await.expect("pool");
    let client_id = moto.create_app_client(&pool_id).await.expect("client");
    moto.create_user(&pool_id, "ann", "Temp-Passw0rd!")
        .await
        .expect("user");
    let auth = ScribeAuth::builder()
        .auth_config(AuthConfig::new(&client_id, &pool_id).endpoint(moto.uri()))
        .auth_flow(AuthFlow::UserSrp)
        .build()
        .expect("auth");
    let challenge = match auth
        .login("ann", &Password::new("Temp-Passw0rd!"))
        .await
        .expect("SRP login")
    {
        Login::Challenge(c) => c,
        Login::Tokens(_) => panic!("a temporary password must raise NEW_PASSWORD_REQUIRED"),
    };
    assert_eq!(challenge.kind(), &ChallengeKind::NewPasswordRequired);
    auth.complete_new_password(&challenge, &Password::new("First-Passw0rd!"))
        .await
        .expect("answered")
        .into_tokens()
        .expect("tokens");
    let tokens = auth
        .login("ann", &Password::new("First-Passw0rd!"))
        .await
        .expect("SRP login")
        .into_tokens()
        .expect("tokens");
    assert!(tokens.refresh_token().is_some() && tokens.id_token().is_some());
}

#[test]
fn no_password_claim_or_token_in_srp_logs() {
    let (logs, _guard) = mock_servers::logs::capture_logs();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (secrets, texts) = rt.block_on(async {
        let (server, state) = srp_cognito().await;
        let auth = srp_auth(&server.uri(), &ManualClock::new());
        let login = auth
            .login("ann@example.com", &Password::new(PASSWORD))
            .await
            .expect("SRP login");
        let wrong = auth
            .login("ann@example.com", &Password::new("Wrong-Horse-9!"))
            .await
            .expect_err("wrong");
        let mut secrets = vec![
            PASSWORD.to_owned(),
            "Wrong-Horse-9!".to_owned(),
            "at-srp".to_owned(),
            "rt-srp".to_owned(),
        ];
        secrets.extend(
            state
                .timestamps
                .lock()
                .expect("lock")
                .iter()
                .filter_map(|t| t.strip_prefix("sig:").map(str::to_owned)),
        );
        assert!(secrets.len() >= 6, "both claims were seen");
        (
            secrets,
            vec![
                format!("{login:?}"),
                format!("{wrong:?} {wrong}"),
                format!("{auth:?}"),
            ],
        )
    });
    let logs = logs.text();
    assert!(!logs.is_empty(), "logs were captured");
    for text in texts.iter().chain(std::iter::once(&logs)) {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{}… leaked", &secret[..4]);
        }
    }
}
