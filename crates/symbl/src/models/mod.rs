//! The wire types of the Symbl API: request options and responses.
//!
//! Response types accept fields they do not know (the API grows), and enums
//! keep unknown values in an `Other` arm instead of failing.

pub mod conversation;
pub mod insights;
pub mod intelligence;
pub mod job;
pub mod manage;
pub mod process;

pub use conversation::{Conversation, ConversationPage, Member};
pub use insights::*;
pub use intelligence::*;
pub use job::{Job, JobStatus, ProcessingJob};
pub use manage::{Group, GroupSpec, ManagedTracker, TrackerSpec};
pub use process::*;
