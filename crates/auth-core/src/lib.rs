//! placeholder
pub mod cache;
pub mod clock;
pub mod error;
pub mod http;
pub mod policy;
pub mod provider;
pub mod secret;
pub mod store;
pub mod token;
pub use error::{Error, Result};
