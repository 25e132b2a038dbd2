//! The end-to-end demo: every scenario against local mock servers on
//! 127.0.0.1, a summary table at the end, a non-zero exit if a step failed.

use std::process::ExitCode;

use examples::report::print_summary;
use examples::scenarios;

#[tokio::main]
async fn main() -> ExitCode {
    println!("Data-platform SDK demo: every service against local mock servers on 127.0.0.1\n");
    let reports = vec![
        scenarios::auth_core::run().await,
        scenarios::scribe::run().await,
        scenarios::symbl::run().await,
        scenarios::scinote::run().await,
        scenarios::ascribe::run().await,
    ];
    if print_summary(&reports) {
        println!("\nall scenarios passed");
        ExitCode::SUCCESS
    } else {
        println!("\nsome scenarios FAILED");
        ExitCode::FAILURE
    }
}
