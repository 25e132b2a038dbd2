//! A stateful mock of Scribe's MI API, v1 and v2, that checks every
//! request's authorization the way each version does.
//!
//! v1 (`/v1/...`): the SigV4 signature is recomputed here from the received
//! request and the known credentials with an independent implementation
//! (RustCrypto HMAC-SHA256, not the SDK's signer), so a badly signed
//! request, or one whose query or headers changed after signing, gets 403.
//!
//! v2 (`/v2/...`): `Authorization` must hold, verbatim (no `Bearer`), an
//! RS256 access token of the local Cognito's user pool for the app client
//! (verified with the pool's public keys), or a self-managed JWT whose
//! issuer and public key were registered; anything else (a SigV4 header, an
//! id token, a revoked token) gets 401.
//!
//! Routes under both: `GET /tasks`, `GET|DELETE /tasks/{jobid}`,
//! `POST /tasks` (answers a presigned upload URL on this mock's storage
//! endpoint, which hashes the upload as it streams and keeps only its size
//! and digests: see [`crate::storage`]), and
//! consolidation, `GET /v1/fundportfolio?jobids=a;b` or
//! `GET /v2/fund-portfolio?jobids=a;b`. Uploads check `Content-MD5`; a task
//! then goes `PENDING_UPLOAD → PROCESSING → SUCCESS` over polls, with a
//! presigned model URL whose ETag is the model's MD5.

mod auth;
mod routes;

use std::collections::{BTreeMap, HashMap};

use crate::harness::{Shared, route_all, start_server};
use crate::storage::{StorageServer, StoredRequest, StoredResponse, Upload};
use base64::Engine as _;
use serde_json::Value;
use wiremock::MockServer;

use routes::Api;

#[derive(Debug, Clone)]
struct Task {
    jobid: String,
    status: &'static str,
    filename: String,
    company: Option<String>,
    md5: String,
    polls: usize,
    uploaded: Option<Upload>,
}

/// Who may call v2, and how their tokens are checked.
enum V2Issuer {
    /// Access tokens of a Cognito user pool for one app client.
    Cognito {
        keys: Vec<jsonwebtoken::DecodingKey>,
        pool_id: String,
        client_id: String,
    },
    /// Self-managed JWTs of one issuer.
    SelfManaged {
        key: jsonwebtoken::DecodingKey,
        issuer: String,
    },
}

impl std::fmt::Debug for V2Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            V2Issuer::Cognito { pool_id, .. } => write!(f, "Cognito({pool_id})"),
            V2Issuer::SelfManaged { issuer, .. } => write!(f, "SelfManaged({issuer})"),
        }
    }
}

/// The audience of Scribe's self-managed JWTs.
const SCRIBE_AUDIENCE: &str = "https://apis.scribelabs.ai";

#[derive(Debug)]
struct State {
    v2_issuers: Vec<V2Issuer>,
    revoked_tokens: Vec<String>,
    rejected_tokens: u64,
    v2_tokens: Vec<String>,
    keys: HashMap<String, String>,
    expired: Vec<String>,
    region: String,
    tasks: BTreeMap<String, Task>,
    polls_to_success: usize,
    corrupt_models: bool,
    requests: u64,
    rejected_signatures: u64,
    /// The mock's clock minus the real one, in seconds (a skewed client
    /// looks like a skewed server).
    clock_skew_secs: i64,
    uploads: u64,
    next: u64,
    base: String,
    storage: String,
}

/// Everything Scribe needs locally: moto as Cognito (a user pool, an app
/// client, an identity pool) and the MI mock accepting the AWS keys moto
/// hands out. Dropping it stops both.
pub struct ScribeEmulators {
    /// The local Cognito.
    pub moto: crate::moto::MotoServer,
    /// The MI API mock.
    pub mi: MiMock,
    /// The user pool id.
    pub user_pool_id: String,
    /// The app client id.
    pub client_id: String,
    /// The identity pool id.
    pub identity_pool_id: String,
    /// The AWS access key id moto hands out.
    pub access_key_id: String,
}

impl ScribeEmulators {
    /// Starts moto and the MI mock (region `eu-west-2`) and creates the pools.
    pub async fn start() -> Result<Self, crate::moto::MotoError> {
        let moto = crate::moto::MotoServer::start().await?;
        let user_pool_id = moto.create_user_pool("scribe").await?;
        let client_id = moto.create_app_client(&user_pool_id).await?;
        let identity_pool_id = moto.create_identity_pool(&user_pool_id, &client_id).await?;
        let (access_key_id, secret) = moto.federated_keys(&identity_pool_id).await?;
        let mi = MiMock::start("eu-west-2").await;
        mi.accept_key(&access_key_id, &secret);
        let jwks = moto.jwks(&user_pool_id).await?;
        mi.accept_cognito_access_tokens(&jwks, &user_pool_id, &client_id)
            .map_err(crate::moto::MotoError)?;
        Ok(Self {
            moto,
            mi,
            user_pool_id,
            client_id,
            identity_pool_id,
            access_key_id,
        })
    }

    /// Adds a user who must replace `temporary_password` at first login.
    pub async fn create_user(
        &self,
        username: &str,
        temporary_password: &str,
    ) -> Result<(), crate::moto::MotoError> {
        self.moto
            .create_user(&self.user_pool_id, username, temporary_password)
            .await
    }
}

/// A running MI mock. Dropping it stops the server.
pub struct MiMock {
    server: MockServer,
    state: Shared<State>,
    storage: StorageServer,
}

impl MiMock {
    /// Starts the mock; requests must be signed for `region` and service
    /// `execute-api` with one of the keys given to [`accept_key`](Self::accept_key).
    pub async fn start(region: &str) -> Self {
        let server = start_server().await;
        let state = Shared::new(State {
            v2_issuers: Vec::new(),
            revoked_tokens: Vec::new(),
            rejected_tokens: 0,
            v2_tokens: Vec::new(),
            keys: HashMap::new(),
            expired: Vec::new(),
            region: region.to_owned(),
            tasks: BTreeMap::new(),
            polls_to_success: 2,
            corrupt_models: false,
            requests: 0,
            rejected_signatures: 0,
            clock_skew_secs: 0,
            uploads: 0,
            next: 0,
            base: server.uri(),
            storage: String::new(),
        });
        let storage = {
            let state = state.clone();
            StorageServer::start(move |request| upload(&mut state.lock(), request)).await
        };
        state.lock().storage = storage.uri().to_owned();
        route_all(&server, Api(state.clone())).await;
        Self {
            server,
            state,
            storage,
        }
    }

    /// The API URL to configure (`http://127.0.0.1:PORT/v1`).
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.server.uri())
    }

    /// The v2 API URL to configure (`http://127.0.0.1:PORT/v2`).
    pub fn api_url_v2(&self) -> String {
        format!("{}/v2", self.server.uri())
    }

    /// Accepts on v2 the access tokens of this user pool for this app
    /// client, checked with the pool's JSON Web Key Set (`jwks`).
    ///
    /// # Errors
    /// When `jwks` holds no usable RSA key.
    pub fn accept_cognito_access_tokens(
        &self,
        jwks: &Value,
        pool_id: &str,
        client_id: &str,
    ) -> Result<(), String> {
        let set: jsonwebtoken::jwk::JwkSet = serde_json::from_value(jwks.clone())
            .map_err(|e| format!("not a JSON Web Key Set: {e}"))?;
        let keys: Vec<_> = set
            .keys
            .iter()
            .filter_map(|k| jsonwebtoken::DecodingKey::from_jwk(k).ok())
            .collect();
        if keys.is_empty() {
            return Err("the JSON Web Key Set holds no usable key".into());
        }
        self.state.lock().v2_issuers.push(V2Issuer::Cognito {
            keys,
            pool_id: pool_id.to_owned(),
            client_id: client_id.to_owned(),
        });
        Ok(())
    }

    /// Accepts on v2 self-managed JWTs (RS256, Scribe's audience) of
    /// `issuer`, verified with this RSA public key (PEM).
    ///
    /// # Errors
    /// When the PEM is not an RSA public key.
    pub fn accept_self_managed_issuer(
        &self,
        issuer: &str,
        public_key_pem: &str,
    ) -> Result<(), String> {
        let key = jsonwebtoken::DecodingKey::from_rsa_pem(public_key_pem.as_bytes())
            .map_err(|e| format!("not an RSA public key: {e}"))?;
        self.state.lock().v2_issuers.push(V2Issuer::SelfManaged {
            key,
            issuer: issuer.to_owned(),
        });
        Ok(())
    }

    /// Answers 401 to every later v2 request carrying this token (as for a
    /// token revoked or signed out).
    pub fn revoke_token(&self, token: &str) {
        self.state.lock().revoked_tokens.push(token.to_owned());
    }

    /// v2 requests refused for their `Authorization`.
    pub fn rejected_tokens(&self) -> u64 {
        self.state.lock().rejected_tokens
    }

    /// The accepted v2 tokens, in order of arrival (one entry per request).
    pub fn v2_tokens(&self) -> Vec<String> {
        self.state.lock().v2_tokens.clone()
    }

    /// The storage endpoint presigned upload URLs point at
    /// (`http://127.0.0.1:PORT`, another port than the API, as S3 is
    /// another host than API Gateway).
    pub fn storage_url(&self) -> &str {
        self.storage.uri()
    }

    /// Accepts signatures made with this access key and secret.
    pub fn accept_key(&self, access_key_id: &str, secret_access_key: &str) {
        self.state
            .lock()
            .keys
            .insert(access_key_id.to_owned(), secret_access_key.to_owned());
    }

    /// Answers the next request signed with this key 403 "expired token"
    /// (as API Gateway does once temporary credentials expire).
    pub fn expire_key(&self, access_key_id: &str) {
        self.state.lock().expired.push(access_key_id.to_owned());
    }

    /// Accepts this key again.
    pub fn renew_key(&self, access_key_id: &str) {
        self.state.lock().expired.retain(|k| k != access_key_id);
    }

    /// How many polls a processing task needs to succeed (default 2).
    pub fn set_polls_to_success(&self, n: usize) {
        self.state.lock().polls_to_success = n;
    }

    /// Serves models whose ETag does not match their content.
    pub fn corrupt_models(&self, on: bool) {
        self.state.lock().corrupt_models = on;
    }

    /// API requests received (uploads and downloads excluded).
    pub fn requests(&self) -> u64 {
        self.state.lock().requests
    }

    /// Runs the mock's clock `secs` ahead of the real one (negative:
    /// behind). As API Gateway does, a v1 signature more than 5 minutes off
    /// the mock's time gets 403 `InvalidSignatureException` "Signature
    /// expired" with the mock's time in `Date`.
    pub fn set_clock_skew(&self, secs: i64) {
        self.state.lock().clock_skew_secs = secs;
    }

    /// Requests refused for a bad signature.
    pub fn rejected_signatures(&self) -> u64 {
        self.state.lock().rejected_signatures
    }

    /// Documents uploaded.
    pub fn uploads(&self) -> u64 {
        self.state.lock().uploads
    }

    /// The size and digests of what was uploaded for a task (the bytes are
    /// never kept), and the file name it was submitted with.
    pub fn uploaded(&self, jobid: &str) -> Option<(String, Upload)> {
        let s = self.state.lock();
        let t = s.tasks.get(jobid)?;
        Some((t.filename.clone(), t.uploaded.clone()?))
    }

    /// Adds a processed task (for listings).
    pub fn seed_task(&self, company: &str, filename: &str) -> String {
        let mut s = self.state.lock();
        s.next += 1;
        let jobid = format!("job-{:04}", s.next);
        s.tasks.insert(
            jobid.clone(),
            Task {
                jobid: jobid.clone(),
                status: "SUCCESS",
                filename: filename.to_owned(),
                company: Some(company.to_owned()),
                md5: String::new(),
                polls: 0,
                uploaded: Some(Upload::of(b"")),
            },
        );
        jobid
    }
}

/// A presigned PUT to the storage endpoint (not SigV4-signed by the SDK):
/// checks `Content-MD5` against the digest computed while streaming.
fn upload(s: &mut State, request: StoredRequest) -> StoredResponse {
    let path = request.target.split('?').next().unwrap_or_default();
    let Some(jobid) = path.strip_prefix("/upload/") else {
        return (404, Vec::new(), String::new());
    };
    if request.method != "PUT" {
        return (405, Vec::new(), String::new());
    }
    let Some(task) = s.tasks.get_mut(jobid) else {
        return (404, Vec::new(), String::new());
    };
    let md5 = base64::engine::general_purpose::STANDARD.encode(request.upload.md5);
    let header = request.header("content-md5").unwrap_or_default();
    if header != md5 || task.md5 != md5 {
        return (
            400,
            Vec::new(),
            "<Error><Code>BadDigest</Code><Message>The Content-MD5 you specified did not match what we received.</Message></Error>".into(),
        );
    }
    let etag = format!("\"{}\"", hex::encode(request.upload.md5));
    task.uploaded = Some(request.upload);
    task.status = "PROCESSING";
    s.uploads += 1;
    (200, vec![("etag".into(), etag)], String::new())
}
