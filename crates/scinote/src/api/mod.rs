//! The API's resource groups, one module each. Paths are built from ids
//! with every segment percent-encoded, so an id can never change the route.

mod experiments;
mod files;
mod inventories;
mod inventory_items;
mod misc;
mod project_children;
mod projects;
mod raw;
pub(crate) mod resource;
mod status;
mod step_elements;
mod task_children;
mod tasks;
mod teams;
mod users;
pub mod v2;

pub use experiments::ExperimentsApi;
pub use inventories::{InventoriesApi, InventoryColumnsApi};
pub use inventory_items::{InventoryCellsApi, InventoryItemsApi};
pub use projects::{ProjectFoldersApi, ProjectsApi};
pub use status::{ApiStatus, ApiVersion};
pub use tasks::{ProtocolsApi, ResultsApi, StepsApi, TasksApi};
pub use teams::TeamsApi;
pub use users::UsersApi;

pub use files::{DOWNLOAD_CHUNK_SIZE, Upload};
pub use misc::{
    ColumnItemKind, ColumnItemsApi, IdentitiesApi, ProtocolTemplatesApi, StatusItemsApi,
    WorkflowsApi,
};
pub use project_children::{
    CommentsApi, ConnectionsApi, ExperimentUserAssignmentsApi, ProjectUserAssignmentsApi,
    ReportsApi, TaskGroupsApi,
};
pub use raw::RawRequest;
pub use step_elements::{
    AttachmentsApi, ChecklistItemsApi, ChecklistsApi, InlineImage, StepTextsApi, TablesApi,
};
pub use task_children::{
    TaskAssignmentsApi, TaskItemsApi, TaskTagsApi, TaskUserAssignmentsApi, TaskUsersApi,
};

use auth_core::http::{ApiRequest, encode_segment};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::SciNoteClient;
use crate::error::Result;
use crate::jsonapi::{Document, IncludedResource, NewResource, Resource, json_api_body};
use crate::pagination::List;

/// The API's root, relative to the server URL.
pub(crate) const API_ROOT: &str = "api/v1";

/// `api/v1/a/{x}/b/{y}...`: literal segments as given, ids encoded.
pub(crate) fn api_path(parts: &[(&str, Option<&str>)]) -> String {
    let mut path = API_ROOT.to_owned();
    for (name, id) in parts {
        path.push('/');
        path.push_str(name);
        if let Some(id) = id {
            path.push('/');
            path.push_str(&encode_segment(id));
        }
    }
    path
}

/// One collection of resources of one JSON:API type: list, get, create,
/// update, delete.
#[derive(Debug, Clone)]
pub(crate) struct Collection {
    pub(crate) client: SciNoteClient,
    pub(crate) path: String,
    pub(crate) kind: &'static str,
}

impl Collection {
    pub(crate) fn new(client: &SciNoteClient, path: String, kind: &'static str) -> Self {
        Self {
            client: client.clone(),
            path,
            kind,
        }
    }

    fn item_path(&self, id: &str) -> String {
        format!("{}/{}", self.path, encode_segment(id))
    }

    pub(crate) fn list<A: DeserializeOwned + Default + Send + 'static>(
        &self,
        operation: &'static str,
    ) -> List<A> {
        List::new(&self.client, operation, self.path.clone())
    }

    pub(crate) async fn get<A: DeserializeOwned + Default>(
        &self,
        operation: &'static str,
        id: &str,
    ) -> Result<Resource<A>> {
        Ok(self.get_document(operation, id, &[]).await?.data)
    }

    pub(crate) async fn get_document<A: DeserializeOwned + Default>(
        &self,
        operation: &'static str,
        id: &str,
        include: &[&str],
    ) -> Result<Document<Resource<A>>> {
        let mut req = ApiRequest::get(operation, self.item_path(id));
        if !include.is_empty() {
            req = req.query("include", include.join(","));
        }
        self.client.send_json(req).await
    }

    pub(crate) async fn create<A: DeserializeOwned + Default, B: Serialize>(
        &self,
        operation: &'static str,
        attributes: &B,
        included: Vec<IncludedResource>,
    ) -> Result<Resource<A>> {
        let body = NewResource::create(self.kind, attributes).with_included(included);
        let req = json_api_body(ApiRequest::post(operation, self.path.clone()), &body)?;
        let doc: Document<Resource<A>> = self.client.send_json(req).await?;
        Ok(doc.data)
    }

    pub(crate) async fn update<A: DeserializeOwned + Default, B: Serialize>(
        &self,
        operation: &'static str,
        id: &str,
        attributes: &B,
    ) -> Result<Resource<A>> {
        let body = NewResource::update(self.kind, id, attributes);
        let req = json_api_body(ApiRequest::patch(operation, self.item_path(id)), &body)?;
        let doc: Document<Resource<A>> = self.client.send_json(req).await?;
        Ok(doc.data)
    }

    pub(crate) async fn delete(&self, operation: &'static str, id: &str) -> Result<()> {
        self.client
            .send(ApiRequest::delete(operation, self.item_path(id)))
            .await?;
        Ok(())
    }
}

impl Collection {
    /// A sub-collection of one of this collection's resources
    /// (`{path}/{id}/{segment}`).
    pub(crate) fn child(&self, id: &str, segment: &str, kind: &'static str) -> Collection {
        Collection::new(
            &self.client,
            format!("{}/{segment}", self.item_path(id)),
            kind,
        )
    }
}
