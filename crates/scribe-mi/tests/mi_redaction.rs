//! No secret in any log, Debug output or error of the whole MI flow (v1,
//! v2 and the self-managed JWT mode), on moto and the MI mock. Its own test
//! binary: log capture is per thread, and tests running beside it in the
//! same binary made it flaky.

use std::sync::Arc;
use std::time::Duration;

use auth_core::secret::Password;
use auth_core::{ManualClock, PollPolicy};
use mock_servers::scribe_mi::ScribeEmulators;
use scribe_mi::jwt::{RsaPrivateKey, SelfManagedSigner};
use scribe_mi::mi::Document;
use scribe_mi::{Login, MiClient};

const TEMP: &str = "Temp-Passw0rd!";
const NEW: &str = "Brand-New-Passw0rd!";
const JWT_KEY: &str = include_str!("fixtures/jwt_test_key.pem");
const JWT_PUBLIC: &str = include_str!("fixtures/jwt_test_key.pub.pem");

struct Env {
    emu: ScribeEmulators,
    client: MiClient,
    /// Kept so the client's clock lives as long as the test.
    _clock: ManualClock,
}

/// moto with the pools and a user with a temporary password, the MI mock
/// accepting the credentials moto hands out, and a client for both.
async fn env() -> Env {
    let emu = ScribeEmulators::start()
        .await
        .expect("emulators (run `cargo xtask test` to install moto)");
    emu.create_user("ann", TEMP).await.expect("user");
    let clock = ManualClock::new();
    let client = MiClient::builder()
        .api_url(emu.mi.api_url())
        .client_id(&emu.client_id)
        .user_pool_id(&emu.user_pool_id)
        .identity_pool_id(&emu.identity_pool_id)
        .cognito_endpoint(emu.moto.uri())
        .clock(Arc::new(clock.clone()))
        .poll_policy(
            PollPolicy::default()
                .interval(Duration::from_secs(5))
                .deadline(Some(Duration::from_secs(600))),
        )
        .build()
        .expect("valid config");
    Env {
        emu,
        client,
        _clock: clock,
    }
}

async fn login(env: &Env) {
    match env
        .client
        .authenticate("ann", &Password::new(TEMP))
        .await
        .expect("login")
    {
        Login::Challenge(c) => env
            .client
            .complete_new_password(&c, &Password::new(NEW))
            .await
            .expect("new password"),
        Login::Tokens(_) => panic!("a temporary password must raise a challenge"),
    }
}

#[test]
fn no_password_token_or_aws_secret_in_debug_errors_or_logs() {
    let (logs, _guard) = mock_servers::logs::capture_logs();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (secrets, texts) = rt.block_on(async {
        let env = env().await;
        login(&env).await;
        let jobid = env
            .client
            .submit_task(Document::Bytes {
                data: bytes::Bytes::from_static(b"%PDF-1.7 secret-free"),
                filename: "a.pdf".into(),
            })
            .send()
            .await
            .expect("submitted");
        let task = env.client.wait_for_task(&jobid).send().await.expect("done");
        env.client.fetch_model(&task).await.expect("model");
        env.emu.mi.expire_key(&env.emu.access_key_id); // a forced refresh is logged too
        env.client.list_tasks().send().await.expect("listed");
        let missing = env.client.get_task("nope").await.expect_err("404");
        let wrong = env
            .client
            .authenticate("ann", &Password::new("Wrong-Passw0rd!"))
            .await
            .expect_err("wrong");
        // v2 with the same user: the verbatim access token, a forced refresh.
        let v2 = MiClient::builder()
            .api_url(env.emu.mi.api_url_v2())
            .client_id(&env.emu.client_id)
            .user_pool_id(&env.emu.user_pool_id)
            .cognito_endpoint(env.emu.moto.uri())
            .build()
            .expect("v2 client");
        v2.authenticate("ann", &Password::new(NEW))
            .await
            .expect("v2 login")
            .into_tokens()
            .expect("tokens");
        v2.list_tasks().send().await.expect("v2 listed");
        let v2_first = v2.tokens().await.expect("tokens");
        env.emu
            .mi
            .revoke_token(v2_first.access_token().expose_secret());
        v2.list_tasks().send().await.expect("v2 retried");
        let v2_tokens = v2.tokens().await.expect("tokens");
        let v2_missing = v2.get_task("nope").await.expect_err("404");
        // The self-managed JWT mode: its key and its tokens.
        env.emu
            .mi
            .accept_self_managed_issuer("acme", JWT_PUBLIC)
            .expect("key");
        let key = RsaPrivateKey::from_pem(JWT_KEY);
        let signer = SelfManagedSigner::new(&key, "acme", "etl").expect("signer");
        let m2m = MiClient::builder()
            .api_url(env.emu.mi.api_url_v2())
            .self_managed_jwt(signer.clone(), ["mi:read"], Duration::from_secs(600))
            .build()
            .expect("m2m client");
        m2m.list_tasks().send().await.expect("m2m listed");
        let jwt = m2m.tokens().await.expect("jwt");
        let tokens = env.client.tokens().await.expect("tokens");
        let mut secrets = vec![
            TEMP.to_owned(),
            NEW.to_owned(),
            "Wrong-Passw0rd!".to_owned(),
            tokens.access_token().expose_secret().to_owned(),
        ];
        secrets.extend(tokens.refresh_token().map(|t| t.expose_secret().to_owned()));
        secrets.extend(tokens.id_token().map(|t| t.expose_secret().to_owned()));
        // moto's fixed AWS secret and session token.
        secrets.push("ABCSECRETKEY".into());
        secrets.push("ABC12345".into());
        for t in [&v2_first, &v2_tokens, &jwt] {
            secrets.push(t.access_token().expose_secret().to_owned());
        }
        // Lines of the private key's body.
        secrets.extend(
            JWT_KEY
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .map(str::to_owned),
        );
        let texts = vec![
            format!("{:?}", env.client),
            format!("{v2:?} {m2m:?} {key:?} {signer:?} {jwt:?}"),
            format!("{v2_missing:?} {v2_missing}"),
            format!("{tokens:?}"),
            format!("{missing:?} {missing}"),
            format!("{wrong:?} {wrong}"),
        ];
        (secrets, texts)
    });
    let logs = logs.text();
    assert!(logs.contains("http_request"), "logs were captured");
    for text in texts.iter().chain(std::iter::once(&logs)) {
        let leaks: Vec<String> = secrets
            .iter()
            .filter_map(|secret| {
                text.lines().find(|l| l.contains(secret.as_str())).map(|l| {
                    format!(
                        "{}… in: {}",
                        &secret[..4.min(secret.len())],
                        &l[..l.len().min(200)]
                    )
                })
            })
            .collect();
        assert!(leaks.is_empty(), "secrets leaked: {leaks:#?}");
    }
}
