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
}
