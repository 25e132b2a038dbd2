//! A conversation's members and who spoke when.

use auth_core::Error as CoreError;
use auth_core::http::{ApiRequest, encode_segment};
use serde::{Deserialize, Serialize};

use super::ConversationApi;
use crate::error::Result;
use crate::models::{Member, SpeakerEvent};

#[derive(Deserialize)]
struct Members {
    members: Vec<Member>,
}
/// Symbl's `{message}` acknowledgement.
#[derive(Debug, Clone, Deserialize)]
struct Ack {
    #[serde(default)]
    #[allow(dead_code)]
    message: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SpeakersRequest<'a> {
    speaker_events: &'a [SpeakerEvent],
}

impl ConversationApi<'_> {
    /// `GET …/members`.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// let members = client.conversation("5102778889273344").members().await?;
    /// # let _ = members;
    /// # Ok(()) }
    /// ```
    pub async fn members(&self) -> Result<Vec<Member>> {
        let req = ApiRequest::get("get_members", self.path("members"));
        Ok(self.client.send_json::<Members>(req).await?.members)
    }

    /// `PUT …/members/{memberId}`: renames a member or sets their e-mail.
    ///
    /// # Errors
    /// [`auth_core::Error::InvalidInput`] (as [`SymblError::Core`](crate::SymblError::Core)) when the member has no id; otherwise as for every conversation call: [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::Member;
    /// let member = Member::new(Some("m1".into()), "Ana", Some("ana@example.com".into()));
    /// client.conversation("5102778889273344").update_member(&member).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_member(&self, member: &Member) -> Result<()> {
        let id = member
            .id
            .as_ref()
            .ok_or_else(|| CoreError::InvalidInput("update_member needs the member's id".into()))?;
        let path = self.path(&format!("members/{}", encode_segment(id.as_str())));
        self.client
            .send_json::<Ack>(ApiRequest::put("update_member", path).json(member)?)
            .await
            .map(drop)
    }

    /// `PUT …/speakers`: attributes speech to members with speaker events.
    ///
    /// # Errors
    /// [`SymblError::Core`](crate::SymblError::Core) with Symbl's status and message when it refuses (404 for an unknown conversation), transport and token errors, or a decode error for an unexpected answer.
    ///
    /// ```no_run
    /// # async fn run(client: symbl::SymblClient) -> symbl::Result<()> {
    /// use symbl::models::{Member, SpeakerEvent};
    /// use std::time::Duration;
    /// let ana = Member::new(None, "Ana", Some("ana@example.com".into()));
    /// let events = [SpeakerEvent::started(ana.clone(), Duration::ZERO), SpeakerEvent::stopped(ana, Duration::from_secs(5))];
    /// client.conversation("5102778889273344").update_speakers(&events).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_speakers(&self, events: &[SpeakerEvent]) -> Result<()> {
        let body = SpeakersRequest {
            speaker_events: events,
        };
        self.client
            .send_json::<Ack>(
                ApiRequest::put("update_speakers", self.path("speakers")).json(&body)?,
            )
            .await
            .map(drop)
    }
}
