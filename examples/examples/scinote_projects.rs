//! SciNote: the official example's flow, done safely. Print the authorize
//! URL, read the code, store the tokens (0600 file, rotated atomically),
//! list every project of a team (all pages).
//!
//! Runs against the local SciNote mock by default (the code comes from the
//! mock). With `SCINOTE_SERVER_URL`, `SCINOTE_CLIENT_ID` and
//! `SCINOTE_CLIENT_SECRET` set, it runs against a real server and reads the
//! code from stdin; `SCINOTE_TEAM_ID` picks the team (default 1) and
//! `SCINOTE_TOKEN_FILE` the token file.
//!
//! ```sh
//! cargo run -p examples --example scinote_projects
//! ```

use futures::TryStreamExt;
use mock_servers::scinote::{CLIENT_ID, CLIENT_SECRET, SciNoteMock};
use scinote::SciNoteClient;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let real = std::env::var("SCINOTE_SERVER_URL").is_ok();
    let token_file = std::env::var("SCINOTE_TOKEN_FILE").map_or_else(
        |_| std::env::temp_dir().join(format!("scinote-example-{}.json", std::process::id())),
        std::path::PathBuf::from,
    );
    let team = std::env::var("SCINOTE_TEAM_ID").unwrap_or_else(|_| "1".into());
    // Keep the mock alive for the whole run when it is used.
    let mut mock = None;
    let client = if real {
        SciNoteClient::builder()
            .from_env()
            .token_file(&token_file)
            .build()?
    } else {
        let m = SciNoteMock::start().await;
        m.seed_projects(&team, 23);
        let client = SciNoteClient::builder()
            .server_url(m.uri())
            .client_id(CLIENT_ID)
            .client_secret(CLIENT_SECRET)
            .token_file(&token_file)
            .build()?;
        mock = Some(m);
        client
    };

    if !client.has_stored_tokens().await? {
        let request = client.authorize_request()?;
        println!(
            "Open this URL, sign in and authorize the app:\n  {}",
            request.url()
        );
        let code = match &mock {
            Some(m) => {
                let code = m.issue_code();
                println!("(mock) authorization code received");
                code
            }
            None => {
                println!("Paste the authorization code:");
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                line
            }
        };
        client.exchange_code(code).await?;
        println!("tokens saved to {}", token_file.display());
    }

    let mut projects = client.projects(&team).list().page_size(100).into_stream();
    let mut n = 0;
    while let Some(project) = projects.try_next().await? {
        n += 1;
        println!(
            "{:>6}  {}",
            project.id,
            project.attributes.name.as_deref().unwrap_or("(unnamed)")
        );
    }
    println!("{n} projects in team {team}");
    if mock.is_some() {
        let _ = std::fs::remove_file(&token_file);
    }
    Ok(())
}
