//! Scribe: a real local Cognito (moto) and the MI API mock. Log in with the
//! temporary password, answer the challenge with a new one, submit a document
//! with an upload progress bar, wait for it, fetch the extracted model.

use std::sync::Arc;
use std::time::Duration;

use auth_core::PollPolicy;
use auth_core::secret::Password;
use indicatif::{ProgressBar, ProgressStyle};
use mock_servers::moto::MotoServer;
use mock_servers::scribe_mi::MiMock;
use scribe_mi::mi::{Document, Model};
use scribe_mi::{AuthConfig, Login, MiClient, ScribeAuth, ScribeError, SubmitOptions};

use crate::report::{Scenario, ServiceReport};

const USER: &str = "analyst@example.com";
const TEMPORARY: &str = "Temporary-Passw0rd!";
const NEW: &str = "My-Own-Passw0rd-2026!";

/// Local Cognito pools, a user with a temporary password, and the MI mock
/// accepting the AWS credentials that Cognito hands out.
pub struct ScribeEnv {
    /// The local Cognito.
    pub moto: MotoServer,
    /// The MI API mock.
    pub mi: MiMock,
    /// The client, configured for both.
    pub client: MiClient,
}

fn setup_error(e: impl std::fmt::Display) -> ScribeError {
    auth_core::Error::Config(format!("local emulators: {e}")).into()
}

/// Starts moto and the MI mock and configures a client for them.
pub async fn start_env() -> Result<ScribeEnv, ScribeError> {
    let moto = MotoServer::start().await.map_err(setup_error)?;
    let pool = moto
        .create_user_pool("scribe-demo")
        .await
        .map_err(setup_error)?;
    let client_id = moto.create_app_client(&pool).await.map_err(setup_error)?;
    let identity_pool = moto
        .create_identity_pool(&pool, &client_id)
        .await
        .map_err(setup_error)?;
    moto.create_user(&pool, USER, TEMPORARY)
        .await
        .map_err(setup_error)?;
    // moto hands every identity the same AWS keys: learn them with a probe
    // user so the MI mock can verify signatures.
    moto.create_user(&pool, "probe", TEMPORARY)
        .await
        .map_err(setup_error)?;
    let auth = ScribeAuth::new(
        AuthConfig::new(&client_id, &pool)
            .identity_pool_id(&identity_pool)
            .endpoint(moto.uri()),
    );
    let tokens = auth
        .change_password_for("probe", &Password::new(TEMPORARY), &Password::new(NEW))
        .await?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| setup_error("no id token"))?;
    let identity = auth.federated_id(id_token).await?;
    let creds = auth.federated_credentials(&identity, id_token).await?;
    let mi = MiMock::start("eu-west-2").await;
    mi.accept_key(
        creds.access_key_id(),
        creds.secret_access_key().expose_secret(),
    );
    let client = MiClient::builder()
        .api_url(mi.api_url())
        .client_id(client_id)
        .user_pool_id(pool)
        .identity_pool_id(identity_pool)
        .cognito_endpoint(moto.uri())
        .poll_policy(PollPolicy::default().interval(Duration::from_millis(200)))
        .build()?;
    Ok(ScribeEnv { moto, mi, client })
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
    let requests = env.mi.requests() + env.mi.uploads();
    drop(env.moto);
    s.finish(requests, fetches)
}
