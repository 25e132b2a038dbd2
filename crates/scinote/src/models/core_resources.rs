//! The core resources: teams, projects, folders, experiments, tasks,
//! results, protocols, steps, inventories, users.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::jsonapi::Resource;

attributes!(
    /// A team (`teams`).
    TeamAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// Storage used, in bytes.
        space_taken: Value,
        /// When it was created (ISO 8601).
        created_at: String,
        /// When it was last updated (ISO 8601).
        updated_at: String,
    }
);

attributes!(
    /// A project (`projects`).
    ProjectAttributes {
        /// The name.
        name: String,
        /// `visible` or `hidden`.
        visibility: String,
        /// Whether it is archived.
        archived: bool,
        /// The status (`not_started`, `started`, `completed`).
        status: String,
        /// The description.
        description: String,
        /// The start date.
        start_date: String,
        /// The due date.
        due_date: String,
        /// The folder it is in.
        project_folder_id: Value,
        /// Free-form key/value metadata (`with-metadata=true`).
        metadata: Map<String, Value>,
        /// When it was created (ISO 8601).
        created_at: String,
        /// When it was last updated (ISO 8601).
        updated_at: String,
    }
);

attributes!(
    /// A project folder (`project_folders`).
    ProjectFolderAttributes {
        /// The name.
        name: String,
        /// The parent folder.
        parent_folder_id: Value,
    }
);

attributes!(
    /// An experiment (`experiments`).
    ExperimentAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// Whether it is archived.
        archived: bool,
        /// When it was created (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A task (`tasks`, SciNote's "my modules").
    TaskAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// The canvas x position.
        x: i64,
        /// The canvas y position.
        y: i64,
        /// The due date.
        due_date: String,
        /// Whether it is archived.
        archived: bool,
        /// The workflow status id.
        status_id: Value,
        /// The workflow status name.
        status_name: String,
        /// Free-form key/value metadata.
        metadata: Map<String, Value>,
    }
);

attributes!(
    /// A task result (`results`).
    ResultAttributes {
        /// The name.
        name: String,
        /// Whether it is archived.
        archived: bool,
        /// When it was created (ISO 8601).
        created_at: String,
    }
);

attributes!(
    /// A protocol (`protocols`).
    ProtocolAttributes {
        /// The name.
        name: String,
        /// The description.
        description: String,
        /// The type (`in_repository_published_original`, `linked`, ...).
        protocol_type: String,
    }
);

attributes!(
    /// A protocol step (`steps`).
    StepAttributes {
        /// The name.
        name: String,
        /// The position (0-based).
        position: i64,
        /// Whether it is completed.
        completed: bool,
        /// The description.
        description: String,
    }
);

attributes!(
    /// An inventory (`inventories`).
    InventoryAttributes {
        /// The name.
        name: String,
    }
);

attributes!(
    /// An inventory column (`inventory_columns`).
    InventoryColumnAttributes {
        /// The name.
        name: String,
        /// The data type (`text`, `number`, `list`, `date`, ...).
        data_type: String,
    }
);

attributes!(
    /// An inventory item (`inventory_items`).
    InventoryItemAttributes {
        /// The name.
        name: String,
        /// Whether it is archived.
        archived: bool,
    }
);

attributes!(
    /// An inventory cell (`inventory_cells`).
    InventoryCellAttributes {
        /// The column.
        column_id: Value,
        /// The value type (`RepositoryTextValue`, ...).
        value_type: String,
        /// The value (shape depends on the column's type).
        value: Value,
    }
);

attributes!(
    /// A user (`users`).
    UserAttributes {
        /// The full name.
        full_name: String,
        /// The initials.
        initials: String,
        /// The e-mail address.
        email: String,
        /// The avatar URL.
        avatar_url: String,
    }
);

/// A team.
pub type Team = Resource<TeamAttributes>;
/// A project.
pub type Project = Resource<ProjectAttributes>;
/// A project folder.
pub type ProjectFolder = Resource<ProjectFolderAttributes>;
/// An experiment.
pub type Experiment = Resource<ExperimentAttributes>;
/// A task.
pub type Task = Resource<TaskAttributes>;
/// A task result.
pub type TaskResult = Resource<ResultAttributes>;
/// A protocol.
pub type Protocol = Resource<ProtocolAttributes>;
/// A protocol step.
pub type Step = Resource<StepAttributes>;
/// An inventory.
pub type Inventory = Resource<InventoryAttributes>;
/// An inventory column.
pub type InventoryColumn = Resource<InventoryColumnAttributes>;
/// An inventory item.
pub type InventoryItem = Resource<InventoryItemAttributes>;
/// An inventory cell.
pub type InventoryCell = Resource<InventoryCellAttributes>;
/// A user.
pub type User = Resource<UserAttributes>;
