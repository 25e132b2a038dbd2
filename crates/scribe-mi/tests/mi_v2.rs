//! The MI API v2 end to end: Cognito on moto, the MI mock checking that
//! every v2 call carries moto's access token verbatim (and every v1 call a
//! SigV4 signature), and the self-managed JWT mode.

use auth_core::ErrorMetadata;
use std::sync::Arc;
use std::time::Duration;

use auth_core::secret::Password;
use auth_core::{ManualClock, PollPolicy};
use mock_servers::scribe_mi::ScribeEmulators;
use scribe_mi::jwt::{RsaPrivateKey, SelfManagedSigner, decode_self_signed_jwt};
use scribe_mi::mi::{Document, Model, TaskStatus};
use scribe_mi::{Login, MiClient, MiVersion, ScribeError};

const TEMP: &str = "Temp-Passw0rd!";
const NEW: &str = "Brand-New-Passw0rd!";
const KEY: &str = include_str!("fixtures/jwt_test_key.pem");
const PUBLIC: &str = include_str!("fixtures/jwt_test_key.pub.pem");
const OTHER_KEY: &str = include_str!("fixtures/jwt_other_key.pem");

struct Env {
    emu: ScribeEmulators,
    clock: ManualClock,
}

async fn emulators() -> Env {
    let emu = ScribeEmulators::start()
        .await
        .expect("emulators (run `cargo xtask test` to install moto)");
    emu.create_user("ann", TEMP).await.expect("user");
    Env {
        emu,
        clock: ManualClock::new(),
    }
}

/// A client of `url` with the pools but no identity pool (v2 needs none).
fn client(env: &Env, url: &str, version: Option<MiVersion>) -> MiClient {
    let mut builder = MiClient::builder()
        .api_url(url)
        .client_id(&env.emu.client_id)
        .user_pool_id(&env.emu.user_pool_id)
        .cognito_endpoint(env.emu.moto.uri())
        .clock(Arc::new(env.clock.clone()))
        .poll_policy(
            PollPolicy::default()
                .interval(Duration::from_secs(5))
                .deadline(Some(Duration::from_secs(600))),
        );
    if let Some(v) = version {
        builder = builder.api_version(v);
    }
    builder.build().expect("valid config")
}

async fn login(client: &MiClient) {
    match client
        .authenticate("ann", &Password::new(TEMP))
        .await
        .expect("login")
    {
        Login::Challenge(c) => client
            .complete_new_password(&c, &Password::new(NEW))
            .await
            .expect("new password"),
        Login::Tokens(_) => panic!("a temporary password must raise a challenge"),
    }
}

async fn access_token(client: &MiClient) -> String {
    client
        .tokens()
        .await
        .expect("tokens")
        .access_token()
        .expose_secret()
        .to_owned()
}

#[tokio::test]
async fn every_call_works_on_v2_with_the_access_token_verbatim_and_no_identity_pool() {
    let env = emulators().await;
    let client = client(&env, &env.emu.mi.api_url_v2(), None);
    assert_eq!(client.api_version(), MiVersion::V2, "from the URL's /v2");
    login(&client).await;
    let token = access_token(&client).await;

    let jobid = client
        .submit_task(Document::Bytes {
            data: bytes::Bytes::from_static(b"%PDF-1.7 v2"),
            filename: "reports/Q3 v2.pdf".into(),
        })
        .company("Acme & Sons; Ltd")
        .send()
        .await
        .expect("submitted");
    let (filename, uploaded) = env.emu.mi.uploaded(jobid.as_str()).expect("uploaded");
    assert_eq!(filename, "Q3 v2.pdf");
    assert!(uploaded == mock_servers::storage::Upload::of(b"%PDF-1.7 v2"));
    let task = client
        .wait_for_task(&jobid)
        .send()
        .await
        .expect("processed");
    assert_eq!(task.status, TaskStatus::Success);
    match client.fetch_model(&task).await.expect("model") {
        Model::Financials(m) => assert_eq!(m.company.as_deref(), Some("Acme & Sons; Ltd")),
        other => panic!("financials expected, got {other:?}"),
    }
    assert_eq!(client.get_task(&jobid).await.expect("got").jobid, jobid);
    let other = env.emu.mi.seed_task("Acme & Sons; Ltd", "other.pdf");
    let listed = client
        .list_tasks()
        .company("Acme & Sons; Ltd")
        .send()
        .await
        .expect("listed");
    assert_eq!(listed.len(), 2);
    // v2's `/fund-portfolio` (the mock has no `/v2/fundportfolio`).
    let portfolio = client
        .consolidate_tasks([jobid.as_str(), other.as_str()])
        .await
        .expect("consolidated");
    assert_eq!(
        portfolio.tables[0].columns_order,
        vec![jobid.to_string(), other.clone()]
    );
    client.delete_task(&jobid).await.expect("deleted");
    assert_eq!(client.list_tasks().send().await.expect("listed").len(), 1);

    let seen = env.emu.mi.v2_tokens();
    assert_eq!(seen.len(), 8, "every API call reached v2");
    assert!(
        seen.iter().all(|t| *t == token),
        "each carried the access token itself"
    );
    assert_eq!(env.emu.mi.rejected_tokens(), 0);
    assert_eq!(env.emu.mi.rejected_signatures(), 0);
    assert_eq!(client.credential_fetches(), 0, "no AWS credentials on v2");
}

#[tokio::test]
async fn the_version_follows_the_url_or_the_explicit_setting() {
    let build = |url: Option<&str>, version: Option<MiVersion>| {
        let mut b = MiClient::builder()
            .client_id("c")
            .user_pool_id("eu-west-2_p");
        if let Some(url) = url {
            b = b.api_url(url);
        }
        if let Some(v) = version {
            b = b.api_version(v);
        }
        b.build().expect("builds").api_version()
    };
    assert_eq!(build(None, None), MiVersion::V1);
    assert_eq!(build(Some("mi.scribelabs.ai/v1"), None), MiVersion::V1);
    assert_eq!(build(Some("mi.scribelabs.ai/v2"), None), MiVersion::V2);
    assert_eq!(
        build(Some("https://mi.scribelabs.ai/v2/"), None),
        MiVersion::V2
    );
    assert_eq!(
        build(Some("https://gw.example.com/mi"), None),
        MiVersion::V1
    );
    assert_eq!(
        build(Some("https://gw.example.com/mi"), Some(MiVersion::V2)),
        MiVersion::V2
    );
    assert_eq!(build(None, Some(MiVersion::V2)), MiVersion::V2);
}

#[tokio::test]
async fn v2_refuses_a_sigv4_signed_call() {
    let env = emulators().await;
    // A v1 client (SigV4, with the identity pool) sent to the v2 API.
    let client = MiClient::builder()
        .api_url(env.emu.mi.api_url_v2())
        .api_version(MiVersion::V1)
        .client_id(&env.emu.client_id)
        .user_pool_id(&env.emu.user_pool_id)
        .identity_pool_id(&env.emu.identity_pool_id)
        .cognito_endpoint(env.emu.moto.uri())
        .build()
        .expect("valid");
    login(&client).await;
    let err = client.list_tasks().send().await.expect_err("SigV4 on v2");
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(env.emu.mi.rejected_tokens() >= 1);
    assert!(env.emu.mi.v2_tokens().is_empty());
}

#[tokio::test]
async fn v1_refuses_a_call_without_a_signature() {
    let env = emulators().await;
    // A v2 client (the bare access token) sent to the v1 API.
    let client = client(&env, &env.emu.mi.api_url(), Some(MiVersion::V2));
    login(&client).await;
    let err = client
        .list_tasks()
        .send()
        .await
        .expect_err("no signature on v1");
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(env.emu.mi.rejected_signatures(), 1);
}

#[tokio::test]
async fn a_refused_access_token_gets_one_refresh_and_one_retry() {
    let env = emulators().await;
    let client = client(&env, &env.emu.mi.api_url_v2(), None);
    login(&client).await;
    client.list_tasks().send().await.expect("warm");
    let old = access_token(&client).await;
    env.emu.mi.revoke_token(&old);

    client
        .list_tasks()
        .send()
        .await
        .expect("retried with a fresh token");
    assert_eq!(client.token_refreshes(), 1, "one forced refresh");
    assert_eq!(env.emu.mi.rejected_tokens(), 1, "one refused attempt");
    let new = access_token(&client).await;
    assert_ne!(new, old);
    assert_eq!(env.emu.mi.v2_tokens().last(), Some(&new));

    client
        .list_tasks()
        .send()
        .await
        .expect("no further refresh");
    assert_eq!(client.token_refreshes(), 1);
}

#[tokio::test]
async fn a_token_refused_again_after_the_refresh_is_an_auth_error() {
    let env = emulators().await;
    // The mock knows neither this issuer nor its key: every JWT is refused.
    let client = client_without_pool(&env).await;
    let err = client.list_tasks().send().await.expect_err("refused twice");
    assert!(err.is_auth(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        env.emu.mi.rejected_tokens(),
        2,
        "the first attempt and exactly one retry"
    );
    assert_eq!(
        client.token_refreshes(),
        2,
        "the first signature and one forced re-signature"
    );
}

/// A v2 client signing its own JWTs with a key the mock does not know.
async fn client_without_pool(env: &Env) -> MiClient {
    let signer =
        SelfManagedSigner::new(&RsaPrivateKey::from_pem(OTHER_KEY), "unknown-issuer", "svc")
            .expect("signer");
    MiClient::builder()
        .api_url(env.emu.mi.api_url_v2())
        .self_managed_jwt(signer, ["mi:read"], Duration::from_secs(600))
        .clock(Arc::new(env.clock.clone()))
        .build()
        .expect("valid")
}

#[tokio::test]
async fn v2_refreshes_the_access_token_ahead_of_expiry() {
    let env = emulators().await;
    let client = client(&env, &env.emu.mi.api_url_v2(), None);
    login(&client).await;
    client.list_tasks().send().await.expect("warm");
    let old = access_token(&client).await;
    // Cognito's tokens live 3600 s; just before, the cache refreshes.
    env.clock.advance(Duration::from_secs(3590));
    client.list_tasks().send().await.expect("listed");
    assert_eq!(client.token_refreshes(), 1);
    assert_eq!(
        env.emu.mi.rejected_tokens(),
        0,
        "refreshed before a refusal"
    );
    assert_ne!(env.emu.mi.v2_tokens().last(), Some(&old));
}

#[tokio::test]
async fn v2_errors_carry_error_type_and_message() {
    let env = emulators().await;
    let client = client(&env, &env.emu.mi.api_url_v2(), None);
    login(&client).await;
    let err = client.get_task("job-none").await.expect_err("unknown");
    let ScribeError::Core(core) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(core.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(core.code(), Some("NotFound"));
    assert_eq!(core.message(), Some("Task not found"));
    assert!(err.is_not_found());
}

#[tokio::test]
async fn the_self_managed_jwt_mode_signs_and_re_signs_ahead_of_exp() {
    let env = emulators().await;
    env.emu
        .mi
        .accept_self_managed_issuer("acme-issuer", PUBLIC)
        .expect("key");
    let signer = SelfManagedSigner::new(&RsaPrivateKey::from_pem(KEY), "acme-issuer", "acme-etl")
        .expect("signer");
    let client = MiClient::builder()
        .api_url(env.emu.mi.api_url_v2())
        .self_managed_jwt(signer, ["mi:read", "mi:write"], Duration::from_secs(900))
        .clock(Arc::new(env.clock.clone()))
        .build()
        .expect("no Cognito ids needed");
    let jobid = env.emu.mi.seed_task("Acme", "a.pdf");
    assert_eq!(
        client.get_task(&jobid).await.expect("got").jobid.as_str(),
        jobid
    );
    let first = env.emu.mi.v2_tokens()[0].clone();
    let claims = decode_self_signed_jwt(&first, PUBLIC).expect("verifies");
    assert_eq!(claims.iss, "acme-issuer");
    assert_eq!(claims.sub, "acme-etl");
    assert_eq!(claims.aud, "https://apis.scribelabs.ai");
    assert_eq!(claims.scope, "mi:read mi:write");

    client.list_tasks().send().await.expect("same token");
    assert_eq!(env.emu.mi.v2_tokens()[1], first);
    env.clock.advance(Duration::from_secs(895));
    client.list_tasks().send().await.expect("re-signed");
    let third = env.emu.mi.v2_tokens()[2].clone();
    assert_ne!(third, first, "a new JWT ahead of exp");
    let later = decode_self_signed_jwt(&third, PUBLIC).expect("verifies");
    assert!(later.exp >= claims.exp + 895);
    assert_eq!(env.emu.mi.rejected_tokens(), 0);
}

#[tokio::test]
async fn a_self_managed_jwt_needs_v2() {
    let signer = SelfManagedSigner::new(&RsaPrivateKey::from_pem(KEY), "i", "s").expect("signer");
    let err = MiClient::builder()
        .api_url("https://mi.scribelabs.ai/v1")
        .self_managed_jwt(signer, ["mi:read"], Duration::from_secs(60))
        .build()
        .expect_err("v1 cannot take a JWT");
    assert!(
        matches!(err, ScribeError::Core(auth_core::Error::Config(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn authenticate_with_refresh_token_signs_a_new_client_in_end_to_end() {
    let env = emulators().await;
    let first = client(&env, &env.emu.mi.api_url_v2(), None);
    login(&first).await;
    let refresh = first
        .tokens()
        .await
        .expect("tokens")
        .refresh_token()
        .cloned()
        .expect("a refresh token");

    // Another client (another process, say) with only the refresh token.
    let second = client(&env, &env.emu.mi.api_url_v2(), None);
    second
        .authenticate_with_refresh_token(&refresh)
        .await
        .expect("signed in");
    let tokens = second.tokens().await.expect("tokens");
    assert_eq!(
        tokens.refresh_token(),
        Some(&refresh),
        "moto sends no new refresh token: the old one is kept"
    );
    second.list_tasks().send().await.expect("v2 call");
    assert_eq!(
        env.emu.mi.v2_tokens().last().map(String::as_str),
        Some(tokens.access_token().expose_secret())
    );

    let err = client(&env, &env.emu.mi.api_url_v2(), None)
        .authenticate_with_refresh_token(&auth_core::secret::RefreshToken::new("garbage"))
        .await
        .expect_err("refused");
    assert!(matches!(err, ScribeError::NotAuthorized(_)), "{err:?}");
}
