//! What to detect: trackers, custom entities, channels and the audio mode.

use serde::Serialize;

use crate::models::conversation::Member;

/// A tracker: a named set of phrases to detect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Tracker {
    /// The tracker's name.
    pub name: String,
    /// The phrases it looks for.
    pub vocabulary: Vec<String>,
}

impl Tracker {
    /// A tracker named `name` looking for `vocabulary`.
    ///
    /// ```no_run
    /// let tracker = symbl::models::Tracker::new("Deadline", ["meet the deadline"]);
    /// # let _ = tracker;
    /// ```
    pub fn new(
        name: impl Into<String>,
        vocabulary: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            name: name.into(),
            vocabulary: vocabulary.into_iter().map(Into::into).collect(),
        }
    }
}

/// A custom entity to detect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomEntity {
    /// The entity type.
    pub custom_type: String,
    /// Its canonical value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The text that denotes it.
    pub text: String,
}

impl CustomEntity {
    /// An entity of `custom_type` spelled `text`.
    ///
    /// ```no_run
    /// let entity = symbl::models::CustomEntity::new("Product", "Acme Cloud");
    /// # let _ = entity;
    /// ```
    pub fn new(custom_type: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            custom_type: custom_type.into(),
            value: None,
            text: text.into(),
        }
    }
}

/// Who speaks on which channel of a multi-channel recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ChannelMetadata {
    /// The channel number (1-based).
    pub channel: u32,
    /// The speaker on it.
    pub speaker: Member,
}

impl ChannelMetadata {
    /// `speaker` speaks on `channel`.
    ///
    /// ```no_run
    /// use symbl::models::{ChannelMetadata, Member};
    /// let channel = ChannelMetadata::new(1, Member::new(None, "Ana", None));
    /// # let _ = channel;
    /// ```
    pub fn new(channel: u32, speaker: Member) -> Self {
        Self { channel, speaker }
    }
}

/// The audio mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AudioMode {
    /// General audio.
    Default,
    /// Telephone audio (8 kHz).
    Phone,
}
