//! The elements of a v2 result (texts, tables, attachments) and of a v2
//! step (texts, tables, checklists, attachments, form responses).

use super::Scope;
use crate::api::resource::resource_api;
use crate::api::step_elements::{AttachmentsApi, ChecklistsApi, StepTextsApi, TablesApi};
use crate::ids::{ChecklistId, FormResponseId, TableId, TextId};
use crate::models::{
    FormResponseAttributes, NewTable, NewText, ResultTableAttributes, ResultTextAttributes,
    TableChange,
};

/// A result's elements (v2).
#[derive(Debug, Clone)]
pub struct ResultElements {
    pub(super) scope: Scope,
}

impl ResultElements {
    /// The result's texts.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewText;
    /// let text = client.v2().task(1, 2, 3, 4).result_elements(5).texts().create(&NewText::new("<p>ok</p>")).await?;
    /// # let _ = text; Ok(()) }
    /// ```
    pub fn texts(&self) -> ResultTextsApi {
        ResultTextsApi::from_collection(self.scope.collection("texts", "result_texts"))
    }

    /// The result's tables.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let tables = client.v2().task(1, 2, 3, 4).result_elements(5).tables().list().all().await?;
    /// # let _ = tables; Ok(()) }
    /// ```
    pub fn tables(&self) -> ResultTablesApi {
        ResultTablesApi::from_collection(self.scope.collection("tables", "tables"))
    }

    /// The result's attachments (upload, download, delete).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::api::Upload;
    /// let file = client.v2().task(1, 2, 3, 4).result_elements(5).attachments().upload(Upload::file("gel.png")).await?;
    /// # let _ = file; Ok(()) }
    /// ```
    pub fn attachments(&self) -> AttachmentsApi {
        AttachmentsApi::from_collection(self.scope.collection("attachments", "attachments"))
    }
}

resource_api!(
    /// A result's texts (v2, `result_texts`).
    ResultTextsApi {
        attributes: ResultTextAttributes,
        id: TextId,
        op: "v2_result_text",
        example: "client.v2().task(1, 2, 3, 4).result_elements(5).texts()",
        create: (NewText, "NewText::new(\"<p>ok</p>\")"),
        update: (NewText, "NewText::new(\"<p>fine</p>\")"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A result's tables (v2, `tables`).
    ResultTablesApi {
        attributes: ResultTableAttributes,
        id: TableId,
        op: "v2_result_table",
        example: "client.v2().task(1, 2, 3, 4).result_elements(5).tables()",
        create: (NewTable, "NewTable::new(\"Plate\", r#\"{\"data\":[[\"1\"]]}\"#)"),
        update: (TableChange, "TableChange::new().name(\"Plate 2\")"),
        methods: [list, get, create, update, delete],
    }
);

/// A step's elements (v2).
#[derive(Debug, Clone)]
pub struct StepElements {
    pub(super) scope: Scope,
}

impl StepElements {
    /// The step's texts (`…/steps/S/texts`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::models::NewText;
    /// let text = client.v2().task(1, 2, 3, 4).step_elements(5, 6).texts().create(&NewText::new("<p>Mix</p>").name("Notes")).await?;
    /// # let _ = text; Ok(()) }
    /// ```
    pub fn texts(&self) -> StepTextsApi {
        StepTextsApi::from_collection(self.scope.collection("texts", "step_texts"))
    }

    /// The step's tables.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let tables = client.v2().task(1, 2, 3, 4).step_elements(5, 6).tables().list().all().await?;
    /// # let _ = tables; Ok(()) }
    /// ```
    pub fn tables(&self) -> TablesApi {
        TablesApi::from_collection(self.scope.collection("tables", "tables"))
    }

    /// The step's checklists (and through them, their items).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let items = client.v2().task(1, 2, 3, 4).step_elements(5, 6).checklists().items(7).list().all().await?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn checklists(&self) -> ChecklistsApi {
        ChecklistsApi::from_collection(self.scope.collection("checklists", "checklists"))
    }

    /// The items of one checklist (`…/checklists/C/checklist_items`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let items = client.v2().task(1, 2, 3, 4).step_elements(5, 6).checklist_items(7).list().all().await?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn checklist_items(
        &self,
        checklist: impl Into<ChecklistId>,
    ) -> crate::api::step_elements::ChecklistItemsApi {
        let c: ChecklistId = checklist.into();
        crate::api::step_elements::ChecklistItemsApi::from_collection(
            self.scope.collection("checklists", "checklists").child(
                c.as_str(),
                "checklist_items",
                "checklist_items",
            ),
        )
    }

    /// The step's attachments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let files = client.v2().task(1, 2, 3, 4).step_elements(5, 6).attachments().list().all().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub fn attachments(&self) -> AttachmentsApi {
        AttachmentsApi::from_collection(self.scope.collection("attachments", "attachments"))
    }

    /// The step's form responses (read-only; `include=form_field_values,
    /// form_field_values.form_field`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let forms = client.v2().task(1, 2, 3, 4).step_elements(5, 6).form_responses().list().all().await?;
    /// # let _ = forms; Ok(()) }
    /// ```
    pub fn form_responses(&self) -> FormResponsesApi {
        FormResponsesApi::from_collection(self.scope.collection("form_responses", "form_responses"))
    }
}

resource_api!(
    /// A step's form responses (v2, read-only).
    FormResponsesApi {
        attributes: FormResponseAttributes,
        id: FormResponseId,
        op: "form_response",
        example: "client.v2().task(1, 2, 3, 4).step_elements(5, 6).form_responses()",
        methods: [list, get],
    }
);
