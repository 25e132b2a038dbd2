//! Summary experiences: the hosted pages Symbl builds for a conversation.

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// The kind of a summary experience (a hosted page Symbl builds).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExperienceKind {
    /// `verbose-text-summary`: the text summary page.
    TextSummary,
    /// `video-summary`: the summary page with the recording.
    VideoSummary,
    /// Another experience name.
    Other(String),
}

impl ExperienceKind {
    /// The wire form.
    ///
    /// ```no_run
    /// assert_eq!(symbl::models::ExperienceKind::TextSummary.as_str(), "verbose-text-summary");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            ExperienceKind::TextSummary => "verbose-text-summary",
            ExperienceKind::VideoSummary => "video-summary",
            ExperienceKind::Other(s) => s,
        }
    }
}

/// `POST …/experiences`: what to build.
///
/// ```
/// use symbl::models::{ExperienceKind, ExperienceRequest};
/// let request = ExperienceRequest::new(ExperienceKind::VideoSummary)
///     .video_url("https://example.com/call.mp4")
///     .read_only();
/// # let _ = request;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExperienceRequest {
    /// The experience name.
    #[serde(serialize_with = "ser_kind")]
    pub name: ExperienceKind,
    /// The recording, for a video summary of an audio conversation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_url: Option<String>,
    /// The recording, for a video summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    /// A logo URL for the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// How long the page URL stays valid, in seconds.
    #[serde(
        rename = "summaryURLExpiresIn",
        skip_serializing_if = "Option::is_none"
    )]
    pub summary_url_expires_in: Option<u64>,
    /// Whether the page is read-only.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
}

fn ser_kind<S: Serializer>(kind: &ExperienceKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.as_str())
}

impl ExperienceRequest {
    /// An experience of this kind.
    ///
    /// ```no_run
    /// let request = symbl::models::ExperienceRequest::new(symbl::models::ExperienceKind::VideoSummary);
    /// # let _ = request;
    /// ```
    pub fn new(kind: ExperienceKind) -> Self {
        Self {
            name: kind,
            audio_url: None,
            video_url: None,
            logo: None,
            summary_url_expires_in: None,
            read_only: false,
        }
    }

    /// The recording's URL, for a video summary of an audio conversation.
    ///
    /// ```no_run
    /// let request = symbl::models::ExperienceRequest::new(symbl::models::ExperienceKind::VideoSummary).audio_url("https://example.com/call.mp3");
    /// # let _ = request;
    /// ```
    pub fn audio_url(mut self, url: impl Into<String>) -> Self {
        self.audio_url = Some(url.into());
        self
    }

    /// The recording's URL, for a video summary.
    ///
    /// ```no_run
    /// let request = symbl::models::ExperienceRequest::new(symbl::models::ExperienceKind::VideoSummary).video_url("https://example.com/call.mp4");
    /// # let _ = request;
    /// ```
    pub fn video_url(mut self, url: impl Into<String>) -> Self {
        self.video_url = Some(url.into());
        self
    }

    /// A logo for the page.
    ///
    /// ```no_run
    /// let request = symbl::models::ExperienceRequest::new(symbl::models::ExperienceKind::VideoSummary).logo("https://example.com/logo.png");
    /// # let _ = request;
    /// ```
    pub fn logo(mut self, url: impl Into<String>) -> Self {
        self.logo = Some(url.into());
        self
    }

    /// How long the URL stays valid (seconds; 0 for never expiring).
    ///
    /// ```no_run
    /// let request = symbl::models::ExperienceRequest::new(symbl::models::ExperienceKind::VideoSummary).expires_in(3600);
    /// # let _ = request;
    /// ```
    pub fn expires_in(mut self, seconds: u64) -> Self {
        self.summary_url_expires_in = Some(seconds);
        self
    }

    /// Makes the page read-only.
    ///
    /// ```no_run
    /// let request = symbl::models::ExperienceRequest::new(symbl::models::ExperienceKind::VideoSummary).read_only();
    /// # let _ = request;
    /// ```
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
}

/// A built experience.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Experience {
    /// The experience name.
    pub name: String,
    /// Where the page is.
    pub url: String,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
