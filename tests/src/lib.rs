//! Workspace-level integration tests live in `tests/tests/`: scenarios that
//! cross crates, run against the local mock servers of `mock-servers`.
