//! The Telephony API: Symbl dials into a call (a phone number or a SIP URI)
//! and listens; the conversation id it returns is what the async APIs take.
//!
//! ```no_run
//! use symbl::telephony::{Action, ConnectRequest};
//!
//! # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
//! let request = ConnectRequest::pstn("14082924837")
//!     .dtmf(",,939293#")
//!     .meeting_name("Weekly sync")
//!     .action(Action::send_summary_email(["jane@example.com"]));
//! let connection = client.telephony().connect(&request).await?;
//! // ... the call goes on ...
//! client.telephony().stop(&connection.connection_id).await?;
//! let topics = client.conversation(&connection.conversation_id).topics().send().await?;
//! # Ok(()) }
//! ```

mod request;

use auth_core::http::ApiRequest;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::SymblClient;
use crate::error::{Result, SymblError};
use crate::streaming::EventStream;

pub use request::{Action, ConnectRequest, Endpoint, SipAudioConfig};

impl SymblClient {
    /// The Telephony API: dial into PSTN or SIP calls.
    ///
    /// ```no_run
    /// use symbl::telephony::ConnectRequest;
    ///
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let connection = client
    ///     .telephony()
    ///     .connect(&ConnectRequest::sip("sip:standup@meet.example.com"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn telephony(&self) -> TelephonyApi<'_> {
        TelephonyApi { client: self }
    }
}

/// Starts and stops telephony connections.
#[derive(Debug, Clone, Copy)]
pub struct TelephonyApi<'a> {
    client: &'a SymblClient,
}

/// A started telephony connection.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TelephonyConnection {
    /// Identifies the connection until it stops (for [`TelephonyApi::stop`]).
    pub connection_id: crate::ids::ConnectionId,
    /// The conversation, for the async APIs.
    pub conversation_id: crate::ids::ConversationId,
    /// A WebSocket with the call's live events.
    #[serde(default)]
    pub result_web_socket_url: Option<String>,
    /// Where speaker events can be pushed during the call.
    #[serde(default)]
    pub event_url: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What stopping a connection returned.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TelephonyStopped {
    /// The connection, where Symbl repeated it.
    #[serde(default)]
    pub connection_id: Option<crate::ids::ConnectionId>,
    /// The conversation, where Symbl repeated it.
    #[serde(default)]
    pub conversation_id: Option<crate::ids::ConversationId>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TelephonyApi<'_> {
    /// `POST /v1/endpoint:connect` (`operation: "start"`): Symbl dials in.
    /// Not retried after a server error or a timeout, which could dial twice.
    ///
    /// ```no_run
    /// use symbl::telephony::ConnectRequest;
    ///
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let connection = client
    ///     .telephony()
    ///     .connect(&ConnectRequest::pstn("14082924837").meeting_name("Sync"))
    ///     .await?;
    /// println!("conversation {}", connection.conversation_id);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid-input error for a number, DTMF sequence, SIP URI or action
    /// Symbl would refuse (nothing is sent then); otherwise Symbl's error
    /// (status and message, see [`ErrorMetadata::status`](auth_core::ErrorMetadata::status)) or a transport error.
    pub async fn connect(&self, request: &ConnectRequest) -> Result<TelephonyConnection> {
        request.validate()?;
        let req = ApiRequest::post("telephony_connect", "v1/endpoint:connect").json(request)?;
        self.client.send_json(req).await
    }

    /// `POST /v1/endpoint:connect` (`operation: "stop"`): hangs up.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient, connection_id: &str) -> symbl::Result<()> {
    /// client.telephony().stop(connection_id).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid-input error for an empty connection id; otherwise Symbl's
    /// error (an unknown or already stopped connection is a 4xx, see
    /// [`ErrorMetadata::is_not_found`](auth_core::ErrorMetadata::is_not_found))
    /// or a transport error.
    pub async fn stop(
        &self,
        connection_id: impl Into<crate::ids::ConnectionId>,
    ) -> Result<TelephonyStopped> {
        let id: crate::ids::ConnectionId = connection_id.into();
        let connection_id = id.as_str();
        if connection_id.trim().is_empty() {
            return Err(SymblError::from(auth_core::Error::InvalidInput(
                "a connection id is needed to stop a telephony connection".into(),
            )));
        }
        let req = ApiRequest::post("telephony_stop", "v1/endpoint:connect")
            .json(&request::StopBody::new(connection_id))?;
        self.client.send_json(req).await
    }

    /// Listens to the call's live events (transcripts, insights...) at its
    /// `resultWebSocketUrl`, as typed [`StreamEvent`](crate::streaming::StreamEvent)s;
    /// the stream ends when the call stops.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use symbl::streaming::StreamEvent;
    /// use symbl::telephony::ConnectRequest;
    ///
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let connection = client.telephony().connect(&ConnectRequest::pstn("14082924837")).await?;
    /// let mut events = client.telephony().subscribe(&connection).await?;
    /// while let Some(event) = events.try_next().await? {
    ///     if let StreamEvent::Messages(m) = event {
    ///         for message in &m.messages {
    ///             println!("{}", message.payload.content);
    ///         }
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// A configuration error if the connection has no result URL, or one
    /// that is not `wss` (or `ws` to loopback); then as for
    /// [`StreamingApi::start`](crate::streaming::StreamingApi::start).
    pub async fn subscribe(&self, connection: &TelephonyConnection) -> Result<EventStream> {
        let raw = connection.result_web_socket_url.as_deref().ok_or_else(|| {
            SymblError::from(auth_core::Error::Config(
                "this telephony connection has no resultWebSocketUrl".into(),
            ))
        })?;
        let url = url::Url::parse(raw).map_err(|e| {
            SymblError::from(auth_core::Error::Config(format!(
                "invalid resultWebSocketUrl `{raw}`: {e}"
            )))
        })?;
        self.client
            .streaming()
            .listen(
                url,
                connection.conversation_id.clone(),
                connection.connection_id.clone(),
            )
            .await
    }
}
