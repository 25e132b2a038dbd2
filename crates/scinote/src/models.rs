//! Typed attributes of SciNote's resources.
//!
//! Every attribute is optional (SciNote omits some depending on version and
//! permissions) and attributes this SDK does not know are kept in `extra`,
//! so a newer server never breaks decoding.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::jsonapi::Resource;

macro_rules! attributes {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$fmeta])* #[serde(skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)*
            /// Attributes this SDK does not know (newer servers).
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }
    };
}

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

/// A new project (`name` is required).
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct NewProject {
    /// The name.
    pub name: String,
    /// `visible` or `hidden`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The folder to put it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_folder_id: Option<String>,
    /// Free-form key/value metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

impl NewProject {
    /// A project with this name.
    ///
    /// ```no_run
    /// let project = scinote::models::NewProject::new("Assay");
    /// # let _ = project;
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Sets the description.
    ///
    /// ```no_run
    /// let project = scinote::models::NewProject::new("Assay").description("Q2 runs");
    /// # let _ = project;
    /// ```
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// Sets the visibility (`visible` / `hidden`).
    ///
    /// ```no_run
    /// let project = scinote::models::NewProject::new("Assay").visibility("hidden");
    /// # let _ = project;
    /// ```
    pub fn visibility(mut self, v: impl Into<String>) -> Self {
        self.visibility = Some(v.into());
        self
    }

    /// Adds a metadata entry.
    ///
    /// ```no_run
    /// let project = scinote::models::NewProject::new("Assay").metadata("lab", "north");
    /// # let _ = project;
    /// ```
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.metadata
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }
}

/// A new experiment.
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct NewExperiment {
    /// The name.
    pub name: String,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl NewExperiment {
    /// An experiment with this name.
    ///
    /// ```no_run
    /// let experiment = scinote::models::NewExperiment::new("Run 1");
    /// # let _ = experiment;
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
        }
    }
}

/// A new task: SciNote needs a name and a canvas position.
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct NewTask {
    /// The name.
    pub name: String,
    /// The canvas x position.
    pub x: i64,
    /// The canvas y position.
    pub y: i64,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free-form key/value metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

impl NewTask {
    /// A task with this name at (`x`, `y`) on the experiment's canvas.
    ///
    /// ```no_run
    /// let task = scinote::models::NewTask::new("Prep", 0, 120);
    /// # let _ = task;
    /// ```
    pub fn new(name: impl Into<String>, x: i64, y: i64) -> Self {
        Self {
            name: name.into(),
            x,
            y,
            ..Self::default()
        }
    }
}

/// A named resource to create (results, steps, inventories, columns, items).
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct Named {
    /// The name.
    pub name: String,
    /// Other attributes to send.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Named {
    /// A resource with this name.
    ///
    /// ```no_run
    /// let step = scinote::models::Named::new("Mix");
    /// # let _ = step;
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            extra: Map::new(),
        }
    }

    /// Adds an attribute (`data_type` of a column, `position` of a step).
    ///
    /// ```no_run
    /// let column = scinote::models::Named::new("Location").with("data_type", "text");
    /// # let _ = column;
    /// ```
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }
}

/// Generates a write body: required fields in `new`, a setter per optional
/// field, each with an example.
macro_rules! write_body {
    (
        $(#[$meta:meta])* $name:ident {
            required: { $($(#[$rm:meta])* $rf:ident : $rt:ty),* $(,)? },
            optional: { $($(#[$om:meta])* $of:ident : $ot:ty = $oex:literal),* $(,)? },
            example: $ex:literal $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$rm])* pub $rf: $rt,)*
            $($(#[$om])* #[serde(skip_serializing_if = "Option::is_none")] pub $of: Option<$ot>,)*
        }

        impl $name {
            /// A body with the required attributes.
            ///
            /// ```no_run
            #[doc = concat!("let body = scinote::models::", $ex, ";")]
            /// # let _ = body;
            /// ```
            #[allow(clippy::new_without_default)]
            pub fn new($($rf: impl Into<$rt>),*) -> Self {
                Self { $($rf: $rf.into(),)* ..Self::default() }
            }

            $(
                $(#[$om])*
                ///
                /// ```no_run
                #[doc = concat!("let body = scinote::models::", $ex, ".", stringify!($of), "(", $oex, ");")]
                /// # let _ = body;
                /// ```
                pub fn $of(mut self, value: impl Into<$ot>) -> Self {
                    self.$of = Some(value.into());
                    self
                }
            )*
        }
    };
}

#[path = "models_ext.rs"]
mod ext;
pub use ext::*;
