//! [`StartRequestBuilder`]: the start request's options, checked against what
//! Symbl accepts before anything is sent.

use super::{
    AudioEncoding, InsightType, Speaker, SpeechRecognition, StartRequest, StreamConfig,
    TrackerOptions,
};
use crate::error::{Result, SymblError};
use crate::models::Tracker;

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
