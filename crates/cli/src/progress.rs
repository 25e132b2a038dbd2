//! Progress on stderr for long operations: a bar for uploads, a spinner
//! with the current status for waits. Both are hidden when stderr is not a
//! terminal, so logs, pipes and tests see no control characters.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

fn visible() -> bool {
    std::io::stderr().is_terminal()
}

/// An upload progress bar on stderr, hidden when stderr is not a terminal
/// (so logs and tests see no control characters). Returns the bar and a
/// callback of `(sent, total)` for the SDKs' progress hooks.
pub(crate) fn upload_bar(
    label: &str,
) -> (
    indicatif::ProgressBar,
    std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>,
) {
    let bar = if visible() {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label.to_owned());
    let handle = bar.clone();
    let callback = std::sync::Arc::new(move |sent: u64, total: u64| {
        handle.set_length(total);
        handle.set_position(sent);
    });
    (bar, callback)
}

/// A spinner for a wait: `⠋ waiting for job 42: in_progress (1 min)`.
/// Dropping it (or [`Spinner::finish`]) clears the line.
pub(crate) struct Spinner {
    bar: ProgressBar,
    label: String,
}

impl Spinner {
    /// Starts spinning with `label` (hidden when stderr is not a terminal).
    pub(crate) fn start(label: impl Into<String>) -> Self {
        let bar = if visible() {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::hidden()
        };
        // No colour in the template: nothing to switch off for NO_COLOR.
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        let label = label.into();
        bar.set_message(label.clone());
        bar.enable_steady_tick(Duration::from_millis(120));
        Self { bar, label }
    }

    /// Shows the latest status beside the label.
    pub(crate) fn status(&self, status: &str) {
        self.bar.set_message(format!("{}: {status}", self.label));
    }

    /// Clears the spinner line.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
