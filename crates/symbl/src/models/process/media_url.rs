//! `POST /v1/process/{audio,video}/url`: media Symbl fetches itself.

use serde::Serialize;

use super::ProcessOptions;

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
