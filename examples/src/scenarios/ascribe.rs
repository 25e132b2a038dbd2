//! The ascribe scenario (to be filled by the ascribe work).

use crate::report::{Scenario, ServiceReport};

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    Scenario::start("ascribe", 0).finish(0, 0)
}
