//! Company calls (`/Companies`): list and create.

use auth_core::http::ApiRequest;

use super::invalid;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{CompaniesEnvelope, Company, NewCompanyBody};

/// Company calls (`/Companies`).
#[derive(Debug, Clone)]
pub struct Companies {
    client: AscribeClient,
}

impl Companies {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Lists the companies (`GET /Companies`).
    ///
    /// # Errors
    /// [`Error::Service`](crate::Error::Service) when the service refuses;
    /// [`Error::Core`](crate::Error::Core) for transport, timeout,
    /// authentication and decoding failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// for company in client.companies().list().await? {
    ///     println!("{} {}", company.key, company.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self) -> Result<Vec<Company>> {
        let envelope: CompaniesEnvelope = self
            .client
            .call(ApiRequest::get("list_companies", "Companies"))
            .await?;
        Ok(envelope.companies)
    }

    /// Creates a company (`POST /Companies`); its id has 1 to 100 characters
    /// and must not start with `_`.
    ///
    /// # Errors
    /// [`Error::Core`](crate::Error::Core) with an invalid-input error,
    /// before anything is sent, for an id that breaks those rules;
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (a duplicate id); [`Error::Core`](crate::Error::Core) for transport
    /// and authentication failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let company = client.companies().create("Acme Research").await?;
    /// println!("company key {}", company.key);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, id: &str) -> Result<Company> {
        let len = id.chars().count();
        if !(1..=100).contains(&len) || id.starts_with('_') {
            return Err(invalid(
                "a company id has 1 to 100 characters and does not start with `_`",
            ));
        }
        self.client
            .call(ApiRequest::post("create_company", "Companies").json(&NewCompanyBody { id })?)
            .await
    }
}
