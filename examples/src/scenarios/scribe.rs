//! Scribe: a real local Cognito (moto) and the MI API mock. Log in with the
//! temporary password, answer the challenge with a new one, submit a document
//! with an upload progress bar, wait for it, fetch the extracted model (MI
//! API v1, SigV4). Then the same on MI API v2 (the access token itself):
//! password login, submit, list, wait, fetch, consolidate, delete; and the
//! self-managed JWT mode (RS256, a committed test key).

use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use mock_servers::scribe_mi::ScribeEmulators;
use scribe_mi::PollPolicy;
use scribe_mi::auth_core::secret::Password;
use scribe_mi::jwt::{RsaPrivateKey, SelfManagedSigner};
use scribe_mi::mi::{Document, Model};
use scribe_mi::{Login, MiClient, ScribeError};

use crate::report::{Scenario, ServiceReport};

const USER: &str = "analyst@example.com";
const TEMPORARY: &str = "Temporary-Passw0rd!";
const NEW: &str = "My-Own-Passw0rd-2026!";
/// A test-only RSA key (also in crates/scribe-mi/tests/fixtures); the MI
/// mock is told its public half.
const JWT_KEY: &str = include_str!("fixtures/jwt_test_key.pem");
const JWT_PUBLIC: &str = include_str!("fixtures/jwt_test_key.pub.pem");
const JWT_ISSUER: &str = "demo-issuer";

/// The local emulators (moto as Cognito, the MI mock) with a user who still
/// has a temporary password, and a client configured for them.
pub struct ScribeEnv {
    /// The emulators.
    pub emulators: ScribeEmulators,
    /// The client.
    pub client: MiClient,
}

fn setup_error(e: impl std::fmt::Display) -> ScribeError {
    scribe_mi::auth_core::Error::Config(format!("local emulators: {e}")).into()
}

/// Starts the emulators and configures a client for them.
pub async fn start_env() -> Result<ScribeEnv, ScribeError> {
    let emulators = ScribeEmulators::start().await.map_err(setup_error)?;
    emulators
        .create_user(USER, TEMPORARY)
        .await
        .map_err(setup_error)?;
    let client = MiClient::builder()
        .api_url(emulators.mi.api_url())
        .client_id(&emulators.client_id)
        .user_pool_id(&emulators.user_pool_id)
        .identity_pool_id(&emulators.identity_pool_id)
        .cognito_endpoint(emulators.moto.uri())
        .poll_policy(PollPolicy::default().interval(Duration::from_millis(200)))
        .build()?;
    Ok(ScribeEnv { emulators, client })
}

/// Runs the scenario.
pub async fn run() -> ServiceReport {
    let mut s = Scenario::start("scribe", 6 + V2_STEPS + JWT_STEPS);
    let Some(env) = s
        .step(
            "start local Cognito (moto) and the MI API mock",
            start_env(),
        )
        .await
    else {
        return s.finish(0, 0);
    };
    let client = &env.client;
    let challenge = s
        .step("log in with the temporary password", async {
            match client.authenticate(USER, &Password::new(TEMPORARY)).await? {
                Login::Challenge(c) => Ok(c),
                Login::Tokens(_) => {
                    Err(setup_error("expected the NEW_PASSWORD_REQUIRED challenge"))
                }
            }
        })
        .await;
    if let Some(challenge) = challenge {
        s.step(
            "answer NEW_PASSWORD_REQUIRED with a new password",
            client.complete_new_password(&challenge, &Password::new(NEW)),
        )
        .await;
    }
    let jobid = s
        .step(
            "submit a document (presigned upload, progress bar)",
            async {
                let data: Vec<u8> = (0..2_000_000u32).map(|i| (i % 253) as u8).collect();
                let bar = ProgressBar::new(data.len() as u64);
                bar.set_style(
                    ProgressStyle::with_template("    upload [{bar:30}] {bytes}/{total_bytes}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                let progress = {
                    let bar = bar.clone();
                    Arc::new(move |sent: u64, _total: u64| bar.set_position(sent))
                };
                let jobid = client
                    .submit_task(Document::Bytes {
                        data: bytes::Bytes::from(data),
                        filename: "Acme H1 2026 results.pdf".into(),
                    })
                    .company("Acme & Sons")
                    .progress(progress)
                    .send()
                    .await;
                bar.finish_and_clear();
                jobid
            },
        )
        .await;
    if let Some(jobid) = jobid {
        let task = s
            .step("wait for processing", client.wait_for_task(&jobid).send())
            .await;
        if let Some(task) = task {
            s.step("fetch the model (MD5 checked)", async {
                match client.fetch_model(&task).await? {
                    Model::Financials(m) => {
                        println!(
                            "    {} — {} items, reporting date {}",
                            m.company.unwrap_or_default(),
                            m.items.len(),
                            m.date_reporting.unwrap_or_default()
                        );
                        Ok(())
                    }
                    other => Err(setup_error(format!("unexpected model {other:?}"))),
                }
            })
            .await;
        }
    }
    let v2 = run_v2(&mut s, &env).await;
    run_self_managed_jwt(&mut s, &env).await;
    let fetches = client.token_refreshes()
        + client.credential_fetches()
        + v2.map_or(0, |c| c.token_refreshes());
    let requests = env.emulators.mi.requests() + env.emulators.mi.uploads();
    s.finish(requests, fetches)
}

const V2_STEPS: usize = 7;

fn demo_document(name: &str) -> Document<'static> {
    Document::Bytes {
        data: bytes::Bytes::from(format!("%PDF-1.7 {name}").into_bytes()),
        filename: name.to_owned(),
    }
}

/// MI API v2 against the same mock: the Cognito access token verbatim, no
/// identity pool.
async fn run_v2(s: &mut Scenario, env: &ScribeEnv) -> Option<MiClient> {
    let emu = &env.emulators;
    let client = MiClient::builder()
        .api_url(emu.mi.api_url_v2())
        .client_id(&emu.client_id)
        .user_pool_id(&emu.user_pool_id)
        .cognito_endpoint(emu.moto.uri())
        .poll_policy(PollPolicy::default().interval(Duration::from_millis(200)))
        .build();
    let client = s
        .step("v2: build a client (no identity pool)", async { client })
        .await?;
    s.step("v2: log in with the password", async {
        client
            .authenticate(USER, &Password::new(NEW))
            .await?
            .into_tokens()
    })
    .await?;
    let jobid = s
        .step(
            "v2: submit a document",
            client
                .submit_task(demo_document("Acme Q3 2026.pdf"))
                .company("Acme & Sons")
                .send(),
        )
        .await?;
    s.step("v2: list the company's tasks", async {
        let tasks = client.list_tasks().company("Acme & Sons").send().await?;
        if tasks.iter().any(|t| t.jobid == jobid) {
            Ok(tasks.len())
        } else {
            Err(setup_error("the submitted task is not listed"))
        }
    })
    .await?;
    let task = s
        .step(
            "v2: wait for processing",
            client.wait_for_task(&jobid).send(),
        )
        .await?;
    s.step("v2: fetch the model, consolidate (fund-portfolio)", async {
        client.fetch_model(&task).await?;
        let other = emu.mi.seed_task("Acme & Sons", "Acme Q2 2026.pdf");
        let portfolio = client
            .consolidate_tasks([jobid.clone(), other.into()])
            .await?;
        println!("    fund portfolio: {} table(s)", portfolio.tables.len());
        Ok::<_, ScribeError>(())
    })
    .await?;
    s.step("v2: delete the task", client.delete_task(&jobid))
        .await?;
    Some(client)
}

const JWT_STEPS: usize = 2;

/// The self-managed JWT mode: no Cognito at all, the client signs its own
/// RS256 tokens with the issuer's key.
async fn run_self_managed_jwt(s: &mut Scenario, env: &ScribeEnv) {
    let mi = &env.emulators.mi;
    let client = s
        .step("JWT: a client signing its own RS256 tokens", async {
            mi.accept_self_managed_issuer(JWT_ISSUER, JWT_PUBLIC)
                .map_err(setup_error)?;
            let signer =
                SelfManagedSigner::new(&RsaPrivateKey::from_pem(JWT_KEY), JWT_ISSUER, "demo-etl")
                    .map_err(setup_error)?;
            MiClient::builder()
                .api_url(mi.api_url_v2())
                .self_managed_jwt(signer, ["mi:read", "mi:write"], Duration::from_secs(900))
                .build()
        })
        .await;
    let Some(client) = client else { return };
    s.step("JWT: list tasks with the self-signed token", async {
        let rejected = mi.rejected_tokens();
        let tasks = client.list_tasks().send().await?;
        if mi.rejected_tokens() == rejected {
            Ok(tasks.len())
        } else {
            Err(setup_error("the mock refused the self-signed JWT"))
        }
    })
    .await;
}
