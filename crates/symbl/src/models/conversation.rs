//! Conversations.

use serde::{Deserialize, Serialize};

/// A conversation member.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Member {
    /// The member id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<crate::ids::MemberId>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Member {
    /// A member with a name and optional e-mail.
    ///
    /// ```no_run
    /// use symbl::models::Member;
    /// let member = Member::new(None, "Ana", Some("ana@example.com".into()));
    /// # let _ = member;
    /// ```
    pub fn new(
        id: Option<crate::ids::MemberId>,
        name: impl Into<String>,
        email: Option<String>,
    ) -> Self {
        Self {
            id,
            name: Some(name.into()),
            email,
        }
    }
}

/// A processed conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Conversation {
    /// The conversation id.
    pub id: crate::ids::ConversationId,
    /// Its type (`meeting`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// When it started (ISO 8601).
    #[serde(default)]
    pub start_time: Option<String>,
    /// When it ended (ISO 8601).
    #[serde(default)]
    pub end_time: Option<String>,
    /// Who took part.
    #[serde(default)]
    pub members: Vec<Member>,
    /// Free-form metadata.
    #[serde(default)]
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// One page of `GET /v1/conversations`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ConversationPage {
    /// The conversations on this page.
    #[serde(default)]
    pub conversations: Vec<Conversation>,
}
