//! The first responders' administration page's hand-over form: an
//! administrator gives a leaver's referrals to a named colleague at the same
//! organisation, who then sees and answers for them. Its rules, written once
//! for the page and the server.

use crate::domain::WorkEmail;
use crate::forms::FieldError;

/// The leaver's address.
pub const LEAVER: &str = "leaver";
/// The colleague who takes the leaver's referrals.
pub const SUCCESSOR: &str = "successor";
/// The hand-over form's fields, in its order.
pub const HAND_OVER_FIELDS: &[&str] = &[LEAVER, SUCCESSOR];

/// A hand-over that may go ahead (the leaver's account is the server's to check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandOver {
    pub leaver: WorkEmail,
    pub successor: WorkEmail,
}

fn address(field: &str, value: &str, missing: &str) -> Result<WorkEmail, FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, missing));
    }
    WorkEmail::parse(value).map_err(|_| {
        FieldError::new(
            field,
            "Enter an email address in the correct format, like name@example.police.uk",
        )
    })
}

/// The two addresses, or what is wrong with them (in the page's order).
pub fn check_hand_over(leaver: &str, successor: &str) -> Result<HandOver, Vec<FieldError>> {
    let leaver = address(LEAVER, leaver, "Enter the leaver's work email address");
    let successor = address(
        SUCCESSOR,
        successor,
        "Enter the work email address of the colleague who takes their referrals",
    );
    match (leaver, successor) {
        (Ok(leaver), Ok(successor)) if successor.domain() != leaver.domain() => {
            Err(vec![FieldError::new(
                SUCCESSOR,
                format!(
                    "Enter a colleague at the leaver's organisation, ending @{}",
                    leaver.domain()
                ),
            )])
        }
        (Ok(leaver), Ok(successor)) if successor.as_str().eq_ignore_ascii_case(leaver.as_str()) => {
            Err(vec![FieldError::new(
                SUCCESSOR,
                "Enter a colleague, not the leaver",
            )])
        }
        (Ok(leaver), Ok(successor)) => Ok(HandOver { leaver, successor }),
        (leaver, successor) => Err([leaver.err(), successor.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// The error when the leaver's address is not a first responder's.
pub fn no_such_leaver() -> FieldError {
    FieldError::new(LEAVER, "No first responder has this email address")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referrals_go_to_a_colleague_at_the_same_domain() {
        let ok = check_hand_over("jo@met.police.uk", " Sam@Met.Police.UK ").unwrap();
        assert_eq!(ok.successor.as_str(), "Sam@met.police.uk");
        let messages = |l, s| -> Vec<String> {
            check_hand_over(l, s)
                .unwrap_err()
                .into_iter()
                .map(|e| format!("{} {}", e.field, e.message))
                .collect()
        };
        assert_eq!(
            messages("", ""),
            [
                "leaver Enter the leaver's work email address",
                "successor Enter the work email address of the colleague who takes their referrals"
            ]
        );
        assert_eq!(
            messages("jo@met.police.uk", "kim@gmp.police.uk"),
            ["successor Enter a colleague at the leaver's organisation, ending @met.police.uk"]
        );
        assert_eq!(
            messages("jo@met.police.uk", "JO@met.police.uk"),
            ["successor Enter a colleague, not the leaver"]
        );
    }
}
