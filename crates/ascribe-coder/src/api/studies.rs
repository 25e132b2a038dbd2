use auth_core::http::ApiRequest;
use auth_core::{PollPolicy, poll};

use super::invalid;
use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::{CharSet, NewStudy, StudiesEnvelope, Study, StudyDetails, StudyStatus};

/// Study calls (`/Studies`).
#[derive(Debug, Clone)]
pub struct Studies {
    pub(crate) client: AscribeClient,
}

impl Studies {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Lists studies (`GET /Studies`), optionally filtered.
    pub fn list(&self) -> ListStudies {
        ListStudies {
            client: self.client.clone(),
            id_filter: None,
            status_mask: None,
            client_company_key: None,
        }
    }

    /// Reads one study with its counts (`GET /Studies/{key}`).
    pub async fn get(&self, study_key: i64) -> Result<StudyDetails> {
        self.client
            .call(ApiRequest::get("get_study", format!("Studies/{study_key}")))
            .await
    }

    /// Creates a study (`POST /Studies`). Not retried: a retry could create
    /// it twice.
    pub async fn create(&self, study: NewStudy) -> Result<Study> {
        study.validate().map_err(invalid)?;
        self.client
            .call(ApiRequest::post("create_study", "Studies").json(&study)?)
            .await
    }

    /// Polls the study until its status is `c` (completed), as `policy`
    /// says: the vendor's "humans are done coding" signal. A deleted or
    /// archived study ends the wait with [`Error::UnexpectedState`]; the
    /// policy's deadline with a timeout.
    pub async fn wait_for_study_completed(
        &self,
        study_key: i64,
        policy: &PollPolicy,
    ) -> Result<StudyDetails> {
        let operation = format!("wait_for_study_completed({study_key})");
        // A deleted or archived study will never complete: stop waiting.
        poll(self.client.clock(), policy, &operation, || async {
            let details = self.get(study_key).await?;
            match &details.study.status {
                StudyStatus::Completed => Ok(Some(details)),
                StudyStatus::Deleted | StudyStatus::Archived => Err(Error::UnexpectedState {
                    what: format!("study {study_key}"),
                    status: details.study.status.to_string(),
                    message: None,
                }),
                _ => Ok(None),
            }
        })
        .await
    }
}

/// `GET /Studies` with its filters.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to list the studies"]
pub struct ListStudies {
    client: AscribeClient,
    id_filter: Option<String>,
    status_mask: Option<CharSet<StudyStatus>>,
    client_company_key: Option<i64>,
}

impl ListStudies {
    /// Only studies whose id matches (case-insensitive; `*` at the start or
    /// end is a wildcard).
    pub fn id_filter(mut self, filter: impl Into<String>) -> Self {
        self.id_filter = Some(filter.into());
        self
    }

    /// Only studies with one of these statuses.
    pub fn status_mask(mut self, statuses: impl IntoIterator<Item = StudyStatus>) -> Self {
        self.status_mask = Some(CharSet::new(statuses));
        self
    }

    /// Only studies of this client company.
    pub fn client_company_key(mut self, key: i64) -> Self {
        self.client_company_key = Some(key);
        self
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Vec<Study>> {
        let request = ApiRequest::get("list_studies", "Studies")
            .query_opt("idFilter", self.id_filter)
            .query_opt("statusMask", self.status_mask.map(|m| m.to_wire()))
            .query_opt("clientCompanyKey", self.client_company_key);
        let envelope: StudiesEnvelope = self.client.call(request).await?;
        Ok(envelope.studies)
    }
}
