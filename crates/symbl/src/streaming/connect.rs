//! Opening a session: the token, the connection (TCP or the caller's
//! transport, TLS, upgrade) and the start request, each within its timeout.

use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tracing::Instrument;
use url::Url;

use super::handshake::{self, Transport};
use super::request::StartRequest;
use super::session::{self, EventStream, StreamingSession};
use super::{StreamingApi, endpoint};
use crate::error::Result;
use crate::ids::{ConnectionId, ConversationId};

/// The largest server message accepted (Symbl's are a few kilobytes).
const MAX_MESSAGE_SIZE: usize = 16 * 1024 * 1024;

fn websocket_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE_SIZE))
        .max_frame_size(Some(MAX_MESSAGE_SIZE))
}

impl StreamingApi<'_> {
    /// Opens a session: gets a valid token from the client (refreshing it if
    /// needed), connects, sends `request` and waits until Symbl has created
    /// the conversation.
    ///
    /// ```no_run
    /// use symbl::streaming::{InsightType, StartRequest};
    ///
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let request = StartRequest::builder()
    ///     .insight_types([InsightType::Question])
    ///     .build()?;
    /// let session = client.streaming().start(&request).await?;
    /// println!("conversation {}", session.conversation_id());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// Token errors (see [`ErrorMetadata::is_auth`](auth_core::ErrorMetadata::is_auth)); [`SymblError::StreamConnect`](crate::SymblError::StreamConnect)
    /// if the connection cannot be opened or the upgrade is refused (401 for a
    /// refused token); [`SymblError::StreamServerError`](crate::SymblError::StreamServerError),
    /// [`SymblError::StreamClosed`](crate::SymblError::StreamClosed) or [`SymblError::StreamConnectionLost`](crate::SymblError::StreamConnectionLost) if
    /// Symbl rejects the start request; a timeout (see
    /// [`ErrorMetadata::is_timeout`](auth_core::ErrorMetadata::is_timeout)) if connecting or starting takes too long;
    /// a configuration error for a bad endpoint or connection id.
    pub async fn start(self, request: &StartRequest) -> Result<StreamingSession> {
        self.open(None, request).await
    }

    /// Like [`start`](Self::start), over a transport the caller connected
    /// (an HTTP proxy tunnel, a Unix socket to a sidecar, an in-memory pipe
    /// in tests). The endpoint still names the host for the upgrade, and a
    /// `wss` endpoint still gets TLS over the transport.
    ///
    /// ```no_run
    /// use symbl::streaming::StartRequest;
    ///
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let tunnel = tokio::net::TcpStream::connect("proxy.internal:3128").await.expect("proxy");
    /// // ... after a CONNECT api.symbl.ai:443 on `tunnel` ...
    /// let session = client
    ///     .streaming()
    ///     .start_over(tunnel, &StartRequest::builder().build()?)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`start`](Self::start).
    pub async fn start_over<T: Transport>(
        self,
        transport: T,
        request: &StartRequest,
    ) -> Result<StreamingSession> {
        self.open(Some(Box::new(transport)), request).await
    }

    /// Opens a socket that only listens (a telephony call's result socket).
    pub(crate) async fn listen(
        self,
        url: Url,
        conversation_id: ConversationId,
        connection_id: ConnectionId,
    ) -> Result<EventStream> {
        endpoint::check(&url)?;
        let span = tracing::info_span!(
            "symbl_stream",
            connection_id = %connection_id,
            host = url.host_str().unwrap_or(""),
            conversation_id = %conversation_id,
        );
        let client = self.client;
        let connect_timeout = self.connect_timeout;
        let event_buffer = self.event_buffer;
        async move {
            let token = client.access_token().await?;
            let connecting = async {
                let io = handshake::connect(&url).await?;
                handshake::upgrade(io, &url, &token, websocket_config()).await
            };
            let socket = tokio::time::timeout(connect_timeout, connecting)
                .await
                .map_err(|_| auth_core::Error::Timeout {
                    limit: auth_core::TimeoutKind::Connect,
                    operation: "opening the Symbl result stream".into(),
                    after: Some(connect_timeout),
                })??;
            drop(token);
            tracing::info!("listening to a result stream");
            Ok(session::listen(
                socket,
                conversation_id,
                connection_id,
                event_buffer,
                tracing::Span::current(),
            ))
        }
        .instrument(span)
        .await
    }

    async fn open(
        self,
        transport: Option<Box<dyn Transport>>,
        request: &StartRequest,
    ) -> Result<StreamingSession> {
        let endpoint = self.endpoint_url()?;
        let connection_id = match &self.connection_id {
            Some(id) => {
                endpoint::check_connection_id(id.as_str())?;
                id.clone()
            }
            None => endpoint::new_connection_id()?.into(),
        };
        let url = endpoint::connection_url(&endpoint, connection_id.as_str())?;
        let span = tracing::info_span!(
            "symbl_stream",
            connection_id = %connection_id,
            host = url.host_str().unwrap_or(""),
            conversation_id = tracing::field::Empty,
        );
        let settings = session::Settings {
            audio_buffer: self.audio_buffer,
            event_buffer: self.event_buffer,
            chunk_size: self.chunk_size,
            start_timeout: self.start_timeout,
        };
        let client = self.client;
        let connect_timeout = self.connect_timeout;
        async move {
            let token = client.access_token().await?;
            let connecting = async {
                let io = match transport {
                    Some(io) => handshake::secure(io, &url).await?,
                    None => handshake::connect(&url).await?,
                };
                handshake::upgrade(io, &url, &token, websocket_config()).await
            };
            let socket = tokio::time::timeout(connect_timeout, connecting)
                .await
                .map_err(|_| auth_core::Error::Timeout {
                    limit: auth_core::TimeoutKind::Connect,
                    operation: "opening the Symbl stream".into(),
                    after: Some(connect_timeout),
                })??;
            drop(token);
            tracing::debug!("stream connected");
            session::open(
                socket,
                request,
                connection_id,
                &settings,
                tracing::Span::current(),
            )
            .await
        }
        .instrument(span)
        .await
    }
}
