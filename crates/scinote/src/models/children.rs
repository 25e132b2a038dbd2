//! Project, experiment and task children: activities, assignments,
//! comments, reports, task groups, connections, tags, task items.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

write_bodies!(
    /// Assigns an inventory item to a task.
    NewTaskItem("NewTaskItem::new(\"12\")"),
    /// Changes a task item's stock consumption.
    TaskItemChange("TaskItemChange::new()") {
        create_only: {
            /// The inventory item.
            item_id: String,
        },
        required: {},
        optional: {
            /// The stock consumed (stock inventories).
            stock_consumption: String = "\"2.5\"",
            /// A comment on the consumption.
            stock_consumption_comment: String = "\"first run\"",
        },
    }
);
