//! Listing conversations: `GET /v1/conversations`, page by page or as a stream.

use auth_core::http::ApiRequest;
use auth_core::paginate::{PageOf, Paginator};
use futures::stream::BoxStream;

use crate::client::SymblClient;
use crate::error::{Result, SymblError};
use crate::models::{Conversation, ConversationPage};

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
