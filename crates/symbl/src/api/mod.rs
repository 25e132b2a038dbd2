//! The API, one module per resource group.

mod call;
mod conversations;
mod insight_requests;
mod intelligence;
pub(crate) mod job_slots;
mod jobs;
mod manage;
mod process;
#[macro_use]
mod upload;
mod reader_upload;

pub use call::ApiCall;
pub use conversations::{ConversationApi, ConversationsApi, ListConversations, SortOrder};
pub use insight_requests::{MessagesRequest, SummaryRequest, TopicsRequest};
pub use intelligence::BookmarksApi;
pub use jobs::JobsApi;
pub use manage::{GroupsApi, ListTrackers, ManageApi, TrackersApi};
pub use process::{Media, ProcessApi};
pub use reader_upload::ReaderUpload;
pub use upload::FileUpload;
