//! A conversation's insights: questions, action items, follow-ups, entities,
//! analytics, trackers and the formatted transcript.

use auth_core::http::ApiRequest;
use serde::{Deserialize, Serialize};

use super::ConversationApi;
use crate::error::Result;
use crate::models::{
    ActionItem, Analytics, DetectedTracker, Entity, Question, Transcript, TranscriptFormat,
};

#[derive(Deserialize)]
struct Questions {
    questions: Vec<Question>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ActionItems {
    action_items: Vec<ActionItem>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FollowUps {
    follow_ups: Vec<ActionItem>,
}
#[derive(Deserialize)]
struct Entities {
    entities: Vec<Entity>,
}
/// Symbl documents both a bare list and a wrapped one for detected trackers.
#[derive(Deserialize)]
#[serde(untagged)]
enum Trackers {
    List(Vec<DetectedTracker>),
    Wrapped {
        #[serde(alias = "trackerResponses")]
        trackers: Vec<DetectedTracker>,
    },
}
#[derive(Deserialize)]
struct TranscriptResponse {
    transcript: Transcript,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TranscriptRequest<'a> {
    content_type: &'a str,
    create_paragraphs: bool,
    show_speaker_separation: bool,
}

impl ConversationApi<'_> {
    /// `GET …/questions`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let questions = client.conversation("5102778889273344").questions().await?;
    /// # let _ = questions;
    /// # Ok(()) }
    /// ```
    pub async fn questions(&self) -> Result<Vec<Question>> {
        let req = ApiRequest::get("get_questions", self.path("questions"));
        Ok(self.client.send_json::<Questions>(req).await?.questions)
    }

    /// `GET …/action-items`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let items = client.conversation("5102778889273344").action_items().await?;
    /// # let _ = items;
    /// # Ok(()) }
    /// ```
    pub async fn action_items(&self) -> Result<Vec<ActionItem>> {
        let req = ApiRequest::get("get_action_items", self.path("action-items"));
        Ok(self
            .client
            .send_json::<ActionItems>(req)
            .await?
            .action_items)
    }

    /// `GET …/follow-ups`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let follow_ups = client.conversation("5102778889273344").follow_ups().await?;
    /// # let _ = follow_ups;
    /// # Ok(()) }
    /// ```
    pub async fn follow_ups(&self) -> Result<Vec<ActionItem>> {
        let req = ApiRequest::get("get_follow_ups", self.path("follow-ups"));
        Ok(self.client.send_json::<FollowUps>(req).await?.follow_ups)
    }

    /// `GET …/entities`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let entities = client.conversation("5102778889273344").entities().await?;
    /// # let _ = entities;
    /// # Ok(()) }
    /// ```
    pub async fn entities(&self) -> Result<Vec<Entity>> {
        let req = ApiRequest::get("get_entities", self.path("entities"));
        Ok(self.client.send_json::<Entities>(req).await?.entities)
    }

    /// `GET …/analytics`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let analytics = client.conversation("5102778889273344").analytics().await?;
    /// # let _ = analytics;
    /// # Ok(()) }
    /// ```
    pub async fn analytics(&self) -> Result<Analytics> {
        self.client
            .send_json(ApiRequest::get("get_analytics", self.path("analytics")))
            .await
    }

    /// `GET …/trackers`: the trackers that matched.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let trackers = client.conversation("5102778889273344").trackers().await?;
    /// # let _ = trackers;
    /// # Ok(()) }
    /// ```
    pub async fn trackers(&self) -> Result<Vec<DetectedTracker>> {
        let req = ApiRequest::get("get_trackers", self.path("trackers"));
        Ok(match self.client.send_json::<Trackers>(req).await? {
            Trackers::List(list) | Trackers::Wrapped { trackers: list } => list,
        })
    }

    /// `POST …/transcript`: the transcript as Markdown or SRT.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::TranscriptFormat;
    /// let transcript = client.conversation("5102778889273344").transcript(TranscriptFormat::Markdown).await?;
    /// # let _ = transcript;
    /// # Ok(()) }
    /// ```
    pub async fn transcript(&self, format: TranscriptFormat) -> Result<Transcript> {
        let body = TranscriptRequest {
            content_type: format.content_type(),
            create_paragraphs: true,
            show_speaker_separation: true,
        };
        // Formatting a transcript changes nothing: safe to retry.
        let req = ApiRequest::post("get_transcript", self.path("transcript"))
            .json(&body)?
            .retry_safe(true);
        Ok(self
            .client
            .send_json::<TranscriptResponse>(req)
            .await?
            .transcript)
    }
}
