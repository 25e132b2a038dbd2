//! The messages the client sends: the start request (built and checked by
//! [`StartRequestBuilder`]) and the stop request.

use serde::Serialize;

use crate::error::{Result, SymblError};
use crate::models::Tracker;

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

/// Builds a [`StartRequest`]; [`build`](Self::build) checks the values
/// against what Symbl accepts.
#[derive(Debug, Clone)]
pub struct StartRequestBuilder {
    request: StartRequest,
}

impl Default for StartRequestBuilder {
    fn default() -> Self {
        Self {
            request: StartRequest {
                kind: "start_request",
                insight_types: Vec::new(),
                trackers: Vec::new(),
                custom_vocabulary: Vec::new(),
                config: StreamConfig {
                    confidence_threshold: None,
                    language_code: None,
                    meeting_title: None,
                    sentiment: None,
                    detect_entities: None,
                    speech_recognition: SpeechRecognition {
                        encoding: AudioEncoding::Linear16,
                        sample_rate_hertz: 16_000,
                    },
                    trackers: None,
                },
                speaker: None,
                no_connection_timeout: None,
                disconnect_on_stop_request: None,
                disconnect_on_stop_request_timeout: None,
            },
        }
    }
}

impl StartRequestBuilder {
    /// Sets the audio encoding (default LINEAR16).
    ///
    /// ```no_run
    /// use symbl::streaming::{AudioEncoding, StartRequest};
    /// let builder = StartRequest::builder().encoding(AudioEncoding::Opus).sample_rate_hertz(48_000);
    /// ```
    pub fn encoding(mut self, encoding: AudioEncoding) -> Self {
        self.request.config.speech_recognition.encoding = encoding;
        self
    }

    /// Sets the sample rate (default 16000 Hz).
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().sample_rate_hertz(44_100);
    /// ```
    pub fn sample_rate_hertz(mut self, hertz: u32) -> Self {
        self.request.config.speech_recognition.sample_rate_hertz = hertz;
        self
    }

    /// Sets the insights to detect live.
    ///
    /// ```no_run
    /// use symbl::streaming::{InsightType, StartRequest};
    /// let builder = StartRequest::builder().insight_types([InsightType::Question, InsightType::FollowUp]);
    /// ```
    pub fn insight_types(mut self, types: impl IntoIterator<Item = InsightType>) -> Self {
        self.request.insight_types = types.into_iter().collect();
        self
    }

    /// Adds a tracker to detect live.
    ///
    /// ```no_run
    /// use symbl::models::Tracker;
    /// let builder = symbl::streaming::StartRequest::builder().tracker(Tracker::new("Pricing", ["price", "discount"]));
    /// ```
    pub fn tracker(mut self, tracker: Tracker) -> Self {
        self.request.trackers.push(tracker);
        self
    }

    /// Sets the live tracker options.
    ///
    /// ```no_run
    /// use symbl::streaming::{StartRequest, TrackerOptions};
    /// let mut options = TrackerOptions::default();
    /// options.interim_results = Some(true);
    /// let builder = StartRequest::builder().tracker_options(options);
    /// ```
    pub fn tracker_options(mut self, options: TrackerOptions) -> Self {
        self.request.config.trackers = Some(options);
        self
    }

    /// Sets words and phrases specific to the conversation.
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().custom_vocabulary(["Acme", "Acme Cloud"]);
    /// ```
    pub fn custom_vocabulary(mut self, words: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.request.custom_vocabulary = words.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the minimum confidence of an insight (0.5 to 1.0; Symbl's default 0.5).
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().confidence_threshold(0.7);
    /// ```
    pub fn confidence_threshold(mut self, threshold: f64) -> Self {
        self.request.config.confidence_threshold = Some(threshold);
        self
    }

    /// Sets the language (BCP 47, e.g. `en-US`).
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().language_code("en-US");
    /// ```
    pub fn language_code(mut self, code: impl Into<String>) -> Self {
        self.request.config.language_code = Some(code.into());
        self
    }

    /// Sets the conversation's name.
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().meeting_title("Standup");
    /// ```
    pub fn meeting_title(mut self, title: impl Into<String>) -> Self {
        self.request.config.meeting_title = Some(title.into());
        self
    }

    /// Asks for the sentiment of each message.
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().sentiment(true);
    /// ```
    pub fn sentiment(mut self, on: bool) -> Self {
        self.request.config.sentiment = Some(on);
        self
    }

    /// Asks for entity detection.
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().detect_entities(true);
    /// ```
    pub fn detect_entities(mut self, on: bool) -> Self {
        self.request.config.detect_entities = Some(on);
        self
    }

    /// Sets who speaks on this connection.
    ///
    /// ```no_run
    /// use symbl::streaming::{Speaker, StartRequest};
    /// let builder = StartRequest::builder().speaker(Speaker::new("jane@example.com", "Jane"));
    /// ```
    pub fn speaker(mut self, speaker: Speaker) -> Self {
        self.request.speaker = Some(speaker);
        self
    }

    /// Keeps the conversation joinable for `secs` (0 to 1800) after the last
    /// connection dropped without a stop request.
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().no_connection_timeout(600);
    /// ```
    pub fn no_connection_timeout(mut self, secs: u32) -> Self {
        self.request.no_connection_timeout = Some(secs);
        self
    }

    /// Whether the stop request also closes the connection (Symbl's default: yes).
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().disconnect_on_stop_request(false);
    /// ```
    pub fn disconnect_on_stop_request(mut self, disconnect: bool) -> Self {
        self.request.disconnect_on_stop_request = Some(disconnect);
        self
    }

    /// How long (0 to 1800 s) an idle connection is kept after a stop
    /// request that does not disconnect.
    ///
    /// ```no_run
    /// let builder = symbl::streaming::StartRequest::builder().disconnect_on_stop_request_timeout(300);
    /// ```
    pub fn disconnect_on_stop_request_timeout(mut self, secs: u32) -> Self {
        self.request.disconnect_on_stop_request_timeout = Some(secs);
        self
    }

    /// Checks the values and builds the request.
    ///
    /// ```no_run
    /// use symbl::streaming::StartRequest;
    ///
    /// # fn run() -> symbl::Result<()> {
    /// let request = StartRequest::builder().sample_rate_hertz(44_100).build()?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// An invalid-input error (see [`SymblError::Core`]) for a sample rate
    /// the encoding does not support, a confidence threshold outside 0.5 to
    /// 1.0, a timeout over 1800 s, or a tracker with no name or no vocabulary.
    pub fn build(self) -> Result<StartRequest> {
        let r = self.request;
        let speech = r.config.speech_recognition;
        if !speech.encoding.accepts(speech.sample_rate_hertz) {
            return Err(invalid(format!(
                "{:?} audio cannot be streamed at {} Hz",
                speech.encoding, speech.sample_rate_hertz
            )));
        }
        if let Some(t) = r.config.confidence_threshold
            && !(0.5..=1.0).contains(&t)
        {
            return Err(invalid(format!(
                "confidence threshold {t} is outside 0.5 to 1.0"
            )));
        }
        for (name, secs) in [
            ("noConnectionTimeout", r.no_connection_timeout),
            (
                "disconnectOnStopRequestTimeout",
                r.disconnect_on_stop_request_timeout,
            ),
        ] {
            if secs.is_some_and(|s| s > 1800) {
                return Err(invalid(format!("{name} must be at most 1800 seconds")));
            }
        }
        if let Some(t) = r
            .trackers
            .iter()
            .find(|t| t.name.trim().is_empty() || t.vocabulary.is_empty())
        {
            return Err(invalid(format!(
                "tracker `{}` needs a name and at least one phrase",
                t.name
            )));
        }
        Ok(r)
    }
}

fn invalid(message: String) -> SymblError {
    auth_core::Error::InvalidInput(message).into()
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_start_request_has_symbls_field_names() {
        let request = StartRequest::builder()
            .sample_rate_hertz(44_100)
            .insight_types([InsightType::Question, InsightType::ActionItem])
            .tracker(Tracker::new("Pricing", ["price", "discount"]))
            .confidence_threshold(0.7)
            .language_code("en-US")
            .meeting_title("Standup")
            .speaker(Speaker::new("jane@example.com", "Jane"))
            .build()
            .expect("valid");
        let value = serde_json::to_value(&request).expect("serializes");
        assert_eq!(
            value,
            json!({
                "type": "start_request",
                "insightTypes": ["question", "action_item"],
                "trackers": [{"name": "Pricing", "vocabulary": ["price", "discount"]}],
                "config": {
                    "confidenceThreshold": 0.7,
                    "languageCode": "en-US",
                    "meetingTitle": "Standup",
                    "speechRecognition": {"encoding": "LINEAR16", "sampleRateHertz": 44100}
                },
                "speaker": {"userId": "jane@example.com", "name": "Jane"}
            })
        );
    }

    #[test]
    fn values_symbl_refuses_are_refused_before_connecting() {
        let bad = [
            StartRequest::builder()
                .encoding(AudioEncoding::Mulaw)
                .sample_rate_hertz(16_000),
            StartRequest::builder().sample_rate_hertz(96_000),
            StartRequest::builder().confidence_threshold(0.2),
            StartRequest::builder().no_connection_timeout(3600),
            StartRequest::builder().tracker(Tracker::new("", ["x"])),
            StartRequest::builder().tracker(Tracker::new("Empty", Vec::<String>::new())),
        ];
        for builder in bad {
            let err = builder.build().expect_err("refused");
            assert!(
                matches!(err, SymblError::Core(auth_core::Error::InvalidInput(_))),
                "{err:?}"
            );
        }
        StartRequest::builder()
            .encoding(AudioEncoding::Mulaw)
            .sample_rate_hertz(8_000)
            .build()
            .expect("µ-law at 8 kHz is fine");
    }

    #[test]
    fn the_stop_request_is_json() {
        assert_eq!(StopRequest::json(), r#"{"type":"stop_request"}"#);
    }
}
