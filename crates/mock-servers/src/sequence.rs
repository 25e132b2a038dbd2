//! A responder that answers with scripted responses in order.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use wiremock::{Request, Respond, ResponseTemplate};

/// Answers the n-th matching request with the n-th template; once the script
/// runs out, the last template repeats. Counts the requests it answered.
///
/// ```
/// use mock_servers::Sequence;
/// use wiremock::ResponseTemplate;
/// let seq = Sequence::new([
///     ResponseTemplate::new(503),
///     ResponseTemplate::new(200),
/// ]);
/// assert_eq!(seq.calls(), 0);
/// ```
#[derive(Debug)]
pub struct Sequence {
    templates: Mutex<Vec<ResponseTemplate>>,
    calls: std::sync::Arc<AtomicUsize>,
}

impl Sequence {
    /// A sequence of `templates` (at least one).
    pub fn new(templates: impl IntoIterator<Item = ResponseTemplate>) -> Self {
        let mut templates: Vec<_> = templates.into_iter().collect();
        if templates.is_empty() {
            templates.push(ResponseTemplate::new(500));
        }
        Self {
            templates: Mutex::new(templates),
            calls: std::sync::Arc::new(AtomicUsize::new(0)),
        }
    }

    /// How many requests were answered so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// A handle that keeps counting after the sequence is mounted.
    pub fn counter(&self) -> std::sync::Arc<AtomicUsize> {
        std::sync::Arc::clone(&self.calls)
    }
}

impl Respond for Sequence {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let templates = self
            .templates
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let i = n.min(templates.len() - 1);
        templates[i].clone()
    }
}
