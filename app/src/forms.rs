//! What a submitted form carries, and the errors found in it.
//!
//! The same types travel three ways: parsed from a plain form post on the
//! server, read from the page's `<form>` in the browser, and serialised into
//! the page so that a server-rendered error state hydrates unchanged.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The raw values of a submitted form, by field name, exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormValues(BTreeMap<String, String>);

impl FormValues {
    /// Keeps only the named fields (anything else a client sends is dropped).
    /// Where a field repeats, the first value counts.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>, fields: &[&str]) -> Self
    where
        K: AsRef<str>,
        V: Into<String>,
    {
        let mut map = BTreeMap::new();
        for (name, value) in pairs {
            let name = name.as_ref();
            if fields.contains(&name) && !map.contains_key(name) {
                map.insert(name.to_owned(), value.into());
            }
        }
        Self(map)
    }

    /// The value of a field, or "" when it was not sent.
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map(String::as_str).unwrap_or_default()
    }
}

/// One problem with one field, worded for the person filling in the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name, which is also the id of its input: the error summary links to it.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl ToString) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_string(),
        }
    }
}

/// What a form page shows: the values to put back and the errors to explain.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    pub values: FormValues,
    pub errors: Vec<FieldError>,
}

/// A form whose rules live here, in one place, and run in the browser and on the server.
pub trait FormSpec: Sized {
    /// The names of the form's fields, in page order (the error summary follows it).
    const FIELDS: &'static [&'static str];

    /// Checks every field and returns the parsed form, or every field's first error.
    fn parse(values: &FormValues) -> Result<Self, Vec<FieldError>>;

    /// Only the errors, for callers that do not need the parsed value.
    fn errors(values: &FormValues) -> Vec<FieldError> {
        Self::parse(values).err().unwrap_or_default()
    }
}

/// Collects the result of parsing one field: its value, or its error in `errors`.
pub fn check<T, E: ToString>(
    field: &str,
    result: Result<T, E>,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    result
        .map_err(|error| errors.push(FieldError::new(field, error)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_pairs_drops_unknown_fields_and_keeps_the_first_repeat() {
        let values = FormValues::from_pairs(
            [("email", "a@b.com"), ("email", "other"), ("evil", "x")],
            &["email", "organisation"],
        );
        assert_eq!(values.get("email"), "a@b.com");
        assert_eq!(values.get("evil"), "");
        assert_eq!(values.get("organisation"), "");
    }
}
