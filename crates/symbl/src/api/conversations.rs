//! Conversations and their insights.

use auth_core::Error as CoreError;
use auth_core::http::{ApiRequest, encode_segment};
use auth_core::paginate::{PageOf, Paginator};
use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::SymblClient;
use crate::error::{Result, SymblError};
use crate::models::{
    ActionItem, Analytics, Conversation, ConversationPage, DetectedTracker, Entity, Member,
    Message, Question, SpeakerEvent, SummaryItem, Topic, Transcript, TranscriptFormat,
};

/// The order of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// Oldest first.
    Asc,
    /// Newest first.
    Desc,
}

impl SortOrder {
    fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }
}

/// Listing conversations.
#[derive(Debug, Clone, Copy)]
pub struct ConversationsApi<'a> {
    pub(crate) client: &'a SymblClient,
}

impl<'a> ConversationsApi<'a> {
    /// Starts a listing (`GET /v1/conversations`); see [`ListConversations`].
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListConversations {
        ListConversations {
            client: self.client.clone(),
            page_size: 100,
            offset: 0,
            order: None,
            sort: None,
            start_time: None,
            end_time: None,
            filter: None,
        }
    }
}

/// A conversation listing: set filters, then [`send`](Self::send) one page or
/// [`into_stream`](Self::into_stream) to page lazily through all.
#[derive(Debug, Clone)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct ListConversations {
    client: SymblClient,
    page_size: u32,
    offset: u64,
    order: Option<SortOrder>,
    sort: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    filter: Option<String>,
}

impl ListConversations {
    /// Conversations per page (`limit`, default 100).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().page_size(20).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.max(1);
        self
    }

    /// Skips the first `n` conversations.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().offset(100).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn offset(mut self, n: u64) -> Self {
        self.offset = n;
        self
    }

    /// Sets the order.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().order(symbl::api::SortOrder::Desc).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn order(mut self, order: SortOrder) -> Self {
        self.order = Some(order);
        self
    }

    /// Sorts by a field (`conversation.startTime`).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().sort("conversation.startTime").send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn sort(mut self, field: impl Into<String>) -> Self {
        self.sort = Some(field.into());
        self
    }

    /// Only conversations started at or after this time (ISO 8601).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().start_time("2026-01-01T00:00:00Z").send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn start_time(mut self, t: impl Into<String>) -> Self {
        self.start_time = Some(t.into());
        self
    }

    /// Only conversations ended at or before this time (ISO 8601).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().end_time("2026-02-01T00:00:00Z").send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn end_time(mut self, t: impl Into<String>) -> Self {
        self.end_time = Some(t.into());
        self
    }

    /// An RSQL filter (`conversation.name==Sales`).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let page = client.conversations().list().filter("conversation.name==Sales").send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn filter(mut self, rsql: impl Into<String>) -> Self {
        self.filter = Some(rsql.into());
        self
    }

    /// Fetches one page at the current offset.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for c in client.conversations().list().send().await? {
    ///     println!("{}", c.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(&self) -> Result<Vec<Conversation>> {
        let req = ApiRequest::get("list_conversations", "v1/conversations")
            .query("limit", self.page_size)
            .query("offset", self.offset)
            .query_opt("order", self.order.map(SortOrder::as_str))
            .query_opt("sort", self.sort.as_deref())
            .query_opt("startTime", self.start_time.as_deref())
            .query_opt("endTime", self.end_time.as_deref())
            .query_opt("filter", self.filter.as_deref());
        let page: ConversationPage = self.client.send_json(req).await?;
        Ok(page.conversations)
    }

    /// Every conversation, fetched a page at a time as the stream is polled
    /// (offset pages through auth-core's paginator: a short page is the
    /// last one, and a runaway listing stops at the page cap).
    ///
    /// # Errors
    /// Each item can be an error of [`send`](Self::send): [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message, transport and token errors, or a decode error.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let all: Vec<_> = client.conversations().list().into_stream().try_collect().await?;
    /// # let _ = all;
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> BoxStream<'static, Result<Conversation>> {
        let first = self.offset;
        Paginator::new("list_conversations", first, move |offset| {
            let listing = Self {
                offset,
                ..self.clone()
            };
            async move {
                let page = listing.send().await?;
                let full = page.len() as u64 >= u64::from(listing.page_size);
                let next = (full && !page.is_empty()).then(|| offset + page.len() as u64);
                Ok::<_, SymblError>(PageOf { items: page, next })
            }
        })
        .into_stream()
    }
}

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
struct Members {
    members: Vec<Member>,
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
pub(crate) struct Summary {
    pub(crate) summary: Vec<SummaryItem>,
}
#[derive(Deserialize)]
struct TranscriptResponse {
    transcript: Transcript,
}
/// Symbl's `{message}` acknowledgement.
#[derive(Debug, Clone, Deserialize)]
struct Ack {
    #[serde(default)]
    #[allow(dead_code)]
    message: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TranscriptRequest<'a> {
    content_type: &'a str,
    create_paragraphs: bool,
    show_speaker_separation: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SpeakersRequest<'a> {
    speaker_events: &'a [SpeakerEvent],
}

impl ConversationApi<'_> {
    pub(crate) fn path(&self, tail: &str) -> String {
        let id = encode_segment(self.id.as_str());
        if tail.is_empty() {
            format!("v1/conversations/{id}")
        } else {
            format!("v1/conversations/{id}/{tail}")
        }
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

    /// `GET …/members`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let members = client.conversation("5102778889273344").members().await?;
    /// # let _ = members;
    /// # Ok(()) }
    /// ```
    pub async fn members(&self) -> Result<Vec<Member>> {
        let req = ApiRequest::get("get_members", self.path("members"));
        Ok(self.client.send_json::<Members>(req).await?.members)
    }

    /// `PUT …/members/{memberId}`: renames a member or sets their e-mail.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core)) when the member has no id; otherwise as for every conversation call: [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::Member;
    /// let member = Member::new(Some("m1".into()), "Ana", Some("ana@example.com".into()));
    /// client.conversation("5102778889273344").update_member(&member).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_member(&self, member: &Member) -> Result<()> {
        let id = member
            .id
            .as_ref()
            .ok_or_else(|| CoreError::InvalidInput("update_member needs the member's id".into()))?;
        let path = self.path(&format!("members/{}", encode_segment(id.as_str())));
        self.client
            .send_json::<Ack>(ApiRequest::put("update_member", path).json(member)?)
            .await
            .map(drop)
    }

    /// `PUT …/speakers`: attributes speech to members with speaker events.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::{Member, SpeakerEvent};
    /// use std::time::Duration;
    /// let ana = Member::new(None, "Ana", Some("ana@example.com".into()));
    /// let events = [SpeakerEvent::started(ana.clone(), Duration::ZERO), SpeakerEvent::stopped(ana, Duration::from_secs(5))];
    /// client.conversation("5102778889273344").update_speakers(&events).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_speakers(&self, events: &[SpeakerEvent]) -> Result<()> {
        let body = SpeakersRequest {
            speaker_events: events,
        };
        self.client
            .send_json::<Ack>(
                ApiRequest::put("update_speakers", self.path("speakers")).json(&body)?,
            )
            .await
            .map(drop)
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
