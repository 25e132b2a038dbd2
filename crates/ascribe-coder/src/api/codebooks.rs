use auth_core::http::ApiRequest;

use super::invalid;
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{AddCodesBody, Codebook, NewCode, ReplaceCodebookBody};

/// Codebook calls (`/Codebooks`).
#[derive(Debug, Clone)]
pub struct Codebooks {
    pub(crate) client: AscribeClient,
}

impl Codebooks {
    pub(crate) fn new(client: AscribeClient) -> Self {
        Self { client }
    }

    /// Reads a codebook by its key (`GET /Codebooks/{codebookKey}`).
    pub fn get(&self, codebook_key: i64) -> GetCodebook {
        GetCodebook {
            client: self.client.clone(),
            path: format!("Codebooks/{codebook_key}"),
            tree: false,
        }
    }

    /// Reads the codebook of a question
    /// (`GET /Codebooks/Question/{questionKey}`).
    pub fn for_question(&self, question_key: i64) -> GetCodebook {
        GetCodebook {
            client: self.client.clone(),
            path: format!("Codebooks/Question/{question_key}"),
            tree: false,
        }
    }

    /// Replaces the codebook of a question (`POST /Codebooks/{questionKey}`).
    /// The service allows it only while none of its responses is coded.
    pub async fn replace(&self, question_key: i64, codes: Vec<NewCode>) -> Result<Codebook> {
        let body = ReplaceCodebookBody { codebook: &codes };
        self.client
            .call(
                ApiRequest::post("replace_codebook", format!("Codebooks/{question_key}"))
                    .json(&body)?,
            )
            .await
    }

    /// Adds codes (or nets) to a codebook
    /// (`POST /Codebooks/{codebookKey}/Codes`).
    pub fn add_codes(&self, codebook_key: i64, codes: Vec<NewCode>) -> AddCodes {
        AddCodes {
            client: self.client.clone(),
            codebook_key,
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
    pub fn tree(mut self, tree: bool) -> Self {
        self.tree = tree;
        self
    }

    /// Sends the request.
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
    codebook_key: i64,
    codes: Vec<NewCode>,
    overwrite: bool,
}

impl AddCodes {
    /// Replaces codes with the same description instead of failing.
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = overwrite;
        self
    }

    /// Sends the request; returns the codebook as the service reports it.
    pub async fn send(self) -> Result<Codebook> {
        if self.codes.is_empty() {
            return Err(invalid("add_codes needs at least one code"));
        }
        let body = AddCodesBody {
            codes: &self.codes,
            overwrite: self.overwrite,
        };
        self.client
            .call(
                ApiRequest::post(
                    "add_codes",
                    format!("Codebooks/{}/Codes", self.codebook_key),
                )
                .json(&body)?,
            )
            .await
    }
}
