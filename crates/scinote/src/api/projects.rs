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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.projects(1).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<ProjectAttributes> {
        self.c.list("list_projects")
    }

    /// One project.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.projects(1).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::ProjectId>) -> Result<Project> {
        let id: crate::ids::ProjectId = id.into();
        let id = id.as_str();
        self.c.get("get_project", id).await
    }

    /// Creates a project.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.projects(1).create(&scinote::models::NewProject::new("Assay")).await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, project: &NewProject) -> Result<Project> {
        self.c.create("create_project", project, Vec::new()).await
    }

    /// Updates a project's attributes (only those given are changed).
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.projects(1).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::ProjectId>,
        attributes: &impl Serialize,
    ) -> Result<Project> {
        let id: crate::ids::ProjectId = id.into();
        let id = id.as_str();
        self.c.update("update_project", id, attributes).await
    }
}

impl List<ProjectAttributes> {
    /// Only projects with this name (`filter[name]`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let projects = client.projects(1).list().name("Assay").all().await?;
    /// # let _ = projects;
    /// # Ok(()) }
    /// ```
    pub fn name(self, name: &str) -> Self {
        self.filter("name", name)
    }

    /// Only archived (or only active) projects (`filter[archived]`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let projects = client.projects(1).list().archived(false).all().await?;
    /// # let _ = projects;
    /// # Ok(()) }
    /// ```
    pub fn archived(self, archived: bool) -> Self {
        self.filter("archived", archived)
    }

    /// Only projects whose metadata has `key = value` (`filter[metadata][key]`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let projects = client.projects(1).list().metadata("lab", "north").all().await?;
    /// # let _ = projects;
    /// # Ok(()) }
    /// ```
    pub fn metadata(self, key: &str, value: &str) -> Self {
        self.query(format!("filter[metadata][{key}]"), value)
    }

    /// Sends each project's metadata along (`with-metadata=true`).
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let projects = client.projects(1).list().with_metadata().all().await?;
    /// # let _ = projects;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let page = client.project_folders(1).list().page_size(50).send().await?;
    /// # let _ = page;
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> List<ProjectFolderAttributes> {
        self.c.list("list_project_folders")
    }

    /// One folder.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist in this scope.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let one = client.project_folders(1).get("9").await?;
    /// # let _ = one;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, id: impl Into<crate::ids::ProjectFolderId>) -> Result<ProjectFolder> {
        let id: crate::ids::ProjectFolderId = id.into();
        let id = id.as_str();
        self.c.get("get_project_folder", id).await
    }

    /// Creates a folder.
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 400 on a validation error (a blank name), 404 when the parent does not exist.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let created = client.project_folders(1).create("2026").await?;
    /// println!("{}", created.id);
    /// # Ok(()) }
    /// ```
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
    ///
    /// # Errors
    /// [`SciNoteError`](crate::SciNoteError): 404 when it does not exist, 400 on a validation error or an id mismatch.
    ///
    /// ```no_run
    /// # async fn run(client: scinote::SciNoteClient) -> scinote::Result<()> {
    /// let updated = client.project_folders(1).update("9", &serde_json::json!({"name": "Renamed"})).await?;
    /// # let _ = updated;
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        id: impl Into<crate::ids::ProjectFolderId>,
        attributes: &impl Serialize,
    ) -> Result<ProjectFolder> {
        let id: crate::ids::ProjectFolderId = id.into();
        let id = id.as_str();
        self.c.update("update_project_folder", id, attributes).await
    }
}
