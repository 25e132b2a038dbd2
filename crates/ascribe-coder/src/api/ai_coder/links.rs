//! Short links to a project's page: `POST /AICoder/Links`.

use auth_core::http::ApiRequest;
use serde::{Deserialize, Serialize};

use super::AiCoder;
use crate::error::Result;
use crate::models::de::null_default;
use crate::models::{AiCoderLink, AiProjectKey, QuestionKey};

impl AiCoder {
    /// Creates short links to a project's page (`POST /AICoder/Links`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let links = client
    ///     .ai_coder()
    ///     .create_links(29999)
    ///     .expires_at("2026-06-13T20:21:47Z")
    ///     .send()
    ///     .await?;
    /// for l in links {
    ///     println!("{}", l.link);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn create_links(&self, project: impl Into<AiProjectKey>) -> CreateLinks {
        CreateLinks {
            client: self.clone(),
            body: LinksBody {
                project_key: project.into(),
                distribution_question_key: None,
                expiration_date_utc: None,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct LinksBody {
    project_key: AiProjectKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    distribution_question_key: Option<QuestionKey>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration_date_utc: Option<String>,
}

/// `POST /AICoder/Links` with its options.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to create the links"]
pub struct CreateLinks {
    client: AiCoder,
    body: LinksBody,
}

impl CreateLinks {
    /// One link per value of this distribution question.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().create_links(29999).distribution_question(39999).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn distribution_question(mut self, question: impl Into<QuestionKey>) -> Self {
        self.body.distribution_question_key = Some(question.into());
        self
    }

    /// When the links expire (UTC, ISO 8601).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.ai_coder().create_links(29999).expires_at("2026-06-13T20:21:47Z").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn expires_at(mut self, utc: impl Into<String>) -> Self {
        self.body.expiration_date_utc = Some(utc.into());
        self
    }

    /// Creates the links.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let links = client.ai_coder().create_links(29999).send().await?;
    /// println!("{}", links.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown project).
    pub async fn send(self) -> Result<Vec<AiCoderLink>> {
        #[derive(Deserialize)]
        struct Envelope {
            #[serde(default, deserialize_with = "null_default")]
            links: Vec<AiCoderLink>,
        }
        let e: Envelope = self
            .client
            .client
            .call(ApiRequest::post("ai_coder_create_links", "AICoder/Links").json(&self.body)?)
            .await?;
        Ok(e.links)
    }
}
