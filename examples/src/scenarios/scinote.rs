//! The SciNote scenario (to be filled by the SciNote work).

use crate::report::{Scenario, ServiceReport};

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    Scenario::start("scinote", 0).finish(0, 0)
}
