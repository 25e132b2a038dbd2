//! Ascribe Coder on API v2: the vendor's workflow against the stateful
//! `mock_servers::ascribe::AscribeMock`, through the public SDK only: login
//! (`POST /Session/New`), study, question, 2,500 responses through the v2
//! batch endpoint (3 chunks), an AI Coder analysis polled to completion,
//! wait for the coders (status `c`), codebook, coded responses.

use std::sync::Arc;
use std::time::Duration;

use ascribe_coder::auth_core::ManualClock;
use ascribe_coder::auth_core::secret::Password;
use ascribe_coder::models::{
    NewQuestion, NewStudy, QuestionResponses, ResponseInput, ResponseStatus, Task,
};
use ascribe_coder::{ApiVersion, AscribeClient, Error, PollPolicy};
use mock_servers::ascribe::{ACCOUNT, AscribeMock, PASSWORD, USER_NAME};

use crate::report::{Scenario, ServiceReport};

/// How many responses the scenario uploads (3 chunks of at most 1000).
pub const RESPONSES: usize = 2500;

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    let mock = AscribeMock::start().await;
    // The simulated coders finish after two status polls.
    mock.set_polls_to_complete(2);
    // The coders' hours pass instantly: polling waits go through a manual
    // clock (the SDK's clock is configurable for exactly this).
    let clock = ManualClock::new();
    let mut s = Scenario::start("ascribe", 8);
    let client = s
        .step("log in on v2 (session token)", async {
            let client = AscribeClient::builder()
                .base_url(mock.v2_uri())
                .api_version(ApiVersion::V2)
                .credentials(ACCOUNT, USER_NAME, Password::new(PASSWORD))
                .clock(Arc::new(clock.clone()))
                .build()?;

            client.login().await?;
            Ok::<_, Error>(client)
        })
        .await;
    if let Some(client) = client {
        workflow(&mut s, &client).await;
    }
    s.finish(mock.requests(), mock.logins())
}

async fn workflow(s: &mut Scenario, client: &AscribeClient) {
    let Some(study) = s
        .step(
            "create study",
            client
                .studies()
                .create(NewStudy::new("S458-3").name("Brand survey")),
        )
        .await
    else {
        return;
    };
    let Some(question) = s
        .step(
            "create question",
            client.questions().create(
                study.key,
                NewQuestion::new("Q1")
                    .text("What did you like about the service?")
                    .tasks([Task::Code]),
            ),
        )
        .await
    else {
        return;
    };
    let responses = (1..=RESPONSES).map(|i| {
        let text = [
            "Great value for money",
            "Delivery was too slow",
            "It was fine",
        ][i % 3];
        ResponseInput::new(format!("r{i}"), text)
    });
    let upload = s
        .step(
            &format!("v2 batch: {RESPONSES} responses in chunks"),
            async {
                let result = client
                    .responses()
                    .add_batch(study.key, [QuestionResponses::new(question.key, responses)])
                    .send()
                    .await?;
                expect(
                    result.responses_added() == RESPONSES && result.chunks == 3,
                    "expected 2,500 responses added in 3 requests",
                )
            },
        )
        .await;
    if upload.is_none() {
        return;
    }
    s.step("AI Coder: analyze and wait for the task", async {
        let task = client.ai_coder().analyze([question.key]).send().await?;
        let policy = PollPolicy::default()
            .interval(Duration::from_secs(10))
            .deadline(Some(Duration::from_secs(3600)));
        client.ai_coder().wait(task, &policy).await.map(|_| ())
    })
    .await;
    // A realistic policy: every 30 s, growing to 5 min, for at most 8 hours.
    let policy = PollPolicy::default()
        .interval(Duration::from_secs(30))
        .backoff(2.0, Duration::from_secs(300))
        .deadline(Some(Duration::from_secs(8 * 3600)));
    s.step(
        "wait for status c (coded by humans)",
        client
            .studies()
            .wait_for_study_completed(study.key, &policy),
    )
    .await;
    let codebook = s
        .step(
            "read the codebook",
            client
                .codebooks()
                .for_question(question.key)
                .tree(true)
                .send(),
        )
        .await;
    if let Some(codebook) = codebook {
        s.step("read the coded responses", async {
            let coded = client
                .responses()
                .get(question.key)
                .status(ResponseStatus::Coded)
                .send()
                .await?;
            let all_known = coded
                .iter()
                .all(|r| r.code_keys.iter().all(|k| codebook.find(*k).is_some()));
            expect(
                coded.len() == RESPONSES && all_known,
                "every response coded with a code of the codebook",
            )
        })
        .await;
    }
}

fn expect(condition: bool, what: &str) -> Result<(), Error> {
    if condition {
        Ok(())
    } else {
        Err(Error::Core(ascribe_coder::auth_core::Error::Config(
            what.to_owned(),
        )))
    }
}
