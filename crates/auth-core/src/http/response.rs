//! A successful response and its decoding.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A response with a success status, its body read.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) request_id: Option<String>,
}

impl ApiResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The request id the service assigned, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Decodes the JSON body; a mismatch names the path where it happened.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode_json(self.operation, &self.body)
    }
}

/// Decodes `body` as JSON, with the failing path in the error; bytes after
/// the JSON value (other than whitespace) are refused.
pub fn decode_json<T: DeserializeOwned>(operation: &str, body: &[u8]) -> Result<T> {
    // The plain decoder first: tracking the path costs an allocation per
    // map key, so it is only paid again, to name the path, when the plain
    // decode fails (rare: a service answering out of shape).
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value =
        serde_path_to_error::deserialize(&mut de).map_err(|e| Error::decode(operation, e))?;
    de.end().map_err(|e| Error::Decode {
        operation: operation.to_owned(),
        path: String::new(),
        message: format!("unexpected bytes after the JSON value: {e}"),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_garbage_is_refused_and_whitespace_is_not() {
        assert!(decode_json::<serde_json::Value>("op", br#"{"a":1} "#).is_ok());
        let err = decode_json::<serde_json::Value>("op", br#"{"a":1}<html>"#).expect_err("garbage");
        assert!(matches!(err, Error::Decode { .. }));
    }

    #[test]
    fn a_mismatch_names_its_path_after_the_fast_decode_failed() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            items: Vec<Item>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            id: u32,
        }
        let ok: Page = decode_json("op", br#"{"items":[{"id":1}]}"#).expect("decodes");
        assert_eq!(ok.items.len(), 1);
        let err =
            decode_json::<Page>("op", br#"{"items":[{"id":1},{"id":"x"}]}"#).expect_err("mismatch");
        match err {
            Error::Decode { path, .. } => assert_eq!(path, "items[1].id"),
            other => panic!("{other:?}"),
        }
    }
}
