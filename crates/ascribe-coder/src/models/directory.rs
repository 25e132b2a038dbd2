//! Users and translation languages (v2).

use serde::{Deserialize, Serialize};

use super::ids::UserKey;

use super::de::null_default;

/// A user of the account (`GET /Users`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct User {
    /// The user's key (never changes).
    pub key: UserKey,
    /// The logon id (unique, may be changed by an administrator).
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
}

/// A language responses can be translated into (`GET /Languages/Translate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Language {
    /// The code to pass to the translate calls (`"en"`).
    #[serde(default, deserialize_with = "null_default")]
    pub code: String,
    /// The name to show (`"English"`).
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
}

#[derive(Deserialize)]
pub(crate) struct UsersEnvelope {
    #[serde(default, deserialize_with = "null_default")]
    pub(crate) users: Vec<User>,
}

#[derive(Deserialize)]
pub(crate) struct LanguagesEnvelope {
    #[serde(default, deserialize_with = "null_default")]
    pub(crate) languages: Vec<Language>,
}
