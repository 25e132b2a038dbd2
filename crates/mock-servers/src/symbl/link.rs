//! The link the streaming mock holds to this one.

use crate::harness::Shared;

use super::{State, SymblMock};

/// What the streaming mock ([`crate::symbl_stream`]) shares with this one:
/// the tokens issued here, and the conversations, so a streamed conversation
/// can be read through the conversation API.
#[derive(Clone)]
pub(crate) struct SymblLink(Shared<State>);

impl SymblLink {
    /// Whether `token` is one this mock issued and still accepts.
    pub(crate) fn is_valid_token(&self, token: &str) -> bool {
        self.0.lock().valid.iter().any(|v| v == token)
    }

    /// Creates an empty conversation and returns its id.
    pub(crate) fn create_conversation(&self, name: &str) -> String {
        let mut s = self.0.lock();
        let id = s.new_id("conv");
        s.add_conversation(&id, name, Vec::new());
        id
    }

    /// Serves the calls' result sockets at `addr` (the streaming mock's).
    pub(crate) fn set_stream_addr(&self, addr: String) {
        self.0.lock().stream_addr = Some(addr);
    }

    /// A telephony call's conversation and whether it is still active.
    pub(crate) fn telephony_call(&self, connection_id: &str) -> Option<(String, bool)> {
        self.0
            .lock()
            .telephony
            .get(connection_id)
            .map(|c| (c.conversation_id.clone(), c.active))
    }

    /// Changes whenever a call stops.
    pub(crate) fn telephony_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.0.lock().telephony_changes.subscribe()
    }

    /// Adds a finished sentence to a conversation.
    pub(crate) fn add_text(&self, conversation_id: &str, text: &str) {
        if let Some(c) = self.0.lock().conversations.get_mut(conversation_id) {
            c.texts.push(text.to_owned());
        }
    }
}

impl SymblMock {
    pub(crate) fn link(&self) -> SymblLink {
        SymblLink(self.state.clone())
    }
}
