//! AWS SigV4 signing of API Gateway (`execute-api`) requests.
//!
//! The signature covers exactly what is sent: every header present on the
//! request when it is signed, the host and path, the query as it is on the
//! wire (`auth-core` encodes queries the SigV4 way: a space is `%20`, `;` is
//! `%3B`, where the Python peer signs one form and sends another), and the
//! SHA-256 of the body.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use auth_core::cache::TokenCache;
use auth_core::clock::SharedClock;
use auth_core::http::{AuthRequest, AuthTicket, Payload, Rejection, RequestAuth};
use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use http::{HeaderName, HeaderValue, StatusCode};

use crate::credentials::AwsCredentials;

mod fast;

/// The API Gateway service name in SigV4 scopes.
pub const EXECUTE_API: &str = "execute-api";

/// Signs requests for one region and service.
///
/// It keeps the signing key of the last day and credentials it signed with
/// (derived keys are valid for one day), so most signatures cost two SHA-256
/// passes and one HMAC.
pub struct SigV4Signer {
    region: String,
    service: String,
    keys: fast::KeyCache,
}

impl fmt::Debug for SigV4Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigV4Signer")
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl Clone for SigV4Signer {
    fn clone(&self) -> Self {
        Self::new(self.region.clone(), self.service.clone())
    }
}

impl PartialEq for SigV4Signer {
    fn eq(&self, other: &Self) -> bool {
        self.region == other.region && self.service == other.service
    }
}

impl Eq for SigV4Signer {}

impl SigV4Signer {
    /// A signer for API Gateway (`execute-api`) in `region`.
    ///
    /// ```no_run
    /// let signer = scribe_mi::sigv4::SigV4Signer::execute_api("eu-west-2");
    /// ```
    pub fn execute_api(region: impl Into<String>) -> Self {
        Self::new(region, EXECUTE_API)
    }

    /// A signer for `service` in `region`.
    ///
    /// ```no_run
    /// let signer = scribe_mi::sigv4::SigV4Signer::new("eu-west-2", "execute-api");
    /// ```
    pub fn new(region: impl Into<String>, service: impl Into<String>) -> Self {
        Self {
            region: region.into(),
            service: service.into(),
            keys: fast::KeyCache::default(),
        }
    }

    /// Signs `request` with `credentials` at `time`: adds `Authorization`,
    /// `X-Amz-Date` and, for temporary credentials, `X-Amz-Security-Token`
    /// (both secret headers marked sensitive). A streamed body is signed as
    /// `UNSIGNED-PAYLOAD` and the matching `x-amz-content-sha256` header is
    /// sent, so the server computes the same canonical request.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the request cannot be signed
    /// (a header value that is not text, an invalid URL).
    ///
    /// ```no_run
    /// use std::time::SystemTime;
    /// use auth_core::http::{AuthRequest, Payload};
    /// use scribe_mi::sigv4::SigV4Signer;
    ///
    /// # fn run(credentials: &scribe_mi::AwsCredentials) -> auth_core::Result<()> {
    /// let url = url::Url::parse("https://mi.scribelabs.ai/v1/tasks").expect("valid");
    /// let mut headers = http::HeaderMap::new();
    /// let mut request = AuthRequest::new(&http::Method::GET, &url, &mut headers, Payload::Bytes(b""));
    /// SigV4Signer::execute_api("eu-west-2").sign(&mut request, credentials, SystemTime::now())?;
    /// # Ok(()) }
    /// ```
    pub fn sign(
        &self,
        request: &mut AuthRequest<'_>,
        credentials: &AwsCredentials,
        time: SystemTime,
    ) -> auth_core::Result<()> {
        let Some(signed) = fast::sign(
            &self.keys,
            &self.region,
            &self.service,
            request,
            credentials,
            time,
        ) else {
            return self.sign_reference(request, credentials, time);
        };
        let failed = |e: &dyn fmt::Display| {
            auth_core::Error::InvalidInput(format!("cannot sign the request: {e}"))
        };
        let headers = request.headers_mut();
        let date = HeaderValue::from_bytes(&signed.x_amz_date).map_err(|e| failed(&e))?;
        headers.insert(HeaderName::from_static("x-amz-date"), date);
        let mut authorization =
            HeaderValue::try_from(signed.authorization).map_err(|e| failed(&e))?;
        authorization.set_sensitive(true);
        headers.insert(http::header::AUTHORIZATION, authorization);
        if let Some(content_sha256) = signed.content_sha256 {
            headers.insert(
                HeaderName::from_static("x-amz-content-sha256"),
                HeaderValue::from_static(content_sha256),
            );
        }
        if let Some(token) = credentials.session_token() {
            let mut token = HeaderValue::from_str(token.expose_secret()).map_err(|e| failed(&e))?;
            token.set_sensitive(true);
            headers.insert(HeaderName::from_static("x-amz-security-token"), token);
        }
        Ok(())
    }

    /// Signs `request` exactly as [`sign`](Self::sign) does, through
    /// `aws_sigv4::http_request::sign` (slower: it derives the signing key
    /// and rebuilds the request on every call). It is the reference the
    /// fast path is tested against, and what `sign` falls back to for
    /// unusual requests (a URL with user information or a fragment).
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the request cannot be signed
    /// (a header value that is not text, an invalid URL).
    ///
    /// ```no_run
    /// use std::time::SystemTime;
    /// use auth_core::http::{AuthRequest, Payload};
    /// use scribe_mi::sigv4::SigV4Signer;
    ///
    /// # fn run(credentials: &scribe_mi::AwsCredentials) -> auth_core::Result<()> {
    /// let url = url::Url::parse("https://mi.scribelabs.ai/v1/tasks").expect("valid");
    /// let mut headers = http::HeaderMap::new();
    /// let mut request = AuthRequest::new(&http::Method::GET, &url, &mut headers, Payload::Bytes(b""));
    /// SigV4Signer::execute_api("eu-west-2").sign_reference(&mut request, credentials, SystemTime::now())?;
    /// # Ok(()) }
    /// ```
    pub fn sign_reference(
        &self,
        request: &mut AuthRequest<'_>,
        credentials: &AwsCredentials,
        time: SystemTime,
    ) -> auth_core::Result<()> {
        let failed = |e: &dyn fmt::Display| {
            auth_core::Error::InvalidInput(format!("cannot sign the request: {e}"))
        };
        let identity: Identity = credentials.to_aws().into();
        let (body, streamed) = match request.payload() {
            Payload::Bytes(bytes) => (SignableBody::Bytes(bytes), false),
            // A streamed body cannot be hashed before it is sent.
            _ => (SignableBody::UnsignedPayload, true),
        };
        let mut settings = SigningSettings::default();
        if streamed {
            // Without this header the server hashes the body it received
            // and the signature cannot match.
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.service)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|e| failed(&e))?
            .into();
        let mut headers: Vec<(&str, &str)> = Vec::with_capacity(request.headers().len());
        for (k, v) in request.headers() {
            if let Ok(v) = v.to_str() {
                headers.push((k.as_str(), v));
            }
        }
        let signable = SignableRequest::new(
            request.method().as_str(),
            request.url().as_str(),
            headers.into_iter(),
            body,
        )
        .map_err(|e| failed(&e))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|e| failed(&e))?
            .into_parts();
        for (name, value) in instructions.headers() {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| failed(&e))?;
            let mut value = HeaderValue::from_str(value).map_err(|e| failed(&e))?;
            if name == http::header::AUTHORIZATION || name.as_str() == "x-amz-security-token" {
                value.set_sensitive(true);
            }
            request.headers_mut().insert(name, value);
        }
        Ok(())
    }
}

/// Signs every API call with the current AWS credentials from a cache, and
/// treats 401/403 (an expired or refused signature) as "credentials
/// rejected": one forced refresh, one retry.
///
/// A 403 saying the signature is expired or the request time too skewed
/// is the local clock being off, not the credentials: the offset is learnt
/// from the answer's `Date`, the request signed once more with the server's
/// time, and the offset kept for every later call (as the AWS SDKs do).
pub struct SigV4Auth {
    credentials: TokenCache<AwsCredentials>,
    signer: SigV4Signer,
    clock: SharedClock,
    /// Server time minus local time, in milliseconds.
    skew_ms: AtomicI64,
}

impl SigV4Auth {
    /// Signs with credentials from `credentials`.
    ///
    /// ```no_run
    /// # fn run(cache: scribe_mi::auth_core::TokenCache<scribe_mi::AwsCredentials>) {
    /// use scribe_mi::sigv4::{SigV4Auth, SigV4Signer};
    /// let auth = SigV4Auth::new(cache, SigV4Signer::execute_api("eu-west-2"));
    /// # let _ = auth; }
    /// ```
    pub fn new(credentials: TokenCache<AwsCredentials>, signer: SigV4Signer) -> Self {
        let clock = std::sync::Arc::clone(credentials.clock());
        Self {
            credentials,
            signer,
            clock,
            skew_ms: AtomicI64::new(0),
        }
    }

    /// The clock offset learnt from the service (server time minus local
    /// time); zero until a skew error taught one.
    ///
    /// ```no_run
    /// # fn run(auth: &scribe_mi::sigv4::SigV4Auth) {
    /// println!("clock offset: {:?} ms", auth.clock_skew_ms());
    /// # }
    /// ```
    pub fn clock_skew_ms(&self) -> i64 {
        self.skew_ms.load(Ordering::Relaxed)
    }

    /// The time to sign with: the local wall clock corrected by the skew.
    fn signing_time(&self) -> SystemTime {
        let wall = self.clock.wall();
        let skew = self.skew_ms.load(Ordering::Relaxed);
        let offset = Duration::from_millis(skew.unsigned_abs());
        if skew >= 0 {
            wall.checked_add(offset).unwrap_or(wall)
        } else {
            wall.checked_sub(offset).unwrap_or(wall)
        }
    }

    /// The offset a skew refusal teaches: `Some` when `response` says the
    /// signature's time is off and carries the server's `Date`.
    fn learnt_skew(&self, response: &Rejection<'_>) -> Option<i64> {
        if response.status != StatusCode::FORBIDDEN {
            return None;
        }
        let body = String::from_utf8_lossy(response.body);
        let about_time = [
            "Signature expired",
            "RequestTimeTooSkewed",
            "Signature not yet current",
        ]
        .iter()
        .any(|m| body.contains(m));
        if !about_time {
            return None;
        }
        let date = response.headers.get(http::header::DATE)?.to_str().ok()?;
        let server = httpdate::parse_http_date(date).ok()?;
        let local = self.clock.wall();
        let millis = |d: Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        Some(match server.duration_since(local) {
            Ok(ahead) => millis(ahead),
            Err(behind) => -millis(behind.duration()),
        })
    }

    /// The credentials cache.
    ///
    /// ```no_run
    /// # fn run(auth: scribe_mi::sigv4::SigV4Auth) {
    /// println!("{} fetches", auth.credentials().refresh_count());
    /// # }
    /// ```
    pub fn credentials(&self) -> &TokenCache<AwsCredentials> {
        &self.credentials
    }
}

impl fmt::Debug for SigV4Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigV4Auth")
            .field("signer", &self.signer)
            .field("credentials", &self.credentials)
            .finish()
    }
}

#[async_trait]
impl RequestAuth for SigV4Auth {
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> auth_core::Result<AuthTicket> {
        let credentials = self.credentials.get().await?;
        self.signer
            .sign(request, &credentials, self.signing_time())?;
        Ok(AuthTicket::new(credentials))
    }

    fn authorize_now(
        &self,
        request: &mut AuthRequest<'_>,
    ) -> Option<auth_core::Result<AuthTicket>> {
        let credentials = self.credentials.get_now()?;
        Some(
            self.signer
                .sign(request, &credentials, self.signing_time())
                .map(|()| AuthTicket::new(credentials)),
        )
    }

    fn reject(&self, ticket: &AuthTicket) {
        if let Some(credentials) = ticket.credential::<AwsCredentials>() {
            self.credentials.invalidate(&credentials);
        }
    }

    fn is_rejection(&self, status: StatusCode) -> bool {
        status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
    }

    fn rejected(&self, ticket: &AuthTicket, response: &Rejection<'_>) {
        match self.learnt_skew(response) {
            Some(skew) => {
                tracing::info!(
                    skew_ms = skew,
                    "the local clock is off; signing with the server's time"
                );
                self.skew_ms.store(skew, Ordering::Relaxed);
            }
            None => self.reject(ticket),
        }
    }
}
