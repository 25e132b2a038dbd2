//! Job-status callbacks end to end: the Symbl mock POSTs `{jobId, status}`
//! to a submission's `webhookUrl` as the job moves, and the parser turns
//! each request into a typed event.

use std::sync::Arc;

use auth_core::ManualClock;
use bytes::Bytes;
use mock_servers::symbl::{APP_ID, APP_SECRET, SymblMock};
use symbl::SymblClient;
use symbl::models::{JobStatus, ProcessOptions, TextMessage, TextRequest};
use symbl::webhook::{JobEvent, JobWebhook};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Accepts connections, reads one request each into an `http::Request`,
/// parses it and answers 204 (or the parser's status).
async fn receiver() -> (String, mpsc::Receiver<Result<JobEvent, String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!(
        "http://{}/hooks/symbl",
        listener.local_addr().expect("addr")
    );
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 512];
            let (head_end, length) = loop {
                let Ok(n) = stream.read(&mut chunk).await else {
                    return;
                };
                if n == 0 {
                    return;
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..at]).to_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if buf.len() >= at + 4 + length {
                        break (at + 4, length);
                    }
                }
            };
            let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
            let mut lines = head.split("\r\n");
            let mut first = lines.next().unwrap_or("").split(' ');
            let mut builder = http::Request::builder()
                .method(first.next().unwrap_or(""))
                .uri(first.next().unwrap_or("/"));
            for (name, value) in lines.filter_map(|l| l.split_once(':')) {
                builder = builder.header(name.trim(), value.trim());
            }
            let body = Bytes::copy_from_slice(&buf[head_end..head_end + length]);
            let parsed = builder
                .body(body)
                .map_err(|e| e.to_string())
                .and_then(|req| {
                    assert_eq!(req.uri().path(), "/hooks/symbl");
                    JobWebhook::new()
                        .parse_request(&req)
                        .map_err(|e| e.to_string())
                });
            let status = if parsed.is_ok() { 204 } else { 400 };
            let _ = stream
                .write_all(format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\n\r\n").as_bytes())
                .await;
            if tx.send(parsed).await.is_err() {
                return;
            }
        }
    });
    (url, rx)
}

#[tokio::test]
async fn every_status_change_of_a_job_reaches_the_webhook_as_a_typed_event() {
    let mock = SymblMock::start().await;
    let client = SymblClient::builder()
        .base_url(mock.uri())
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .clock(Arc::new(ManualClock::new()))
        .build()
        .expect("valid");
    let (url, mut events) = receiver().await;
    let request = TextRequest::new([TextMessage::new("I will call you back.")])
        .options(ProcessOptions::new().webhook_url(&url));
    let job = client.process().text(&request).await.expect("submitted");
    client.jobs().wait(&job.job_id).await.expect("completed");

    // The mock sent one callback per status, in order; they travel on
    // separate connections, so they may arrive in any order.
    let sent: Vec<String> = mock
        .webhooks_sent()
        .iter()
        .map(|(_, body)| body["status"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(sent, ["scheduled", "in_progress", "completed"]);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let event = events
            .recv()
            .await
            .expect("a callback")
            .expect("a valid callback");
        assert_eq!(event.job_id, job.job_id);
        statuses.push(event.status);
    }
    statuses.sort_by_key(|s| s.as_str().to_owned());
    assert_eq!(
        statuses,
        [
            JobStatus::Completed,
            JobStatus::InProgress,
            JobStatus::Scheduled
        ]
    );
    assert_eq!(mock.webhooks_sent().len(), 3);
    assert!(mock.webhooks_sent().iter().all(|(u, _)| u == &url));
}
