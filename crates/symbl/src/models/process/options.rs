//! [`ProcessOptions`]: the options every processing request shares.

use serde::Serialize;
use serde_json::Value;

use super::{AudioMode, ChannelMetadata, CustomEntity, Tracker};

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
