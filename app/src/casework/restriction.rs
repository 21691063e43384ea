//! Restricted cases: a senior caseworker can restrict a case (for example
//! when the potential victim is a member of staff) to named caseworkers.
//! Anyone else sees only that it exists, and may ask for access with a
//! reason, which a senior caseworker grants or refuses. Senior caseworkers
//! keep access: they restrict cases and decide requests.

use super::lifecycle::Role;
use crate::forms::FieldError;

/// Whether someone in `role` may open a case: any case that is not
/// restricted; a restricted one if they are a senior caseworker or named.
pub fn may_open(restricted: bool, role: Role, named: bool) -> bool {
    !restricted || role == Role::SeniorCaseworker || named
}

/// A senior caseworker's answer to a request for access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AccessDecision {
    Granted,
    Refused,
}

crate::stored_names!(AccessDecision, "access decision", {
    Granted => "granted",
    Refused => "refused",
});

impl AccessDecision {
    pub fn label(self) -> &'static str {
        match self {
            AccessDecision::Granted => "Granted",
            AccessDecision::Refused => "Refused",
        }
    }
}

/// The restriction forms' fields.
pub const RESTRICT_TO: &str = "restrict-to";
pub const RESTRICT_REASON: &str = "restrict-reason";
pub const ACCESS_REASON: &str = "access-reason";
pub const REQUEST_ID: &str = "request-id";
pub const DECISION: &str = "decision";

/// The longest reason taken for restricting a case or asking for access.
pub const MAX_REASON_CHARS: usize = 1_000;

fn check_reason(field: &str, reason: &str, missing: &str) -> Result<String, FieldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        Err(FieldError::new(field, missing))
    } else if reason.chars().count() > MAX_REASON_CHARS {
        Err(FieldError::new(
            field,
            "The reason must be 1,000 characters or fewer",
        ))
    } else {
        Ok(reason.to_owned())
    }
}

/// A restriction as asked for: the caseworkers named (among `caseworkers`,
/// the people who hold cases) and why; or what is wrong.
pub fn check_restriction(
    named: &[&str],
    reason: &str,
    caseworkers: &[String],
) -> Result<(Vec<String>, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let named: Vec<String> = named
        .iter()
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    if named.is_empty() {
        errors.push(FieldError::new(RESTRICT_TO, "Select who may open the case"));
    } else if named.iter().any(|e| !caseworkers.contains(e)) {
        errors.push(FieldError::new(
            RESTRICT_TO,
            "Select caseworkers from the list",
        ));
    }
    let reason = check_reason(RESTRICT_REASON, reason, "Enter why the case is restricted");
    match reason {
        Ok(reason) if errors.is_empty() => Ok((named, reason)),
        Ok(_) => Err(errors),
        Err(error) => {
            errors.push(error);
            Err(errors)
        }
    }
}

/// The reason given with a request for access, or what is wrong with it.
pub fn check_access_reason(reason: &str) -> Result<String, FieldError> {
    check_reason(
        ACCESS_REASON,
        reason,
        "Enter why you need to open this case",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::tests::round_trips;

    #[test]
    fn who_may_open_a_case() {
        use Role::*;
        for role in [Caseworker, SeniorCaseworker] {
            assert!(may_open(false, role, false), "{role}: not restricted");
        }
        assert!(!may_open(true, Caseworker, false));
        assert!(may_open(true, Caseworker, true));
        assert!(may_open(true, SeniorCaseworker, false));
        round_trips(AccessDecision::ALL, |d| d.as_str());
    }

    #[test]
    fn a_restriction_names_caseworkers_and_says_why() {
        let caseworkers = vec!["a@sca.gov.uk".to_owned(), "b@sca.gov.uk".to_owned()];
        assert_eq!(
            check_restriction(&[" A@sca.gov.uk "], " Staff member ", &caseworkers),
            Ok((vec!["a@sca.gov.uk".to_owned()], "Staff member".to_owned()))
        );
        let fields = |named: &[&str], reason: &str| -> Vec<String> {
            check_restriction(named, reason, &caseworkers)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(&[], ""), [RESTRICT_TO, RESTRICT_REASON]);
        assert_eq!(fields(&["x@evil.example"], "why"), [RESTRICT_TO]);
        assert_eq!(check_access_reason(" ").unwrap_err().field, ACCESS_REASON);
        assert_eq!(
            check_access_reason(" Duty cover "),
            Ok("Duty cover".to_owned())
        );
    }
}
