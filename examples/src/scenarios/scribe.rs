//! Scribe: a real local Cognito (moto) and the MI API mock. Log in with the
//! temporary password, answer the challenge with a new one, submit a document
//! with an upload progress bar, wait for it, fetch the extracted model.

use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use mock_servers::scribe_mi::ScribeEmulators;
use scribe_mi::PollPolicy;
use scribe_mi::auth_core::secret::Password;
use scribe_mi::mi::{Document, Model};
use scribe_mi::{Login, MiClient, ScribeError, SubmitOptions};

use crate::report::{Scenario, ServiceReport};

const USER: &str = "analyst@example.com";
const TEMPORARY: &str = "Temporary-Passw0rd!";
const NEW: &str = "My-Own-Passw0rd-2026!";

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
    let mut s = Scenario::start("scribe", 6);
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
                    .submit_task(
                        Document::Bytes {
                            data: bytes::Bytes::from(data),
                            filename: "Acme H1 2026 results.pdf".into(),
                        },
                        SubmitOptions::new()
                            .company("Acme & Sons")
                            .progress(progress),
                    )
                    .await;
                bar.finish_and_clear();
                jobid
            },
        )
        .await;
    if let Some(jobid) = jobid {
        let task = s
            .step("wait for processing", client.wait_for_task(&jobid))
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
    let fetches = client.token_refreshes() + client.credential_fetches();
    let requests = env.emulators.mi.requests() + env.emulators.mi.uploads();
    s.finish(requests, fetches)
}
