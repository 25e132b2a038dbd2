//! The `Api-Key` header mode.

use std::fmt;

use async_trait::async_trait;
use auth_core::Error;
use auth_core::http::{AuthRequest, AuthTicket, RequestAuth};
use auth_core::secret::ClientSecret;
use http::{HeaderName, HeaderValue, StatusCode};

use crate::error::Result;

/// The `Api-Key: <key>` header, for instances with `CORE_API_KEY_ENABLED`.
pub(crate) struct ApiKeyAuth {
    pub(crate) key: ClientSecret,
}

impl fmt::Debug for ApiKeyAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyAuth")
            .field("key", &self.key)
            .finish()
    }
}

impl ApiKeyAuth {
    fn put(&self, request: &mut AuthRequest<'_>) -> Result<AuthTicket, Error> {
        let mut value = HeaderValue::try_from(self.key.expose_secret())
            .map_err(|_| Error::Config("the API key is not a valid header value".into()))?;
        value.set_sensitive(true);
        request
            .headers_mut()
            .insert(HeaderName::from_static("api-key"), value);
        Ok(AuthTicket::none())
    }
}

#[async_trait]
impl RequestAuth for ApiKeyAuth {
    async fn authorize(&self, request: &mut AuthRequest<'_>) -> Result<AuthTicket, Error> {
        self.put(request)
    }

    fn authorize_now(&self, request: &mut AuthRequest<'_>) -> Option<Result<AuthTicket, Error>> {
        Some(self.put(request))
    }

    fn reject(&self, _ticket: &AuthTicket) {}

    // A refused key cannot be refreshed: the 401 is returned as is.
    fn is_rejection(&self, _status: StatusCode) -> bool {
        false
    }
}
