//! The API, one module per resource group.

mod conversations;
mod jobs;
mod process;

pub use conversations::{ConversationApi, ConversationsApi, ListConversations, SortOrder};
pub use jobs::JobsApi;
pub use process::{Media, ProcessApi};
