//! The shared layer on its own: a generic OAuth-style API (the
//! `mock_servers::TokenApiMock`) reached through `auth-core`'s token cache and
//! HTTP client. Shows single-flight token fetch, a 401 healed by one forced
//! refresh, and 429 / 503 healed by retries.

use std::sync::Arc;
use std::time::Duration;

use auth_core::http::{ApiRequest, HeaderAuth, HttpClient};
use auth_core::oauth::ClientCredentialsProvider;
use auth_core::secret::ClientSecret;
use auth_core::{Error, TokenCache, TokenSet};
use mock_servers::TokenApiMock;
use mock_servers::token_api::{CLIENT_ID, CLIENT_SECRET};
use mock_servers::wiremock::ResponseTemplate;

use crate::report::{Scenario, ServiceReport};

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    let mock = TokenApiMock::start().await;
    let mut s = Scenario::start("auth-core", 4);
    let setup = || -> Result<(HttpClient, Arc<HeaderAuth<TokenSet>>), Error> {
        let http = HttpClient::builder("generic", mock.uri()).build()?;
        let provider = ClientCredentialsProvider::new(
            http.clone(),
            "oauth/token",
            CLIENT_ID,
            ClientSecret::new(CLIENT_SECRET),
        );
        Ok((
            http,
            Arc::new(HeaderAuth::bearer(
                TokenCache::builder(provider).name("generic").build(),
            )),
        ))
    };
    let client = s.step("configure client", async { setup() }).await;
    if let Some((http, auth)) = client {
        s.step("200 concurrent calls share one token", async {
            let mut tasks = Vec::new();
            for i in 0..200 {
                let (http, auth) = (http.clone(), Arc::clone(&auth));
                tasks.push(tokio::spawn(async move {
                    http.send(
                        ApiRequest::get("get_item", format!("api/items/{i}")),
                        auth.as_ref(),
                    )
                    .await
                }));
            }
            for t in tasks {
                t.await.map_err(|e| Error::Config(e.to_string()))??;
            }
            expect(mock.token_requests() == 1, "expected one token request")
        })
        .await;
        s.step("server revokes the token: one refresh, one retry", async {
            mock.revoke_all();
            http.send(
                ApiRequest::get("get_item", "api/items/after-revoke"),
                auth.as_ref(),
            )
            .await?;
            expect(
                mock.token_requests() == 2,
                "expected exactly one more token request",
            )
        })
        .await;
        s.step("429 with Retry-After and 503 are retried", async {
            mock.push_faults([
                ResponseTemplate::new(429).insert_header("retry-after", "1"),
                ResponseTemplate::new(503),
            ]);
            let started = std::time::Instant::now();
            http.send(
                ApiRequest::get("get_item", "api/items/throttled"),
                auth.as_ref(),
            )
            .await?;
            expect(
                started.elapsed() >= Duration::from_secs(1),
                "Retry-After was not honoured",
            )
        })
        .await;
    }
    let (requests, tokens) = (
        mock.api_requests() + mock.token_requests(),
        mock.token_requests(),
    );
    s.finish(requests, tokens)
}

fn expect(condition: bool, what: &str) -> Result<(), Error> {
    if condition {
        Ok(())
    } else {
        Err(Error::Config(what.to_owned()))
    }
}
