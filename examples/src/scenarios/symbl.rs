//! The symbl scenario (to be filled by the symbl work).

use crate::report::{Scenario, ServiceReport};

/// Runs the scenario against a fresh mock.
pub async fn run() -> ServiceReport {
    Scenario::start("symbl", 0).finish(0, 0)
}
