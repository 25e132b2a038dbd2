//! One end-to-end scenario per service, each against its local mock server.
//! The service issues add theirs here; the demo runs them all.

pub mod ascribe;
pub mod auth_core;
pub mod scinote;
pub mod scribe;
pub mod symbl;
