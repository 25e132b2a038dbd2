//! Projects and project folders.

use serde::Serialize;

use crate::api::{Collection, api_path};
use crate::client::SciNoteClient;
use crate::error::Result;
use crate::models::{
    NewProject, Project, ProjectAttributes, ProjectFolder, ProjectFolderAttributes,
};
use crate::pagination::List;

/// A team's projects (`/teams/T/projects`).
#[derive(Debug, Clone)]
pub struct ProjectsApi {
    pub(crate) c: Collection,
}

impl ProjectsApi {
    pub(crate) fn new(client: &SciNoteClient, team_id: &str) -> Self {
        Self {
            c: Collection::new(
                client,
                api_path(&[("teams", Some(team_id)), ("projects", None)]),
                "projects",
            ),
        }
    }

    /// Lists the projects; see the filters on [`List<ProjectAttributes>`].
    pub fn list(&self) -> List<ProjectAttributes> {
        self.c.list("list_projects")
    }

    /// One project.
    pub async fn get(&self, id: &str) -> Result<Project> {
        self.c.get("get_project", id).await
    }

    /// Creates a project.
    pub async fn create(&self, project: &NewProject) -> Result<Project> {
        self.c.create("create_project", project, Vec::new()).await
    }

    /// Updates a project's attributes (only those given are changed).
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<Project> {
        self.c.update("update_project", id, attributes).await
    }
}

impl List<ProjectAttributes> {
    /// Only projects with this name (`filter[name]`).
    pub fn name(self, name: &str) -> Self {
        self.filter("name", name)
    }

    /// Only archived (or only active) projects (`filter[archived]`).
    pub fn archived(self, archived: bool) -> Self {
        self.filter("archived", archived)
    }

    /// Only projects whose metadata has `key = value` (`filter[metadata][key]`).
    pub fn metadata(self, key: &str, value: &str) -> Self {
        self.query(format!("filter[metadata][{key}]"), value)
    }

    /// Sends each project's metadata along (`with-metadata=true`).
    pub fn with_metadata(self) -> Self {
        self.query("with-metadata", true)
    }
}

/// A team's project folders (`/teams/T/project_folders`).
#[derive(Debug, Clone)]
pub struct ProjectFoldersApi {
    pub(crate) c: Collection,
}

impl ProjectFoldersApi {
    pub(crate) fn new(client: &SciNoteClient, team_id: &str) -> Self {
        Self {
            c: Collection::new(
                client,
                api_path(&[("teams", Some(team_id)), ("project_folders", None)]),
                "project_folders",
            ),
        }
    }

    /// Lists the folders.
    pub fn list(&self) -> List<ProjectFolderAttributes> {
        self.c.list("list_project_folders")
    }

    /// One folder.
    pub async fn get(&self, id: &str) -> Result<ProjectFolder> {
        self.c.get("get_project_folder", id).await
    }

    /// Creates a folder.
    pub async fn create(&self, name: &str) -> Result<ProjectFolder> {
        self.c
            .create(
                "create_project_folder",
                &serde_json::json!({ "name": name }),
                Vec::new(),
            )
            .await
    }

    /// Updates a folder's attributes.
    pub async fn update(&self, id: &str, attributes: &impl Serialize) -> Result<ProjectFolder> {
        self.c.update("update_project_folder", id, attributes).await
    }
}
