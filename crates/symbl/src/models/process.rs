//! Request bodies and options of the async processing API.

mod detection;
mod media_url;
mod options;
#[cfg(test)]
mod tests;
mod text;

pub use detection::{AudioMode, ChannelMetadata, CustomEntity, Tracker};
pub use media_url::UrlRequest;
pub use options::ProcessOptions;
pub use text::{MessageDuration, MessagePayload, TextMessage, TextRequest};
