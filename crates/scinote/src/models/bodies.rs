//! Write bodies of the core resources: projects, experiments, tasks, and
//! the named resources (folders, inventories, columns, ...).

use serde::Serialize;
use serde_json::{Map, Value};

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
