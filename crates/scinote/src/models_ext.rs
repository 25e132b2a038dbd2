//! Attributes and write bodies of the resources beyond the core ones
//! (activities, assignments, comments, reports, step elements, column
//! options, identities, roles, workflows, and the v2 elements).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::jsonapi::Resource;

attributes!(
    /// An activity (`activities`) of a project or a task.
    ActivityAttributes {
        /// The activity type (`create_module`, `edit_result`, ...).
        type_of: String,
        /// The rendered message.
        message: String,
        /// When it happened (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A user assignment (`user_assignments`): the user and role are in
    /// the `user` and `user_role` relationships.
    UserAssignmentAttributes {
        /// When it was created (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A comment (`comments`).
    CommentAttributes {
        /// The text.
        message: String,
        /// When it was written (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A report (`reports`); file fields only once generated.
    ReportAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// The PDF's size in bytes.
        pdf_file_size: u64,
        /// Where to download the PDF.
        pdf_file_url: String,
        /// The DOCX's size in bytes.
        docx_file_size: u64,
        /// Where to download the DOCX.
        docx_file_url: String,
    }
);

attributes!(
    /// A task group (`task_groups`): its tasks are in the `tasks` relationship.
    TaskGroupAttributes {
        /// When it was created (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A connection between two tasks (`connections`): `from` and `to`
    /// relationships.
    ConnectionAttributes {
        /// The source task (as sent on creation).
        input_id: Value,
        /// The target task (as sent on creation).
        output_id: Value,
    }
);

attributes!(
    /// A tag (`tags`).
    TagAttributes {
        /// The name.
        name: String,
        /// The colour (`#6C159E`).
        color: String,
    }
);

attributes!(
    /// A task assignment (`task_assignments`): the `user` relationship.
    TaskAssignmentAttributes {
        /// The assigned user (as sent on creation).
        user_id: Value,
    }
);

attributes!(
    /// An inventory item assigned to a task (`inventory_items`).
    TaskItemAttributes {
        /// The name.
        name: String,
        /// Whether it is archived.
        archived: bool,
        /// The stock consumed by the task (stock inventories).
        stock_consumption: Value,
        /// The item (as sent on creation).
        item_id: Value,
    }
);

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
    /// An option of an inventory column: a list, checklist or stock-unit
    /// item (`data`) or a status item (`status`, `icon`).
    ColumnItemAttributes {
        /// The option's text (list, checklist and stock-unit items).
        data: String,
        /// The status name (status items).
        status: String,
        /// The status icon (status items, an emoji).
        icon: String,
    }
);

attributes!(
    /// A protocol template (`protocol_templates`).
    ProtocolTemplateAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// The version number.
        version_number: i64,
        /// The version comment.
        version_comment: String,
        /// When it was published (ISO 8601).
        published_on: String,
        /// Whether it is archived.
        archived: bool,
    }
);

attributes!(
    /// A user identity (`user_identities`): a login at an external provider.
    IdentityAttributes {
        /// The provider (`azure_ad`, `okta`).
        provider: String,
        /// The user's id at the provider.
        uid: String,
        /// When it was created (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A user role (`user_roles`).
    UserRoleAttributes {
        /// The name (`Owner`, `Normal user`, `Viewer`).
        name: String,
        /// The permissions granted.
        permissions: Vec<String>,
    }
);

attributes!(
    /// A task-status workflow (`workflows`).
    WorkflowAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// Its visibility.
        visibility: Value,
        /// The team it belongs to.
        team_id: Value,
    }
);

attributes!(
    /// A workflow status (`workflow_statuses`).
    WorkflowStatusAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// The colour.
        color: String,
        /// The status before this one.
        previous_status_id: Value,
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

attributes!(
    /// A parent/child link between inventory items
    /// (`inventory_item_relationships`, v2): `parent` and `child`
    /// relationships.
    RelationshipAttributes {
        /// The parent item (as sent on creation).
        parent_id: Value,
        /// The child item (as sent on creation).
        child_id: Value,
    }
);

attributes!(
    /// A role given to a whole team or a user group (`team_assignments`,
    /// `user_group_assignments`, v2).
    AssignmentAttributes {
        /// The role.
        user_role_id: Value,
        /// The user group (group assignments).
        user_group_id: Value,
        /// The team (team assignments).
        team_id: Value,
    }
);

attributes!(
    /// A user group (`user_groups`, v2).
    UserGroupAttributes {
        /// The name.
        name: String,
    }
);

/// An attachment.
pub type Attachment = Resource<AttachmentAttributes>;

write_body!(
    /// Assigns a user to a project, experiment or task with a role.
    NewUserAssignment {
        required: {
            /// The user.
            user_id: String,
            /// The role.
            user_role_id: String,
        },
        optional: {},
        example: "NewUserAssignment::new(\"3\", \"1\")",
    }
);

write_body!(
    /// Changes an assignment's role.
    RoleChange {
        required: {
            /// The new role.
            user_role_id: String,
        },
        optional: {},
        example: "RoleChange::new(\"2\")",
    }
);

write_body!(
    /// Connects two tasks of an experiment.
    NewConnection {
        required: {
            /// The source task.
            input_id: String,
            /// The target task.
            output_id: String,
        },
        optional: {},
        example: "NewConnection::new(\"4\", \"5\")",
    }
);

write_body!(
    /// Assigns a user to a task.
    NewTaskAssignment {
        required: {
            /// The user.
            user_id: String,
        },
        optional: {},
        example: "NewTaskAssignment::new(\"3\")",
    }
);

write_body!(
    /// Assigns an inventory item to a task.
    NewTaskItem {
        required: {
            /// The inventory item.
            item_id: String,
        },
        optional: {
            /// The stock consumed (stock inventories).
            stock_consumption: String = "\"2.5\"",
            /// A comment on the consumption.
            stock_consumption_comment: String = "\"first run\"",
        },
        example: "NewTaskItem::new(\"12\")",
    }
);

write_body!(
    /// Changes a task item's stock consumption.
    TaskItemChange {
        required: {},
        optional: {
            /// The stock consumed.
            stock_consumption: String = "\"2.5\"",
            /// A comment on the consumption.
            stock_consumption_comment: String = "\"second run\"",
        },
        example: "TaskItemChange::new()",
    }
);

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

write_body!(
    /// A new checklist item.
    NewChecklistItem {
        required: {
            /// The text.
            text: String,
        },
        optional: {
            /// Whether it is checked.
            checked: bool = "true",
            /// The position.
            position: i64 = "0",
        },
        example: "NewChecklistItem::new(\"Calibrate\")",
    }
);

write_body!(
    /// Changes a checklist item.
    ChecklistItemChange {
        required: {},
        optional: {
            /// The text.
            text: String = "\"Calibrate twice\"",
            /// Whether it is checked.
            checked: bool = "true",
            /// The position.
            position: i64 = "1",
        },
        example: "ChecklistItemChange::new()",
    }
);

write_body!(
    /// A new table (contents as a Handsontable JSON string).
    NewTable {
        required: {
            /// The name.
            name: String,
            /// The contents (`{"data":[["a","b"]]}`).
            contents: String,
        },
        optional: {
            /// The metadata.
            metadata: Value = "serde_json::json!({})",
        },
        example: "NewTable::new(\"Plate\", r#\"{\"data\":[[\"1\",\"2\"]]}\"#)",
    }
);

write_body!(
    /// Changes a table.
    TableChange {
        required: {},
        optional: {
            /// The name.
            name: String = "\"Plate 2\"",
            /// The contents.
            contents: String = "r#\"{\"data\":[[\"3\"]]}\"#",
            /// The metadata.
            metadata: Value = "serde_json::json!({})",
        },
        example: "TableChange::new()",
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
    /// A new list, checklist or stock-unit option of an inventory column.
    NewColumnItem {
        required: {
            /// The option's text.
            data: String,
        },
        optional: {},
        example: "NewColumnItem::new(\"Freezer A\")",
    }
);

write_body!(
    /// A new status option of an inventory status column.
    NewStatusItem {
        required: {
            /// The status.
            status: String,
            /// The icon (an emoji).
            icon: String,
        },
        optional: {},
        example: "NewStatusItem::new(\"In use\", \"🟢\")",
    }
);

write_body!(
    /// A user identity at an external provider.
    NewIdentity {
        required: {
            /// The provider.
            provider: String,
            /// The user's id there.
            uid: String,
        },
        optional: {},
        example: "NewIdentity::new(\"okta\", \"ann@example.com\")",
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

write_body!(
    /// Makes an item a child of the item in the URL (v2).
    NewChildRelationship {
        required: {
            /// The child item.
            child_id: String,
        },
        optional: {},
        example: "NewChildRelationship::new(\"21\")",
    }
);

write_body!(
    /// Makes an item a parent of the item in the URL (v2).
    NewParentRelationship {
        required: {
            /// The parent item.
            parent_id: String,
        },
        optional: {},
        example: "NewParentRelationship::new(\"20\")",
    }
);

write_body!(
    /// Gives a user group a role (v2).
    NewUserGroupAssignment {
        required: {
            /// The user group.
            user_group_id: String,
            /// The role.
            user_role_id: String,
        },
        optional: {},
        example: "NewUserGroupAssignment::new(\"6\", \"2\")",
    }
);

write_body!(
    /// Gives the whole team a role on a project (v2).
    NewTeamAssignment {
        required: {
            /// The role.
            user_role_id: String,
        },
        optional: {
            /// The team (defaults to the project's).
            team_id: String = "\"1\"",
        },
        example: "NewTeamAssignment::new(\"2\")",
    }
);
