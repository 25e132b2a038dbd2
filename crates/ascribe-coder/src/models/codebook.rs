use serde::{Deserialize, Serialize};

use super::code_fields::{CodeFields, code_setters};
use super::ids::{CodeKey, CodebookKey};

/// A codebook: its codes, flat or as a tree of nets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Codebook {
    /// The codebook's key.
    #[serde(default)]
    pub codebook_key: Option<CodebookKey>,
    /// The top-level entries (with `tree`, nets hold their codes in
    /// `children`).
    #[serde(default, deserialize_with = "super::de::null_default")]
    pub codebook: Vec<Code>,
}

impl Codebook {
    /// Every code that can be applied (the leaves), depth first.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client.codebooks().for_question(1001).tree(true).send().await?;
    /// for code in codebook.codes() {
    ///     println!("{} {}", code.key, code.description);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn codes(&self) -> Vec<&Code> {
        let mut out = Vec::new();
        for c in &self.codebook {
            c.collect_leaves(&mut out);
        }
        out
    }

    /// The code with this key, anywhere in the tree.
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client.codebooks().get(7001).tree(true).send().await?;
    /// if let Some(code) = codebook.find(42) {
    ///     println!("{}", code.description);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn find(&self, key: impl Into<CodeKey>) -> Option<&Code> {
        let key = key.into().get();
        self.codebook.iter().find_map(|c| c.find(key))
    }
}

/// A code (a leaf, which can be applied) or a net (an inner node).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Code {
    /// The code's key.
    pub key: CodeKey,
    /// Its description.
    #[serde(default, deserialize_with = "super::de::null_default")]
    pub description: String,
    /// Its input id (for auto-coding by input id).
    #[serde(default)]
    pub input_id: Option<String>,
    /// Its output id.
    #[serde(default)]
    pub output_id: Option<String>,
    /// A regular expression for auto-coding.
    #[serde(default)]
    pub regex_pattern: Option<String>,
    /// Its colour.
    #[serde(default)]
    pub color: Option<String>,
    /// The codes of a net (v2 sends `null` for a code).
    #[serde(default, deserialize_with = "super::de::null_default")]
    pub children: Vec<Code>,
}

impl Code {
    /// Whether this is a net (it has children and cannot be applied).
    ///
    /// ```no_run
    /// # async fn run(client: ascribe_coder::AscribeClient) -> ascribe_coder::Result<()> {
    /// let codebook = client.codebooks().get(7001).tree(true).send().await?;
    /// let nets = codebook.codebook.iter().filter(|c| c.is_net()).count();
    /// println!("{nets} nets");
    /// # Ok(()) }
    /// ```
    pub fn is_net(&self) -> bool {
        !self.children.is_empty()
    }

    fn collect_leaves<'a>(&'a self, out: &mut Vec<&'a Code>) {
        if self.is_net() {
            for c in &self.children {
                c.collect_leaves(out);
            }
        } else {
            out.push(self);
        }
    }

    fn find(&self, key: i64) -> Option<&Code> {
        if self.key == key {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(key))
    }
}

/// A code (or a net, with children) to create.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCode {
    description: String,
    #[serde(flatten)]
    fields: CodeFields,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<NewCode>,
}

impl NewCode {
    /// A code with this description.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewCode;
    /// let code = NewCode::new("Price");
    /// # let _ = code;
    /// ```
    pub fn new(description: impl Into<String>) -> Self {
        Self {
            description: description.into(),
            fields: CodeFields::default(),
            children: Vec::new(),
        }
    }

    /// A net holding `children`.
    ///
    /// ```no_run
    /// use ascribe_coder::models::NewCode;
    /// let net = NewCode::net("Product", [NewCode::new("Price"), NewCode::new("Taste")]);
    /// # let _ = net;
    /// ```
    pub fn net(
        description: impl Into<String>,
        children: impl IntoIterator<Item = NewCode>,
    ) -> Self {
        let mut net = Self::new(description);
        net.children = children.into_iter().collect();
        net
    }

    code_setters!("NewCode", "NewCode::new(\"Price\")");
}

#[derive(Serialize)]
pub(crate) struct ReplaceCodebookBody<'a> {
    pub(crate) codebook: &'a [NewCode],
}

#[derive(Serialize)]
pub(crate) struct AddCodesBody<'a> {
    pub(crate) codes: &'a [NewCode],
    pub(crate) overwrite: bool,
}
