//! Rust SDK for Symbl.ai (token generation, async processing, conversation intelligence).
//!
//! This crate is being built on `auth-core`, which already provides its
//! token cache, token storage, HTTP retries and error types; the service
//! client itself is not implemented yet.

/// The `auth-core` version this crate is built on.
pub use auth_core as core;
