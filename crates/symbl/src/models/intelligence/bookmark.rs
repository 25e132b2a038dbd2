//! Bookmarks: labelled stretches of a conversation.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A bookmark: a labelled stretch of a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Bookmark {
    /// The bookmark id.
    pub id: crate::ids::BookmarkId,
    /// Its label.
    pub label: String,
    /// What it marks.
    #[serde(default)]
    pub description: Option<String>,
    /// Who made it.
    #[serde(default)]
    pub user: Option<BookmarkUser>,
    /// Where it starts, in seconds from the start of the conversation.
    #[serde(default)]
    pub begin_time_offset: Option<u64>,
    /// How long it is, in seconds.
    #[serde(default)]
    pub duration: Option<u64>,
    /// The messages it covers.
    #[serde(default)]
    pub message_refs: Vec<Value>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Who made a bookmark.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BookmarkUser {
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl BookmarkUser {
    /// A user with a name and e-mail address.
    ///
    /// ```no_run
    /// let user = symbl::models::BookmarkUser::new("Ana", "ana@example.com");
    /// # let _ = user;
    /// ```
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            user_id: None,
            email: Some(email.into()),
        }
    }
}

/// What a bookmark is created or replaced with: a stretch given by time
/// (`begin_time_offset` + `duration`) or by messages.
///
/// ```
/// use symbl::models::{BookmarkSpec, BookmarkUser};
/// let spec = BookmarkSpec::at("Pricing", 30, 45)
///     .description("The pricing discussion")
///     .user(BookmarkUser::new("Ann", "ann@example.com"));
/// # let _ = spec;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BookmarkSpec {
    /// The label.
    pub label: String,
    /// What it marks (Symbl refuses an empty one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who makes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<BookmarkUser>,
    /// Where it starts, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub begin_time_offset: Option<u64>,
    /// How long it is, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u64>,
    /// The messages it covers (`[{id}]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub message_refs: Vec<Value>,
}

impl BookmarkSpec {
    /// A bookmark of `duration` seconds from `begin` seconds into the conversation.
    ///
    /// ```no_run
    /// let spec = symbl::models::BookmarkSpec::at("Pricing", 30, 60);
    /// # let _ = spec;
    /// ```
    pub fn at(label: impl Into<String>, begin: u64, duration: u64) -> Self {
        Self {
            label: label.into(),
            description: None,
            user: None,
            begin_time_offset: Some(begin),
            duration: Some(duration),
            message_refs: Vec::new(),
        }
    }

    /// A bookmark over these messages.
    ///
    /// ```no_run
    /// let spec = symbl::models::BookmarkSpec::messages("Quote", ["msg-2"]);
    /// # let _ = spec;
    /// ```
    pub fn messages(
        label: impl Into<String>,
        message_ids: impl IntoIterator<Item = impl Into<crate::ids::MessageId>>,
    ) -> Self {
        Self {
            label: label.into(),
            description: None,
            user: None,
            begin_time_offset: None,
            duration: None,
            message_refs: message_ids
                .into_iter()
                .map(|id| serde_json::json!({ "id": id.into().as_str() }))
                .collect(),
        }
    }

    /// Sets the description.
    ///
    /// ```no_run
    /// let spec = symbl::models::BookmarkSpec::at("Pricing", 30, 60).description("The pricing talk");
    /// # let _ = spec;
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets who makes it.
    ///
    /// ```no_run
    /// use symbl::models::{BookmarkSpec, BookmarkUser};
    /// let spec = BookmarkSpec::at("Pricing", 30, 60).user(BookmarkUser::new("Ana", "ana@example.com"));
    /// # let _ = spec;
    /// ```
    pub fn user(mut self, user: BookmarkUser) -> Self {
        self.user = Some(user);
        self
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.label.trim().is_empty() {
            return Err("a bookmark needs a label".into());
        }
        if self
            .description
            .as_deref()
            .is_some_and(|d| d.trim().is_empty())
        {
            return Err("a bookmark description must not be empty".into());
        }
        Ok(())
    }
}
