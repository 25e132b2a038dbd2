//! The MI API: log in, submit a document with upload progress, wait for it,
//! fetch the extracted model, list and consolidate tasks.
//!
//! Runs against local emulators (moto + the MI mock):
//!
//! ```sh
//! cargo run -p examples --example scribe_mi
//! ```

use std::sync::Arc;

use examples::scenarios::scribe::start_env;
use scribe_mi::Login;
use scribe_mi::auth_core::secret::Password;
use scribe_mi::mi::{Document, Model};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = start_env().await?;
    let client = &env.client;
    if let Login::Challenge(c) = client
        .authenticate("analyst@example.com", &Password::new("Temporary-Passw0rd!"))
        .await?
    {
        client
            .complete_new_password(&c, &Password::new("My-Own-Passw0rd-2026!"))
            .await?;
    }

    let progress = Arc::new(|sent: u64, total: u64| eprint!("\ruploaded {sent}/{total} bytes"));
    let jobid = client
        .submit_task(Document::Bytes {
            data: bytes::Bytes::from(vec![b'%'; 500_000]),
            filename: "fund report.pdf".into(),
        })
        .company("Acme & Sons")
        .progress(progress)
        .send()
        .await?;
    eprintln!();
    println!("submitted {jobid}");
    let task = client.wait_for_task(&jobid).send().await?;
    println!("task {} is {}", task.jobid, task.status);
    if let Model::Financials(model) = client.fetch_model(&task).await? {
        for item in &model.items {
            println!(
                "{:<10} {:?}",
                item.term.as_deref().unwrap_or("?"),
                item.values
            );
        }
    }
    for task in client.list_tasks().company("Acme & Sons").send().await? {
        println!("listed: {} {}", task.jobid, task.status);
    }
    let portfolio = client.consolidate_tasks([&jobid]).await?;
    println!("consolidated: {} table(s)", portfolio.tables.len());
    Ok(())
}
