//! SciNote: authorize URL → code → tokens saved to a file → the projects of
//! a team over several pages → a forced refresh (rotating refresh token) →
//! the projects again.

use futures::TryStreamExt;
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
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
    let mut s = Scenario::start("scinote", 6);
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
    }
    let _ = std::fs::remove_dir_all(&dir);
    s.finish(
        mock.api_requests() + mock.token_requests(),
        mock.token_requests(),
    )
}
