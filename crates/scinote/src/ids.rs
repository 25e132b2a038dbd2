//! Typed ids: one newtype per resource, so a project id cannot be passed
//! where a team id is expected. SciNote's ids are strings in JSON:API;
//! every id converts from `&str`, `String` and the integer types.
//!
//! ```no_run
//! use scinote::ids::{ProjectId, TeamId};
//! let team = TeamId::from(1);
//! let project: ProjectId = "42".into();
//! assert_eq!((team.as_str(), project.as_str()), ("1", "42"));
//! ```

auth_core::string_ids!(scinote::ids;
    /// A team's id.
    TeamId,
    /// A project's id.
    ProjectId,
    /// An experiment's id.
    ExperimentId,
    /// A task's id.
    TaskId,
    /// A result's id.
    ResultId,
    /// A protocol's id.
    ProtocolId,
    /// A step's id.
    StepId,
    /// An attachment's (asset's) id.
    AttachmentId,
    /// A checklist's id.
    ChecklistId,
    /// A checklist item's id.
    ChecklistItemId,
    /// A table's id.
    TableId,
    /// A step text's (or result text's) id.
    TextId,
    /// An inventory's id.
    InventoryId,
    /// An inventory column's id.
    ColumnId,
    /// An inventory item's id.
    ItemId,
    /// An inventory cell's id.
    CellId,
    /// A project folder's id.
    ProjectFolderId,
    /// A column option's id (list, checklist, status or stock-unit item).
    ColumnItemId,
    /// A user's id.
    UserId,
    /// A user identity's id.
    IdentityId,
    /// A user role's id.
    UserRoleId,
    /// A user assignment's id.
    UserAssignmentId,
    /// A task assignment's id.
    TaskAssignmentId,
    /// A comment's id.
    CommentId,
    /// A report's id.
    ReportId,
    /// A task group's id.
    TaskGroupId,
    /// A connection's id.
    ConnectionId,
    /// A tag's id.
    TagId,
    /// A protocol template's id.
    ProtocolTemplateId,
    /// A workflow's id.
    WorkflowId,
    /// A form response's id (v2).
    FormResponseId,
    /// An inventory item relationship's id (v2).
    RelationshipId,
    /// A team assignment's id (v2).
    TeamAssignmentId,
    /// A user group's id (v2).
    UserGroupId,
    /// A user group assignment's id (v2).
    UserGroupAssignmentId,
);
