//! Typed attributes of SciNote's resources.
//!
//! Every attribute is optional (SciNote omits some depending on version and
//! permissions) and attributes this SDK does not know are kept in `extra`,
//! so a newer server never breaks decoding.

macro_rules! attributes {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$fmeta])* #[serde(skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)*
            /// Attributes this SDK does not know (newer servers).
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }
    };
}

/// Generates a write body: required fields in `new`, a setter per optional
/// field, each with an example.
macro_rules! write_body {
    (
        $(#[$meta:meta])* $name:ident {
            required: { $($(#[$rm:meta])* $rf:ident : $rt:ty),* $(,)? },
            optional: { $($(#[$om:meta])* $of:ident : $ot:ty = $oex:literal),* $(,)? },
            example: $ex:literal $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$rm])* pub $rf: $rt,)*
            $($(#[$om])* #[serde(skip_serializing_if = "Option::is_none")] pub $of: Option<$ot>,)*
        }

        impl $name {
            /// A body with the required attributes.
            ///
            /// ```no_run
            #[doc = concat!("let body = scinote::models::", $ex, ";")]
            /// # let _ = body;
            /// ```
            #[allow(clippy::new_without_default)]
            pub fn new($($rf: impl Into<$rt>),*) -> Self {
                Self { $($rf: $rf.into(),)* ..Self::default() }
            }

            $(
                $(#[$om])*
                ///
                /// ```no_run
                #[doc = concat!("let body = scinote::models::", $ex, ".", stringify!($of), "(", $oex, ");")]
                /// # let _ = body;
                /// ```
                pub fn $of(mut self, value: impl Into<$ot>) -> Self {
                    self.$of = Some(value.into());
                    self
                }
            )*
        }
    };
}

/// Generates a creation body and its change body from one field list: the
/// `required` fields are required to create and optional to change,
/// `create_only` ones are set only at creation, `optional` ones in both.
macro_rules! write_bodies {
    (
        $(#[$nmeta:meta])* $new:ident ($nex:literal),
        $(#[$cmeta:meta])* $change:ident ($cex:literal) {
            create_only: { $($(#[$km:meta])* $kf:ident : $kt:ty),* $(,)? },
            required: { $($(#[$rm:meta])* $rf:ident : $rt:ty = $rex:literal),* $(,)? },
            optional: { $($(#[$om:meta])* $of:ident : $ot:ty = $oex:literal),* $(,)? } $(,)?
        }
    ) => {
        write_body!(
            $(#[$nmeta])* $new {
                required: { $($(#[$km])* $kf: $kt,)* $($(#[$rm])* $rf: $rt,)* },
                optional: { $($(#[$om])* $of: $ot = $oex,)* },
                example: $nex,
            }
        );
        write_body!(
            $(#[$cmeta])* $change {
                required: {},
                optional: {
                    $($(#[$rm])* $rf: $rt = $rex,)*
                    $($(#[$om])* $of: $ot = $oex,)*
                },
                example: $cex,
            }
        );
    };
}

mod bodies;
mod children;
mod core_resources;
mod elements;
mod team;

pub use bodies::*;
pub use children::*;
pub use core_resources::*;
pub use elements::*;
pub use team::*;
