//! `moto` (PyPI `moto[server]`) as a real local Cognito.
//!
//! [`MotoServer::start`] runs `moto_server` on a free port of 127.0.0.1 and
//! stops it on drop. The binary comes from `MOTO_SERVER_BIN`, or from the
//! virtualenv `cargo xtask test` / `cargo xtask demo` install under
//! `target/moto-venv`. Set-up calls (creating pools, clients, users) go over
//! Cognito's JSON protocol directly, unsigned, which moto routes to its
//! `us-east-1` backend; the SDK's own calls need no credentials either.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Where `cargo xtask` installs moto, relative to the workspace root.
pub const VENV_DIR: &str = "target/moto-venv";

/// A running moto server. Dropping it kills the process.
pub struct MotoServer {
    child: Child,
    port: u16,
    http: reqwest::Client,
}

/// Why moto could not be started.
#[derive(Debug)]
pub struct MotoError(pub String);

impl std::fmt::Display for MotoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MotoError {}

/// The `moto_server` binary to run.
pub fn moto_binary() -> PathBuf {
    if let Ok(bin) = std::env::var("MOTO_SERVER_BIN") {
        return PathBuf::from(bin);
    }
    // crates/mock-servers → workspace root.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(VENV_DIR)
        .join("bin/moto_server")
}

impl MotoServer {
    /// Starts moto on a free port and waits until it answers.
    pub async fn start() -> Result<Self, MotoError> {
        let bin = moto_binary();
        if !bin.exists() {
            return Err(MotoError(format!(
                "moto_server not found at {}: run `cargo xtask test` (it installs moto into {VENV_DIR})",
                bin.display()
            )));
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| MotoError(format!("no free port: {e}")))?
            .port();
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // Real TOTP checks for the MFA flows.
            .env("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| MotoError(format!("cannot start {}: {e}", bin.display())))?;
        // The workspace's reqwest brings no crypto provider of its own.
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let server = Self {
            child,
            port,
            http: reqwest::Client::new(),
        };
        // Start-up of a Python server: wait for its port, for at most 60 s.
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(MotoError("moto_server did not start within 60 s".into()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(server)
    }

    /// The endpoint URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Calls a Cognito operation directly (JSON 1.1 protocol); returns the
    /// status, the headers and the JSON body.
    pub async fn call(
        &self,
        target: &str,
        body: Value,
    ) -> Result<(u16, http::HeaderMap, Value), MotoError> {
        let response = self
            .http
            .post(self.uri())
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", target)
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| MotoError(format!("{target}: {e}")))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .map_err(|e| MotoError(format!("{target}: {e}")))?;
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok((status, headers, json))
    }

    /// The user pool's JSON Web Key Set (the public keys of its tokens).
    /// moto serves it only to a request with an AWS-looking
    /// `Authorization` header, so a fake one is sent.
    pub async fn jwks(&self, pool_id: &str) -> Result<Value, MotoError> {
        let response = self
            .http
            .get(format!("{}/{pool_id}/.well-known/jwks.json", self.uri()))
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=x/20260101/eu-west-2/cognito-idp/aws4_request, SignedHeaders=host, Signature=x",
            )
            .send()
            .await
            .map_err(|e| MotoError(format!("jwks: {e}")))?;
        let text = response
            .text()
            .await
            .map_err(|e| MotoError(format!("jwks: {e}")))?;
        serde_json::from_str(&text).map_err(|e| MotoError(format!("jwks is not JSON: {e}")))
    }

    async fn idp(&self, op: &str, body: Value) -> Result<Value, MotoError> {
        let (status, _, json) = self
            .call(&format!("AWSCognitoIdentityProviderService.{op}"), body)
            .await?;
        if status != 200 {
            return Err(MotoError(format!("{op} failed with {status}: {json}")));
        }
        Ok(json)
    }

    /// Creates a user pool; returns its id.
    pub async fn create_user_pool(&self, name: &str) -> Result<String, MotoError> {
        let out = self
            .idp("CreateUserPool", json!({"PoolName": name}))
            .await?;
        str_field(&out["UserPool"]["Id"], "UserPool.Id")
    }

    /// Creates an app client with a generated secret; returns its id and
    /// secret.
    pub async fn create_app_client_with_secret(
        &self,
        pool_id: &str,
    ) -> Result<(String, String), MotoError> {
        let out = self
            .idp(
                "CreateUserPoolClient",
                json!({"UserPoolId": pool_id, "ClientName": "sdk-tests-secret", "GenerateSecret": true,
                       "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
            )
            .await?;
        let client = &out["UserPoolClient"];
        Ok((
            str_field(&client["ClientId"], "UserPoolClient.ClientId")?,
            str_field(&client["ClientSecret"], "UserPoolClient.ClientSecret")?,
        ))
    }

    /// Creates an app client without a secret; returns its id.
    pub async fn create_app_client(&self, pool_id: &str) -> Result<String, MotoError> {
        let out = self
            .idp(
                "CreateUserPoolClient",
                json!({"UserPoolId": pool_id, "ClientName": "sdk-tests", "GenerateSecret": false,
                       "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
            )
            .await?;
        str_field(
            &out["UserPoolClient"]["ClientId"],
            "UserPoolClient.ClientId",
        )
    }

    /// Creates a user with a temporary password (first login must change it).
    pub async fn create_user(
        &self,
        pool_id: &str,
        username: &str,
        temporary_password: &str,
    ) -> Result<(), MotoError> {
        self.idp(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": username, "TemporaryPassword": temporary_password,
                   "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]}),
        )
        .await
        .map(drop)
    }

    /// Creates an identity pool for the user pool; returns its id.
    pub async fn create_identity_pool(
        &self,
        user_pool_id: &str,
        client_id: &str,
    ) -> Result<String, MotoError> {
        let (status, _, out) = self
            .call(
                "AWSCognitoIdentityService.CreateIdentityPool",
                json!({"IdentityPoolName": "sdk_tests", "AllowUnauthenticatedIdentities": false,
                       "CognitoIdentityProviders": [{"ProviderName": format!("cognito-idp.us-east-1.amazonaws.com/{user_pool_id}"),
                                                     "ClientId": client_id}]}),
            )
            .await?;
        if status != 200 {
            return Err(MotoError(format!(
                "CreateIdentityPool failed with {status}: {out}"
            )));
        }
        str_field(&out["IdentityPoolId"], "IdentityPoolId")
    }

    /// The AWS access key id and secret moto hands every federated identity
    /// of `identity_pool_id` (it ignores `Logins`, so no login is needed), for
    /// a mock that must verify SigV4 signatures made with them.
    pub async fn federated_keys(
        &self,
        identity_pool_id: &str,
    ) -> Result<(String, String), MotoError> {
        let (_, _, id) = self
            .call(
                "AWSCognitoIdentityService.GetId",
                json!({"IdentityPoolId": identity_pool_id, "Logins": {"probe": "probe"}}),
            )
            .await?;
        let identity = str_field(&id["IdentityId"], "IdentityId")?;
        let (_, _, out) = self
            .call(
                "AWSCognitoIdentityService.GetCredentialsForIdentity",
                json!({"IdentityId": identity, "Logins": {"probe": "probe"}}),
            )
            .await?;
        Ok((
            str_field(&out["Credentials"]["AccessKeyId"], "AccessKeyId")?,
            str_field(&out["Credentials"]["SecretKey"], "SecretKey")?,
        ))
    }

    /// Turns on software-token (TOTP) MFA for the user of `access_token`:
    /// associates moto's fixed secret, verifies a code, makes it preferred.
    pub async fn enable_totp_mfa(&self, access_token: &str) -> Result<(), MotoError> {
        self.idp(
            "AssociateSoftwareToken",
            json!({"AccessToken": access_token}),
        )
        .await?;
        let code = totp_code(std::time::SystemTime::now());
        self.idp(
            "VerifySoftwareToken",
            json!({"AccessToken": access_token, "UserCode": code, "FriendlyDeviceName": "tests"}),
        )
        .await?;
        self.idp(
            "SetUserMFAPreference",
            json!({"AccessToken": access_token,
                   "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await
        .map(drop)
    }

    /// Starts a forgotten-password reset and returns the code moto issued
    /// (it only reveals it in a response header).
    pub async fn forgot_password_code(
        &self,
        client_id: &str,
        username: &str,
    ) -> Result<String, MotoError> {
        let (status, headers, out) = self
            .call(
                "AWSCognitoIdentityProviderService.ForgotPassword",
                json!({"ClientId": client_id, "Username": username}),
            )
            .await?;
        if status != 200 {
            return Err(MotoError(format!(
                "ForgotPassword failed with {status}: {out}"
            )));
        }
        headers
            .get("x-moto-forgot-password-confirmation-code")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .ok_or_else(|| MotoError("moto sent no confirmation code header".into()))
    }
}

/// The TOTP secret moto gives every user (`asdfasdfasdf`).
pub const TOTP_SECRET: &str = "asdfasdfasdf";

/// The 6-digit TOTP code (RFC 6238: SHA-1, 30 s steps) of moto's fixed
/// secret at `at`, as an authenticator app would show it.
pub fn totp_code(at: std::time::SystemTime) -> String {
    use hmac::{Hmac, Mac};
    let key = base32_decode(TOTP_SECRET);
    let step = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 30);
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(&key) else {
        return String::new();
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let code = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    format!("{:06}", code % 1_000_000)
}

/// RFC 4648 base32, case-insensitive, padding optional.
fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut count = 0u32;
    let mut out = Vec::new();
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(v) = ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase()) else {
            continue;
        };
        bits = (bits << 5) | v as u64;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

fn str_field(v: &Value, what: &str) -> Result<String, MotoError> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| MotoError(format!("moto's answer has no {what}")))
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
