//! Stored names: how an enum that `app` owns is written to the database, to
//! addresses and to forms, and read back. Every such enum gets its names from
//! [`stored_names!`], so a name is written once, beside its variant, and a
//! value that is not one of them is an error, never a default.

/// A stored or posted value that names no variant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownName {
    /// What was being read ("state", "event", …).
    pub what: &'static str,
    /// The value, cut to 40 characters (it can come from anywhere).
    pub value: String,
}

impl UnknownName {
    pub fn new(what: &'static str, value: &str) -> Self {
        Self {
            what,
            value: value.chars().take(40).collect(),
        }
    }
}

/// Gives an enum its stored names: `ALL`, `as_str`, `FromStr` (an
/// [`UnknownName`] for anything else), `TryFrom<String>` and `Display`.
#[macro_export]
macro_rules! stored_names {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name this value is stored and posted as.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::names::UnknownName;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::names::UnknownName::new($what, value)),
                }
            }
        }

        /// For typed database rows (`#[sqlx(try_from = "String")]`).
        impl ::std::convert::TryFrom<String> for $ty {
            type Error = $crate::names::UnknownName;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
pub(crate) mod tests {
    use std::fmt::Debug;
    use std::str::FromStr;

    /// Every variant's name reads back as that variant, names are unique, and
    /// an unknown name is an error.
    pub(crate) fn round_trips<T>(all: &[T], as_str: fn(&T) -> &'static str)
    where
        T: FromStr<Err = super::UnknownName>
            + TryFrom<String, Error = super::UnknownName>
            + PartialEq
            + Debug,
    {
        let mut seen = std::collections::BTreeSet::new();
        for value in all {
            let name = as_str(value);
            assert!(seen.insert(name), "{name} is used twice");
            assert_eq!(T::from_str(name).as_ref(), Ok(value), "{name}");
            assert_eq!(T::try_from(name.to_owned()).as_ref(), Ok(value), "{name}");
        }
        for unknown in ["", "unknown", " Submitted", "ADMIN"] {
            if !seen.contains(unknown) {
                assert!(T::from_str(unknown).is_err(), "{unknown:?} was accepted");
                assert!(
                    T::try_from(unknown.to_owned()).is_err(),
                    "{unknown:?} was accepted"
                );
            }
        }
    }
}
