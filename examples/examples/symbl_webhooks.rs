//! Symbl job-status webhooks: a tiny receiver on a local port, a text job
//! submitted with `webhookUrl` pointing at it, and each callback parsed into
//! a typed [`JobEvent`](symbl::webhook::JobEvent).
//!
//! The receiver is a plain `tokio::net::TcpListener` reading one HTTP/1.1
//! request per connection (headers capped at 8 KiB, the body at the
//! parser's limit) and handing an `http::Request<Bytes>` to
//! [`JobWebhook::parse_request`](symbl::webhook::JobWebhook::parse_request);
//! any HTTP server (hyper, axum, actix) would do the same with its own
//! request type. Runs against the local Symbl mock, which calls webhooks as
//! its jobs move.
//!
//! ```sh
//! cargo run -p examples --example symbl_webhooks
//! ```

use bytes::Bytes;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use symbl::SymblClient;
use symbl::auth_core::http_types as http;
use symbl::models::{ProcessOptions, TextMessage, TextRequest};
use symbl::webhook::{JobEvent, JobWebhook, WebhookError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

const MAX_HEAD: usize = 8 * 1024;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let hook_url = format!("http://{}/symbl/jobs", listener.local_addr()?);
    let (events, mut received) = mpsc::channel::<JobEvent>(16);
    tokio::spawn(async move {
        let parser = JobWebhook::new();
        while let Ok((stream, _)) = listener.accept().await {
            let events = events.clone();
            tokio::spawn(async move {
                if let Err(e) = serve(stream, parser, events).await {
                    eprintln!("webhook connection failed: {e}");
                }
            });
        }
    });

    let mock = SymblMock::start().await;
    let client = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .build()?;
    let request = TextRequest::new([
        TextMessage::new("Welcome to the Launch review."),
        TextMessage::new("I will send the checklist tomorrow."),
    ])
    .options(
        ProcessOptions::new()
            .name("Launch review")
            .webhook_url(&hook_url),
    );
    let job = client.process().text(&request).await?;
    println!("submitted job {} with webhook {hook_url}", job.job_id);

    // The mock's jobs move when polled; a real server would just wait for
    // the callbacks.
    let waiter = {
        let client = client.clone();
        let job_id = job.job_id.clone();
        tokio::spawn(async move { client.jobs().wait(&job_id).await })
    };
    while let Some(event) = received.recv().await {
        println!("webhook: job {} is {}", event.job_id, event.status);
        if event.is_terminal() {
            // A callback is a hint (Symbl does not sign them): confirm.
            let confirmed = client.jobs().get(&event.job_id).await?;
            println!("confirmed with the API: {}", confirmed.status);
            break;
        }
    }
    waiter.await??;
    let items = client
        .conversation(&job.conversation_id)
        .action_items()
        .await?;
    for item in items {
        println!("to do: {}", item.text);
    }
    Ok(())
}

/// Reads one request, parses it as a job callback and answers 204, or the
/// status the parser's error names.
async fn serve(
    mut stream: TcpStream,
    parser: JobWebhook,
    events: mpsc::Sender<JobEvent>,
) -> std::io::Result<()> {
    let status = match read_request(&mut stream, parser.limit()).await? {
        Ok(request) => match parser.parse_request(&request) {
            Ok(event) => {
                let _ = events.send(event).await;
                http::StatusCode::NO_CONTENT
            }
            Err(e) => refuse(&e),
        },
        Err(e) => refuse(&e),
    };
    let reply = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    stream.write_all(reply.as_bytes()).await?;
    stream.shutdown().await
}

fn refuse(e: &WebhookError) -> http::StatusCode {
    eprintln!("refused a callback: {e}");
    e.status_code()
}

/// Reads the head (at most 8 KiB) and a body of `Content-Length` bytes, at
/// most `limit`: a larger announced body is refused without reading it.
async fn read_request(
    stream: &mut TcpStream,
    limit: usize,
) -> std::io::Result<Result<http::Request<Bytes>, WebhookError>> {
    let mut buf = Vec::with_capacity(1024);
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > MAX_HEAD {
            return Ok(Err(WebhookError::Malformed(
                "request head too large".into(),
            )));
        }
        let mut chunk = [0u8; 1024];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(Err(WebhookError::Malformed(
                "connection closed early".into(),
            )));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let (method, target) = (
        request_line.next().unwrap_or(""),
        request_line.next().unwrap_or("/"),
    );
    let mut builder = http::Request::builder().method(method).uri(target);
    let mut length = 0usize;
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = value.parse().unwrap_or(0);
        }
        builder = builder.header(name.trim(), value);
    }
    if length > limit {
        return Ok(Err(WebhookError::TooLarge {
            size: length as u64,
            limit,
        }));
    }
    let mut body = buf[head_end..].to_vec();
    body.truncate(length);
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(builder
        .body(Bytes::from(body))
        .map_err(|e| WebhookError::Malformed(e.to_string())))
}
