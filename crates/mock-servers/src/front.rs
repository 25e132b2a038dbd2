//! A streaming front for a wiremock-based mock: wiremock reads every
//! request body into memory before any matcher runs, so a mock whose API
//! takes uploads on its own base URL (Symbl's `POST /v1/process/audio`)
//! would hold a whole media file. The front sits on the mock's public
//! address, hashes upload bodies as they stream in (nothing of them is
//! kept), and forwards every request to the wiremock server behind it: an
//! upload with an empty body and its size and digests in `x-mock-upload-*`
//! headers, anything else as it came.

use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::storage::{Conn, Hasher, Upload};

/// The header carrying an upload's length (decimal).
pub const UPLOAD_LEN: &str = "x-mock-upload-len";
/// The header carrying an upload's MD5 (hex).
pub const UPLOAD_MD5: &str = "x-mock-upload-md5";
/// The header carrying an upload's SHA-256 (hex).
pub const UPLOAD_SHA256: &str = "x-mock-upload-sha256";
/// The header saying the upload came chunked (no length announced).
pub const UPLOAD_CHUNKED: &str = "x-mock-upload-chunked";
/// The header carrying the upload's announced `Content-Length`.
pub const UPLOAD_CONTENT_LENGTH: &str = "x-mock-upload-content-length";

/// The largest non-upload body forwarded (requests of these APIs are small).
const MAX_PLAIN_BODY: usize = 16 * 1024 * 1024;

/// Which requests are uploads: `(method, path)`.
pub type IsUpload = fn(&str, &str) -> bool;

/// A running front. Dropping it stops it.
pub struct StreamingFront {
    uri: String,
    acceptor: JoinHandle<()>,
}

impl StreamingFront {
    /// Starts a front on a free port of 127.0.0.1 for the server at
    /// `backend` (`http://127.0.0.1:PORT`).
    pub async fn start(backend: String, is_upload: IsUpload) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let uri = format!("http://{}", listener.local_addr().expect("local address"));
        // reqwest is built without a default crypto provider (one for the
        // whole workspace); losing a race to install it is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // The backend is on this machine: never through a proxy.
            .no_proxy()
            .build()
            .expect("the front's HTTP client");
        let shared = Arc::new((backend, client, is_upload));
        let acceptor = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(stream, Arc::clone(&shared)));
            }
        });
        Self { uri, acceptor }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl Drop for StreamingFront {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

/// The size and digests an upload request carried through the front, or
/// `None` when it did not come through one.
pub fn upload_of(headers: &http::HeaderMap) -> Option<Upload> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let hex_array = |name: &str| hex::decode(text(name)?).ok();
    Some(Upload {
        len: text(UPLOAD_LEN)?.parse().ok()?,
        md5: hex_array(UPLOAD_MD5)?.try_into().ok()?,
        sha256: hex_array(UPLOAD_SHA256)?.try_into().ok()?,
    })
}

type Shared = Arc<(String, reqwest::Client, IsUpload)>;

async fn connection(stream: TcpStream, shared: Shared) -> Option<()> {
    let (backend, client, is_upload) = &*shared;
    let mut conn = Conn::new(stream);
    loop {
        let (method, target, headers) = conn.head().await?;
        let path = target.split('?').next().unwrap_or(&target).to_owned();
        let upload = is_upload(&method, &path);
        let mut forwarded = Vec::new();
        let mut plain = Vec::new();
        if upload {
            let mut hasher = Hasher::default();
            conn.request_body(&headers, &mut |data| hasher.update(data))
                .await?;
            let digest = hasher.finish();
            forwarded.push((UPLOAD_LEN.to_owned(), digest.len.to_string()));
            forwarded.push((UPLOAD_MD5.to_owned(), hex::encode(digest.md5)));
            forwarded.push((UPLOAD_SHA256.to_owned(), hex::encode(digest.sha256)));
        } else {
            let mut too_big = false;
            conn.request_body(&headers, &mut |data| {
                if plain.len() + data.len() > MAX_PLAIN_BODY {
                    too_big = true;
                } else {
                    plain.extend_from_slice(data);
                }
            })
            .await?;
            if too_big {
                respond(&mut conn.stream, 413, &[], b"request body too large").await?;
                continue;
            }
        }
        for (k, v) in &headers {
            match k.as_str() {
                // Hop-by-hop, or describing the body the front replaced.
                "host" | "connection" | "transfer-encoding" | "expect" => {
                    if upload && k == "transfer-encoding" {
                        forwarded.push((UPLOAD_CHUNKED.to_owned(), "true".to_owned()));
                    }
                }
                "content-length" if upload => {
                    forwarded.push((UPLOAD_CONTENT_LENGTH.to_owned(), v.clone()));
                }
                "content-length" => {}
                _ => forwarded.push((k.clone(), v.clone())),
            }
        }
        let method = reqwest::Method::from_bytes(method.as_bytes()).ok()?;
        let mut request = client.request(method, format!("{backend}{target}"));
        for (k, v) in &forwarded {
            request = request.header(k.as_str(), v.as_str());
        }
        let answer = request.body(plain).send().await;
        let Ok(answer) = answer else {
            respond(
                &mut conn.stream,
                502,
                &[],
                b"the mock behind the front failed",
            )
            .await?;
            continue;
        };
        let status = answer.status().as_u16();
        let headers: Vec<(String, String)> = answer
            .headers()
            .iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "content-length" | "transfer-encoding" | "connection"
                )
            })
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = answer.bytes().await.ok()?;
        respond(&mut conn.stream, status, &headers, &body).await?;
    }
}

async fn respond(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> Option<()> {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Status");
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(body).await.ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};

    fn uploads(method: &str, path: &str) -> bool {
        method == "POST" && path == "/upload"
    }

    #[tokio::test]
    async fn uploads_reach_the_backend_as_digests_and_other_calls_unchanged() {
        let backend = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/upload"))
            .respond_with(|req: &Request| {
                let digest = upload_of(&req.headers).expect("digest headers");
                ResponseTemplate::new(201)
                    .insert_header("x-seen-body", req.body.len().to_string())
                    .set_body_string(format!("{}:{}", digest.len, hex::encode(digest.md5)))
            })
            .mount(&backend)
            .await;
        Mock::given(method("PUT"))
            .and(path("/echo"))
            .respond_with(|req: &Request| {
                ResponseTemplate::new(200).set_body_bytes(req.body.clone())
            })
            .mount(&backend)
            .await;
        let front = StreamingFront::start(backend.uri(), uploads).await;
        let client = reqwest::Client::new();
        assert!(upload_of(&http::HeaderMap::new()).is_none());

        let data = vec![7u8; 3 * 1024 * 1024 + 5];
        let answer = client
            .post(format!("{}/upload?x=1", front.uri()))
            .body(data.clone())
            .send()
            .await
            .expect("upload");
        assert_eq!(answer.status(), 201);
        assert_eq!(
            answer.headers()["x-seen-body"],
            "0",
            "no body reaches wiremock"
        );
        let expected = Upload::of(&data);
        assert_eq!(
            answer.text().await.expect("body"),
            format!("{}:{}", expected.len, hex::encode(expected.md5))
        );

        let answer = client
            .put(format!("{}/echo", front.uri()))
            .body("{\"a\":1}")
            .send()
            .await
            .expect("echo");
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.text().await.expect("body"), "{\"a\":1}");
    }
}
