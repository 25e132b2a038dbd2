//! Typed ids: one newtype per Symbl resource, so a job id cannot be passed
//! where a conversation id is expected. Every id converts from `&str` and
//! `String`, so `client.conversation("5102778889273344")` still works.
//!
//! ```no_run
//! use symbl::ids::{ConversationId, JobId};
//! let conversation = ConversationId::from("5102778889273344");
//! let job: JobId = "9b1deb4d".into();
//! assert_eq!((conversation.as_str(), job.as_str()), ("5102778889273344", "9b1deb4d"));
//! ```

auth_core::string_ids!(symbl::ids;
    /// A conversation's id.
    ConversationId,
    /// An async processing job's id.
    JobId,
    /// A managed tracker's id (Management API).
    TrackerId,
    /// A conversation group's id (Management API).
    GroupId,
    /// A bookmark's id.
    BookmarkId,
    /// A telephony or streaming connection's id.
    ConnectionId,
    /// A conversation member's id (a speaker).
    MemberId,
    /// A message's id (one sentence of a transcript).
    MessageId,
    /// An insight's id (a question, action item or follow-up).
    InsightId,
    /// A topic's id.
    TopicId,
    /// A summary item's id.
    SummaryItemId,
);
