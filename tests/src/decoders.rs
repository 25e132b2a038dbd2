//! Every response type the SDKs decode, behind one signature, so the
//! property test (`tests/tests/decoders.rs`, in the normal run) and the
//! cargo-fuzz targets (`fuzz/`, nightly, by hand) cover the same list.
//!
//! Each decoder goes through `auth_core::http::decode_json`, the one path
//! every service response takes: whatever the bytes, it returns the value or
//! a typed [`auth_core::Error::Decode`], never panics.

use auth_core::http::decode_json;

/// A decoder: its name and a function decoding bytes into its type.
pub type Decoder = (&'static str, fn(&[u8]) -> auth_core::Result<()>);

macro_rules! decoders {
    ($($ty:ty),* $(,)?) => {
        &[$((stringify!($ty), |body: &[u8]| decode_json::<$ty>(stringify!($ty), body).map(drop))),*]
    };
}

/// Every decoded response type of the four service crates.
pub fn all() -> &'static [Decoder] {
    decoders![
        // Symbl
        symbl::models::Conversation,
        symbl::models::ConversationPage,
        symbl::models::Job,
        symbl::models::ProcessingJob,
        symbl::models::ManagedTracker,
        symbl::models::Group,
        symbl::models::CallScore,
        symbl::models::CallScoreStatus,
        symbl::models::Insight,
        symbl::models::Intent,
        // SciNote (JSON:API documents)
        scinote::jsonapi::Document<serde_json::Value>,
        scinote::jsonapi::Document<Vec<scinote::jsonapi::Resource<serde_json::Value>>>,
        scinote::jsonapi::Resource<serde_json::Value>,
        scinote::jsonapi::Links,
        // Scribe MI
        scribe_mi::mi::MiTask,
        Vec<scribe_mi::mi::MiTask>,
        scribe_mi::mi::Model,
        // Ascribe Coder
        ascribe_coder::models::Study,
        ascribe_coder::models::StudyDetails,
        ascribe_coder::models::Question,
        ascribe_coder::models::Codebook,
        ascribe_coder::models::ExportJob,
        ascribe_coder::models::Company,
    ]
}

/// Runs the decoders whose name starts with `prefix` (a crate name such as
/// `symbl` or `scribe_mi`) on `body`; returns how many accepted it.
pub fn decode_with(prefix: &str, body: &[u8]) -> usize {
    run(
        all().iter().filter(|(name, _)| name.starts_with(prefix)),
        body,
    )
}

/// Runs every decoder on `body`; returns how many accepted it. Panics only
/// if a decoder fails with anything but a typed decode error (the fuzz
/// targets and the property test rely on that).
pub fn decode_with_all(body: &[u8]) -> usize {
    run(all().iter(), body)
}

fn run<'a>(decoders: impl Iterator<Item = &'a Decoder>, body: &[u8]) -> usize {
    let mut accepted = 0;
    for (name, decode) in decoders {
        match decode(body) {
            Ok(()) => accepted += 1,
            Err(auth_core::Error::Decode { .. }) => {}
            Err(other) => panic!("{name}: not a decode error: {other}"),
        }
    }
    accepted
}
