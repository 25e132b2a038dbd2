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
    pub async fn list(&self) -> Result<Vec<Company>> {
        let envelope: CompaniesEnvelope = self
            .client
            .call(ApiRequest::get("list_companies", "Companies"))
            .await?;
        Ok(envelope.companies)
    }

    /// Creates a company (`POST /Companies`); its id has 1 to 100 characters
    /// and must not start with `_`.
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
