//! A step's attachments, checklists (and their items), tables and texts;
//! results with a text or a file.

use tokio::io::AsyncWrite;

use crate::api::files::{Upload, send_upload};
use crate::api::resource::resource_api;
use crate::api::{ResultsApi, StepsApi};
use crate::error::Result;
use crate::ids::{AttachmentId, ChecklistId, ChecklistItemId, StepId, TableId, TextId};
use crate::jsonapi::{Document, IncludedResource, Resource};
use crate::models::{
    Attachment, AttachmentAttributes, ChecklistAttributes, ChecklistItemAttributes,
    ChecklistItemChange, NewChecklist, NewChecklistItem, NewTable, NewText, ResultAttributes,
    StepTextAttributes, TableAttributes, TableChange, TaskResult,
};

resource_api!(
    /// A step's (or, in v2, a result's) attachments (`…/attachments`):
    /// list, get, upload, download; delete in v2 only (v1 answers 404).
    AttachmentsApi {
        attributes: AttachmentAttributes,
        id: AttachmentId,
        op: "attachment",
        example: "client.protocols(1, 2, 3, 4).steps(5).attachments(6)",
        methods: [list, get, delete],
    }
);

impl AttachmentsApi {
    /// Uploads a file (multipart, streamed: the file is never read whole).
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the file cannot be read;
    /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with 400 on
    /// a refused file, 404 for an unknown step.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::api::Upload;
    /// let file = Upload::file("gel.png").content_type("image/png");
    /// let attachment = client.protocols(1, 2, 3, 4).steps(5).attachments(6).upload(file).await?;
    /// println!("{:?}", attachment.attributes.file_size);
    /// # Ok(()) }
    /// ```
    pub async fn upload(&self, file: Upload) -> Result<Attachment> {
        let doc: Document<Attachment> = send_upload(
            &self.c.client,
            "upload_attachment",
            self.c.path.clone(),
            file,
            &[("data[type]", "attachments")],
            "data[attributes][file]",
        )
        .await?;
        Ok(doc.data)
    }

    /// Downloads an attachment into `writer` (bounded memory); returns the
    /// bytes written.
    ///
    /// # Errors
    /// 404 for an unknown attachment; [`auth_core::Error::InvalidInput`]
    /// when it has no file or the write fails.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let mut out = Vec::new();
    /// client.protocols(1, 2, 3, 4).steps(5).attachments(6).download(7, &mut out).await?;
    /// # Ok(()) }
    /// ```
    pub async fn download<W: AsyncWrite + Unpin + ?Sized>(
        &self,
        id: impl Into<AttachmentId>,
        writer: &mut W,
    ) -> Result<u64> {
        let doc = self.get(id, &[]).await?;
        let url = doc.data.attributes.file_url.ok_or_else(|| {
            auth_core::Error::InvalidInput("the attachment has no file URL".into())
        })?;
        self.c.client.download(&url, writer).await
    }
}

resource_api!(
    /// A step's checklists (`…/steps/S/checklists`; `include=checklist_items`).
    ChecklistsApi {
        attributes: ChecklistAttributes,
        id: ChecklistId,
        op: "checklist",
        example: "client.protocols(1, 2, 3, 4).steps(5).checklists(6)",
        create: (NewChecklist, "NewChecklist::new(\"QC\")"),
        update: (NewChecklist, "NewChecklist::new(\"QC 2\")"),
        methods: [list, get, create, update, delete],
    }
);

impl ChecklistsApi {
    /// A checklist's items.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let items = client.protocols(1, 2, 3, 4).steps(5).checklists(6).items(7).list().all().await?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn items(&self, checklist: impl Into<ChecklistId>) -> ChecklistItemsApi {
        let id: ChecklistId = checklist.into();
        ChecklistItemsApi::from_collection(self.c.child(id.as_str(), "items", "checklist_items"))
    }
}

resource_api!(
    /// A checklist's items (`…/checklists/C/items`).
    ChecklistItemsApi {
        attributes: ChecklistItemAttributes,
        id: ChecklistItemId,
        op: "checklist_item",
        example: "client.protocols(1, 2, 3, 4).steps(5).checklists(6).items(7)",
        create: (NewChecklistItem, "NewChecklistItem::new(\"Calibrate\")"),
        update: (ChecklistItemChange, "ChecklistItemChange::new().checked(true)"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A step's tables (`…/steps/S/tables`).
    TablesApi {
        attributes: TableAttributes,
        id: TableId,
        op: "table",
        example: "client.protocols(1, 2, 3, 4).steps(5).tables(6)",
        create: (NewTable, "NewTable::new(\"Plate\", r#\"{\"data\":[[\"1\"]]}\"#)"),
        update: (TableChange, "TableChange::new().name(\"Plate 2\")"),
        methods: [list, get, create, update, delete],
    }
);

resource_api!(
    /// A step's texts (`…/steps/S/step_texts`).
    StepTextsApi {
        attributes: StepTextAttributes,
        id: TextId,
        op: "step_text",
        example: "client.protocols(1, 2, 3, 4).steps(5).texts(6)",
        create: (NewText, "NewText::new(\"<p>Mix</p>\")"),
        update: (NewText, "NewText::new(\"<p>Mix well</p>\")"),
        methods: [list, get, create, update, delete],
    }
);

impl StepsApi {
    fn child(
        &self,
        step: impl Into<StepId>,
        segment: &str,
        kind: &'static str,
    ) -> crate::api::Collection {
        let id: StepId = step.into();
        self.c.child(id.as_str(), segment, kind)
    }

    /// A step's attachments.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let files = client.protocols(1, 2, 3, 4).steps(5).attachments(6).list().all().await?;
    /// # let _ = files; Ok(()) }
    /// ```
    pub fn attachments(&self, step: impl Into<StepId>) -> AttachmentsApi {
        AttachmentsApi::from_collection(self.child(step, "attachments", "attachments"))
    }

    /// A step's checklists.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let lists = client.protocols(1, 2, 3, 4).steps(5).checklists(6).list().all().await?;
    /// # let _ = lists; Ok(()) }
    /// ```
    pub fn checklists(&self, step: impl Into<StepId>) -> ChecklistsApi {
        ChecklistsApi::from_collection(self.child(step, "checklists", "checklists"))
    }

    /// A step's tables.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let tables = client.protocols(1, 2, 3, 4).steps(5).tables(6).list().all().await?;
    /// # let _ = tables; Ok(()) }
    /// ```
    pub fn tables(&self, step: impl Into<StepId>) -> TablesApi {
        TablesApi::from_collection(self.child(step, "tables", "tables"))
    }

    /// A step's texts.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let texts = client.protocols(1, 2, 3, 4).steps(5).texts(6).list().all().await?;
    /// # let _ = texts; Ok(()) }
    /// ```
    pub fn texts(&self, step: impl Into<StepId>) -> StepTextsApi {
        StepTextsApi::from_collection(self.child(step, "step_texts", "step_texts"))
    }
}

impl ResultsApi {
    /// Creates a text result (a `result_texts` child in `included`); the
    /// answer's `included` holds the text.
    ///
    /// # Errors
    /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with 400 on
    /// a blank name or text, 404 for an unknown task.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let doc = client.results(1, 2, 3, 4).create_text("Yield", "<p>82 %</p>").await?;
    /// println!("{}", doc.data.id);
    /// # Ok(()) }
    /// ```
    pub async fn create_text(
        &self,
        name: &str,
        text: &str,
    ) -> Result<Document<Resource<ResultAttributes>>> {
        let body =
            crate::jsonapi::NewResource::create("results", serde_json::json!({ "name": name }))
                .with_included([IncludedResource::new(
                    "result_texts",
                    serde_json::json!({ "text": text }),
                )]);
        let request = crate::jsonapi::json_api_body(
            auth_core::http::ApiRequest::post("create_text_result", self.c.path.clone()),
            &body,
        )?;
        self.c.client.send_json(request).await
    }

    /// Creates a text result with inline images (`tiny_mce_assets`): each
    /// image's token must appear in the text as `data-mce-token="…"`.
    ///
    /// # Errors
    /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with 400
    /// when a token in the text has no image or an image's token is not in
    /// the text, or on a blank name; 404 for an unknown task.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::api::InlineImage;
    /// let text = r#"<p>Gel:</p><img data-mce-token="gel1"/>"#;
    /// let image = InlineImage::new("gel1", "gel.png", "image/png", std::fs::read("gel.png").unwrap_or_default());
    /// let doc = client.results(1, 2, 3, 4).create_text_with_images("Gel", text, &[image]).await?;
    /// # let _ = doc; Ok(()) }
    /// ```
    pub async fn create_text_with_images(
        &self,
        name: &str,
        text: &str,
        images: &[InlineImage],
    ) -> Result<Document<Resource<ResultAttributes>>> {
        use base64::Engine as _;
        let mut included = vec![IncludedResource::new(
            "result_texts",
            serde_json::json!({ "text": text }),
        )];
        for image in images {
            let data = base64::engine::general_purpose::STANDARD.encode(&image.data);
            included.push(IncludedResource::new(
                "tiny_mce_assets",
                serde_json::json!({
                    "file_token": image.token,
                    "file_name": image.file_name,
                    "file_data": format!("data:{};base64,{data}", image.content_type),
                }),
            ));
        }
        let body =
            crate::jsonapi::NewResource::create("results", serde_json::json!({ "name": name }))
                .with_included(included);
        let request = crate::jsonapi::json_api_body(
            auth_core::http::ApiRequest::post("create_text_result", self.c.path.clone()),
            &body,
        )?;
        self.c.client.send_json(request).await
    }

    /// Creates a file result: the file goes up as multipart (a
    /// `result_files` child), streamed, never read whole.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] when the file cannot be read;
    /// [`SciNoteError::JsonApi`](crate::SciNoteError::JsonApi) with 400 on
    /// a blank name, 404 for an unknown task.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// use scinote::api::Upload;
    /// let doc = client.results(1, 2, 3, 4).create_with_file("Gel", Upload::file("gel.png")).await?;
    /// # let _ = doc; Ok(()) }
    /// ```
    pub async fn create_with_file(&self, name: &str, file: Upload) -> Result<Document<TaskResult>> {
        send_upload(
            &self.c.client,
            "create_file_result",
            self.c.path.clone(),
            file,
            &[
                ("data[type]", "results"),
                ("data[attributes][name]", name),
                ("included[][type]", "result_files"),
            ],
            "included[][attributes][file]",
        )
        .await
    }
}

/// An image embedded in a result text (a `tiny_mce_assets` child, sent
/// base64-encoded in the JSON body, so keep it small).
#[derive(Clone)]
pub struct InlineImage {
    token: String,
    file_name: String,
    content_type: String,
    data: Vec<u8>,
}

impl std::fmt::Debug for InlineImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineImage")
            .field("token", &self.token)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &self.data.len())
            .finish()
    }
}

impl InlineImage {
    /// An image referenced in the text by `data-mce-token="{token}"`.
    ///
    /// ```no_run
    /// let image = scinote::api::InlineImage::new("gel1", "gel.png", "image/png", vec![0x89, b'P', b'N', b'G']);
    /// # let _ = image;
    /// ```
    pub fn new(
        token: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            token: token.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
            data: data.into(),
        }
    }
}
