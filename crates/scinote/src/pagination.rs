//! Listings: one page, or a lazy `Stream` that follows `links.next`.

use std::marker::PhantomData;

use auth_core::http::ApiRequest;
use auth_core::paginate::{PageOf, Paginator};
use futures::stream::{BoxStream, TryStreamExt};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::SciNoteClient;
use crate::error::{Result, SciNoteError};
use crate::jsonapi::{Links, Resource};

/// The largest page SciNote serves (Kaminari's cap).
pub const MAX_PAGE_SIZE: u32 = 100;

/// One page of a listing.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Page<A> {
    /// The resources of this page.
    pub data: Vec<Resource<A>>,
    /// Related resources sent along (`include`).
    pub included: Vec<Resource<serde_json::Value>>,
    /// The pagination links; `links.next` is `None` on the last page.
    pub links: Links,
}

/// A listing request: set the page size, filters and includes, then
/// [`send`](Self::send) for one page or [`into_stream`](Self::into_stream)
/// to page lazily through all of them.
#[derive(Debug, Clone)]
#[must_use = "a listing does nothing until sent or streamed"]
pub struct List<A> {
    client: SciNoteClient,
    operation: &'static str,
    path: String,
    page_size: Option<u32>,
    page_number: Option<u32>,
    query: Vec<(String, String)>,
    _attributes: PhantomData<fn() -> A>,
}

impl<A> List<A>
where
    A: DeserializeOwned + Default + Send + 'static,
{
    pub(crate) fn new(client: &SciNoteClient, operation: &'static str, path: String) -> Self {
        Self {
            client: client.clone(),
            operation,
            path,
            page_size: None,
            page_number: None,
            query: Vec::new(),
            _attributes: PhantomData,
        }
    }

    /// Resources per page (`page[size]`; server default 10, capped at 100).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.teams().list().page_size(100);
    /// # let _ = list;
    /// # }
    /// ```
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = Some(n.clamp(1, MAX_PAGE_SIZE));
        self
    }

    /// Starts at this page (`page[number]`, from 1).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.teams().list().page(3);
    /// # let _ = list;
    /// # }
    /// ```
    pub fn page(mut self, number: u32) -> Self {
        self.page_number = Some(number.max(1));
        self
    }

    /// Adds `filter[name]=value` (which filters an endpoint accepts is
    /// documented per resource; SciNote answers 400 to others).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.teams().list().filter("created_at][from", "2026-01-01");
    /// # let _ = list;
    /// # }
    /// ```
    pub fn filter(mut self, name: &str, value: impl ToString) -> Self {
        self.query
            .push((format!("filter[{name}]"), value.to_string()));
        self
    }

    /// Asks for related resources (`include=a,b`); they arrive in
    /// [`Page::included`].
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.teams().list().include(&["created_by"]);
    /// # let _ = list;
    /// # }
    /// ```
    pub fn include(mut self, relationships: &[&str]) -> Self {
        self.query
            .push(("include".to_owned(), relationships.join(",")));
        self
    }

    /// Adds any other query parameter.
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.projects(1).list().query("with-metadata", true);
    /// # let _ = list;
    /// # }
    /// ```
    pub fn query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Only resources created at or after `time` (ISO 8601,
    /// `filter[created_at][from]`; every listing accepts it).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.teams().list().created_from("2026-01-01T00:00:00Z");
    /// # let _ = list; }
    /// ```
    pub fn created_from(self, time: &str) -> Self {
        self.query("filter[created_at][from]", time)
    }

    /// Only resources created at or before `time` (`filter[created_at][to]`).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.teams().list().created_to("2026-06-30T23:59:59Z");
    /// # let _ = list; }
    /// ```
    pub fn created_to(self, time: &str) -> Self {
        self.query("filter[created_at][to]", time)
    }

    /// Only resources updated at or after `time` (`filter[updated_at][from]`).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.projects(1).list().updated_from("2026-05-01T00:00:00Z");
    /// # let _ = list; }
    /// ```
    pub fn updated_from(self, time: &str) -> Self {
        self.query("filter[updated_at][from]", time)
    }

    /// Only resources updated at or before `time` (`filter[updated_at][to]`).
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// let list = client.projects(1).list().updated_to("2026-05-31T23:59:59Z");
    /// # let _ = list; }
    /// ```
    pub fn updated_to(self, time: &str) -> Self {
        self.query("filter[updated_at][to]", time)
    }

    fn first_request(&self) -> ApiRequest {
        let mut req = ApiRequest::get(self.operation, self.path.clone())
            .query_opt("page[number]", self.page_number)
            .query_opt("page[size]", self.page_size);
        for (k, v) in &self.query {
            req = req.query(k.clone(), v);
        }
        req
    }

    /// Fetches one page.
    ///
    /// # Errors
    /// [`SciNoteError`]: the errors of any call (transport, auth, JSON:API `errors[]`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.teams().list().send().await?;
    /// println!("{} teams, more: {}", page.data.len(), page.links.next.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn send(&self) -> Result<Page<A>> {
        fetch_page(&self.client, self.first_request()).await
    }

    /// Every resource of every page, fetched lazily: the next page is only
    /// requested once this one has been consumed, following `links.next`;
    /// a cycle of links or more than [`DEFAULT_MAX_PAGES`](auth_core::paginate::DEFAULT_MAX_PAGES) pages ends the
    /// stream with an error.
    ///
    /// # Errors
    /// [`SciNoteError`] items: the errors of any page; a next link to another server ends the stream with [`auth_core::Error::InvalidInput`].
    ///
    /// ```no_run
    /// # fn run(client: scinote::SciNoteClient) {
    /// use futures::StreamExt;
    /// let mut teams = client.teams().list().into_stream();
    /// # let _ = teams.next();
    /// # }
    /// ```
    pub fn into_stream(self) -> BoxStream<'static, Result<Resource<A>>> {
        let client = self.client.clone();
        let operation = self.operation;
        let first = self.first_request();
        // The cursor: `None` for the first page, then each `links.next`.
        Paginator::new(operation, None::<String>, move |next: Option<String>| {
            let client = client.clone();
            let first = first.clone();
            async move {
                let request = match &next {
                    None => first,
                    Some(link) => client.next_request(operation, link)?,
                };
                let page = fetch_page::<A>(&client, request).await?;
                Ok::<_, SciNoteError>(PageOf {
                    items: page.data,
                    next: page.links.next.map(Some),
                })
            }
        })
        .into_stream()
    }

    /// Every resource of every page, collected.
    ///
    /// # Errors
    /// [`SciNoteError`]: the errors of any page; [`auth_core::Error::InvalidInput`] on a next link to another server.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let teams = client.teams().list().page_size(100).all().await?;
    /// # let _ = teams;
    /// # Ok(()) }
    /// ```
    pub async fn all(self) -> Result<Vec<Resource<A>>> {
        self.into_stream().try_collect().await
    }
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "A: Deserialize<'de> + Default"))]
struct ListDocument<A> {
    data: Vec<Resource<A>>,
    #[serde(default)]
    included: Vec<Resource<serde_json::Value>>,
    #[serde(default)]
    links: Links,
}

async fn fetch_page<A: DeserializeOwned + Default>(
    client: &SciNoteClient,
    request: ApiRequest,
) -> Result<Page<A>> {
    let doc: ListDocument<A> = client.send_json(request).await?;
    Ok(Page {
        data: doc.data,
        included: doc.included,
        links: doc.links,
    })
}
