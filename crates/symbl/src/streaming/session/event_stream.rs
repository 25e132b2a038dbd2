//! The event side of a session: what the socket task read, as a `Stream`.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use tokio::sync::mpsc;

use crate::error::{Result, SymblError};
use crate::ids::{ConnectionId, ConversationId};
use crate::streaming::events::StreamEvent;

/// Every server event, in order, as a `Stream` of
/// `Result<StreamEvent, SymblError>`.
///
/// It ends after the server closes the stream normally (code 1000). An
/// error ends it too, as its last item: the connection was lost
/// ([`SymblError::StreamConnectionLost`]), the server closed with another
/// code ([`SymblError::StreamClosed`]) or reported an error
/// ([`SymblError::StreamServerError`]). The one exception is
/// [`SymblError::MalformedStreamEvent`], an unreadable message, after which
/// the stream goes on. Dropping it ends the session.
pub struct EventStream {
    pub(super) pending: VecDeque<Result<StreamEvent>>,
    pub(super) rx: mpsc::Receiver<Result<StreamEvent>>,
    /// Lets a task pumping audio report a failed source without keeping the
    /// channel open (the stream must end when the socket task does).
    pub(super) failures: mpsc::WeakSender<Result<StreamEvent>>,
    pub(super) done: bool,
    pub(super) conversation_id: ConversationId,
    pub(super) connection_id: ConnectionId,
    pub(super) span: tracing::Span,
}

impl fmt::Debug for EventStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("conversation_id", &self.conversation_id)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl EventStream {
    /// The conversation id.
    ///
    /// ```no_run
    /// # fn run(events: symbl::streaming::EventStream) {
    /// println!("{}", events.conversation_id());
    /// # }
    /// ```
    pub fn conversation_id(&self) -> &ConversationId {
        &self.conversation_id
    }

    fn finish(&mut self) {
        self.done = true;
        // Makes the socket task's next send fail, so it ends and closes.
        self.rx.close();
        self.pending.clear();
    }
}

impl Stream for EventStream {
    type Item = Result<StreamEvent>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let next = match self.pending.pop_front() {
            Some(item) => Some(item),
            None => match self.rx.poll_recv(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(item) => item,
            },
        };
        match next {
            None => {
                self.finish();
                Poll::Ready(None)
            }
            Some(Err(e)) if !matches!(e, SymblError::MalformedStreamEvent { .. }) => {
                self.finish();
                Poll::Ready(Some(Err(e)))
            }
            Some(item) => Poll::Ready(Some(item)),
        }
    }
}
