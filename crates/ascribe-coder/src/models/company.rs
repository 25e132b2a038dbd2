use super::ids::CompanyKey;
use serde::{Deserialize, Serialize};

/// A company (a client or an end company of studies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Company {
    /// The service's key of the company.
    pub key: CompanyKey,
    /// The company's id.
    pub id: String,
}

#[derive(Deserialize)]
pub(crate) struct CompaniesEnvelope {
    #[serde(default)]
    pub(crate) companies: Vec<Company>,
}

#[derive(Serialize)]
pub(crate) struct NewCompanyBody<'a> {
    pub(crate) id: &'a str,
}
