//! The Management API's resources: trackers and conversation groups.

use crate::models::Tracker;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A tracker stored with the Management API: a named set of phrases Symbl
/// looks for in conversations.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ManagedTracker {
    /// The tracker id (to pass to processing and streaming requests).
    pub id: crate::ids::TrackerId,
    /// Its name (unique, case-sensitive).
    pub name: String,
    /// The phrases it tracks.
    #[serde(default)]
    pub vocabulary: Vec<String>,
    /// Other fields (description, categories, languages, timestamps).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a tracker is created or replaced with: the same `{name,
/// vocabulary}` shape as a [`Tracker`] sent inline with a job, so the same
/// type.
///
/// ```
/// let spec = symbl::models::TrackerSpec::new("Promotion", ["special promotion", "discount"]);
/// assert_eq!(spec.vocabulary.len(), 2);
/// ```
pub type TrackerSpec = Tracker;

impl Tracker {
    /// Checks what Symbl checks before anything is sent: a name, some
    /// phrases, no duplicates, no punctuation other than `.` and `'`.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("a tracker needs a name".into());
        }
        if self.vocabulary.is_empty() {
            return Err(format!("tracker `{}` has no vocabulary", self.name));
        }
        for (i, phrase) in self.vocabulary.iter().enumerate() {
            if self.vocabulary[..i].contains(phrase) {
                return Err(format!("tracker `{}` lists `{phrase}` twice", self.name));
            }
            if let Some(bad) = phrase
                .chars()
                .find(|c| c.is_ascii_punctuation() && !matches!(c, '.' | '\''))
            {
                return Err(format!(
                    "tracker `{}`: `{bad}` is not allowed in `{phrase}` (only `.` and `'`)",
                    self.name
                ));
            }
        }
        Ok(())
    }
}

/// A conversation group: the conversations whose metadata match an RSQL
/// criteria.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Group {
    /// The group id.
    pub id: crate::ids::GroupId,
    /// Its name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// The RSQL criteria (`conversation.metadata.agentId==johndoe`).
    pub criteria: String,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a conversation group is created or replaced with.
///
/// ```
/// let spec = symbl::models::GroupSpec::new("John's calls", "conversation.metadata.agentId==john")
///     .description("Every call John made");
/// assert_eq!(spec.description.as_deref(), Some("Every call John made"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GroupSpec {
    /// The name (letters, digits, spaces, `-`, `_`; at most 128 characters).
    pub name: String,
    /// What it is for (at most 512 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The RSQL criteria.
    pub criteria: String,
}

impl GroupSpec {
    /// A group named `name` of the conversations matching `criteria`.
    ///
    /// ```no_run
    /// let spec = symbl::models::GroupSpec::new("Sales", "conversation.name==Sales");
    /// # let _ = spec;
    /// ```
    pub fn new(name: impl Into<String>, criteria: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            criteria: criteria.into(),
        }
    }

    /// Sets the description.
    ///
    /// ```no_run
    /// let spec = symbl::models::GroupSpec::new("Sales", "conversation.name==Sales").description("All sales calls");
    /// # let _ = spec;
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.name.trim().is_empty() || self.name.chars().count() > 128 {
            return Err("a group name must have 1 to 128 characters".into());
        }
        if self
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 512)
        {
            return Err("a group description has at most 512 characters".into());
        }
        if self.criteria.trim().is_empty() {
            return Err(format!("group `{}` needs a criteria", self.name));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracker_specs_are_checked_like_symbl_does() {
        assert!(
            TrackerSpec::new("Promo", ["special offer"])
                .validate()
                .is_ok()
        );
        assert!(TrackerSpec::new("", ["x"]).validate().is_err());
        assert!(
            TrackerSpec::new("Promo", Vec::<String>::new())
                .validate()
                .is_err()
        );
        assert!(TrackerSpec::new("Promo", ["a", "a"]).validate().is_err());
        assert!(TrackerSpec::new("Promo", ["what?"]).validate().is_err());
        assert!(
            TrackerSpec::new("Promo", ["Mr. Smith's offer"])
                .validate()
                .is_ok()
        );
    }
}
