//! Step and result elements: attachments, checklists and their items,
//! tables, texts, form responses, and the v2 results and steps.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::jsonapi::Resource;

attributes!(
    /// A file attached to a step or result (`attachments`).
    AttachmentAttributes {
        /// The file name.
        file_name: String,
        /// The size in bytes.
        file_size: u64,
        /// The content type.
        file_type: String,
        /// Where to download it (a signed URL, possibly on another host).
        file_url: String,
        /// When it was created (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A checklist (`checklists`); `include=checklist_items` sends its items.
    ChecklistAttributes {
        /// The name.
        name: String,
        /// The position in the step.
        position: i64,
    }
);

attributes!(
    /// A checklist item (`checklist_items`).
    ChecklistItemAttributes {
        /// The text.
        text: String,
        /// Whether it is checked.
        checked: bool,
        /// The position in the checklist.
        position: i64,
    }
);

attributes!(
    /// A table (`tables`): Handsontable contents as a JSON string.
    TableAttributes {
        /// The name.
        name: String,
        /// The contents (`{"data":[["a","b"]]}` as a string).
        contents: String,
        /// The metadata (cell formats, plate template).
        metadata: Value,
        /// The position in the step.
        position: i64,
    }
);

attributes!(
    /// A step text (`step_texts`).
    StepTextAttributes {
        /// The name (v2).
        name: String,
        /// The rich text (HTML).
        text: String,
        /// The position in the step.
        position: i64,
    }
);

attributes!(
    /// A result's text (`result_texts`).
    ResultTextAttributes {
        /// The name (v2).
        name: String,
        /// The rich text (HTML).
        text: String,
    }
);

attributes!(
    /// A result's file (`result_files`, v1 `included`).
    ResultFileAttributes {
        /// The file's id.
        file_id: Value,
        /// The file name.
        file_name: String,
        /// The size in bytes.
        file_size: u64,
        /// Where to download it.
        url: String,
    }
);

attributes!(
    /// A result's table (`tables` in v2, `result_tables` in v1).
    ResultTableAttributes {
        /// The name (v2).
        name: String,
        /// The contents as a string (v2).
        contents: String,
        /// The contents (v1).
        table_contents: Value,
        /// The metadata.
        table_metadata: Value,
    }
);

attributes!(
    /// A form response of a step (`form_responses`, v2, read-only).
    FormResponseAttributes {
        /// The position in the step.
        position: i64,
        /// `pending`, `submitted`, `locked`.
        status: String,
    }
);

/// An attachment.
pub type Attachment = Resource<AttachmentAttributes>;

write_body!(
    /// A new checklist, or a checklist's new name.
    NewChecklist {
        required: {
            /// The name.
            name: String,
        },
        optional: {},
        example: "NewChecklist::new(\"QC\")",
    }
);

write_bodies!(
    /// A new checklist item.
    NewChecklistItem("NewChecklistItem::new(\"Calibrate\")"),
    /// Changes a checklist item.
    ChecklistItemChange("ChecklistItemChange::new()") {
        create_only: {},
        required: {
            /// The text.
            text: String = "\"Calibrate twice\"",
        },
        optional: {
            /// Whether it is checked.
            checked: bool = "true",
            /// The position.
            position: i64 = "1",
        },
    }
);

write_bodies!(
    /// A new table (contents as a Handsontable JSON string).
    NewTable("NewTable::new(\"Plate\", r#\"{\"data\":[[\"1\",\"2\"]]}\"#)"),
    /// Changes a table.
    TableChange("TableChange::new()") {
        create_only: {},
        required: {
            /// The name.
            name: String = "\"Plate 2\"",
            /// The contents (`{"data":[["a","b"]]}`).
            contents: String = "r#\"{\"data\":[[\"3\"]]}\"#",
        },
        optional: {
            /// The metadata.
            metadata: Value = "serde_json::json!({})",
        },
    }
);

write_body!(
    /// A new step or result text (or its new content).
    NewText {
        required: {
            /// The rich text (HTML).
            text: String,
        },
        optional: {
            /// The name (v2).
            name: String = "\"Notes\"",
        },
        example: "NewText::new(\"<p>Mixed 5 ml</p>\")",
    }
);

write_body!(
    /// A new result (v2), or its new name.
    NewResult {
        required: {
            /// The name.
            name: String,
        },
        optional: {
            /// Archive (or restore) it.
            archived: bool = "true",
        },
        example: "NewResult::new(\"Gel image\")",
    }
);

write_body!(
    /// A new step (v2).
    NewStep {
        required: {
            /// The name.
            name: String,
        },
        optional: {},
        example: "NewStep::new(\"Mix\")",
    }
);

write_body!(
    /// Changes a step: name, and completion.
    StepChange {
        required: {},
        optional: {
            /// The name.
            name: String = "\"Mix well\"",
            /// Completed (`true`) or not.
            completed: bool = "true",
            /// The description (v1).
            description: String = "\"Slowly\"",
        },
        example: "StepChange::new()",
    }
);
