//! Call score, intents, legacy insights, experiences and bookmarks.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::conversation::Member;

/// A conversation's call score (`GET …/callscore`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CallScore {
    /// The overall score, 0 to 100.
    pub score: f64,
    /// Why.
    #[serde(default)]
    pub summary: Option<String>,
    /// The score per criterion.
    #[serde(default)]
    pub criteria: Vec<CallScoreCriterion>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One criterion of a call score.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CallScoreCriterion {
    /// The criterion (`Communication and Engagement`, ...).
    pub name: String,
    /// Its score, 0 to 100.
    pub score: f64,
    /// Why.
    #[serde(default)]
    pub summary: Option<String>,
    /// What went well and what did not.
    #[serde(default)]
    pub feedback: Option<Value>,
}

/// Where the call-score computation stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallScoreState {
    /// Not started (the conversation was not processed with call score).
    NotStarted,
    /// Being computed.
    InProgress,
    /// Ready to read.
    Completed,
    /// The computation failed.
    Failed,
    /// A state this SDK does not know yet.
    Other(String),
}

impl CallScoreState {
    /// The wire form.
    ///
    /// ```no_run
    /// assert_eq!(symbl::models::CallScoreState::InProgress.as_str(), "in_progress");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            CallScoreState::NotStarted => "not_started",
            CallScoreState::InProgress => "in_progress",
            CallScoreState::Completed => "completed",
            CallScoreState::Failed => "failed",
            CallScoreState::Other(s) => s,
        }
    }
}

impl From<&str> for CallScoreState {
    fn from(s: &str) -> Self {
        match s {
            "not_started" => CallScoreState::NotStarted,
            "in_progress" => CallScoreState::InProgress,
            "completed" => CallScoreState::Completed,
            "failed" => CallScoreState::Failed,
            other => CallScoreState::Other(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for CallScoreState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| CallScoreState::from(s.as_str()))
    }
}

impl Serialize for CallScoreState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `GET …/callscore/status`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CallScoreStatus {
    /// Where it stands.
    pub status: CallScoreState,
    /// The job computing it, where Symbl says.
    #[serde(default)]
    pub job_id: Option<crate::ids::JobId>,
}

/// An intent detected in a conversation (`GET …/intents`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Intent {
    /// The intent (`answering_machine`, `interested`, ...).
    pub intent: String,
    /// Confidence, 0 to 1.
    #[serde(default)]
    pub score: Option<f64>,
    /// Other fields (alternatives, sub-intents, message refs).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A legacy insight (`GET …/insights`): a question or an action item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Insight {
    /// The id.
    pub id: crate::ids::InsightId,
    /// The text.
    pub text: String,
    /// `question`, `action_item`, `follow_up`...
    #[serde(rename = "type")]
    pub kind: String,
    /// Confidence.
    #[serde(default)]
    pub score: Option<f64>,
    /// Who said it.
    #[serde(default)]
    pub from: Option<Member>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

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

/// A bookmark: a labelled stretch of a conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Bookmark {
    /// The bookmark id.
    pub id: crate::ids::BookmarkId,
    /// Its label.
    pub label: String,
    /// What it marks.
    #[serde(default)]
    pub description: Option<String>,
    /// Who made it.
    #[serde(default)]
    pub user: Option<BookmarkUser>,
    /// Where it starts, in seconds from the start of the conversation.
    #[serde(default)]
    pub begin_time_offset: Option<u64>,
    /// How long it is, in seconds.
    #[serde(default)]
    pub duration: Option<u64>,
    /// The messages it covers.
    #[serde(default)]
    pub message_refs: Vec<Value>,
    /// Other fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Who made a bookmark.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BookmarkUser {
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl BookmarkUser {
    /// A user with a name and e-mail address.
    ///
    /// ```no_run
    /// let user = symbl::models::BookmarkUser::new("Ana", "ana@example.com");
    /// # let _ = user;
    /// ```
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            user_id: None,
            email: Some(email.into()),
        }
    }
}

/// What a bookmark is created or replaced with: a stretch given by time
/// (`begin_time_offset` + `duration`) or by messages.
///
/// ```
/// use symbl::models::{BookmarkSpec, BookmarkUser};
/// let spec = BookmarkSpec::at("Pricing", 30, 45)
///     .description("The pricing discussion")
///     .user(BookmarkUser::new("Ann", "ann@example.com"));
/// # let _ = spec;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BookmarkSpec {
    /// The label.
    pub label: String,
    /// What it marks (Symbl refuses an empty one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who makes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<BookmarkUser>,
    /// Where it starts, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub begin_time_offset: Option<u64>,
    /// How long it is, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u64>,
    /// The messages it covers (`[{id}]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub message_refs: Vec<Value>,
}

impl BookmarkSpec {
    /// A bookmark of `duration` seconds from `begin` seconds into the conversation.
    ///
    /// ```no_run
    /// let spec = symbl::models::BookmarkSpec::at("Pricing", 30, 60);
    /// # let _ = spec;
    /// ```
    pub fn at(label: impl Into<String>, begin: u64, duration: u64) -> Self {
        Self {
            label: label.into(),
            description: None,
            user: None,
            begin_time_offset: Some(begin),
            duration: Some(duration),
            message_refs: Vec::new(),
        }
    }

    /// A bookmark over these messages.
    ///
    /// ```no_run
    /// let spec = symbl::models::BookmarkSpec::messages("Quote", ["msg-2"]);
    /// # let _ = spec;
    /// ```
    pub fn messages(
        label: impl Into<String>,
        message_ids: impl IntoIterator<Item = impl Into<crate::ids::MessageId>>,
    ) -> Self {
        Self {
            label: label.into(),
            description: None,
            user: None,
            begin_time_offset: None,
            duration: None,
            message_refs: message_ids
                .into_iter()
                .map(|id| serde_json::json!({ "id": id.into().as_str() }))
                .collect(),
        }
    }

    /// Sets the description.
    ///
    /// ```no_run
    /// let spec = symbl::models::BookmarkSpec::at("Pricing", 30, 60).description("The pricing talk");
    /// # let _ = spec;
    /// ```
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets who makes it.
    ///
    /// ```no_run
    /// use symbl::models::{BookmarkSpec, BookmarkUser};
    /// let spec = BookmarkSpec::at("Pricing", 30, 60).user(BookmarkUser::new("Ana", "ana@example.com"));
    /// # let _ = spec;
    /// ```
    pub fn user(mut self, user: BookmarkUser) -> Self {
        self.user = Some(user);
        self
    }

    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.label.trim().is_empty() {
            return Err("a bookmark needs a label".into());
        }
        if self
            .description
            .as_deref()
            .is_some_and(|d| d.trim().is_empty())
        {
            return Err("a bookmark description must not be empty".into());
        }
        Ok(())
    }
}
