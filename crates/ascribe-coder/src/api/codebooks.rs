//! Codebook calls (`/Codebooks`): read (flat or as a tree), replace, add
//! codes.

use auth_core::http::ApiRequest;

use super::invalid;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{
    AddCodesBody, Codebook, CodebookKey, NewCode, QuestionKey, ReplaceCodebookBody,
};

/// Codebook calls (`/Codebooks`).
#[derive(Debug, Clone)]
pub struct Codebooks {
    pub(crate) client: AscribeClient,
}

impl Codebooks {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Reads a codebook by its key (`GET /Codebooks/{codebookKey}`), flat
    /// unless [`tree`](GetCodebook::tree) is set.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client.codebooks().get(7001).tree(true).send().await?;
    /// for code in codebook.codes() {
    ///     println!("{} {}", code.key, code.description);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self, codebook_key: impl Into<CodebookKey>) -> GetCodebook {
        GetCodebook {
            client: self.client.clone(),
            path: format!("Codebooks/{}", codebook_key.into()),
            tree: false,
        }
    }

    /// Reads the codebook of a question
    /// (`GET /Codebooks/Question/{questionKey}`).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client.codebooks().for_question(1001).send().await?;
    /// println!("{} codes", codebook.codes().len());
    /// # Ok(()) }
    /// ```
    pub fn for_question(&self, question_key: impl Into<QuestionKey>) -> GetCodebook {
        GetCodebook {
            client: self.client.clone(),
            path: format!("Codebooks/Question/{}", question_key.into()),
            tree: false,
        }
    }

    /// Replaces the codebook of a question (`POST /Codebooks/{questionKey}`).
    /// The service allows it only while none of its responses is coded.
    ///
    /// # Errors
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown question, responses already coded);
    /// [`Error::Core`](crate::Error::Core) for transport, timeout,
    /// authentication and decoding failures.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewCode;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client
    ///     .codebooks()
    ///     .replace(1001, vec![NewCode::new("Price"), NewCode::new("Taste")])
    ///     .await?;
    /// # let _ = codebook; Ok(()) }
    /// ```
    pub async fn replace(
        &self,
        question_key: impl Into<QuestionKey>,
        codes: Vec<NewCode>,
    ) -> Result<Codebook> {
        let body = ReplaceCodebookBody { codebook: &codes };
        let path = format!("Codebooks/{}", question_key.into());
        self.client
            .call(ApiRequest::post("replace_codebook", path).json(&body)?)
            .await
    }

    /// Adds codes (or nets) to a codebook
    /// (`POST /Codebooks/{codebookKey}/Codes`).
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewCode;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client
    ///     .codebooks()
    ///     .add_codes(7001, vec![NewCode::new("Service")])
    ///     .send()
    ///     .await?;
    /// # let _ = codebook; Ok(()) }
    /// ```
    pub fn add_codes(&self, codebook_key: impl Into<CodebookKey>, codes: Vec<NewCode>) -> AddCodes {
        AddCodes {
            client: self.client.clone(),
            codebook_key: codebook_key.into(),
            codes,
            overwrite: false,
        }
    }
}

/// A codebook read, flat (default) or as a tree.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to read the codebook"]
pub struct GetCodebook {
    client: AscribeClient,
    path: String,
    tree: bool,
}

impl GetCodebook {
    /// `true`: the full tree of nets and codes; `false` (default): the codes
    /// only, flat.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let tree = client.codebooks().for_question(1001).tree(true).send().await?;
    /// # let _ = tree; Ok(()) }
    /// ```
    pub fn tree(mut self, tree: bool) -> Self {
        self.tree = tree;
        self
    }

    /// Sends the request.
    ///
    /// # Errors
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown codebook or question); [`Error::Core`](crate::Error::Core)
    /// for transport, timeout, authentication and decoding failures.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client.codebooks().get(7001).send().await?;
    /// # let _ = codebook; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Codebook> {
        self.client
            .call(ApiRequest::get("get_codebook", self.path).query("tree", self.tree))
            .await
    }
}

/// `POST /Codebooks/{codebookKey}/Codes`.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to add the codes"]
pub struct AddCodes {
    client: AscribeClient,
    codebook_key: CodebookKey,
    codes: Vec<NewCode>,
    overwrite: bool,
}

impl AddCodes {
    /// Replaces codes with the same description instead of failing.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewCode;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client
    ///     .codebooks()
    ///     .add_codes(7001, vec![NewCode::new("Price")])
    ///     .overwrite(true)
    ///     .send()
    ///     .await?;
    /// # let _ = codebook; Ok(()) }
    /// ```
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = overwrite;
        self
    }

    /// Sends the request; returns the codebook as the service reports it.
    ///
    /// # Errors
    /// [`Error::Core`](crate::Error::Core) with an invalid-input error,
    /// before anything is sent, when no code is given;
    /// [`Error::Service`](crate::Error::Service) when the service refuses
    /// (an unknown codebook, a duplicate description without `overwrite`);
    /// [`Error::Core`](crate::Error::Core) for transport, timeout,
    /// authentication and decoding failures.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewCode;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let net = NewCode::net("Product", vec![NewCode::new("Price"), NewCode::new("Taste")]);
    /// let codebook = client.codebooks().add_codes(7001, vec![net]).send().await?;
    /// # let _ = codebook; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Codebook> {
        if self.codes.is_empty() {
            return Err(invalid("add_codes needs at least one code"));
        }
        let body = AddCodesBody {
            codes: &self.codes,
            overwrite: self.overwrite,
        };
        let path = format!("Codebooks/{}/Codes", self.codebook_key);
        self.client
            .call(ApiRequest::post("add_codes", path).json(&body)?)
            .await
    }
}
