//! The demo's progress display and summary table.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// What one service's scenario did.
#[derive(Debug, Clone)]
pub struct ServiceReport {
    /// The service.
    pub service: &'static str,
    /// Steps completed.
    pub steps: usize,
    /// Steps in the scenario.
    pub planned: usize,
    /// HTTP requests the mock servers received.
    pub requests: u64,
    /// Tokens obtained (first login included).
    pub token_fetches: u64,
    /// How long the scenario took.
    pub elapsed: Duration,
    /// The first failure, if any.
    pub failure: Option<String>,
}

/// Runs the steps of one scenario with a spinner, stopping at the first failure.
pub struct Scenario {
    service: &'static str,
    planned: usize,
    steps: usize,
    started: Instant,
    bar: ProgressBar,
    failure: Option<String>,
}

impl Scenario {
    /// Starts a scenario of `planned` steps.
    pub fn start(service: &'static str, planned: usize) -> Self {
        let bar = ProgressBar::new(planned as u64);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix:<10} [{pos}/{len}] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(service);
        bar.enable_steady_tick(Duration::from_millis(80));
        Self {
            service,
            planned,
            steps: 0,
            started: Instant::now(),
            bar,
            failure: None,
        }
    }

    /// Runs one step unless an earlier one failed; prints its outcome.
    pub async fn step<F, T, E>(&mut self, name: &str, fut: F) -> Option<T>
    where
        F: std::future::Future<Output = Result<T, E>>,
        E: std::fmt::Display,
    {
        if self.failure.is_some() {
            return None;
        }
        self.bar.set_message(name.to_owned());
        match fut.await {
            Ok(v) => {
                self.steps += 1;
                self.bar.inc(1);
                self.say(format!("  ✓ {:<10} {name}", self.service));
                Some(v)
            }
            Err(e) => {
                self.say(format!("  ✗ {:<10} {name}: {e}", self.service));
                self.failure = Some(format!("{name}: {e}"));
                None
            }
        }
    }

    /// Prints above the spinner, or plainly when output is not a terminal.
    fn say(&self, line: String) {
        if self.bar.is_hidden() {
            println!("{line}");
        } else {
            self.bar.println(line);
        }
    }

    /// Ends the scenario with the request and token counts the mocks saw.
    pub fn finish(self, requests: u64, token_fetches: u64) -> ServiceReport {
        self.bar.finish_and_clear();
        ServiceReport {
            service: self.service,
            steps: self.steps,
            planned: self.planned,
            requests,
            token_fetches,
            elapsed: self.started.elapsed(),
            failure: self.failure,
        }
    }
}

/// Prints the summary table; returns whether every scenario succeeded.
pub fn print_summary(reports: &[ServiceReport]) -> bool {
    println!();
    println!(
        "{:<12} {:>7} {:>9} {:>15} {:>9}  result",
        "service", "steps", "requests", "token fetches", "time"
    );
    println!("{}", "-".repeat(66));
    for r in reports {
        println!(
            "{:<12} {:>3}/{:<3} {:>9} {:>15} {:>8.2}s  {}",
            r.service,
            r.steps,
            r.planned,
            r.requests,
            r.token_fetches,
            r.elapsed.as_secs_f64(),
            if r.failure.is_none() { "ok" } else { "FAILED" }
        );
    }
    let ok = reports.iter().all(|r| r.failure.is_none());
    for r in reports.iter().filter(|r| r.failure.is_some()) {
        println!(
            "{}: {}",
            r.service,
            r.failure.as_deref().unwrap_or_default()
        );
    }
    ok
}
