//! A presigned-URL storage endpoint (like S3) that hashes uploads as they
//! stream in and keeps only their size and digests, never their bytes, so
//! a test can upload a large file without the mock holding it in memory.
//!
//! A small HTTP/1.1 server on a free port of 127.0.0.1 (keep-alive,
//! `Content-Length` or chunked bodies). Each request body is read in chunks
//! through MD5 and SHA-256, then handed, as an [`Upload`], to a handler that
//! decides the answer.

use std::sync::Arc;

use md5::{Digest as _, Md5};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What a storage endpoint received: size and digests of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Body length in bytes.
    pub len: u64,
    /// MD5 of the body.
    pub md5: [u8; 16],
    /// SHA-256 of the body.
    pub sha256: [u8; 32],
}

impl Upload {
    /// The size and digests of `data` (to compare with what was received).
    pub fn of(data: &[u8]) -> Self {
        Self {
            len: data.len() as u64,
            md5: Md5::digest(data).into(),
            sha256: Sha256::digest(data).into(),
        }
    }
}

/// One received request, as a handler sees it.
#[derive(Debug)]
pub struct StoredRequest {
    /// The method (`PUT`).
    pub method: String,
    /// The path with its query.
    pub target: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body's size and digests.
    pub upload: Upload,
}

impl StoredRequest {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A handler's answer: status, extra headers, body.
pub type StoredResponse = (u16, Vec<(String, String)>, String);

type Handler = Arc<dyn Fn(StoredRequest) -> StoredResponse + Send + Sync>;

/// A running storage endpoint. Dropping it stops the server.
pub struct StorageServer {
    uri: String,
    acceptor: JoinHandle<()>,
}

impl StorageServer {
    /// Starts the endpoint; `handler` answers each request once its body
    /// has been read and hashed.
    pub async fn start(
        handler: impl Fn(StoredRequest) -> StoredResponse + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let uri = format!("http://{}", listener.local_addr().expect("local address"));
        let handler: Handler = Arc::new(handler);
        let acceptor = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(stream, Arc::clone(&handler)));
            }
        });
        Self { uri, acceptor }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl Drop for StorageServer {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

const CHUNK: usize = 256 * 1024;

/// One keep-alive HTTP/1.1 connection being read (shared with the
/// streaming front of [`crate::front`]).
pub(crate) struct Conn {
    pub(crate) stream: TcpStream,
    buf: Vec<u8>,
    start: usize,
}

impl Conn {
    pub(crate) fn new(stream: TcpStream) -> Self {
        Self {
            stream,
            buf: Vec::with_capacity(CHUNK),
            start: 0,
        }
    }

    fn pending(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    async fn fill(&mut self) -> Option<()> {
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        let n = self.stream.read(&mut self.buf[len..]).await.ok()?;
        self.buf.truncate(len + n);
        (n > 0).then_some(())
    }

    /// The next line (without CRLF).
    pub(crate) async fn line(&mut self) -> Option<String> {
        loop {
            if let Some(i) = self.pending().windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.pending()[..i]).into_owned();
                self.start += i + 2;
                return Some(line);
            }
            self.fill().await?;
        }
    }

    /// Feeds `n` body bytes to `sink` as they arrive.
    pub(crate) async fn body(&mut self, mut n: u64, sink: &mut impl FnMut(&[u8])) -> Option<()> {
        while n > 0 {
            if self.pending().is_empty() {
                self.fill().await?;
            }
            let take = n.min(self.pending().len() as u64) as usize;
            sink(&self.pending()[..take]);
            self.start += take;
            n -= take as u64;
        }
        Some(())
    }

    /// The request line and headers (names in lower case) of the next
    /// request; answers `Expect: 100-continue`.
    pub(crate) async fn head(&mut self) -> Option<(String, String, Vec<(String, String)>)> {
        let request_line = self.line().await?;
        let mut parts = request_line.split(' ');
        let method = parts.next()?.to_owned();
        let target = parts.next()?.to_owned();
        let mut headers = Vec::new();
        loop {
            let line = self.line().await?;
            if line.is_empty() {
                break;
            }
            let (k, v) = line.split_once(':')?;
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
        let expect = headers
            .iter()
            .any(|(k, v)| k == "expect" && v.eq_ignore_ascii_case("100-continue"));
        if expect {
            self.stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .await
                .ok()?;
        }
        Some((method, target, headers))
    }

    /// Feeds the request body (`Content-Length` or chunked, as `headers`
    /// say) to `sink` as it arrives.
    pub(crate) async fn request_body(
        &mut self,
        headers: &[(String, String)],
        sink: &mut impl FnMut(&[u8]),
    ) -> Option<()> {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
        if !chunked {
            let length: u64 = header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            return self.body(length, sink).await;
        }
        loop {
            let size = self.line().await?;
            let size = u64::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
            if size == 0 {
                while !self.line().await?.is_empty() {}
                return Some(());
            }
            self.body(size, sink).await?;
            self.line().await?;
        }
    }
}

/// Hashes bytes as they stream past.
#[derive(Default)]
pub(crate) struct Hasher {
    md5: Md5,
    sha: Sha256,
    len: u64,
}

impl Hasher {
    pub(crate) fn update(&mut self, data: &[u8]) {
        self.md5.update(data);
        self.sha.update(data);
        self.len += data.len() as u64;
    }

    pub(crate) fn finish(self) -> Upload {
        Upload {
            len: self.len,
            md5: self.md5.finalize().into(),
            sha256: self.sha.finalize().into(),
        }
    }
}

async fn connection(stream: TcpStream, handler: Handler) -> Option<()> {
    let mut conn = Conn::new(stream);
    loop {
        let (method, target, headers) = conn.head().await?;
        let mut hasher = Hasher::default();
        conn.request_body(&headers, &mut |data| hasher.update(data))
            .await?;
        let upload = hasher.finish();
        let (status, extra, body) = handler(StoredRequest {
            method,
            target,
            headers,
            upload,
        });
        let mut response = format!(
            "HTTP/1.1 {status} {}\r\ncontent-length: {}\r\n",
            if status < 400 { "OK" } else { "Error" },
            body.len()
        );
        for (k, v) in extra {
            response.push_str(&format!("{k}: {v}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(&body);
        conn.stream.write_all(response.as_bytes()).await.ok()?;
    }
}
