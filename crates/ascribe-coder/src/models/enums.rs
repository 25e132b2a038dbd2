//! Ascribe's one-character wire enums.
//!
//! v1 and the v2 examples send one character (`"status":"c"`, `"tasks":"cb"`),
//! while the v2 schema declares named enums (`"Completed"`, `"Code"`). Every
//! enum here serializes the one-character form, accepts both forms (names
//! case-insensitively), and keeps a value it does not know in `Unknown`, so a
//! new server value never breaks decoding.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An enum with a one-character wire form and a v2 named form.
pub trait WireEnum: Sized + Clone {
    /// Parses the one-character or the named form; anything else is kept as
    /// the enum's `Unknown` value.
    fn parse(value: &str) -> Self;
    /// The one-character wire form (an unknown value as received).
    fn as_str(&self) -> &str;
    /// Whether the value is one this SDK knows.
    fn is_known(&self) -> bool;
}

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $ch:literal, $named:literal $(| $alias:literal)*; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this SDK does not know, kept as received.
            Unknown(String),
        }

        impl $name {
            /// The v2 named form (an unknown value as received).
            ///
            /// ```no_run
            /// use ascribe_coder::models::StudyStatus;
            /// assert_eq!(StudyStatus::InProgress.name(), "InProgress");
            /// ```
            pub fn name(&self) -> &str {
                match self {
                    $( Self::$variant => $named, )+
                    Self::Unknown(s) => s,
                }
            }
        }

        impl WireEnum for $name {
            fn parse(value: &str) -> Self {
                let v = value.trim();
                $(
                    if v.eq_ignore_ascii_case($ch)
                        || v.eq_ignore_ascii_case($named)
                        $(|| v.eq_ignore_ascii_case($alias))*
                    {
                        return Self::$variant;
                    }
                )+
                Self::Unknown(value.to_owned())
            }

            fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $ch, )+
                    Self::Unknown(s) => s,
                }
            }

            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(<Self as WireEnum>::parse(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                <Self as WireEnum>::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(OneVisitor::<$name>::default())
            }
        }
    };
}

wire_enum! {
    /// A study's status (`statusMask` letters).
    StudyStatus {
        /// `a`: archived.
        Archived = "a", "Archived";
        /// `p`: coding in progress.
        InProgress = "p", "InProgress" | "CodingInProgress" | "In Progress";
        /// `c`: completed.
        Completed = "c", "Completed" | "Complete";
        /// `d`: deleted.
        Deleted = "d", "Deleted";
        /// `h`: on hold.
        OnHold = "h", "OnHold" | "On Hold" | "Hold";
        /// `r`: review.
        Review = "r", "Review";
        /// `s`: shipping.
        Shipping = "s", "Shipping";
        /// `u`: under construction.
        UnderConstruction = "u", "UnderConstruction" | "Under Construction";
    }
}

wire_enum! {
    /// A question's type.
    QuestionType {
        /// `c`: closed.
        Closed = "c", "Closed";
        /// `d`: data.
        Data = "d", "Data";
        /// `o`: open (the default).
        Open = "o", "Open";
        /// `s`: other / specify.
        OtherSpecify = "s", "OtherSpecify" | "OS" | "Other" | "Specify";
        /// `v`: value.
        Value = "v", "Value";
    }
}

wire_enum! {
    /// A task to perform on a question.
    Task {
        /// `c`: code.
        Code = "c", "Code";
        /// `x`: crosstab.
        Crosstab = "x", "Crosstab";
        /// `b`: transcribe.
        Transcribe = "b", "Transcribe";
        /// `t`: translate.
        Translate = "t", "Translate";
    }
}

wire_enum! {
    /// Which text of a response is coded. The letters are inferred from the
    /// task letters (the docs only show `v`); unknown ones are kept.
    CodingSource {
        /// `v`: the verbatim.
        Verbatim = "v", "Verbatim";
        /// `b`: the transcription.
        Transcription = "b", "Transcription";
        /// `t`: the translation.
        Translation = "t", "Translation";
        /// `""`: none (v2's `None`, used for an unset alternative source).
        NoSource = "", "None";
    }
}

/// Deserializes one enum value from a string (or a number, kept as
/// `Unknown`, as some servers send .NET enums as integers).
struct OneVisitor<T>(std::marker::PhantomData<T>);

impl<T> Default for OneVisitor<T> {
    fn default() -> Self {
        Self(std::marker::PhantomData)
    }
}

impl<'de, T: WireEnum> Visitor<'de> for OneVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a one-character code or a named value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::parse(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok(T::parse(&v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok(T::parse(&v.to_string()))
    }
}

/// A set of enum values sent as one string of letters (`"cb"`, `"pc"`).
///
/// Decodes from letters (`"cb"`), from v2 names (`"Code"`,
/// `"Code, Transcribe"`) or from an array of either.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CharSet<T>(pub Vec<T>);

impl<T> Default for CharSet<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: WireEnum + PartialEq> CharSet<T> {
    /// The set of these values.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CharSet, Task};
    /// let tasks = CharSet::new([Task::Code, Task::Transcribe]);
    /// assert_eq!(tasks.to_wire(), "cb");
    /// ```
    pub fn new(values: impl IntoIterator<Item = T>) -> Self {
        Self(values.into_iter().collect())
    }

    /// Whether `value` is in the set.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CharSet, Task};
    /// assert!(CharSet::new([Task::Code]).contains(&Task::Code));
    /// ```
    pub fn contains(&self, value: &T) -> bool {
        self.0.contains(value)
    }

    /// Whether the set is empty.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CharSet, Task};
    /// assert!(CharSet::<Task>::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The values.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CharSet, Task};
    /// assert_eq!(CharSet::new([Task::Code]).values(), &[Task::Code]);
    /// ```
    pub fn values(&self) -> &[T] {
        &self.0
    }

    /// The wire form: the letters concatenated.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CharSet, Task};
    /// assert_eq!(CharSet::new([Task::Code, Task::Translate]).to_wire(), "ct");
    /// ```
    pub fn to_wire(&self) -> String {
        self.0.iter().map(WireEnum::as_str).collect()
    }

    /// Parses letters, names (comma- or space-separated) or a mix.
    ///
    /// ```no_run
    /// use ascribe_coder::models::{CharSet, Task};
    /// assert_eq!(CharSet::<Task>::parse("Code, Transcribe").to_wire(), "cb");
    /// assert_eq!(CharSet::<Task>::parse("cb").to_wire(), "cb");
    /// ```
    pub fn parse(value: &str) -> Self {
        // v2's flag enums name the empty set `None`.
        if value.trim().is_empty() || value.trim().eq_ignore_ascii_case("none") {
            return Self::default();
        }
        let whole = T::parse(value);
        if whole.is_known() {
            return Self(vec![whole]);
        }
        let parts: Vec<&str> = value
            .split([',', ' ', '|'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let mut out = Vec::new();
        for part in parts {
            let named = T::parse(part);
            if named.is_known() || part.chars().count() == 1 {
                out.push(named);
            } else {
                // A run of letters: one value per letter.
                out.extend(part.chars().map(|c| T::parse(c.encode_utf8(&mut [0; 4]))));
            }
        }
        Self(out)
    }
}

impl<T: WireEnum + PartialEq> FromIterator<T> for CharSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::new(iter)
    }
}

impl<T: WireEnum + PartialEq> fmt::Display for CharSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_wire())
    }
}

impl<T: WireEnum + PartialEq> Serialize for CharSet<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire())
    }
}

impl<'de, T: WireEnum + PartialEq> Deserialize<'de> for CharSet<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SetVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: WireEnum + PartialEq> Visitor<'de> for SetVisitor<T> {
            type Value = CharSet<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string of letters, names, or an array of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CharSet<T>, E> {
                Ok(CharSet::parse(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<CharSet<T>, E> {
                Ok(CharSet::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<CharSet<T>, E> {
                Ok(CharSet::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CharSet<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    out.extend(CharSet::<T>::parse(&item).0);
                }
                Ok(CharSet(out))
            }
        }
        d.deserialize_any(SetVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests;
