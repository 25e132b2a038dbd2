//! v2 codebook calls: update and delete codes, add codes to many codebooks.

use auth_core::http::ApiRequest;
use serde::Serialize;

use crate::api::chunk::{chunk_failed, chunk_groups, chunk_size, items_in, send_chunked};
use crate::api::{Codebooks, invalid};
use crate::client::AscribeClient;
use crate::error::Result;
use crate::models::{
    CodeKey, CodeUpdate, CodebookCodes, CodebookKey, CodesBatchAdded, CodesDeleted, CodesUpdated,
    NewCode,
};

impl Codebooks {
    /// Updates codes of a codebook (`PUT /Codebooks/{codebookKey}/Codes`,
    /// v2): only the fields set on each [`CodeUpdate`] change.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodeUpdate;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .codebooks()
    ///     .update_codes(4589, [CodeUpdate::new(1234567).description("Likes the colour")])
    ///     .send()
    ///     .await?;
    /// assert!(r.failed_codes.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn update_codes(
        &self,
        codebook_key: impl Into<CodebookKey>,
        codes: impl IntoIterator<Item = CodeUpdate>,
    ) -> UpdateCodes {
        UpdateCodes {
            client: self.client.clone(),
            codebook_key: codebook_key.into(),
            codes: codes.into_iter().collect(),
            overwrite: None,
            chunk_size: None,
        }
    }

    /// Deletes codes from a codebook (`DELETE /Codebooks/{codebookKey}/Codes`,
    /// v2). Codes applied to responses are kept unless
    /// [`uncode_responses`](DeleteCodes::uncode_responses) is set.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.codebooks().delete_codes(4589, [21000, 21001]).send().await?;
    /// println!("kept: {:?}", r.code_keys_not_deleted);
    /// # Ok(()) }
    /// ```
    pub fn delete_codes<K: Into<CodeKey>>(
        &self,
        codebook_key: impl Into<CodebookKey>,
        code_keys: impl IntoIterator<Item = K>,
    ) -> DeleteCodes {
        DeleteCodes {
            client: self.client.clone(),
            codebook_key: codebook_key.into(),
            code_keys: code_keys.into_iter().map(Into::into).collect(),
            uncode_responses: None,
            chunk_size: None,
        }
    }

    /// Adds codes to several codebooks at once
    /// (`POST /Codebooks/Codes/Batch`, v2), in requests of at most the chunk
    /// size top-level codes (or nets) in all.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodebookCodes, NewCode};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client
    ///     .codebooks()
    ///     .add_codes_batch([CodebookCodes::new(1234567, [NewCode::new("Price")])])
    ///     .overwrite(false)
    ///     .send()
    ///     .await?;
    /// assert_eq!(r.failures().count(), 0);
    /// # Ok(()) }
    /// ```
    pub fn add_codes_batch(
        &self,
        codebooks: impl IntoIterator<Item = CodebookCodes>,
    ) -> AddCodesBatch {
        AddCodesBatch {
            client: self.client.clone(),
            groups: codebooks
                .into_iter()
                .map(|c| (c.codebook_key, c.codes))
                .collect(),
            overwrite: None,
            chunk_size: None,
        }
    }
}

/// `PUT /Codebooks/{codebookKey}/Codes`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to update the codes"]
pub struct UpdateCodes {
    client: AscribeClient,
    codebook_key: CodebookKey,
    codes: Vec<CodeUpdate>,
    overwrite: Option<bool>,
    chunk_size: Option<usize>,
}

impl UpdateCodes {
    /// Lets a description clash with another code's.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodeUpdate;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.codebooks().update_codes(4589, [CodeUpdate::new(1).description("Price")]).overwrite(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = Some(overwrite);
        self
    }

    /// Sends at most `size` codes per request (default: the client's chunk
    /// size; at most [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodeUpdate;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let changes = (1..=50).map(|k| CodeUpdate::new(k).color("#000000"));
    /// client.codebooks().update_codes(4589, changes).chunk_size(25).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and merges the results.
    ///
    /// ```no_run
    /// use ascribe_coder::models::CodeUpdate;
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.codebooks().update_codes(4589, [CodeUpdate::new(1).color("#FF0000")]).send().await?;
    /// println!("{} codes now", r.codebook.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No code, a description above 1000 or an id above 50 characters, or a
    /// chunk size above the maximum is refused before anything is sent; a
    /// failed request stops the call with
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) or its own error.
    pub async fn send(self) -> Result<CodesUpdated> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.codes.is_empty() {
            return Err(invalid("update_codes needs at least one code"));
        }
        for c in &self.codes {
            c.validate().map_err(invalid)?;
        }
        #[derive(Serialize)]
        struct Body<'a> {
            codes: &'a [CodeUpdate],
            #[serde(skip_serializing_if = "Option::is_none")]
            overwrite: Option<bool>,
        }
        let path = format!("Codebooks/{}/Codes", self.codebook_key);
        let overwrite = self.overwrite;
        send_chunked(
            &self.client,
            &self.codes,
            size,
            |codes| ApiRequest::put("update_codes", path.clone()).json(&Body { codes, overwrite }),
            CodesUpdated::absorb,
        )
        .await
    }
}

/// `DELETE /Codebooks/{codebookKey}/Codes`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to delete the codes"]
pub struct DeleteCodes {
    client: AscribeClient,
    codebook_key: CodebookKey,
    code_keys: Vec<CodeKey>,
    uncode_responses: Option<bool>,
    chunk_size: Option<usize>,
}

impl DeleteCodes {
    /// Also takes the codes off the responses they are applied to (otherwise
    /// applied codes are kept).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.codebooks().delete_codes(4589, [22100]).uncode_responses(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn uncode_responses(mut self, uncode: bool) -> Self {
        self.uncode_responses = Some(uncode);
        self
    }

    /// Sends at most `size` code keys per request (default: the client's
    /// chunk size; at most [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// client.codebooks().delete_codes(4589, 1..=2000).chunk_size(1000).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and merges the results.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let r = client.codebooks().delete_codes(4589, [21000]).send().await?;
    /// println!("deleted {:?}", r.code_keys_deleted);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No key or a chunk size above the maximum is refused before anything
    /// is sent; a failed request stops the call with
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) or its own error.
    pub async fn send(self) -> Result<CodesDeleted> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.code_keys.is_empty() {
            return Err(invalid("delete_codes needs at least one code key"));
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            code_keys: &'a [CodeKey],
            #[serde(skip_serializing_if = "Option::is_none")]
            uncode_responses: Option<bool>,
        }
        let path = format!("Codebooks/{}/Codes", self.codebook_key);
        let uncode_responses = self.uncode_responses;
        send_chunked(
            &self.client,
            &self.code_keys,
            size,
            |code_keys| {
                ApiRequest::delete("delete_codes", path.clone()).json(&Body {
                    code_keys,
                    uncode_responses,
                })
            },
            CodesDeleted::absorb,
        )
        .await
    }
}

/// `POST /Codebooks/Codes/Batch`, in chunks.
#[derive(Debug, Clone)]
#[must_use = "call `send()` to add the codes"]
pub struct AddCodesBatch {
    client: AscribeClient,
    groups: Vec<(CodebookKey, Vec<NewCode>)>,
    overwrite: Option<bool>,
    chunk_size: Option<usize>,
}

impl AddCodesBatch {
    /// Replaces codes with the same description instead of failing.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodebookCodes, NewCode};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let add = CodebookCodes::new(1234567, [NewCode::new("Price")]);
    /// client.codebooks().add_codes_batch([add]).overwrite(true).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = Some(overwrite);
        self
    }

    /// Sends at most `size` top-level codes per request, over all codebooks
    /// (default: the client's chunk size; at most
    /// [`MAX_BATCH_SIZE`](super::MAX_BATCH_SIZE)).
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodebookCodes, NewCode};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let add = CodebookCodes::new(1234567, (1..=300).map(|i| NewCode::new(format!("Code {i}"))));
    /// client.codebooks().add_codes_batch([add]).chunk_size(100).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn chunk_size(mut self, size: usize) -> Self {
        self.chunk_size = Some(size);
        self
    }

    /// Sends every chunk in order and merges the results per codebook.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CodebookCodes, NewCode};
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let add = CodebookCodes::new(1234567, [NewCode::new("Price")]);
    /// let r = client.codebooks().add_codes_batch([add]).send().await?;
    /// println!("{} codebooks", r.codebooks.len());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No code or a chunk size above the maximum is refused before anything
    /// is sent; a failed request stops the call with
    /// [`Error::ChunkFailed`](crate::Error::ChunkFailed) or its own error.
    pub async fn send(self) -> Result<CodesBatchAdded> {
        let size = chunk_size(self.chunk_size, &self.client)?;
        if self.groups.iter().all(|(_, c)| c.is_empty()) {
            return Err(invalid("add_codes_batch needs at least one code"));
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Group<'a> {
            codebook_key: CodebookKey,
            codes: &'a [NewCode],
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Body<'a> {
            codebooks_and_their_codes: Vec<Group<'a>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            overwrite: Option<bool>,
        }
        let chunks = chunk_groups(&self.groups, size);
        let total = chunks.len();
        let mut result = CodesBatchAdded::default();
        let mut sent = 0;
        for (i, chunk) in chunks.iter().enumerate() {
            let body = Body {
                codebooks_and_their_codes: chunk
                    .iter()
                    .map(|(k, codes)| Group {
                        codebook_key: *k,
                        codes,
                    })
                    .collect(),
                overwrite: self.overwrite,
            };
            let request =
                ApiRequest::post("add_codes_batch", "Codebooks/Codes/Batch").json(&body)?;
            match self.client.call::<CodesBatchAdded>(request).await {
                Ok(part) => {
                    result.absorb(part);
                    sent += items_in(chunk);
                }
                Err(e) => return Err(chunk_failed(e, i, total, sent)),
            }
        }
        Ok(result)
    }
}
