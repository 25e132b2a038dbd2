//! The token endpoint and the bearer check.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use super::{APP_ID, APP_SECRET, State, Token, message};

impl State {
    pub(super) fn generate(&mut self, body: &Value) -> ResponseTemplate {
        self.token_requests += 1;
        let ok = body.get("type").and_then(Value::as_str) == Some("application")
            && body.get("appId").and_then(Value::as_str) == Some(APP_ID)
            && body.get("appSecret").and_then(Value::as_str) == Some(APP_SECRET);
        if !ok {
            return message(401, "Unauthorized: invalid appId or appSecret.");
        }
        let now = Instant::now();
        // Like Symbl: the cached token comes back with its remaining life.
        if let Some(t) = &self.token
            && t.expires > now
        {
            let remaining = (t.expires - now).as_secs();
            return ResponseTemplate::new(200)
                .set_body_json(json!({"accessToken": t.value, "expiresIn": remaining}));
        }
        self.issued += 1;
        let value = format!("symbl-jwt-{}-{:x}", self.issued, 0x5eed_u64 * self.issued);
        self.valid.push(value.clone());
        self.token = Some(Token {
            value: value.clone(),
            expires: now + Duration::from_secs(self.token_lifetime),
        });
        ResponseTemplate::new(200)
            .set_body_json(json!({"accessToken": value, "expiresIn": self.token_lifetime}))
    }

    pub(super) fn authorized(&self, request: &Request) -> bool {
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        let token = header("authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .or_else(|| header("x-api-key"));
        token.is_some_and(|t| self.valid.iter().any(|v| v == t))
    }
}
