//! Conversations: the listing, and one conversation's details, members and
//! insights (one file each).

mod insights;
mod list;
mod members;

use auth_core::http::{ApiRequest, push_segment};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::client::SymblClient;
use crate::error::Result;
use crate::models::{Conversation, Message, SummaryItem, Topic};

pub use list::{ConversationsApi, ListConversations, SortOrder};

/// One conversation: details, metadata, insights, transcript.
#[derive(Debug, Clone)]
pub struct ConversationApi<'a> {
    pub(crate) client: &'a SymblClient,
    pub(crate) id: crate::ids::ConversationId,
}

#[derive(Deserialize)]
pub(crate) struct Messages {
    pub(crate) messages: Vec<Message>,
}
#[derive(Deserialize)]
pub(crate) struct Topics {
    pub(crate) topics: Vec<Topic>,
}
#[derive(Deserialize)]
pub(crate) struct Summary {
    pub(crate) summary: Vec<SummaryItem>,
}

impl ConversationApi<'_> {
    pub(crate) fn path(&self, tail: &str) -> String {
        const PREFIX: &str = "v1/conversations/";
        let id = self.id.as_str();
        // One buffer at its final size (an id is short; encoding at most
        // triples it): this runs on every call about a conversation.
        let mut path = String::with_capacity(PREFIX.len() + 3 * id.len() + 1 + tail.len());
        path.push_str(PREFIX);
        push_segment(&mut path, id);
        if !tail.is_empty() {
            path.push('/');
            path.push_str(tail);
        }
        path
    }

    /// `GET /v1/conversations/{id}`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let conversation = client.conversation("5102778889273344").get().await?;
    /// # let _ = conversation;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self) -> Result<Conversation> {
        self.client
            .send_json(ApiRequest::get("get_conversation", self.path("")))
            .await
    }

    /// `PUT /v1/conversations/{id}`: replaces the conversation's metadata.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let mut metadata = serde_json::Map::new();
    /// metadata.insert("team".into(), "sales".into());
    /// client.conversation("5102778889273344").update_metadata(metadata).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_metadata(&self, metadata: Map<String, Value>) -> Result<Conversation> {
        let body = serde_json::json!({ "metadata": metadata });
        self.client
            .send_json(ApiRequest::put("update_conversation", self.path("")).json(&body)?)
            .await
    }

    /// `DELETE /v1/conversations/{id}`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// client.conversation("5102778889273344").delete().await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self) -> Result<()> {
        self.client
            .send(ApiRequest::delete("delete_conversation", self.path("")))
            .await
            .map(drop)
    }
}
