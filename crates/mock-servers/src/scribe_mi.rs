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

use std::collections::{BTreeMap, HashMap};

use crate::harness::{Shared, route_all, start_server};
use crate::storage::{StorageServer, StoredRequest, StoredResponse, Upload};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use md5::{Digest as _, Md5};
use serde_json::{Value, json};
use sha2::Sha256;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

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

fn error(status: u16, kind: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-amzn-requestid", "mi-req-0001")
        .set_body_json(json!({"errorType": kind, "errorMessage": message}))
}

fn model_json(task: &Task) -> Value {
    json!({
        "company": task.company.clone().unwrap_or_else(|| "Acme Ltd".into()),
        "dateReporting": "2026-06-30",
        "covering": "H1 2026",
        "items": [
            {"tag": "revenue", "term": "Revenue", "ogterm": "Total revenue",
             "values": {"2026": {"value": 1250.5, "bbox": "1;0.12;0.30;0.20;0.02"}, "2025": 1100}},
            {"tag": "ebitda", "term": "EBITDA", "ogterm": "EBITDA",
             "values": {"2026": "310", "2025": {"value": "280", "bbox": ""}}}
        ]
    })
}

fn task_json(s: &State, t: &Task) -> Value {
    let mut v = json!({
        "jobid": t.jobid, "client": "scribe-test-client", "status": t.status, "submitted": 1_795_500_000u64,
        "clientFilename": t.filename, "originalFilename": t.filename,
    });
    if let Some(c) = &t.company {
        v["companyName"] = json!(c);
    }
    if t.status == "SUCCESS" {
        v["modelUrl"] = json!(format!(
            "{}/models/{}.json?X-Amz-Signature=presigned&X-Amz-Expires=300",
            s.base, t.jobid
        ));
    }
    v
}

struct Api(Shared<State>);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.0.lock();
        let path = request.url.path().to_owned();
        let method = request.method.as_str().to_owned();
        if let Some(name) = path.strip_prefix("/models/") {
            let jobid = name.trim_end_matches(".json");
            let Some(task) = s.tasks.get(jobid) else {
                return ResponseTemplate::new(404);
            };
            let body = model_json(task).to_string();
            let mut etag = hex::encode(Md5::digest(body.as_bytes()));
            if s.corrupt_models {
                etag = "0".repeat(32);
            }
            return ResponseTemplate::new(200)
                .insert_header("etag", format!("\"{etag}\""))
                .insert_header("content-type", "application/json")
                .set_body_string(body);
        }
        s.requests += 1;
        let all: Vec<&str> = path.trim_matches('/').split('/').collect();
        let (version, segments) = match all.split_first() {
            Some((v @ (&"v1" | &"v2"), rest)) => (*v, rest),
            _ => return error(404, "NotFound", "No such route"),
        };
        if version == "v1" {
            if let Err(reject) = verify(&mut s, request) {
                s.rejected_signatures += 1;
                return *reject;
            }
        } else if let Err(reject) = verify_v2(&mut s, request) {
            s.rejected_tokens += 1;
            return *reject;
        }
        let consolidation = if version == "v1" {
            "fundportfolio"
        } else {
            "fund-portfolio"
        };
        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        match (method.as_str(), segments) {
            ("GET", [c]) if *c == consolidation => {
                let ids: Vec<&str> = query
                    .get("jobids")
                    .map(|v| v.split(';').collect())
                    .unwrap_or_default();
                if ids.is_empty() || ids.iter().any(|id| !s.tasks.contains_key(*id)) {
                    return error(400, "ValidationError", "unknown job id in jobids");
                }
                ResponseTemplate::new(200).set_body_json(json!({"model": {"date": "2026-06-30", "tables": [
                    {"title": "Fund performance", "columnsOrder": ids,
                     "items": [{"tag": "irr", "term": "IRR", "ogterm": "Net IRR", "values": {"total": 0.142}}]}
                ]}}))
            }
            ("GET", ["tasks"]) => {
                let company = query.get("company");
                let tasks: Vec<Value> = s
                    .tasks
                    .values()
                    .filter(|t| t.status != "DELETED")
                    .filter(|t| company.is_none_or(|c| t.company.as_ref() == Some(c)))
                    .map(|t| task_json(&s, t))
                    .collect();
                ResponseTemplate::new(200).set_body_json(json!({ "tasks": tasks }))
            }
            ("POST", ["tasks"]) => {
                let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
                let (Some(filetype), Some(filename), Some(md5)) = (
                    body["filetype"].as_str(),
                    body["filename"].as_str(),
                    body["md5checksum"].as_str(),
                ) else {
                    return error(
                        400,
                        "ValidationError",
                        "filetype, filename and md5checksum are required",
                    );
                };
                if filename.contains('/') || filename.contains('\\') {
                    return error(400, "ValidationError", "filename must be a base name");
                }
                let _ = filetype;
                s.next += 1;
                let jobid = format!("job-{:04}", s.next);
                s.tasks.insert(
                    jobid.clone(),
                    Task {
                        jobid: jobid.clone(),
                        status: "PENDING_UPLOAD",
                        filename: filename.to_owned(),
                        company: body["companyname"].as_str().map(str::to_owned),
                        md5: md5.to_owned(),
                        polls: 0,
                        uploaded: None,
                    },
                );
                let url = format!(
                    "{}/upload/{jobid}?X-Amz-Signature=presigned&X-Amz-Expires=900",
                    s.storage
                );
                ResponseTemplate::new(200).set_body_json(json!({"jobid": jobid, "url": url}))
            }
            ("GET", ["tasks", jobid]) => {
                let needed = s.polls_to_success;
                let Some(task) = s.tasks.get_mut(*jobid) else {
                    return error(404, "NotFound", "Task not found");
                };
                if task.status == "PROCESSING" {
                    task.polls += 1;
                    if task.polls >= needed {
                        task.status = "SUCCESS";
                    }
                }
                let task = task.clone();
                ResponseTemplate::new(200).set_body_json(task_json(&s, &task))
            }
            ("DELETE", ["tasks", jobid]) => match s.tasks.get_mut(*jobid) {
                Some(task) => {
                    task.status = "DELETED";
                    let task = task.clone();
                    ResponseTemplate::new(200).set_body_json(task_json(&s, &task))
                }
                None => error(404, "NotFound", "Task not found"),
            },
            _ => error(404, "NotFound", "No such route"),
        }
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

/// Checks a v2 request's `Authorization`: a token, verbatim, of an accepted issuer.
fn verify_v2(s: &mut State, request: &Request) -> Result<(), Box<ResponseTemplate>> {
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
fn verify(s: &mut State, request: &Request) -> Result<(), Box<ResponseTemplate>> {
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
