//! The optional fields of a code, shared by the code to create
//! ([`NewCode`](super::NewCode)) and the change to one
//! ([`CodeUpdate`](super::CodeUpdate)): one struct, one set of setters.

use serde::Serialize;

/// A code's optional fields, left out of the body when `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CodeFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) input_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) output_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) regex_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) color: Option<String>,
}

impl CodeFields {
    /// Checks the id limits the v2 service enforces (at most 50 characters).
    pub(crate) fn validate(&self) -> Result<(), String> {
        for id in [&self.input_id, &self.output_id].into_iter().flatten() {
            if id.chars().count() > 50 {
                return Err("a code input or output id has at most 50 characters".into());
            }
        }
        Ok(())
    }
}

/// The setters of [`CodeFields`] on a type with a `fields` field. `$ty`
/// names the type and `$value` builds one, for the examples.
macro_rules! code_setters {
    ($ty:literal, $value:literal) => {
        /// Sets the input id (for auto-coding by input id; at most 50
        /// characters on v2).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet code = ", $value, ".input_id(\"101\");\n# let _ = code;\n```")]
        pub fn input_id(mut self, id: impl Into<String>) -> Self {
            self.fields.input_id = Some(id.into());
            self
        }

        /// Sets the output id (at most 50 characters on v2).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet code = ", $value, ".output_id(\"101\");\n# let _ = code;\n```")]
        pub fn output_id(mut self, id: impl Into<String>) -> Self {
            self.fields.output_id = Some(id.into());
            self
        }

        /// Sets the auto-coding regular expression.
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet code = ", $value, ".regex_pattern(r\"(?i)price|cost\");\n# let _ = code;\n```")]
        pub fn regex_pattern(mut self, pattern: impl Into<String>) -> Self {
            self.fields.regex_pattern = Some(pattern.into());
            self
        }

        /// Sets the colour (`#RRGGBB`).
        ///
        #[doc = concat!("```no_run\nuse ascribe_coder::models::", $ty, ";\nlet code = ", $value, ".color(\"#00FF00\");\n# let _ = code;\n```")]
        pub fn color(mut self, color: impl Into<String>) -> Self {
            self.fields.color = Some(color.into());
            self
        }
    };
}
pub(crate) use code_setters;
