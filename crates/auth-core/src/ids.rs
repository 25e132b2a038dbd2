//! Typed string ids: one newtype per resource, so a job id cannot be passed
//! where a conversation id is expected. Each service declares its own with
//! [`string_ids!`](crate::string_ids); the macro lives here so every crate's
//! ids behave the same (`Display`, serde transparent, `AsRef<str>`, and
//! `From` for `&str`, `String` and the integer types, so `"abc"` still works
//! wherever an `impl Into<Id>` is accepted).

/// Declares string-backed id newtypes.
///
/// The first argument is the path users write to reach the types (used in
/// the generated doc examples); then one doc comment and name per id.
///
/// ```no_run
/// mod ids {
///     auth_core::string_ids!(my_crate::ids;
///         /// A job's id.
///         JobId,
///     );
/// }
/// let id = ids::JobId::from("abc");
/// assert_eq!(id.as_str(), "abc");
/// assert_eq!(id.to_string(), "abc");
/// ```
#[macro_export]
macro_rules! string_ids {
    ($path:path; $($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive($crate::__private::serde::Serialize, $crate::__private::serde::Deserialize)]
        #[serde(crate = "auth_core::__private::serde", transparent)]
        pub struct $name(::std::string::String);

        impl $name {
            /// The id as sent on the wire.
            ///
            /// ```no_run
            #[doc = concat!("let id = ", stringify!($path), "::", stringify!($name), "::from(\"7\");")]
            /// assert_eq!(id.as_str(), "7");
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(v: &str) -> Self {
                Self(v.to_owned())
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(v: ::std::string::String) -> Self {
                Self(v)
            }
        }

        impl ::std::convert::From<&::std::string::String> for $name {
            fn from(v: &::std::string::String) -> Self {
                Self(v.clone())
            }
        }

        impl ::std::convert::From<&$name> for $name {
            fn from(v: &$name) -> Self {
                v.clone()
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        $crate::string_ids!(@ints $name, i32, i64, u32, u64, usize);
    )*};
    (@ints $name:ident, $($int:ty),*) => {$(
        impl ::std::convert::From<$int> for $name {
            fn from(v: $int) -> Self {
                Self(v.to_string())
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    mod ids {
        crate::string_ids!(crate::ids::tests::ids;
            /// A test id.
            ThingId,
        );
    }
    use ids::ThingId;

    #[test]
    fn ids_convert_display_and_serialize_transparently() {
        let id: ThingId = "abc".into();
        assert_eq!(id.to_string(), "abc");
        assert_eq!(ThingId::from(7_u64).as_str(), "7");
        assert_eq!(serde_json::to_string(&id).expect("serialize"), "\"abc\"");
        let back: ThingId = serde_json::from_str("\"xyz\"").expect("deserialize");
        assert_eq!(back.as_ref(), "xyz");
        assert_eq!(String::from(back), "xyz");
    }
}
