//! A task in API v2: its results and protocol steps, and the handles on
//! their elements.

use super::Scope;
use super::assignments::V2Assignable;
use super::elements::{ResultElements, StepElements};
use crate::api::Collection;
use crate::api::resource::resource_api;
use crate::client::SciNoteClient;
use crate::ids::{ProtocolId, ResultId, StepId};
use crate::models::{NewResult, NewStep, ResultAttributes, StepAttributes, StepChange};

/// A task in API v2.
#[derive(Debug, Clone)]
pub struct V2Task {
    pub(super) client: SciNoteClient,
    pub(super) path: String,
}

impl V2Task {
    fn scope(&self) -> Scope {
        Scope::new(&self.client, self.path.clone())
    }

    /// The task's results (with `archived` and deletion in v2).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewResult;
    /// let result = client.v2().task(1, 2, 3, 4).results().create(&NewResult::new("Yield")).await?;
    /// # let _ = result; Ok(()) }
    /// ```
    pub fn results(&self) -> V2ResultsApi {
        V2ResultsApi::from_collection(self.scope().collection("results", "results"))
    }

    /// One result's elements: texts, tables, attachments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let texts = client.v2().task(1, 2, 3, 4).result_elements(5).texts().list().all().await?;
    /// # let _ = texts; Ok(()) }
    /// ```
    pub fn result_elements(&self, result: impl Into<ResultId>) -> ResultElements {
        let r: ResultId = result.into();
        ResultElements {
            scope: Scope::new(
                &self.client,
                format!(
                    "{}/results/{}",
                    self.path,
                    auth_core::http::encode_segment(r.as_str())
                ),
            ),
        }
    }

    /// A protocol's steps (v2 steps can be skipped and deleted).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let steps = client.v2().task(1, 2, 3, 4).steps(5).list().all().await?;
    /// # let _ = steps; Ok(()) }
    /// ```
    pub fn steps(&self, protocol: impl Into<ProtocolId>) -> V2StepsApi {
        let p: ProtocolId = protocol.into();
        V2StepsApi::from_collection(Collection::new(
            &self.client,
            format!(
                "{}/protocols/{}/steps",
                self.path,
                auth_core::http::encode_segment(p.as_str())
            ),
            "steps",
        ))
    }

    /// One step's elements: texts, tables, checklists, attachments, form
    /// responses.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let lists = client.v2().task(1, 2, 3, 4).step_elements(5, 6).checklists().list().all().await?;
    /// # let _ = lists; Ok(()) }
    /// ```
    pub fn step_elements(
        &self,
        protocol: impl Into<ProtocolId>,
        step: impl Into<StepId>,
    ) -> StepElements {
        let (p, s): (ProtocolId, StepId) = (protocol.into(), step.into());
        StepElements {
            scope: Scope::new(
                &self.client,
                format!(
                    "{}/protocols/{}/steps/{}",
                    self.path,
                    auth_core::http::encode_segment(p.as_str()),
                    auth_core::http::encode_segment(s.as_str())
                ),
            ),
        }
    }

    /// The task's user-group and team assignments (list, get, update).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let groups = client.v2().task(1, 2, 3, 4).assignments().user_group_assignments().list().all().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn assignments(&self) -> V2Assignable {
        V2Assignable { path: self.scope() }
    }
}

resource_api!(
    /// A task's results in v2 (`…/tasks/K/results`; `include=comments,
    /// result_texts,tables,assets`).
    V2ResultsApi {
        attributes: ResultAttributes,
        id: ResultId,
        op: "v2_result",
        example: "client.v2().task(1, 2, 3, 4).results()",
        create: (NewResult, "NewResult::new(\"Yield\")"),
        update: (NewResult, "NewResult::new(\"Yield\").archived(true)"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A protocol's steps in v2 (`include=tables,assets,checklists,
    /// checklists.checklist_items,comments,user,form_responses`).
    V2StepsApi {
        attributes: StepAttributes,
        id: StepId,
        op: "v2_step",
        example: "client.v2().task(1, 2, 3, 4).steps(5)",
        create: (NewStep, "NewStep::new(\"Mix\")"),
        update: (StepChange, "StepChange::new().completed(true)"),
        methods: [list, get, create, update, delete],
    }
);
