//! Decoding helpers for the v2 wire, which sends `null` where v1 omits a
//! field (`"children": null`, `"failedQuestions": null`).

use serde::{Deserialize, Deserializer};

/// Decodes `null` (or a missing field, with `#[serde(default)]`) as the
/// type's default.
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}
