//! Runnable examples and the end-to-end demo of the SDKs, all against the
//! local mock servers of the `mock-servers` crate (no network needed).
//!
//! - `cargo xtask demo` (or `cargo run -p examples --bin demo`): one scenario
//!   per service, with a summary table.
//! - `cargo run -p examples --example <name>`: one flow each.

pub mod report;
pub mod scenarios;
