//! v2 question calls: delete items, link a codebook, auto-code, translate.

use auth_core::http::ApiRequest;
use serde::Serialize;

use super::studies::Empty;
use crate::api::{Questions, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{
    AutoCodeResult, CodebookKey, EntityDeleted, LoadKey, QuestionEntity, QuestionKey,
    QuestionTranslation,
};

impl Questions {
    /// Deletes a question, or one kind of its items
    /// (`DELETE /Questions/{questionKey}/{entityType}`, v2).
    ///
    /// ```no_run
    /// use ascribe_coder::models::QuestionEntity;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.questions().delete_entity(348, QuestionEntity::Responses).await?;
    /// println!("{} responses deleted", r.entity_items_deleted);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown question).
    pub async fn delete_entity(
        &self,
        question_key: impl Into<QuestionKey>,
        entity: QuestionEntity,
    ) -> Result<EntityDeleted> {
        let path = format!("Questions/{}/{}", question_key.into(), entity.as_str());
        self.client
            .call(ApiRequest::delete("delete_question_entity", path))
            .await
    }

    /// Makes a question use an existing codebook
    /// (`POST /Questions/Codebook/{questionKey}/{codebookKey}`, v2).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.questions().link_codebook(349, 4589).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown question or codebook).
    pub async fn link_codebook(
        &self,
        question_key: impl Into<QuestionKey>,
        codebook_key: impl Into<CodebookKey>,
    ) -> Result<()> {
        let path = format!(
            "Questions/Codebook/{}/{}",
            question_key.into(),
            codebook_key.into()
        );
        // Setting the same codebook twice changes nothing: safe to retry.
        let _: Empty = self
            .client
            .call(ApiRequest::post("link_codebook", path).retry_safe(true))
            .await?;
        Ok(())
    }

    /// Auto-codes the responses of one load of a question
    /// (`POST /Questions/AutoCode/{questionKey}/{loadKey}`, v2), by text
    /// match, input id and/or regular expression, in that order.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.questions().auto_code(348, 1).text_match(true).by_regex(true).send().await?;
    /// println!("{} codes applied", r.codes_added);
    /// # Ok(()) }
    /// ```
    pub fn auto_code(
        &self,
        question_key: impl Into<QuestionKey>,
        load_key: impl Into<LoadKey>,
    ) -> AutoCode {
        AutoCode {
            client: self.client.clone(),
            question_key: question_key.into(),
            load_key: load_key.into(),
            body: AutoCodeBody::default(),
        }
    }

    /// Translates the untranslated responses of a question
    /// (`POST /Questions/Translate`, v2).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let t = client.questions().translate(348, "uk").await?;
    /// println!("{} translated", t.translations_count);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// An empty language code is refused before anything is sent;
    /// [`Error::Service`](crate::Error::Service) when the service refuses.
    pub async fn translate(
        &self,
        question_key: impl Into<QuestionKey>,
        target_language_code: &str,
    ) -> Result<QuestionTranslation> {
        if target_language_code.trim().is_empty() {
            return Err(invalid("a target language code is required"));
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            question_key: QuestionKey,
            target_language_code: &'a str,
        }
        let body = Body {
            question_key: question_key.into(),
            target_language_code,
        };
        self.client
            .call(ApiRequest::post("translate_question", "Questions/Translate").json(&body)?)
            .await
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct AutoCodeBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_code_text_match: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_code_input_id: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_code_by_regex: Option<bool>,
}

/// `POST /Questions/AutoCode/{questionKey}/{loadKey}` with its methods.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to auto-code"]
pub struct AutoCode {
    client: AscribeClient,
    question_key: QuestionKey,
    load_key: LoadKey,
    body: AutoCodeBody,
}

impl AutoCode {
    /// Codes responses whose text matches an already coded response's
    /// (case-insensitive; runs first).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.questions().auto_code(348, 1).text_match(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn text_match(mut self, on: bool) -> Self {
        self.body.auto_code_text_match = Some(on);
        self
    }

    /// Codes responses by the codes' input ids (closed ends and other /
    /// specify only; runs second).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.questions().auto_code(348, 1).input_id(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn input_id(mut self, on: bool) -> Self {
        self.body.auto_code_input_id = Some(on);
        self
    }

    /// Codes responses by the codes' regular expressions (runs last).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.questions().auto_code(348, 1).by_regex(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn by_regex(mut self, on: bool) -> Self {
        self.body.auto_code_by_regex = Some(on);
        self
    }

    /// Sends the request.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.questions().auto_code(348, 1).text_match(true).send().await?;
    /// println!("{} codes added", r.codes_added);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown question or load).
    pub async fn send(self) -> Result<AutoCodeResult> {
        let path = format!("Questions/AutoCode/{}/{}", self.question_key, self.load_key);
        self.client
            .call(ApiRequest::post("auto_code_question", path).json(&self.body)?)
            .await
    }
}
