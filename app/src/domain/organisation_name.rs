use serde::{Deserialize, Serialize};
use std::fmt;

const MAX_CHARS: usize = 200;

/// The name of the organisation a first responder works for, as they give it at sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrganisationName(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationNameError {
    #[error("Enter the name of the organisation you work for")]
    Missing,
    #[error("Organisation name must be 200 characters or fewer")]
    TooLong,
    #[error("Organisation name must not contain line breaks or control characters")]
    Control,
    #[error("Choose your organisation from the list: start typing its name and pick it")]
    NotListed,
}

impl OrganisationName {
    pub fn parse(input: &str) -> Result<Self, OrganisationNameError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(OrganisationNameError::Missing);
        }
        if trimmed.chars().count() > MAX_CHARS {
            return Err(OrganisationNameError::TooLong);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(OrganisationNameError::Control);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrganisationName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrganisationName {
    type Error = OrganisationNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OrganisationName> for String {
    fn from(value: OrganisationName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_keeps_the_name() {
        let name = OrganisationName::parse("  Aberdeen City Council ").unwrap();
        assert_eq!(name.as_str(), "Aberdeen City Council");
    }

    #[test]
    fn refuses_blank_overlong_and_control_characters() {
        assert_eq!(
            OrganisationName::parse(" "),
            Err(OrganisationNameError::Missing)
        );
        assert_eq!(
            OrganisationName::parse(&"x".repeat(201)),
            Err(OrganisationNameError::TooLong)
        );
        assert!(OrganisationName::parse(&"x".repeat(200)).is_ok());
        assert_eq!(
            OrganisationName::parse("Police\nScotland"),
            Err(OrganisationNameError::Control)
        );
    }
}
