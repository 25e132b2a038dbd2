//! `POST /v1/process/text`: a conversation given as messages.

use serde::Serialize;

use super::ProcessOptions;
use crate::models::conversation::Member;

/// Timing of a message within a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MessageDuration {
    /// Start (ISO 8601).
    pub start_time: String,
    /// End (ISO 8601).
    pub end_time: String,
}

/// The content of a text message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MessagePayload {
    /// The text.
    pub content: String,
}

/// One message of a text conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TextMessage {
    /// What was said.
    pub payload: MessagePayload,
    /// Who said it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Member>,
    /// When.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<MessageDuration>,
}

impl TextMessage {
    /// A message with `content`.
    ///
    /// ```no_run
    /// let message = symbl::models::TextMessage::new("Ship it on Friday.");
    /// # let _ = message;
    /// ```
    pub fn new(content: impl Into<String>) -> Self {
        Self {
            payload: MessagePayload {
                content: content.into(),
            },
            from: None,
            duration: None,
        }
    }

    /// Says who sent it.
    ///
    /// ```no_run
    /// use symbl::models::{Member, TextMessage};
    /// let message = TextMessage::new("Ship it.").from(Member::new(None, "Ana", None));
    /// # let _ = message;
    /// ```
    pub fn from(mut self, member: Member) -> Self {
        self.from = Some(member);
        self
    }

    /// Says when it was sent.
    ///
    /// ```no_run
    /// let message = symbl::models::TextMessage::new("Ship it.").at("2026-01-01T10:00:00Z", "2026-01-01T10:00:05Z");
    /// # let _ = message;
    /// ```
    pub fn at(mut self, start_time: impl Into<String>, end_time: impl Into<String>) -> Self {
        self.duration = Some(MessageDuration {
            start_time: start_time.into(),
            end_time: end_time.into(),
        });
        self
    }
}

/// `POST /v1/process/text` (and its append form).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TextRequest {
    /// The messages.
    pub messages: Vec<TextMessage>,
    /// Options.
    #[serde(flatten)]
    pub options: ProcessOptions,
}

impl TextRequest {
    /// A request with these messages.
    ///
    /// ```no_run
    /// use symbl::models::{TextMessage, TextRequest};
    /// let request = TextRequest::new([TextMessage::new("Ship it on Friday.")]);
    /// # let _ = request;
    /// ```
    pub fn new(messages: impl IntoIterator<Item = TextMessage>) -> Self {
        Self {
            messages: messages.into_iter().collect(),
            options: ProcessOptions::default(),
        }
    }

    /// Adds a message.
    ///
    /// ```no_run
    /// use symbl::models::{TextMessage, TextRequest};
    /// let request = TextRequest::new([]).message(TextMessage::new("One more."));
    /// # let _ = request;
    /// ```
    pub fn message(mut self, message: TextMessage) -> Self {
        self.messages.push(message);
        self
    }

    /// Sets the options.
    ///
    /// ```no_run
    /// use symbl::models::{ProcessOptions, TextMessage, TextRequest};
    /// let request = TextRequest::new([TextMessage::new("Hi.")]).options(ProcessOptions::new().name("Standup"));
    /// # let _ = request;
    /// ```
    pub fn options(mut self, options: ProcessOptions) -> Self {
        self.options = options;
        self
    }
}
