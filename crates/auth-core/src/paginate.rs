//! One paginator for every listing: offset/limit pages (Symbl) and
//! next-link pages (SciNote's JSON:API `links.next`), as a lazy `Stream`
//! that asks for the next page only when the caller pulls, stops with a
//! typed error on a cycle, and stops after a page cap.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Error;

/// The most pages a listing follows by default (far beyond any real
/// listing; a server that never stops paging is stopped here).
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// One page: its items and the cursor of the next page (`None` on the last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOf<T, C> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Where the next page starts (an offset, a next link), if there is one.
    pub next: Option<C>,
}

type FetchFn<T, C, E> = Arc<dyn Fn(C) -> BoxFuture<'static, Result<PageOf<T, C>, E>> + Send + Sync>;

/// A listing to page through lazily, starting at one cursor.
///
/// ```no_run
/// use auth_core::paginate::{PageOf, Paginator};
/// use futures::TryStreamExt;
///
/// # async fn run() -> auth_core::Result<()> {
/// // Offsets 0, 2, 4: pages of two until a short page.
/// let items: Vec<u32> = Paginator::new("list_numbers", 0u64, |offset| async move {
///     let items: Vec<u32> = (offset..(offset + 2).min(5)).map(|n| n as u32).collect();
///     let next = (items.len() == 2).then_some(offset + 2);
///     Ok::<_, auth_core::Error>(PageOf { items, next })
/// })
/// .all()
/// .await?;
/// assert_eq!(items, [0, 1, 2, 3, 4]);
/// # Ok(()) }
/// ```
pub struct Paginator<T, C, E> {
    operation: &'static str,
    first: C,
    fetch: FetchFn<T, C, E>,
    max_pages: usize,
}

impl<T, C, E> fmt::Debug for Paginator<T, C, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &self.operation)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl<T, C, E> Paginator<T, C, E>
where
    T: Send + 'static,
    C: Clone + Eq + Hash + Send + Sync + 'static,
    E: From<Error> + Send + 'static,
{
    /// A listing named `operation` whose pages `fetch` reads, starting at `first`.
    ///
    /// ```no_run
    /// use auth_core::paginate::{PageOf, Paginator};
    /// let pages = Paginator::new("list", 0u64, |_offset| async {
    ///     Ok::<_, auth_core::Error>(PageOf { items: Vec::<u8>::new(), next: None })
    /// });
    /// # let _ = pages;
    /// ```
    pub fn new<F, Fut>(operation: &'static str, first: C, fetch: F) -> Self
    where
        F: Fn(C) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<PageOf<T, C>, E>> + Send + 'static,
    {
        Self {
            operation,
            first,
            fetch: Arc::new(move |cursor| Box::pin(fetch(cursor))),
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Stops with [`Error::Pagination`] after `n` pages (default
    /// [`DEFAULT_MAX_PAGES`]).
    ///
    /// ```no_run
    /// # use auth_core::paginate::{PageOf, Paginator};
    /// let pages = Paginator::new("list", 0u64, |_o| async {
    ///     Ok::<_, auth_core::Error>(PageOf { items: Vec::<u8>::new(), next: None })
    /// })
    /// .max_pages(50);
    /// # let _ = pages;
    /// ```
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = n.max(1);
        self
    }

    /// Every item of every page, fetched lazily: the next page is requested
    /// only once this one has been consumed.
    ///
    /// ```no_run
    /// # use auth_core::paginate::{PageOf, Paginator};
    /// use futures::StreamExt;
    /// # async fn run() {
    /// let mut items = Paginator::new("list", 0u64, |_o| async {
    ///     Ok::<_, auth_core::Error>(PageOf { items: vec![1u8], next: None })
    /// })
    /// .into_stream();
    /// while let Some(item) = items.next().await {
    ///     println!("{item:?}");
    /// }
    /// # }
    /// ```
    pub fn into_stream(self) -> BoxStream<'static, Result<T, E>> {
        let Self {
            operation,
            first,
            fetch,
            max_pages,
        } = self;
        let mut seen = HashSet::new();
        seen.insert(first.clone());
        stream::try_unfold(
            (Some(first), seen, 0usize),
            move |(cursor, mut seen, pages)| {
                let fetch = Arc::clone(&fetch);
                async move {
                    let Some(cursor) = cursor else {
                        return Ok(None);
                    };
                    if pages >= max_pages {
                        return Err(E::from(Error::Pagination {
                            operation: operation.to_owned(),
                            reason: format!("more than {max_pages} pages"),
                        }));
                    }
                    let page = fetch(cursor).await?;
                    if let Some(next) = &page.next {
                        // A next page already read would loop for ever.
                        if !seen.insert(next.clone()) {
                            return Err(E::from(Error::Pagination {
                                operation: operation.to_owned(),
                                reason: "a page points back to one already read".into(),
                            }));
                        }
                    }
                    Ok(Some((page.items, (page.next, seen, pages + 1))))
                }
            },
        )
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }

    /// Every item of every page, collected.
    ///
    /// # Errors
    /// The first page's error, or [`Error::Pagination`] on a cycle or past
    /// the page cap.
    ///
    /// ```no_run
    /// # use auth_core::paginate::{PageOf, Paginator};
    /// # async fn run() -> auth_core::Result<()> {
    /// let all = Paginator::new("list", 0u64, |_o| async {
    ///     Ok::<_, auth_core::Error>(PageOf { items: vec![1u8], next: None })
    /// })
    /// .all()
    /// .await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub async fn all(self) -> Result<Vec<T>, E> {
        self.into_stream().try_collect().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn offset_pages_are_followed_until_a_short_page() {
        let items = Paginator::new("numbers", 0u64, |offset| async move {
            let items: Vec<u64> = (offset..(offset + 3).min(7)).collect();
            let next = (items.len() == 3).then_some(offset + 3);
            Ok::<_, Error>(PageOf { items, next })
        })
        .all()
        .await
        .expect("pages");
        assert_eq!(items, (0..7).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_two_page_cycle_is_a_typed_error() {
        let err = Paginator::new("cycle", "a".to_owned(), |link| async move {
            let next = if link == "a" { "b" } else { "a" };
            Ok::<_, Error>(PageOf {
                items: vec![link],
                next: Some(next.to_owned()),
            })
        })
        .all()
        .await
        .expect_err("cycle");
        assert!(matches!(err, Error::Pagination { .. }), "{err}");
    }

    #[tokio::test]
    async fn the_page_cap_stops_an_endless_listing() {
        let err = Paginator::new("endless", 0u64, |n| async move {
            Ok::<_, Error>(PageOf {
                items: vec![n],
                next: Some(n + 1),
            })
        })
        .max_pages(5)
        .all()
        .await
        .expect_err("cap");
        assert!(matches!(err, Error::Pagination { .. }), "{err}");
    }
}
