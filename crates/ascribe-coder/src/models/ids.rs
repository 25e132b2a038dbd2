//! Typed keys: a study key cannot be passed where a question key is
//! expected. Every key converts from and into the `i64` the service sends,
//! so keys read from the v1 models (`study.key`) work directly.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! key_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            #[doc = concat!("Wraps a key the service returned.\n\n```no_run\nuse ascribe_coder::models::", stringify!($name), ";\nlet key = ", stringify!($name), "::new(42);\nassert_eq!(key.get(), 42);\n```")]
            pub const fn new(key: i64) -> Self {
                Self(key)
            }

            #[doc = concat!("The key as sent on the wire.\n\n```no_run\nuse ascribe_coder::models::", stringify!($name), ";\nassert_eq!(", stringify!($name), "::from(7).get(), 7);\n```")]
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(key: i64) -> Self {
                Self(key)
            }
        }

        impl PartialEq<i64> for $name {
            fn eq(&self, other: &i64) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for i64 {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl From<$name> for i64 {
            fn from(key: $name) -> i64 {
                key.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

key_type! {
    /// The key of a study.
    StudyKey
}
key_type! {
    /// The key of a question.
    QuestionKey
}
key_type! {
    /// The key of a codebook.
    CodebookKey
}
key_type! {
    /// The key of a code (or a net) in a codebook.
    CodeKey
}
key_type! {
    /// The key of a load (a batch of responses loaded into a question).
    LoadKey
}
key_type! {
    /// The key of a user.
    UserKey
}
key_type! {
    /// The key of an AI Coder project.
    AiProjectKey
}
key_type! {
    /// The task of an AI Coder analysis (`/AICoder/Analyze`, `/v3`,
    /// `/Incremental`), polled at `GET /AICoder/Analyze/{key}`.
    AnalysisTaskKey
}
key_type! {
    /// The task of an AI Coder net-codes run, polled at
    /// `GET /AICoder/NetCodes/{key}`.
    NetCodesTaskKey
}
key_type! {
    /// The task of an AI Coder Excel export, polled at
    /// `GET /AICoder/Export/Excel/{key}`.
    ExcelExportTaskKey
}
key_type! {
    /// The task of an AI Coder codebook export (back into a Coder codebook),
    /// polled at `GET /AICoder/Export/Codebook/{key}`.
    CodebookExportTaskKey
}
key_type! {
    /// The task of an AI Coder dichotomous report, polled at
    /// `GET /AICoder/Export/Dichotomous/{key}`.
    DichotomousExportTaskKey
}
key_type! {
    /// The key of a company (a client or end company of studies).
    CompanyKey
}
key_type! {
    /// The key of an export script (`GET /Exports`).
    ExportScriptKey
}
key_type! {
    /// The key of an export job, polled at `GET /Exports/{jobKey}`.
    ExportJobKey
}
key_type! {
    /// The key of a rule set applied to uploaded responses.
    RuleSetKey
}
key_type! {
    /// The key of a taxonomy applied to uploaded responses.
    TaxonomyKey
}

auth_core::string_ids!(ascribe_coder::models;
    /// A respondent's id (`rid`): the responses of one respondent, across
    /// the questions of a study.
    RespondentId,
);
