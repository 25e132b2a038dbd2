//! A prepared request: required arguments given, ready to [`send`](ApiCall::send).

use std::fmt;

use auth_core::Error as CoreError;
use auth_core::http::{ApiRequest, decode_json};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::SymblClient;
use crate::error::Result;

type Decode<T> = Box<dyn FnOnce(&'static str, &[u8]) -> Result<T> + Send>;

/// One endpoint call with its arguments set: [`send`](Self::send) performs
/// it. Built by the resource handlers (`client.manage().trackers().get(id)`).
#[must_use = "a call does nothing until sent"]
pub struct ApiCall<'a, T> {
    client: &'a SymblClient,
    request: Result<ApiRequest>,
    decode: Decode<T>,
}

impl<T> fmt::Debug for ApiCall<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ApiCall");
        if let Ok(req) = &self.request {
            d.field("operation", &req.operation())
                .field("method", req.method());
        }
        d.finish_non_exhaustive()
    }
}

impl<'a, T: Send + 'static> ApiCall<'a, T> {
    /// A call whose whole body decodes as `T`.
    pub(crate) fn whole(client: &'a SymblClient, request: Result<ApiRequest>) -> Self
    where
        T: DeserializeOwned,
    {
        Self {
            client,
            request,
            decode: Box::new(|op, body| Ok(decode_json(op, body)?)),
        }
    }

    /// A call whose body is `{key: T}`.
    pub(crate) fn field(
        client: &'a SymblClient,
        request: Result<ApiRequest>,
        key: &'static str,
    ) -> Self
    where
        T: DeserializeOwned,
    {
        Self {
            client,
            request,
            decode: Box::new(move |op, body| {
                let mut value: Value = decode_json(op, body)?;
                let inner =
                    value
                        .get_mut(key)
                        .map(Value::take)
                        .ok_or_else(|| CoreError::Decode {
                            operation: op.to_owned(),
                            path: key.to_owned(),
                            message: format!("missing field `{key}`"),
                        })?;
                serde_json::from_value(inner).map_err(|e| {
                    CoreError::Decode {
                        operation: op.to_owned(),
                        path: key.to_owned(),
                        message: e.to_string(),
                    }
                    .into()
                })
            }),
        }
    }
}

impl<'a> ApiCall<'a, ()> {
    /// A call answered with Symbl's `{message}` acknowledgement (or nothing).
    pub(crate) fn ack(client: &'a SymblClient, request: Result<ApiRequest>) -> Self {
        Self {
            client,
            request,
            decode: Box::new(|_, _| Ok(())),
        }
    }
}

impl<T> ApiCall<'_, T> {
    /// Sends the request and decodes the answer.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and
    /// message when it refuses (404 for an unknown id, 409 for a duplicate
    /// name, ...), transport and token errors, or a decode error when the
    /// answer does not have the documented shape.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let trackers = client.manage().trackers().list().send().await?;
    /// # let _ = trackers; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<T> {
        let request = self.request?;
        let operation = request.operation();
        let response = self.client.send(request).await?;
        (self.decode)(operation, response.body())
    }
}
