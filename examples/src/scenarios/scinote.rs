//! SciNote: authorize URL → code → tokens saved to a file → the projects of
//! a team over several pages → a forced refresh (rotating refresh token) →
//! the projects again → an experiment and a task with a result holding a
//! file (streamed) and a step with a checklist → the task's activities.

use futures::TryStreamExt;
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use scinote::api::Upload;
use scinote::models::{Named, NewChecklist, NewChecklistItem, NewExperiment, NewTask};
use scinote::{SciNoteClient, SciNoteError};

use crate::report::{Scenario, ServiceReport};

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    let mock = SciNoteMock::start().await;
    mock.seed_projects("1", 45);
    // A unique file of its own: the scenario may run in parallel with others.
    let dir = std::env::temp_dir().join(format!(
        "scinote-demo-{}-{:x}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let file = dir.join("tokens.json");
    let mut s = Scenario::start("scinote", 7);
    let client = s
        .step("configure client (token file, 0600)", async {
            SciNoteClient::builder()
                .server_url(mock.uri())
                .client_id(CLIENT_ID)
                .client_secret(CLIENT_SECRET)
                .token_file(&file)
                .build()
        })
        .await;
    if let Some(client) = client {
        s.step("build the authorize URL", async {
            let request = client.authorize_request()?;
            println!("    {}", request.url());
            Ok::<_, SciNoteError>(())
        })
        .await;
        s.step(
            "exchange the code; tokens saved",
            client.exchange_code(mock.issue_code()),
        )
        .await;
        let list = |label: &'static str| {
            let client = client.clone();
            async move {
                let all: Vec<_> = client
                    .projects("1")
                    .list()
                    .page_size(20)
                    .into_stream()
                    .try_collect()
                    .await?;
                println!("    {label}: {} projects", all.len());
                if all.len() != 45 {
                    return Err(SciNoteError::Core(scinote::auth_core::Error::Config(
                        format!("expected 45 projects, got {}", all.len()),
                    )));
                }
                Ok(())
            }
        };
        s.step(
            "list the projects of team 1 (pages of 20, streamed)",
            list("first listing"),
        )
        .await;
        s.step(
            "access token revoked → 401 → one refresh, rotated and saved",
            async {
                mock.revoke_access_tokens();
                client.teams().list().send().await?;
                if mock.refreshes() != 1 {
                    return Err(SciNoteError::Core(scinote::auth_core::Error::Config(
                        format!("expected one refresh, saw {}", mock.refreshes()),
                    )));
                }
                Ok(())
            },
        )
        .await;
        s.step("list the projects again", list("after the refresh"))
            .await;
        s.step(
            "experiment, task, result with a file, step with a checklist; activities",
            notebook(&client, &dir),
        )
        .await;
    }
    let _ = std::fs::remove_dir_all(&dir);
    s.finish(
        mock.api_requests() + mock.token_requests(),
        mock.token_requests(),
    )
}

/// Records a run in the notebook: an experiment with a task, a result with
/// a file and a protocol step with a checklist, then the task's activities.
async fn notebook(client: &SciNoteClient, dir: &std::path::Path) -> Result<(), SciNoteError> {
    let project = client
        .projects(1)
        .list()
        .page_size(1)
        .send()
        .await?
        .data
        .into_iter()
        .next()
        .map(|p| p.id)
        .unwrap_or_default();
    let experiment = client
        .experiments(1, &project)
        .create(&NewExperiment::new("Demo run"))
        .await?
        .id;
    let tasks = client.tasks(1, &project, &experiment);
    let task = tasks.create(&NewTask::new("Measure", 0, 0)).await?.id;
    let file = dir.join("absorbance.csv");
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&file, "well,od600\nA1,0.42\nA2,0.40\n"))
        .map_err(|e| SciNoteError::Core(scinote::auth_core::Error::InvalidInput(e.to_string())))?;
    let result = client
        .results(1, &project, &experiment, &task)
        .create_with_file("Absorbance", Upload::file(&file).content_type("text/csv"))
        .await?;
    println!("    result {} with a file", result.data.id);
    let protocols = client.protocols(1, &project, &experiment, &task);
    let protocol = protocols
        .list()
        .send()
        .await?
        .data
        .into_iter()
        .next()
        .map(|p| p.id)
        .unwrap_or_default();
    let steps = protocols.steps(&protocol);
    let step = steps.create(&Named::new("Prepare plate")).await?.id;
    let checklists = steps.checklists(&step);
    let checklist = checklists
        .create(&NewChecklist::new("Before reading"))
        .await?
        .id;
    for item in ["Blank the reader", "Shake the plate"] {
        checklists
            .items(&checklist)
            .create(&NewChecklistItem::new(item))
            .await?;
    }
    let activities = tasks.activities(&task).all().await?;
    for a in &activities {
        println!(
            "    activity: {}",
            a.attributes.message.as_deref().unwrap_or_default()
        );
    }
    if activities.is_empty() {
        return Err(SciNoteError::Core(scinote::auth_core::Error::Config(
            "the task has no activities".into(),
        )));
    }
    Ok(())
}
