//! Opening the WebSocket: TCP, TLS (verified, with the platform's roots, as
//! the HTTP client does) and the HTTP upgrade with the token in `x-api-key`.
//!
//! The upgrade request is written here rather than by tungstenite, whose
//! client handshake logs the whole request, headers and so the token, at
//! trace level.

use std::sync::Arc;

use auth_core::secret::{AccessToken, redact_all};
use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use url::Url;

use crate::error::{Result, SymblError};

/// Any byte stream a WebSocket can run on (TCP, TLS over TCP, a proxy
/// tunnel, an in-memory pipe).
pub trait Transport: AsyncRead + AsyncWrite + Unpin + Send + 'static {}

impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> Transport for T {}

/// The socket a session runs on.
pub(crate) type Socket = WebSocketStream<Box<dyn Transport>>;

/// The largest response head accepted from the server.
const MAX_RESPONSE_HEAD: usize = 16 * 1024;
/// How much of a refusal's body is read for its message.
const MAX_ERROR_BODY: usize = 8 * 1024;

/// Connects to the URL's host and port (TLS for `wss`).
pub(crate) async fn connect(url: &Url) -> Result<Box<dyn Transport>> {
    let host = url
        .host_str()
        .ok_or_else(|| connect_error("the URL has no host"))?;
    let port = url
        .port_or_known_default()
        .ok_or_else(|| connect_error("the URL has no port"))?;
    // IPv6 literals come bracketed in URLs; the socket wants them bare.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let tcp = TcpStream::connect((bare, port))
        .await
        .map_err(|e| connect_error(&format!("could not connect to {host}:{port}: {e}")))?;
    // Audio is sent in small frames as it comes: do not hold them back.
    let _ = tcp.set_nodelay(true);
    secure(Box::new(tcp), url).await
}

/// Wraps `io` in TLS when the URL is `wss` (also over a caller's transport:
/// a proxy tunnel still needs end-to-end TLS).
pub(crate) async fn secure(io: Box<dyn Transport>, url: &Url) -> Result<Box<dyn Transport>> {
    if url.scheme() != "wss" {
        return Ok(io);
    }
    let host = url
        .host_str()
        .ok_or_else(|| connect_error("the URL has no host"))?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let name = rustls::pki_types::ServerName::try_from(bare.to_owned())
        .map_err(|e| connect_error(&format!("`{host}` is not a valid TLS name: {e}")))?;
    let connector = tokio_rustls::TlsConnector::from(tls_config()?);
    let tls = connector
        .connect(name, io)
        .await
        .map_err(|e| connect_error(&format!("TLS handshake with {host} failed: {e}")))?;
    Ok(Box::new(tls))
}

/// Certificates are verified by the platform verifier, the one reqwest uses
/// here, with the process-wide provider (ring unless the application
/// installed another).
fn tls_config() -> Result<Arc<rustls::ClientConfig>> {
    use rustls_platform_verifier::ConfigVerifierExt;
    auth_core::http::install_crypto_provider();
    let config = rustls::ClientConfig::with_platform_verifier()
        .map_err(|e| connect_error(&format!("cannot set up TLS verification: {e}")))?;
    Ok(Arc::new(config))
}

/// Sends the upgrade request with the token and reads the server's answer.
/// A refusal becomes [`SymblError::StreamConnect`] with the status and
/// Symbl's message (the token scrubbed from it, should it be echoed).
pub(crate) async fn upgrade(
    mut io: Box<dyn Transport>,
    url: &Url,
    token: &AccessToken,
    config: WebSocketConfig,
) -> Result<Socket> {
    let key = generate_key();
    let request = upgrade_request(url, &key, token)?;
    io.write_all(request.as_bytes())
        .await
        .map_err(|e| connect_error(&format!("sending the upgrade request failed: {e}")))?;
    drop(request);
    io.flush()
        .await
        .map_err(|e| connect_error(&format!("sending the upgrade request failed: {e}")))?;

    let mut buf = BytesMut::with_capacity(4096);
    let (status, head_len, accept, upgrade, content_length) = loop {
        if io
            .read_buf(&mut buf)
            .await
            .map_err(|e| connect_error(&format!("reading the upgrade response failed: {e}")))?
            == 0
        {
            return Err(connect_error(
                "the server closed the connection during the upgrade",
            ));
        }
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut response = httparse::Response::new(&mut headers);
        match response.parse(&buf) {
            Ok(httparse::Status::Complete(len)) => {
                let header = |name: &str| {
                    response
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_owned())
                };
                break (
                    response.code.unwrap_or(0),
                    len,
                    header("sec-websocket-accept"),
                    header("upgrade"),
                    header("content-length").and_then(|v| v.parse::<usize>().ok()),
                );
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_RESPONSE_HEAD => continue,
            Ok(httparse::Status::Partial) => {
                return Err(connect_error("the upgrade response head is too long"));
            }
            Err(e) => {
                return Err(connect_error(&format!("invalid upgrade response: {e}")));
            }
        }
    };

    if status != 101 {
        let mut body = buf.split_off(head_len);
        let wanted = content_length.unwrap_or(0).min(MAX_ERROR_BODY);
        while body.len() < wanted {
            match io.read_buf(&mut body).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        body.truncate(MAX_ERROR_BODY);
        let message = refusal_message(&body, status);
        return Err(SymblError::StreamConnect {
            status: Some(status),
            message: redact_all(&message, &[token.expose_secret()]),
        });
    }
    if !upgrade.is_some_and(|u| u.eq_ignore_ascii_case("websocket")) {
        return Err(connect_error(
            "the server answered 101 without `Upgrade: websocket`",
        ));
    }
    if accept.as_deref() != Some(derive_accept_key(key.as_bytes()).as_str()) {
        return Err(connect_error(
            "the server's Sec-WebSocket-Accept does not match",
        ));
    }
    // Frames the server sent right after its answer are already in `buf`.
    let rest = buf.split_off(head_len).to_vec();
    Ok(WebSocketStream::from_partially_read(io, rest, Role::Client, Some(config)).await)
}

fn upgrade_request(url: &Url, key: &str, token: &AccessToken) -> Result<String> {
    let secret = token.expose_secret();
    // A header value with a line break would let the token rewrite the request.
    if secret.is_empty() || secret.bytes().any(|b| b.is_ascii_control()) {
        return Err(connect_error(
            "the access token is empty or not a valid header value",
        ));
    }
    let host = url
        .host_str()
        .ok_or_else(|| connect_error("the URL has no host"))?;
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    // `connection_url` refuses query strings, so the path is the whole target.
    let target = url.path();
    Ok(format!(
        "GET {target} HTTP/1.1\r\n\
         Host: {authority}\r\n\
         Upgrade: websocket\r\n\
         Connection: Upgrade\r\n\
         Sec-WebSocket-Key: {key}\r\n\
         Sec-WebSocket-Version: 13\r\n\
         User-Agent: symbl-rust/{version}\r\n\
         x-api-key: {secret}\r\n\
         \r\n",
        version = env!("CARGO_PKG_VERSION"),
    ))
}

/// Symbl's `{"message": …}`, else the body as text, else the status.
fn refusal_message(body: &[u8], status: u16) -> String {
    let parsed = serde_json::from_slice::<serde_json::Value>(body).ok();
    if let Some(message) = parsed
        .as_ref()
        .and_then(|v| v.get("message"))
        .and_then(|m| m.as_str())
    {
        return message.to_owned();
    }
    let text = String::from_utf8_lossy(body).trim().to_owned();
    if text.is_empty() {
        format!("the server refused the upgrade with HTTP {status}")
    } else {
        text
    }
}

fn connect_error(message: &str) -> SymblError {
    SymblError::StreamConnect {
        status: None,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_in_a_header_and_nowhere_else() {
        let url = Url::parse("wss://api.symbl.ai/v1/streaming/abc").expect("url");
        let token = AccessToken::new("tok-123");
        let request = upgrade_request(&url, "a2V5", &token).expect("request");
        assert!(request.starts_with("GET /v1/streaming/abc HTTP/1.1\r\nHost: api.symbl.ai\r\n"));
        assert!(request.contains("\r\nx-api-key: tok-123\r\n"));
        assert_eq!(request.matches("tok-123").count(), 1);
        assert!(request.ends_with("\r\n\r\n"));
    }

    #[test]
    fn a_token_that_could_inject_headers_is_refused() {
        let url = Url::parse("ws://127.0.0.1:1/v1/streaming/abc").expect("url");
        for bad in ["", "tok\r\nX-Evil: 1", "tok\n"] {
            assert!(upgrade_request(&url, "a2V5", &AccessToken::new(bad)).is_err());
        }
    }

    #[test]
    fn a_refusal_carries_symbls_message() {
        assert_eq!(
            refusal_message(br#"{"message":"Token validation failed."}"#, 401),
            "Token validation failed."
        );
        assert_eq!(
            refusal_message(b"", 404),
            "the server refused the upgrade with HTTP 404"
        );
    }
}
