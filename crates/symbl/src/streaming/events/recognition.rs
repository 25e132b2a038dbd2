//! The live transcript: `recognition_result` and the types it is made of.

use std::time::Duration;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A point in the audio, as Symbl sends it (`{"seconds":"3","nanos":"800000000"}`;
/// strings or numbers are both accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AudioTime {
    /// Whole seconds.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub seconds: u64,
    /// Nanoseconds.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub nanos: u64,
}

impl AudioTime {
    /// As a duration from the start of the stream.
    ///
    /// ```no_run
    /// # fn run(t: symbl::streaming::AudioTime) {
    /// println!("at {:?}", t.as_duration());
    /// # }
    /// ```
    pub fn as_duration(&self) -> Duration {
        Duration::from_secs(self.seconds) + Duration::from_nanos(self.nanos)
    }
}

/// A recognized word with its timing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecognizedWord {
    /// The word.
    #[serde(default)]
    pub word: String,
    /// Where it starts.
    #[serde(default)]
    pub start_time: Option<AudioTime>,
    /// Where it ends.
    #[serde(default)]
    pub end_time: Option<AudioTime>,
}

/// One transcription hypothesis.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Alternative {
    /// The text.
    #[serde(default)]
    pub transcript: String,
    /// Confidence, 0 to 1.
    #[serde(default)]
    pub confidence: Option<f64>,
    /// The words with their timings.
    #[serde(default)]
    pub words: Vec<RecognizedWord>,
}

/// The user a result belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreamUser {
    /// Symbl's id of the user.
    #[serde(default)]
    pub id: Option<crate::ids::MemberId>,
    /// The id given in the start request's speaker.
    #[serde(default)]
    pub user_id: Option<String>,
    /// The display name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A live transcript (`recognition_result`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecognitionResult {
    /// Final (will not change) or interim.
    #[serde(default)]
    pub is_final: bool,
    /// The hypotheses, best first.
    #[serde(default, rename = "payload", deserialize_with = "alternatives")]
    pub alternatives: Vec<Alternative>,
    /// The punctuated transcript, where Symbl sent one.
    #[serde(default, deserialize_with = "punctuated")]
    pub punctuated: Option<String>,
    /// Who spoke.
    #[serde(default)]
    pub user: Option<StreamUser>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RecognitionResult {
    /// The best text: the punctuated transcript, else the first hypothesis.
    ///
    /// ```no_run
    /// # fn run(r: symbl::streaming::RecognitionResult) {
    /// println!("{}", r.text());
    /// # }
    /// ```
    pub fn text(&self) -> &str {
        self.punctuated
            .as_deref()
            .or_else(|| self.alternatives.first().map(|a| a.transcript.as_str()))
            .unwrap_or("")
    }
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| de::Error::custom(format!("{n} is not a whole non-negative number"))),
        Value::String(s) => s
            .parse()
            .map_err(|_| de::Error::custom(format!("`{s}` is not a number"))),
        Value::Null => Ok(0),
        other => Err(de::Error::custom(format!("expected a number, got {other}"))),
    }
}

/// `payload.raw.alternatives` flattened to the list.
fn alternatives<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Alternative>, D::Error> {
    #[derive(Deserialize)]
    struct Payload {
        #[serde(default)]
        raw: Option<Raw>,
    }
    #[derive(Deserialize)]
    struct Raw {
        #[serde(default)]
        alternatives: Vec<Alternative>,
    }
    let payload = Option::<Payload>::deserialize(d)?;
    Ok(payload
        .and_then(|p| p.raw)
        .map(|r| r.alternatives)
        .unwrap_or_default())
}

/// `punctuated.transcript` flattened to the text.
fn punctuated<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Punctuated {
        #[serde(default)]
        transcript: Option<String>,
    }
    Ok(Option::<Punctuated>::deserialize(d)?.and_then(|p| p.transcript))
}
