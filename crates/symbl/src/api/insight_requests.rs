//! The conversation insights that take options: messages, topics, summary.
//! Each is a request builder ending in `.send()`, so a toggle is named where
//! it is set instead of being a bare `true` in a positional list.

use auth_core::Error as CoreError;
use auth_core::http::ApiRequest;

use crate::api::ConversationApi;
use crate::api::conversations::{Messages, Summary, Topics};
use crate::client::SymblClient;
use crate::error::Result;
use crate::models::{Message, SummaryItem, Topic};

impl<'a> ConversationApi<'a> {
    /// `GET …/messages`: starts a request for the transcript's messages; see
    /// [`MessagesRequest`].
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let messages = client.conversation("5102778889273344").messages().send().await?;
    /// # let _ = messages; Ok(()) }
    /// ```
    pub fn messages(&self) -> MessagesRequest<'a> {
        MessagesRequest {
            client: self.client,
            path: self.path("messages"),
            verbose: false,
            sentiment: false,
        }
    }

    /// `GET …/topics`: starts a request for the topics; see [`TopicsRequest`].
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let topics = client.conversation("5102778889273344").topics().send().await?;
    /// # let _ = topics; Ok(()) }
    /// ```
    pub fn topics(&self) -> TopicsRequest<'a> {
        TopicsRequest {
            client: self.client,
            path: self.path("topics"),
            sentiment: false,
            parent_refs: false,
        }
    }

    /// `GET …/summary`: starts a request for the summary; see [`SummaryRequest`].
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let summary = client.conversation("5102778889273344").summary().send().await?;
    /// # let _ = summary; Ok(()) }
    /// ```
    pub fn summary(&self) -> SummaryRequest<'a> {
        SummaryRequest {
            client: self.client,
            path: self.path("summary"),
            refresh: false,
        }
    }
}

/// A request for a conversation's messages: set options, then
/// [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent"]
pub struct MessagesRequest<'a> {
    client: &'a SymblClient,
    path: String,
    verbose: bool,
    sentiment: bool,
}

impl MessagesRequest<'_> {
    /// Includes word-level timings (`verbose`; off by default).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let messages = client.conversation("510").messages().verbose(true).send().await?;
    /// # let _ = messages; Ok(()) }
    /// ```
    pub fn verbose(mut self, on: bool) -> Self {
        self.verbose = on;
        self
    }

    /// Includes each message's sentiment (off by default).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let messages = client.conversation("510").messages().sentiment(true).send().await?;
    /// # let _ = messages; Ok(()) }
    /// ```
    pub fn sentiment(mut self, on: bool) -> Self {
        self.sentiment = on;
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and
    /// message when it refuses (404 for an unknown conversation), transport
    /// and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for m in client.conversation("510").messages().send().await? {
    ///     println!("{}", m.text);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Message>> {
        let req = ApiRequest::get("get_messages", self.path)
            .query("verbose", self.verbose)
            .query("sentiment", self.sentiment);
        Ok(self.client.send_json::<Messages>(req).await?.messages)
    }
}

/// A request for a conversation's topics: set options, then
/// [`send`](Self::send). Symbl gives either sentiment or the topic
/// hierarchy, not both.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent"]
pub struct TopicsRequest<'a> {
    client: &'a SymblClient,
    path: String,
    sentiment: bool,
    parent_refs: bool,
}

impl TopicsRequest<'_> {
    /// Includes each topic's sentiment (off by default).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let topics = client.conversation("510").topics().sentiment(true).send().await?;
    /// # let _ = topics; Ok(()) }
    /// ```
    pub fn sentiment(mut self, on: bool) -> Self {
        self.sentiment = on;
        self
    }

    /// Includes the topic hierarchy (`parentRefs`; off by default).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let topics = client.conversation("510").topics().parent_refs(true).send().await?;
    /// # let _ = topics; Ok(()) }
    /// ```
    pub fn parent_refs(mut self, on: bool) -> Self {
        self.parent_refs = on;
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core))
    /// when both sentiment and parent refs are asked for;
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and
    /// message when it refuses, transport and token errors, or a decode error.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for t in client.conversation("510").topics().send().await? {
    ///     println!("{}", t.text);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Topic>> {
        if self.sentiment && self.parent_refs {
            return Err(CoreError::InvalidInput(
                "topics: sentiment and parentRefs cannot be combined".into(),
            )
            .into());
        }
        let req = ApiRequest::get("get_topics", self.path)
            .query("sentiment", self.sentiment)
            .query("parentRefs", self.parent_refs);
        Ok(self.client.send_json::<Topics>(req).await?.topics)
    }
}

/// A request for a conversation's summary: set options, then
/// [`send`](Self::send).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent"]
pub struct SummaryRequest<'a> {
    client: &'a SymblClient,
    path: String,
    refresh: bool,
}

impl SummaryRequest<'_> {
    /// Asks Symbl to recompute the summary (off by default).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let summary = client.conversation("510").summary().refresh(true).send().await?;
    /// # let _ = summary; Ok(()) }
    /// ```
    pub fn refresh(mut self, on: bool) -> Self {
        self.refresh = on;
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and
    /// message when it refuses (404 for an unknown conversation or one
    /// processed without summary), transport and token errors, or a decode
    /// error.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for s in client.conversation("510").summary().send().await? {
    ///     println!("{}", s.text);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<SummaryItem>> {
        let req = ApiRequest::get("get_summary", self.path)
            .query_opt("refresh", self.refresh.then_some(true));
        Ok(self.client.send_json::<Summary>(req).await?.summary)
    }
}
