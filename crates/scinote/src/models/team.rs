//! Team-level resources: inventory column options, protocol templates,
//! identities, roles, workflows, item relationships and v2 assignments.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
