//! One connection: the upgrade check (token, path) and the session it
//! starts.

use std::sync::Arc;

use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{Semaphore, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::{StatusCode, header};

use crate::harness::Shared;

use super::session::Session;
use super::{State, StreamRecord, Tokens};

/// One connection's view of the mock.
#[derive(Clone)]
pub(super) struct Connection {
    pub(super) state: Shared<State>,
    pub(super) gate: Arc<Semaphore>,
    pub(super) frames: watch::Sender<u64>,
}

pub(super) type Ws<S> = WebSocketStream<S>;

impl Connection {
    #[expect(
        clippy::result_large_err,
        reason = "tungstenite's handshake callback returns its error response by value"
    )]
    pub(super) async fn serve<S>(self, io: S)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let accepted = Arc::new(std::sync::Mutex::new(None::<StreamRecord>));
        let check = {
            let state = self.state.clone();
            let accepted = Arc::clone(&accepted);
            move |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
                let record = check_upgrade(&state, request)?;
                if let Ok(mut slot) = accepted.lock() {
                    *slot = Some(record);
                }
                Ok(response)
            }
        };
        let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(io, check).await else {
            return;
        };
        let record = accepted.lock().ok().and_then(|mut slot| slot.take());
        let Some(record) = record else { return };
        let index = {
            let mut s = self.state.lock();
            s.sessions.push(record);
            s.sessions.len() - 1
        };
        let mut session = Session {
            conn: self,
            index,
            script_step: 0,
            sequence: 0,
            next_result_at: 0,
            conversation_id: String::new(),
            insight_types: Vec::new(),
            trackers: Vec::new(),
            speaker: json!({}),
        };
        session.run(&mut ws).await;
    }
}

/// Checks the path and the token of an upgrade.
#[expect(
    clippy::result_large_err,
    reason = "the refusal is tungstenite's error response, returned as is"
)]
pub(super) fn check_upgrade(
    state: &Shared<State>,
    request: &Request,
) -> Result<StreamRecord, ErrorResponse> {
    let path = request.uri().path().to_owned();
    let connection_id = path
        .strip_prefix("/v1/streaming/")
        .or_else(|| path.strip_prefix("/v1/realtime/insights/"))
        .or_else(|| path.strip_prefix("/events/"))
        .filter(|id| !id.is_empty() && !id.contains('/'))
        .map(str::to_owned);
    let token = request
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok());
    let mut s = state.lock();
    let Some(connection_id) = connection_id else {
        s.rejected_upgrades += 1;
        return Err(refusal(StatusCode::NOT_FOUND, "Not found"));
    };
    let valid = match (&s.tokens, token) {
        (Tokens::Linked(link), Some(t)) => link.is_valid_token(t),
        (Tokens::Fixed(expected), Some(t)) => t == expected,
        (_, None) => false,
    };
    if !valid {
        s.rejected_upgrades += 1;
        return Err(refusal(
            StatusCode::UNAUTHORIZED,
            "Token validation failed for provided token.",
        ));
    }
    // A call's result socket exists only for a call the HTTP mock started.
    if path.starts_with("/events/") {
        let known = match &s.tokens {
            Tokens::Linked(link) => link.telephony_call(&connection_id).is_some(),
            Tokens::Fixed(_) => false,
        };
        if !known {
            s.rejected_upgrades += 1;
            return Err(refusal(
                StatusCode::NOT_FOUND,
                "The connectionId is either invalid or does not exist.",
            ));
        }
    }
    Ok(StreamRecord {
        connection_id,
        path,
        query: request.uri().query().map(str::to_owned),
        ..StreamRecord::default()
    })
}

pub(super) fn refusal(status: StatusCode, message: &str) -> ErrorResponse {
    let body = json!({ "message": message }).to_string();
    let mut response = ErrorResponse::new(Some(body.clone()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    if let Ok(len) = header::HeaderValue::from_str(&body.len().to_string()) {
        headers.insert(header::CONTENT_LENGTH, len);
    }
    response
}
