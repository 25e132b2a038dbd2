//! The Management API (beta): trackers and conversation groups stored at
//! the account level.
//!
//! Symbl allows one management call at a time per account; a second one in
//! flight gets 429, which the client retries with backoff.

use auth_core::Error as CoreError;
use auth_core::http::{ApiRequest, encode_segment};

use crate::api::ApiCall;
use crate::client::SymblClient;
use crate::error::Result;
use crate::ids::{GroupId, TrackerId};
use crate::models::{Group, GroupSpec, ManagedTracker, TrackerSpec};

/// The Management API: [`trackers`](Self::trackers) and [`groups`](Self::groups).
#[derive(Debug, Clone, Copy)]
pub struct ManageApi<'a> {
    pub(crate) client: &'a SymblClient,
}

impl<'a> ManageApi<'a> {
    /// Trackers (`/v1/manage/tracker(s)`).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let trackers = client.manage().trackers().list().send().await?;
    /// # let _ = trackers; Ok(()) }
    /// ```
    pub fn trackers(&self) -> TrackersApi<'a> {
        TrackersApi {
            client: self.client,
        }
    }

    /// Conversation groups (`/v1/manage/group(s)`).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let groups = client.manage().groups().list().send().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn groups(&self) -> GroupsApi<'a> {
        GroupsApi {
            client: self.client,
        }
    }
}

fn checked(check: std::result::Result<(), String>) -> Result<()> {
    check.map_err(|e| CoreError::InvalidInput(e).into())
}

fn json_request(req: ApiRequest, body: &impl serde::Serialize) -> Result<ApiRequest> {
    Ok(req.json(body)?)
}

/// Trackers stored with the Management API.
#[derive(Debug, Clone, Copy)]
pub struct TrackersApi<'a> {
    client: &'a SymblClient,
}

impl<'a> TrackersApi<'a> {
    /// `POST /v1/manage/tracker`: creates a tracker. The spec is checked
    /// first (name, vocabulary without duplicates or punctuation other than
    /// `.` and `'`); Symbl answers 409 if the name is taken.
    ///
    /// ```no_run
    /// use symbl::models::TrackerSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let spec = TrackerSpec::new("Promotion", ["special promotion", "a discount of"]);
    /// let tracker = client.manage().trackers().create(&spec).send().await?;
    /// println!("created {}", tracker.id);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, spec: &TrackerSpec) -> ApiCall<'a, ManagedTracker> {
        let request = checked(spec.validate()).and_then(|()| {
            json_request(
                ApiRequest::post("create_tracker", "v1/manage/tracker"),
                spec,
            )
        });
        ApiCall::field(self.client, request, "tracker")
    }

    /// `POST /v1/manage/trackers`: creates several trackers in one call.
    ///
    /// ```no_run
    /// use symbl::models::TrackerSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let specs = [
    ///     TrackerSpec::new("Voice message", ["please leave a message"]),
    ///     TrackerSpec::new("Pricing", ["how much", "the price"]),
    /// ];
    /// let created = client.manage().trackers().create_many(&specs).send().await?;
    /// assert_eq!(created.len(), 2);
    /// # Ok(()) }
    /// ```
    pub fn create_many(&self, specs: &[TrackerSpec]) -> ApiCall<'a, Vec<ManagedTracker>> {
        let request = specs
            .iter()
            .try_for_each(|s| checked(s.validate()))
            .and_then(|()| {
                if specs.is_empty() {
                    return Err(CoreError::InvalidInput("no trackers to create".into()).into());
                }
                json_request(
                    ApiRequest::post("create_trackers", "v1/manage/trackers"),
                    &specs,
                )
            });
        ApiCall::field(self.client, request, "trackers")
    }

    /// `GET /v1/manage/trackers`: lists the account's trackers; see
    /// [`ListTrackers::name`] to find one by name.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for tracker in client.manage().trackers().list().send().await? {
    ///     println!("{}: {} phrases", tracker.name, tracker.vocabulary.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListTrackers<'a> {
        ListTrackers {
            client: self.client,
            name: None,
        }
    }

    /// `GET /v1/manage/tracker/{trackerId}`.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let tracker = client.manage().trackers().get("4476908732794496").send().await?;
    /// # let _ = tracker; Ok(()) }
    /// ```
    pub fn get(&self, tracker_id: impl Into<TrackerId>) -> ApiCall<'a, ManagedTracker> {
        let id: TrackerId = tracker_id.into();
        let tracker_id = id.as_str();
        let path = format!("v1/manage/tracker/{}", encode_segment(tracker_id));
        ApiCall::field(
            self.client,
            Ok(ApiRequest::get("get_tracker", path)),
            "tracker",
        )
    }

    /// `PUT /v1/manage/tracker/{trackerId}`: replaces a tracker's name and
    /// vocabulary.
    ///
    /// ```no_run
    /// use symbl::models::TrackerSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let spec = TrackerSpec::new("Promotion", ["flash sale", "a discount of"]);
    /// let tracker = client.manage().trackers().update("4476908732794496", &spec).send().await?;
    /// # let _ = tracker; Ok(()) }
    /// ```
    pub fn update(
        &self,
        tracker_id: impl Into<TrackerId>,
        spec: &TrackerSpec,
    ) -> ApiCall<'a, ManagedTracker> {
        let id: TrackerId = tracker_id.into();
        let tracker_id = id.as_str();
        let path = format!("v1/manage/tracker/{}", encode_segment(tracker_id));
        let body = serde_json::json!({
            "id": tracker_id, "name": spec.name, "vocabulary": spec.vocabulary,
        });
        let request = checked(spec.validate())
            .and_then(|()| json_request(ApiRequest::put("update_tracker", path), &body));
        ApiCall::field(self.client, request, "tracker")
    }

    /// `DELETE /v1/manage/tracker/{trackerId}`.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// client.manage().trackers().delete("4476908732794496").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, tracker_id: impl Into<TrackerId>) -> ApiCall<'a, ()> {
        let id: TrackerId = tracker_id.into();
        let tracker_id = id.as_str();
        let path = format!("v1/manage/tracker/{}", encode_segment(tracker_id));
        ApiCall::ack(self.client, Ok(ApiRequest::delete("delete_tracker", path)))
    }
}

/// `GET /v1/manage/trackers`, optionally by name.
#[derive(Debug, Clone)]
#[must_use = "a listing does nothing until sent"]
pub struct ListTrackers<'a> {
    client: &'a SymblClient,
    name: Option<String>,
}

impl<'a> ListTrackers<'a> {
    /// Only the trackers with this name (`?name=`; case-sensitive).
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let found = client.manage().trackers().list().name("Promotion").send().await?;
    /// # let _ = found; Ok(()) }
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Fetches the trackers.
    ///
    /// # Errors
    /// Symbl's refusal (status and message), transport and token errors.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let all = client.manage().trackers().list().send().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<ManagedTracker>> {
        let req = ApiRequest::get("list_trackers", "v1/manage/trackers")
            .query_opt("name", self.name.as_deref());
        ApiCall::field(self.client, Ok(req), "trackers")
            .send()
            .await
    }
}

/// Conversation groups stored with the Management API.
#[derive(Debug, Clone, Copy)]
pub struct GroupsApi<'a> {
    client: &'a SymblClient,
}

impl<'a> GroupsApi<'a> {
    /// `POST /v1/manage/group`: creates a group.
    ///
    /// ```no_run
    /// use symbl::models::GroupSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let spec = GroupSpec::new("Calls made by John", "conversation.metadata.agentId==john");
    /// let group = client.manage().groups().create(&spec).send().await?;
    /// println!("group {}", group.id);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, spec: &GroupSpec) -> ApiCall<'a, Group> {
        let request = checked(spec.validate())
            .and_then(|()| json_request(ApiRequest::post("create_group", "v1/manage/group"), spec));
        ApiCall::field(self.client, request, "group")
    }

    /// `POST /v1/manage/groups`: creates several groups in one call.
    ///
    /// ```no_run
    /// use symbl::models::GroupSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let specs = [
    ///     GroupSpec::new("Internal", "conversation.metadata.label==Internal"),
    ///     GroupSpec::new("External", "conversation.metadata.label==External"),
    /// ];
    /// let groups = client.manage().groups().create_many(&specs).send().await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn create_many(&self, specs: &[GroupSpec]) -> ApiCall<'a, Vec<Group>> {
        let request = specs
            .iter()
            .try_for_each(|s| checked(s.validate()))
            .and_then(|()| {
                if specs.is_empty() {
                    return Err(CoreError::InvalidInput("no groups to create".into()).into());
                }
                json_request(
                    ApiRequest::post("create_groups", "v1/manage/groups"),
                    &specs,
                )
            });
        ApiCall::field(self.client, request, "groups")
    }

    /// `GET /v1/manage/groups`: every group of the account.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// for group in client.manage().groups().list().send().await? {
    ///     println!("{}: {}", group.name, group.criteria);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ApiCall<'a, Vec<Group>> {
        let req = ApiRequest::get("list_groups", "v1/manage/groups");
        ApiCall::field(self.client, Ok(req), "groups")
    }

    /// `GET /v1/manage/group/{groupId}`.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let group = client.manage().groups().get("4931769134481408").send().await?;
    /// # let _ = group; Ok(()) }
    /// ```
    pub fn get(&self, group_id: impl Into<GroupId>) -> ApiCall<'a, Group> {
        let id: GroupId = group_id.into();
        let group_id = id.as_str();
        let path = format!("v1/manage/group/{}", encode_segment(group_id));
        ApiCall::field(self.client, Ok(ApiRequest::get("get_group", path)), "group")
    }

    /// `PUT /v1/manage/group/{groupId}`: replaces a group.
    ///
    /// ```no_run
    /// use symbl::models::GroupSpec;
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let spec = GroupSpec::new("John's calls", "conversation.metadata.agentId==john");
    /// let group = client.manage().groups().update("4931769134481408", &spec).send().await?;
    /// # let _ = group; Ok(()) }
    /// ```
    pub fn update(&self, group_id: impl Into<GroupId>, spec: &GroupSpec) -> ApiCall<'a, Group> {
        let id: GroupId = group_id.into();
        let group_id = id.as_str();
        let path = format!("v1/manage/group/{}", encode_segment(group_id));
        let mut body = serde_json::to_value(spec).unwrap_or_default();
        body["id"] = serde_json::Value::from(group_id);
        let request = checked(spec.validate())
            .and_then(|()| json_request(ApiRequest::put("update_group", path), &body));
        ApiCall::field(self.client, request, "group")
    }

    /// `DELETE /v1/manage/group/{groupId}`.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// client.manage().groups().delete("4931769134481408").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, group_id: impl Into<GroupId>) -> ApiCall<'a, ()> {
        let id: GroupId = group_id.into();
        let group_id = id.as_str();
        let path = format!("v1/manage/group/{}", encode_segment(group_id));
        ApiCall::ack(self.client, Ok(ApiRequest::delete("delete_group", path)))
    }
}
