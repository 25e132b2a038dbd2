//! One module per service.

pub(crate) mod ascribe;
pub(crate) mod config;
pub(crate) mod scinote;
pub(crate) mod scribe;
pub(crate) mod session;
pub(crate) mod symbl;
