//! The OAuth side of the mock: the token endpoint (code and rotating
//! refresh grants), revocation, and the bearer / `Api-Key` check.

use std::collections::HashMap;

use serde_json::{Map, Value, json};
use wiremock::{Request, ResponseTemplate};

use super::{API_KEY, AccessInfo, CLIENT_ID, CLIENT_SECRET, State, errors};

pub(super) fn oauth_error(status: u16, error: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": error, "error_description": description}))
}

impl State {
    pub(super) fn issue_tokens(&mut self, label: &str) -> ResponseTemplate {
        self.next_id += 1;
        let n = self.next_id;
        let access = format!(
            "eyJhbGciOiJIUzI1NiJ9.{label}-{n:x}.sig{:x}",
            n * 0x2545_f491
        );
        let refresh = format!("rt-{n:x}-{:x}", n * 0x9e37_79b9);
        let created_at = self.now();
        self.access.insert(
            access.clone(),
            AccessInfo {
                expires_at: created_at + self.token_lifetime,
                refresh: refresh.clone(),
            },
        );
        self.live_refresh.insert(refresh.clone());
        ResponseTemplate::new(200).set_body_json(json!({
            "access_token": access, "token_type": "Bearer", "expires_in": self.token_lifetime,
            "refresh_token": refresh, "scope": "public", "created_at": created_at
        }))
    }

    pub(super) fn token(&mut self, request: &Request) -> ResponseTemplate {
        self.token_requests += 1;
        let form: HashMap<String, String> =
            if let Ok(v) = serde_json::from_slice::<Map<String, Value>>(&request.body) {
                v.into_iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
                    .collect()
            } else {
                // The form decoder of the URL type (wiremock's), to avoid a
                // dependency of its own.
                let mut u = request.url.clone();
                u.set_query(Some(&String::from_utf8_lossy(&request.body)));
                u.query_pairs().into_owned().collect()
            };
        let field = |k: &str| form.get(k).map(String::as_str);
        if let Some(refused) = refuse_client(&form) {
            return refused;
        }
        const INVALID_GRANT: &str = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
        match field("grant_type") {
            Some("authorization_code") => {
                let code = field("code").unwrap_or_default().to_owned();
                if !self.codes.remove(&code) {
                    return oauth_error(400, "invalid_grant", INVALID_GRANT);
                }
                self.issue_tokens("code")
            }
            Some("refresh_token") => {
                let rt = field("refresh_token").unwrap_or_default().to_owned();
                if !self.live_refresh.remove(&rt) {
                    return oauth_error(400, "invalid_grant", INVALID_GRANT);
                }
                self.refreshes += 1;
                self.issue_tokens("refresh")
            }
            _ => oauth_error(
                400,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            ),
        }
    }

    /// `POST /oauth/revoke` (RFC 7009): a refresh token revokes its access
    /// tokens too; unknown tokens still answer 200, as Doorkeeper does.
    pub(super) fn revoke(&mut self, request: &Request) -> ResponseTemplate {
        let mut u = request.url.clone();
        u.set_query(Some(&String::from_utf8_lossy(&request.body)));
        let form: HashMap<String, String> = u.query_pairs().into_owned().collect();
        if let Some(refused) = refuse_client(&form) {
            return refused;
        }
        let field = |k: &str| form.get(k).map(String::as_str);
        let token = field("token").unwrap_or_default().to_owned();
        let was_refresh = self.live_refresh.remove(&token);
        let before = self.access.len();
        self.access
            .retain(|access, info| *access != token && info.refresh != token);
        if was_refresh || self.access.len() != before {
            self.revocations += 1;
        }
        ResponseTemplate::new(200).set_body_json(json!({}))
    }

    /// `None` when authorized; else the 401 to answer.
    pub(super) fn check_auth(&mut self, request: &Request) -> Option<ResponseTemplate> {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        if header("api-key") == Some(API_KEY) {
            return None;
        }
        let now = self.now();
        let bearer = header("authorization").and_then(|v| v.strip_prefix("Bearer "));
        let detail = match bearer.map(|t| (t, self.access.get(t))) {
            Some((token, Some(info))) if info.expires_at > now => {
                if let Some(observer) = self.observer.clone() {
                    observer(token, &info.refresh);
                }
                return None;
            }
            Some((_, Some(_))) => "Signature has expired",
            Some((_, None)) => "Token is expired",
            None => "No token",
        };
        self.unauthorized += 1;
        Some(errors(401, "Token is invalid", detail))
    }
}

/// The 401 `invalid_client` of a form without the mock's client id and
/// secret (token and revocation endpoints).
fn refuse_client(form: &HashMap<String, String>) -> Option<ResponseTemplate> {
    let field = |k: &str| form.get(k).map(String::as_str);
    let known =
        field("client_id") == Some(CLIENT_ID) && field("client_secret") == Some(CLIENT_SECRET);
    (!known).then(|| {
        oauth_error(
            401,
            "invalid_client",
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
        )
    })
}
