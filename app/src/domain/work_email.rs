use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest address SMTP can carry (RFC 5321 path limit less the angle brackets).
const MAX_LEN: usize = 254;

/// A first responder's work email address, as typed at sign-in.
///
/// Stricter than a general email check: exactly one `@`, nothing blank or
/// invisible anywhere, and a domain made of dot-separated labels with at least
/// one dot. The domain is kept in lower case so that allowlist checks and
/// look-ups are case-insensitive; the local part is kept as typed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WorkEmail(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkEmailError {
    #[error("Enter your work email address")]
    Missing,
    #[error("Email address must be 254 characters or fewer")]
    TooLong,
    #[error("Enter an email address in the correct format, like name@example.police.uk")]
    Format,
}

impl WorkEmail {
    pub fn parse(input: &str) -> Result<Self, WorkEmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(WorkEmailError::Missing);
        }
        if trimmed.chars().count() > MAX_LEN {
            return Err(WorkEmailError::TooLong);
        }
        let (local, domain) = trimmed.split_once('@').ok_or(WorkEmailError::Format)?;
        if domain.contains('@') || !valid_local_part(local) || !valid_domain(domain) {
            return Err(WorkEmailError::Format);
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, in lower case.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
    }
}

fn valid_local_part(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_graphic() && !"\"(),:;<>[\\]".contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Whether `text` has the shape of an email address (one `@`, a plain local
/// part, a dotted domain). Used for the journey's contact emails (spec V3).
pub fn is_email_shaped(text: &str) -> bool {
    text.chars().count() <= MAX_LEN
        && text.split_once('@').is_some_and(|(local, domain)| {
            !domain.contains('@') && valid_local_part(local) && valid_domain(domain)
        })
}

impl fmt::Display for WorkEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for WorkEmail {
    type Error = WorkEmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<WorkEmail> for String {
    fn from(value: WorkEmail) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_work_addresses_and_lowercases_the_domain() {
        let email = WorkEmail::parse("  Jo.Bloggs@Met.Police.UK ").unwrap();
        assert_eq!(email.as_str(), "Jo.Bloggs@met.police.uk");
        assert_eq!(email.domain(), "met.police.uk");
        assert!(WorkEmail::parse("a+b@salvationarmy.org.uk").is_ok());
    }

    #[test]
    fn empty_or_blank_is_missing() {
        assert_eq!(WorkEmail::parse(""), Err(WorkEmailError::Missing));
        assert_eq!(WorkEmail::parse("   \t"), Err(WorkEmailError::Missing));
    }

    #[test]
    fn spec_case_1_rejects_empty_domain_label() {
        assert_eq!(WorkEmail::parse("test@.com"), Err(WorkEmailError::Format));
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "test",
            "test@",
            "@example.com",
            "a@b@example.com",
            "a b@example.com",
            "a@exa mple.com",
            "a@localhost",
            "a@example..com",
            "a@-example.com",
            "a@example.com.",
            ".a@example.com",
            "a..b@example.com",
            "<script>@example.com",
            "a@exämple.com",
        ] {
            assert_eq!(WorkEmail::parse(bad), Err(WorkEmailError::Format), "{bad}");
        }
    }

    #[test]
    fn rejects_overlong_addresses() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(WorkEmail::parse(&long), Err(WorkEmailError::TooLong));
    }

    #[test]
    fn deserialising_runs_the_same_checks() {
        let parsed: Result<WorkEmail, _> = serde_json::from_str("\"not-an-email\"");
        assert!(parsed.is_err());
    }
}
