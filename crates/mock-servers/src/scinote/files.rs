//! Files in the SciNote mock: multipart uploads parsed and stored with
//! their SHA-256, served back at `/files/{id}` with `Range` support.

use sha2::{Digest, Sha256};
use wiremock::{Request, ResponseTemplate};

/// A file the mock received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The file's id (in its `file_url`).
    pub id: String,
    /// The file name sent.
    pub file_name: String,
    /// The content type sent.
    pub content_type: String,
    /// The size in bytes.
    pub size: u64,
    /// The SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

pub(crate) struct StoredFile {
    pub(crate) info: UploadedFile,
    pub(crate) bytes: Vec<u8>,
}

/// One part of a multipart body.
pub(crate) struct Part<'a> {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: &'a [u8],
}

/// The boundary of a `multipart/form-data` request, if it is one.
pub(crate) fn boundary(request: &Request) -> Option<String> {
    let ct = request.headers.get("content-type")?.to_str().ok()?;
    if !ct.starts_with("multipart/form-data") {
        return None;
    }
    ct.split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| &haystack[i..i + needle.len()] == needle)
}

/// Splits a multipart body into its parts; `None` when malformed.
pub(crate) fn parse_multipart<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, delimiter, 0)? + delimiter.len();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(parts);
        }
        at += 2; // CRLF after the delimiter
        let headers_end = find(body, b"\r\n\r\n", at)?;
        let headers = std::str::from_utf8(&body[at..headers_end]).ok()?;
        let data_start = headers_end + 4;
        let next = find(body, &[b"\r\n", delimiter].concat(), data_start)?;
        let mut name = String::new();
        let mut file_name = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition:") {
                for item in line.split(';').map(str::trim) {
                    if let Some(v) = item.strip_prefix("name=") {
                        name = v.trim_matches('"').to_owned();
                    } else if let Some(v) = item.strip_prefix("filename=") {
                        file_name = Some(v.trim_matches('"').to_owned());
                    }
                }
            } else if lower.starts_with("content-type:") {
                content_type = line.split_once(':').map(|(_, v)| v.trim().to_owned());
            }
        }
        parts.push(Part {
            name,
            file_name,
            content_type,
            data: &body[data_start..next],
        });
        at = next + 2 + delimiter.len();
    }
}

/// Stores a file; returns its description.
pub(crate) fn store(id: String, part: &Part<'_>) -> StoredFile {
    let sha256 = Sha256::digest(part.data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    StoredFile {
        info: UploadedFile {
            id,
            file_name: part.file_name.clone().unwrap_or_default(),
            content_type: part
                .content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into()),
            size: part.data.len() as u64,
            sha256,
        },
        bytes: part.data.to_vec(),
    }
}

/// Serves a stored file, honouring `Range: bytes=a-b` with a 206.
pub(crate) fn serve(file: &StoredFile, request: &Request) -> ResponseTemplate {
    let total = file.bytes.len();
    let range = request
        .headers
        .get("range")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes="))
        .and_then(|v| v.split_once('-'))
        .and_then(|(a, b)| {
            let start = a.parse::<usize>().ok()?;
            let end = if b.is_empty() {
                total.saturating_sub(1)
            } else {
                b.parse::<usize>().ok()?.min(total.saturating_sub(1))
            };
            Some((start, end))
        });
    match range {
        Some((start, end)) if start < total && start <= end => ResponseTemplate::new(206)
            .insert_header("content-type", file.info.content_type.as_str())
            .insert_header(
                "content-range",
                format!("bytes {start}-{end}/{total}").as_str(),
            )
            .set_body_bytes(file.bytes[start..=end].to_vec()),
        Some(_) => ResponseTemplate::new(416)
            .insert_header("content-range", format!("bytes */{total}").as_str()),
        None => ResponseTemplate::new(200)
            .insert_header("content-type", file.info.content_type.as_str())
            .set_body_bytes(file.bytes.clone()),
    }
}
