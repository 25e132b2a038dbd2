//! Workspace-level integration tests live in `tests/tests/`: scenarios that
//! cross crates, run against the local mock servers of `mock-servers`.
//!
//! The README's Rust snippets are compiled as doc tests here, so the quick
//! starts users copy cannot drift from the real APIs.

pub mod decoders;

#[doc = include_str!("../../README.md")]
mod readme {}
