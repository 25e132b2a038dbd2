//! The messages the client sends: the start request (built and checked by
//! [`StartRequestBuilder`]) and the stop request.

mod builder;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::models::Tracker;
pub use builder::StartRequestBuilder;

/// How the audio sent over the stream is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub enum AudioEncoding {
    /// 16-bit signed little-endian PCM (8000 to 48000 Hz). The default.
    #[default]
    #[serde(rename = "LINEAR16")]
    Linear16,
    /// FLAC (16000 Hz and above).
    #[serde(rename = "FLAC")]
    Flac,
    /// G.711 µ-law (8000 Hz).
    #[serde(rename = "MULAW")]
    Mulaw,
    /// Opus (16000 to 48000 Hz).
    #[serde(rename = "Opus")]
    Opus,
}

impl AudioEncoding {
    /// The sample rates Symbl accepts for this encoding.
    fn accepts(self, hertz: u32) -> bool {
        match self {
            AudioEncoding::Linear16 => (8_000..=48_000).contains(&hertz),
            AudioEncoding::Flac => hertz >= 16_000,
            AudioEncoding::Mulaw => hertz == 8_000,
            AudioEncoding::Opus => (16_000..=48_000).contains(&hertz),
        }
    }
}

/// An insight Symbl can detect live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InsightType {
    /// Questions.
    Question,
    /// Action items.
    ActionItem,
    /// Follow-ups.
    FollowUp,
    /// Topics.
    Topic,
}

/// Who is speaking on this connection.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Speaker {
    /// Any identifier of the user (often an email address).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Speaker {
    /// A speaker with a user id and a display name.
    ///
    /// ```no_run
    /// let jane = symbl::streaming::Speaker::new("jane@example.com", "Jane");
    /// ```
    pub fn new(user_id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            user_id: Some(user_id.into()),
            name: Some(name.into()),
        }
    }
}

/// The audio format, as Symbl wants it in the start request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SpeechRecognition {
    /// The encoding.
    pub encoding: AudioEncoding,
    /// The sample rate.
    pub sample_rate_hertz: u32,
}

/// Options of live tracker detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TrackerOptions {
    /// Send tracker matches as soon as they are detected, not only on final
    /// transcripts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interim_results: Option<bool>,
    /// Detect every tracker of the account (made with the management API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_all_trackers: Option<bool>,
}

/// The `config` object of the start request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamConfig {
    /// Minimum confidence of an insight, 0.5 to 1.0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_threshold: Option<f64>,
    /// BCP 47 language code (`en-US`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// The conversation's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_title: Option<String>,
    /// Sentiment on messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<bool>,
    /// Entity detection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detect_entities: Option<bool>,
    /// The audio format.
    pub speech_recognition: SpeechRecognition,
    /// Live tracker options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trackers: Option<TrackerOptions>,
}

/// The `start_request` message: what to detect and the audio format.
/// Built with [`StartRequest::builder`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StartRequest {
    #[serde(rename = "type")]
    kind: &'static str,
    /// The insights to detect live (none if empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub insight_types: Vec<InsightType>,
    /// Trackers to detect live.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trackers: Vec<Tracker>,
    /// Words and phrases specific to the conversation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_vocabulary: Vec<String>,
    /// Recognition and insight settings.
    pub config: StreamConfig,
    /// Who speaks on this connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// Seconds (0 to 1800) the conversation stays joinable after the last
    /// connection dropped without a stop request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_connection_timeout: Option<u32>,
    /// Whether the stop request also closes the connection (Symbl's default: yes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect_on_stop_request: Option<bool>,
    /// Seconds (0 to 1800) an idle connection is kept after a stop request
    /// that does not disconnect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disconnect_on_stop_request_timeout: Option<u32>,
}

impl StartRequest {
    /// Starts building a start request (LINEAR16 at 16000 Hz unless set).
    ///
    /// ```no_run
    /// use symbl::streaming::{AudioEncoding, InsightType, Speaker, StartRequest};
    ///
    /// # fn run() -> symbl::Result<()> {
    /// let request = StartRequest::builder()
    ///     .encoding(AudioEncoding::Linear16)
    ///     .sample_rate_hertz(16_000)
    ///     .insight_types([InsightType::Question, InsightType::ActionItem])
    ///     .speaker(Speaker::new("jane@example.com", "Jane"))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn builder() -> StartRequestBuilder {
        StartRequestBuilder::default()
    }
}

/// The `stop_request` message, sent as JSON (Symbl's Python SDK sends a
/// Python repr instead, which the server cannot read).
#[derive(Debug, Serialize)]
pub(crate) struct StopRequest {
    #[serde(rename = "type")]
    kind: &'static str,
}

impl StopRequest {
    pub(crate) fn json() -> String {
        // Serializing a struct of one static string cannot fail; the
        // fallback is the same text.
        serde_json::to_string(&StopRequest {
            kind: "stop_request",
        })
        .unwrap_or_else(|_| r#"{"type":"stop_request"}"#.to_owned())
    }
}
