//! Request bodies and options of the async processing API.

use serde::Serialize;
use serde_json::Value;

use super::conversation::Member;

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

/// Options shared by every processing request (text, audio, video).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProcessOptions {
    /// The conversation's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where Symbl posts job status changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// Words to help recognition (audio and video).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub custom_vocabulary: Vec<String>,
    /// The minimum confidence of insights, 0.5 to 1.0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_threshold: Option<f64>,
    /// Whether to detect key phrases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detect_phrases: Option<bool>,
    /// Custom entities to detect.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<CustomEntity>,
    /// Whether to detect the built-in entities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detect_entities: Option<bool>,
    /// The language, as a BCP 47 code (audio and video).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// The audio mode (audio and video).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<AudioMode>,
    /// Recognize each channel separately (audio and video).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_separate_recognition_per_channel: Option<bool>,
    /// Who speaks on which channel (audio and video).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channel_metadata: Vec<ChannelMetadata>,
    /// Trackers to run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trackers: Vec<Tracker>,
    /// Run every tracker of the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_all_trackers: Option<bool>,
    /// Produce a summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_summary: Option<bool>,
    /// Separate speakers (audio and video).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_speaker_diarization: Option<bool>,
    /// How many speakers to separate (with diarization).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diarization_speaker_count: Option<u32>,
}

impl ProcessOptions {
    /// No options.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().name("Standup");
    /// # let _ = options;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the conversation.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().name("Standup");
    /// # let _ = options;
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Asks Symbl to post status changes to `url`.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().webhook_url("https://example.com/hook");
    /// # let _ = options;
    /// ```
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    /// Adds words that help recognition.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().custom_vocabulary(["Symbl"]);
    /// # let _ = options;
    /// ```
    pub fn custom_vocabulary(mut self, words: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.custom_vocabulary
            .extend(words.into_iter().map(Into::into));
        self
    }

    /// Sets the minimum insight confidence (0.5 to 1.0, checked before sending).
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().confidence_threshold(0.7);
    /// # let _ = options;
    /// ```
    pub fn confidence_threshold(mut self, threshold: f64) -> Self {
        self.confidence_threshold = Some(threshold);
        self
    }

    /// Detects key phrases.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().detect_phrases(true);
    /// # let _ = options;
    /// ```
    pub fn detect_phrases(mut self, on: bool) -> Self {
        self.detect_phrases = Some(on);
        self
    }

    /// Adds a custom entity.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().entity(symbl::models::CustomEntity::new("Product", "Acme Cloud"));
    /// # let _ = options;
    /// ```
    pub fn entity(mut self, entity: CustomEntity) -> Self {
        self.entities.push(entity);
        self
    }

    /// Detects the built-in entities.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().detect_entities(true);
    /// # let _ = options;
    /// ```
    pub fn detect_entities(mut self, on: bool) -> Self {
        self.detect_entities = Some(on);
        self
    }

    /// Sets the language (`en-US`).
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().language("en-US");
    /// # let _ = options;
    /// ```
    pub fn language(mut self, code: impl Into<String>) -> Self {
        self.language_code = Some(code.into());
        self
    }

    /// Sets the audio mode.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().mode(symbl::models::AudioMode::Phone);
    /// # let _ = options;
    /// ```
    pub fn mode(mut self, mode: AudioMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Recognizes each channel separately, with who speaks on which.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().channels([symbl::models::ChannelMetadata::new(1, symbl::models::Member::new(None, "Ana", None))]);
    /// # let _ = options;
    /// ```
    pub fn channels(mut self, channels: impl IntoIterator<Item = ChannelMetadata>) -> Self {
        self.enable_separate_recognition_per_channel = Some(true);
        self.channel_metadata.extend(channels);
        self
    }

    /// Adds a tracker.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().tracker(symbl::models::Tracker::new("Deadline", ["meet the deadline"]));
    /// # let _ = options;
    /// ```
    pub fn tracker(mut self, tracker: Tracker) -> Self {
        self.trackers.push(tracker);
        self
    }

    /// Runs every tracker of the account.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().enable_all_trackers(true);
    /// # let _ = options;
    /// ```
    pub fn enable_all_trackers(mut self, on: bool) -> Self {
        self.enable_all_trackers = Some(on);
        self
    }

    /// Produces a summary.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().enable_summary(true);
    /// # let _ = options;
    /// ```
    pub fn enable_summary(mut self, on: bool) -> Self {
        self.enable_summary = Some(on);
        self
    }

    /// Separates speakers, optionally saying how many there are.
    ///
    /// ```no_run
    /// let options = symbl::models::ProcessOptions::new().diarization(Some(2));
    /// # let _ = options;
    /// ```
    pub fn diarization(mut self, speaker_count: Option<u32>) -> Self {
        self.enable_speaker_diarization = Some(true);
        self.diarization_speaker_count = speaker_count;
        self
    }

    /// Checks the values Symbl would reject, before anything is sent.
    ///
    /// # Errors
    /// A message naming the first invalid value (a confidence threshold outside 0.5..=1.0, a speaker count of 0).
    ///
    /// ```no_run
    /// use symbl::models::ProcessOptions;
    /// assert!(ProcessOptions::new().confidence_threshold(0.2).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), String> {
        if let Some(t) = self.confidence_threshold
            && !(0.5..=1.0).contains(&t)
        {
            return Err(format!(
                "confidenceThreshold must be between 0.5 and 1.0, not {t}"
            ));
        }
        if self.diarization_speaker_count == Some(0) {
            return Err("diarizationSpeakerCount must be at least 1".into());
        }
        Ok(())
    }

    /// The options as query parameters (for raw file uploads): scalars as
    /// text, lists and objects as JSON.
    ///
    /// ```no_run
    /// use symbl::models::ProcessOptions;
    /// let query = ProcessOptions::new().name("Standup").to_query();
    /// assert!(query.contains(&("name".to_owned(), "Standup".to_owned())));
    /// ```
    pub fn to_query(&self) -> Vec<(String, String)> {
        let Ok(Value::Object(map)) = serde_json::to_value(self) else {
            return Vec::new();
        };
        map.into_iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect()
    }
}

/// Timing of a message within a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MessageDuration {
    /// Start (ISO 8601).
    pub start_time: String,
    /// End (ISO 8601).
    pub end_time: String,
}

/// The content of a text message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MessagePayload {
    /// The text.
    pub content: String,
}

/// One message of a text conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TextMessage {
    /// What was said.
    pub payload: MessagePayload,
    /// Who said it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Member>,
    /// When.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<MessageDuration>,
}

impl TextMessage {
    /// A message with `content`.
    ///
    /// ```no_run
    /// let message = symbl::models::TextMessage::new("Ship it on Friday.");
    /// # let _ = message;
    /// ```
    pub fn new(content: impl Into<String>) -> Self {
        Self {
            payload: MessagePayload {
                content: content.into(),
            },
            from: None,
            duration: None,
        }
    }

    /// Says who sent it.
    ///
    /// ```no_run
    /// use symbl::models::{Member, TextMessage};
    /// let message = TextMessage::new("Ship it.").from(Member::new(None, "Ana", None));
    /// # let _ = message;
    /// ```
    pub fn from(mut self, member: Member) -> Self {
        self.from = Some(member);
        self
    }

    /// Says when it was sent.
    ///
    /// ```no_run
    /// let message = symbl::models::TextMessage::new("Ship it.").at("2026-01-01T10:00:00Z", "2026-01-01T10:00:05Z");
    /// # let _ = message;
    /// ```
    pub fn at(mut self, start_time: impl Into<String>, end_time: impl Into<String>) -> Self {
        self.duration = Some(MessageDuration {
            start_time: start_time.into(),
            end_time: end_time.into(),
        });
        self
    }
}

/// `POST /v1/process/text` (and its append form).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TextRequest {
    /// The messages.
    pub messages: Vec<TextMessage>,
    /// Options.
    #[serde(flatten)]
    pub options: ProcessOptions,
}

impl TextRequest {
    /// A request with these messages.
    ///
    /// ```no_run
    /// use symbl::models::{TextMessage, TextRequest};
    /// let request = TextRequest::new([TextMessage::new("Ship it on Friday.")]);
    /// # let _ = request;
    /// ```
    pub fn new(messages: impl IntoIterator<Item = TextMessage>) -> Self {
        Self {
            messages: messages.into_iter().collect(),
            options: ProcessOptions::default(),
        }
    }

    /// Adds a message.
    ///
    /// ```no_run
    /// use symbl::models::{TextMessage, TextRequest};
    /// let request = TextRequest::new([]).message(TextMessage::new("One more."));
    /// # let _ = request;
    /// ```
    pub fn message(mut self, message: TextMessage) -> Self {
        self.messages.push(message);
        self
    }

    /// Sets the options.
    ///
    /// ```no_run
    /// use symbl::models::{ProcessOptions, TextMessage, TextRequest};
    /// let request = TextRequest::new([TextMessage::new("Hi.")]).options(ProcessOptions::new().name("Standup"));
    /// # let _ = request;
    /// ```
    pub fn options(mut self, options: ProcessOptions) -> Self {
        self.options = options;
        self
    }
}

/// `POST /v1/process/{audio,video}/url`: media Symbl fetches itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UrlRequest {
    /// Where the media is.
    pub url: String,
    /// Options.
    #[serde(flatten)]
    pub options: ProcessOptions,
}

impl UrlRequest {
    /// A request for the media at `url`.
    ///
    /// ```no_run
    /// let request = symbl::models::UrlRequest::new("https://example.com/call.mp3");
    /// # let _ = request;
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            options: ProcessOptions::default(),
        }
    }

    /// Sets the options.
    ///
    /// ```no_run
    /// use symbl::models::{ProcessOptions, UrlRequest};
    /// let request = UrlRequest::new("https://example.com/call.mp3").options(ProcessOptions::new().name("Call"));
    /// # let _ = request;
    /// ```
    pub fn options(mut self, options: ProcessOptions) -> Self {
        self.options = options;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_requests_use_the_wire_names() {
        let req =
            TextRequest::new([TextMessage::new("hello").from(Member::new(None, "Ann", None))])
                .options(
                    ProcessOptions::new()
                        .name("call")
                        .enable_summary(true)
                        .tracker(Tracker::new("price", ["cost"])),
                );
        let v = serde_json::to_value(&req).expect("ser");
        assert_eq!(v["messages"][0]["payload"]["content"], "hello");
        assert_eq!(v["messages"][0]["from"]["name"], "Ann");
        assert_eq!(v["name"], "call");
        assert_eq!(v["enableSummary"], true);
        assert_eq!(v["trackers"][0]["vocabulary"][0], "cost");
        assert!(v.get("webhookUrl").is_none());
    }

    #[test]
    fn options_become_query_parameters() {
        let q = ProcessOptions::new()
            .name("a b")
            .diarization(Some(2))
            .custom_vocabulary(["Symbl"])
            .mode(AudioMode::Phone)
            .to_query();
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("name"), Some("a b"));
        assert_eq!(get("enableSpeakerDiarization"), Some("true"));
        assert_eq!(get("diarizationSpeakerCount"), Some("2"));
        assert_eq!(get("customVocabulary"), Some(r#"["Symbl"]"#));
        assert_eq!(get("mode"), Some("phone"));
    }

    #[test]
    fn invalid_values_are_caught_before_sending() {
        assert!(
            ProcessOptions::new()
                .confidence_threshold(0.2)
                .validate()
                .is_err()
        );
        assert!(
            ProcessOptions::new()
                .confidence_threshold(0.7)
                .validate()
                .is_ok()
        );
        assert!(
            ProcessOptions::new()
                .diarization(Some(0))
                .validate()
                .is_err()
        );
    }
}
