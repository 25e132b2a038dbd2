//! Conversation endpoints beyond the classic insights: call score, intents,
//! legacy insights, experiences and bookmarks.

use auth_core::Error as CoreError;
use auth_core::http::{ApiRequest, encode_segment};

use crate::api::{ApiCall, ConversationApi};
use crate::client::SymblClient;
use crate::ids::BookmarkId;
use crate::models::{
    Bookmark, BookmarkSpec, CallScore, CallScoreStatus, Experience, ExperienceRequest, Insight,
    Intent,
};

impl<'a> ConversationApi<'a> {
    /// `GET …/callscore`: the call score and its criteria (for conversations
    /// processed with call score enabled; see
    /// [`call_score_status`](Self::call_score_status)).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let score = client.conversation("5102778889273344").call_score().send().await?;
    /// println!("score {}", score.score);
    /// for c in &score.criteria {
    ///     println!("  {}: {}", c.name, c.score);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn call_score(&self) -> ApiCall<'a, CallScore> {
        let req = ApiRequest::get("get_call_score", self.path("callscore"));
        ApiCall::whole(self.client, Ok(req))
    }

    /// `GET …/callscore/status`: whether the call score is ready.
    ///
    /// ```no_run
    /// use symbl::models::CallScoreState;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let conversation = client.conversation("5102778889273344");
    /// if conversation.call_score_status().send().await?.status == CallScoreState::Completed {
    ///     println!("{}", conversation.call_score().send().await?.score);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn call_score_status(&self) -> ApiCall<'a, CallScoreStatus> {
        let req = ApiRequest::get("get_call_score_status", self.path("callscore/status"));
        ApiCall::whole(self.client, Ok(req))
    }

    /// `GET …/intents`: the intents detected.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for intent in client.conversation("5102778889273344").intents().send().await? {
    ///     println!("{} ({:?})", intent.intent, intent.score);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn intents(&self) -> ApiCall<'a, Vec<Intent>> {
        let req = ApiRequest::get("get_intents", self.path("intents"));
        ApiCall::field(self.client, Ok(req), "intents")
    }

    /// `GET …/insights`: the legacy combined list of questions and action
    /// items.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for insight in client.conversation("5102778889273344").insights().send().await? {
    ///     println!("{}: {}", insight.kind, insight.text);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn insights(&self) -> ApiCall<'a, Vec<Insight>> {
        let req = ApiRequest::get("get_insights", self.path("insights"));
        ApiCall::field(self.client, Ok(req), "insights")
    }

    /// `POST …/experiences`: builds a hosted summary page and returns its URL.
    ///
    /// ```no_run
    /// use symbl::models::{ExperienceKind, ExperienceRequest};
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let request = ExperienceRequest::new(ExperienceKind::TextSummary).read_only();
    /// let page = client.conversation("5102778889273344").experience(&request).send().await?;
    /// println!("open {}", page.url);
    /// # Ok(()) }
    /// ```
    pub fn experience(&self, request: &ExperienceRequest) -> ApiCall<'a, Experience> {
        let req = ApiRequest::post("create_experience", self.path("experiences"))
            .json(request)
            .map_err(Into::into);
        ApiCall::whole(self.client, req)
    }

    /// The conversation's bookmarks: create, list, get, update, delete.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let marks = client.conversation("5102778889273344").bookmarks().list().send().await?;
    /// # let _ = marks; Ok(()) }
    /// ```
    pub fn bookmarks(&self) -> BookmarksApi<'a> {
        BookmarksApi {
            client: self.client,
            conversation_id: self.id.to_string(),
        }
    }
}

/// A conversation's bookmarks (`…/{conversationId}/bookmarks`).
#[derive(Debug, Clone)]
pub struct BookmarksApi<'a> {
    client: &'a SymblClient,
    conversation_id: String,
}

impl<'a> BookmarksApi<'a> {
    fn path(&self, bookmark_id: Option<&str>) -> String {
        let conversation = encode_segment(&self.conversation_id);
        match bookmark_id {
            Some(id) => format!(
                "v1/conversations/{conversation}/bookmarks/{}",
                encode_segment(id)
            ),
            None => format!("v1/conversations/{conversation}/bookmarks"),
        }
    }

    /// `POST …/bookmarks`: bookmarks a stretch of the conversation.
    ///
    /// ```no_run
    /// use symbl::models::{BookmarkSpec, BookmarkUser};
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let spec = BookmarkSpec::at("Pricing", 30, 45)
    ///     .description("The pricing discussion")
    ///     .user(BookmarkUser::new("Ann", "ann@example.com"));
    /// let mark = client.conversation("5102778889273344").bookmarks().create(&spec).send().await?;
    /// println!("bookmark {}", mark.id);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, spec: &BookmarkSpec) -> ApiCall<'a, Bookmark> {
        let req = check(spec).and_then(|()| {
            ApiRequest::post("create_bookmark", self.path(None))
                .json(spec)
                .map_err(Into::into)
        });
        ApiCall::whole(self.client, req)
    }

    /// `GET …/bookmarks`: every bookmark of the conversation.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for mark in client.conversation("5102778889273344").bookmarks().list().send().await? {
    ///     println!("{} at {:?}s", mark.label, mark.begin_time_offset);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ApiCall<'a, Vec<Bookmark>> {
        let req = ApiRequest::get("list_bookmarks", self.path(None));
        ApiCall::field(self.client, Ok(req), "bookmarks")
    }

    /// `GET …/bookmarks/{bookmarkId}`.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let mark = client.conversation("5102778889273344").bookmarks().get("6.1").send().await?;
    /// # let _ = mark; Ok(()) }
    /// ```
    pub fn get(&self, bookmark_id: impl Into<BookmarkId>) -> ApiCall<'a, Bookmark> {
        let id: BookmarkId = bookmark_id.into();
        let bookmark_id = id.as_str();
        let req = ApiRequest::get("get_bookmark", self.path(Some(bookmark_id)));
        ApiCall::whole(self.client, Ok(req))
    }

    /// `PUT …/bookmarks/{bookmarkId}`: replaces a bookmark.
    ///
    /// ```no_run
    /// use symbl::models::BookmarkSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let spec = BookmarkSpec::at("Pricing (all of it)", 30, 90).description("Pricing");
    /// let mark = client
    ///     .conversation("5102778889273344")
    ///     .bookmarks()
    ///     .update("6.1", &spec)
    ///     .send()
    ///     .await?;
    /// # let _ = mark; Ok(()) }
    /// ```
    pub fn update(
        &self,
        bookmark_id: impl Into<BookmarkId>,
        spec: &BookmarkSpec,
    ) -> ApiCall<'a, Bookmark> {
        let id: BookmarkId = bookmark_id.into();
        let bookmark_id = id.as_str();
        let req = check(spec).and_then(|()| {
            ApiRequest::put("update_bookmark", self.path(Some(bookmark_id)))
                .json(spec)
                .map_err(Into::into)
        });
        ApiCall::whole(self.client, req)
    }

    /// `DELETE …/bookmarks/{bookmarkId}`.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// client.conversation("5102778889273344").bookmarks().delete("6.1").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, bookmark_id: impl Into<BookmarkId>) -> ApiCall<'a, ()> {
        let id: BookmarkId = bookmark_id.into();
        let bookmark_id = id.as_str();
        let req = ApiRequest::delete("delete_bookmark", self.path(Some(bookmark_id)));
        ApiCall::ack(self.client, Ok(req))
    }
}

fn check(spec: &BookmarkSpec) -> crate::Result<()> {
    spec.validate()
        .map_err(|e| CoreError::InvalidInput(e).into())
}
