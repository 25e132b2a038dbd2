//! Study calls (`/Studies`): list, read with counts, create, wait until the
//! coders are done.

use auth_core::http::ApiRequest;
use auth_core::{PollPolicy, poll};

use super::invalid;
use crate::client::AscribeClient;
use crate::error::{Error, Result};
use crate::models::{
    CharSet, CompanyKey, NewStudy, StudiesEnvelope, Study, StudyDetails, StudyKey, StudyStatus,
};

/// Study calls (`/Studies`).
#[derive(Debug, Clone)]
pub struct Studies {
    pub(crate) client: AscribeClient,
}

impl Studies {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Lists studies (`GET /Studies`), optionally filtered: set the filters
    /// on the returned builder, then `.send()`.
    ///
    /// ```no_run
    /// use ascribe_coder::models::StudyStatus;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let open = client
    ///     .studies()
    ///     .list()
    ///     .id_filter("S45*")
    ///     .status_mask([StudyStatus::InProgress])
    ///     .send()
    ///     .await?;
    /// for study in open {
    ///     println!("{} {}", study.key, study.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListStudies {
        ListStudies {
            client: self.client.clone(),
            id_filter: None,
            status_mask: None,
            client_company_key: None,
        }
    }

    /// Reads one study with its counts (`GET /Studies/{key}`).
    ///
    /// # Errors
    /// [`Error::Service`] when the service refuses (an unknown study);
    /// [`Error::Core`] for transport, timeout, authentication and decoding
    /// failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let details = client.studies().get(544).await?;
    /// println!("{} of {} coded", details.count_responses_coded, details.count_responses);
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, study_key: impl Into<StudyKey>) -> Result<StudyDetails> {
        let study_key = study_key.into();
        self.client
            .call(ApiRequest::get("get_study", format!("Studies/{study_key}")))
            .await
    }

    /// Creates a study (`POST /Studies`). Not retried: a retry could create
    /// it twice.
    ///
    /// # Errors
    /// [`Error::Core`] with an invalid-input error, before anything is sent,
    /// for an id outside 1 to 30 characters or a name above 50;
    /// [`Error::Service`] when the service refuses (a duplicate id);
    /// [`Error::Core`] for transport and authentication failures.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewStudy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let study = client.studies().create(NewStudy::new("S458-3").name("Brand survey")).await?;
    /// println!("created study {}", study.key);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, study: NewStudy) -> Result<Study> {
        study.validate().map_err(invalid)?;
        self.client
            .call(ApiRequest::post("create_study", "Studies").json(&study)?)
            .await
    }

    /// Polls the study until its status is `c` (completed), as `policy`
    /// says: the vendor's "humans are done coding" signal, on the client's
    /// clock.
    ///
    /// # Errors
    /// [`Error::UnexpectedState`] when the study is deleted or archived (it
    /// will never complete); a timeout error (see
    /// [`ErrorMetadata::is_timeout`](auth_core::ErrorMetadata::is_timeout))
    /// when the policy's deadline passes first; the errors of
    /// [`get`](Self::get).
    ///
    /// ```no_run
    /// use ascribe_coder::PollPolicy;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let done = client.studies().wait_for_study_completed(544, &PollPolicy::default()).await?;
    /// println!("{} responses coded", done.count_responses_coded);
    /// # Ok(()) }
    /// ```
    pub async fn wait_for_study_completed(
        &self,
        study_key: impl Into<StudyKey>,
        policy: &PollPolicy,
    ) -> Result<StudyDetails> {
        let study_key = study_key.into();
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
    client_company_key: Option<CompanyKey>,
}

impl ListStudies {
    /// Only studies whose id matches (case-insensitive; `*` at the start or
    /// end is a wildcard).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let studies = client.studies().list().id_filter("*-2024").send().await?;
    /// # let _ = studies; Ok(()) }
    /// ```
    pub fn id_filter(mut self, filter: impl Into<String>) -> Self {
        self.id_filter = Some(filter.into());
        self
    }

    /// Only studies with one of these statuses.
    ///
    /// ```no_run
    /// use ascribe_coder::models::StudyStatus;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let studies = client
    ///     .studies()
    ///     .list()
    ///     .status_mask([StudyStatus::InProgress, StudyStatus::OnHold])
    ///     .send()
    ///     .await?;
    /// # let _ = studies; Ok(()) }
    /// ```
    pub fn status_mask(mut self, statuses: impl IntoIterator<Item = StudyStatus>) -> Self {
        self.status_mask = Some(CharSet::new(statuses));
        self
    }

    /// Only studies of this client company.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let studies = client.studies().list().client_company_key(12).send().await?;
    /// # let _ = studies; Ok(()) }
    /// ```
    pub fn client_company_key(mut self, key: impl Into<CompanyKey>) -> Self {
        self.client_company_key = Some(key.into());
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`Error::Service`] when the service refuses the filters;
    /// [`Error::Core`] for transport, timeout, authentication and decoding
    /// failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let all = client.studies().list().send().await?;
    /// println!("{} studies", all.len());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<Study>> {
        let request = ApiRequest::get("list_studies", "Studies")
            .query_opt("idFilter", self.id_filter)
            .query_opt("statusMask", self.status_mask.map(|m| m.to_wire()))
            .query_opt("clientCompanyKey", self.client_company_key.map(|k| k.get()));
        let envelope: StudiesEnvelope = self.client.call(request).await?;
        Ok(envelope.studies)
    }
}
