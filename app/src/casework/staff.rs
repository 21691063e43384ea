//! Staff accounts as an administrator creates them: the form's rules, written
//! once for the page and the server.

use crate::domain::WorkEmail;
use crate::forms::FieldError;

/// The roles an administrator can give: (stored name, label).
pub const STAFF_ROLES: &[(&str, &str)] = &[
    ("caseworker", "Caseworker"),
    (
        "senior_caseworker",
        "Senior caseworker (reviews negative decisions)",
    ),
    ("admin", "Administrator (manages staff accounts)"),
];

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;
pub const MAX_NAME_CHARS: usize = 100;

/// A new member of staff, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub email: WorkEmail,
    pub name: String,
    pub role: &'static str,
    pub password: String,
}

/// Checks the form; every problem, first per field, in the form's order.
pub fn check_new_staff(
    email: &str,
    name: &str,
    role: &str,
    password: &str,
) -> Result<NewStaff, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = WorkEmail::parse(email);
    if email.is_err() {
        errors.push(FieldError::new(
            "email",
            "Enter an email address in the correct format, like name@example.gov.uk",
        ));
    }
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter their full name"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            "name",
            format!("Full name must be {MAX_NAME_CHARS} characters or fewer"),
        ));
    }
    let role = STAFF_ROLES.iter().find(|(value, _)| *value == role);
    if role.is_none() {
        errors.push(FieldError::new("role", "Select a role"));
    }
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        errors.push(FieldError::new(
            "password",
            format!("The first password must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    } else if length > MAX_PASSWORD_CHARS {
        errors.push(FieldError::new(
            "password",
            format!("The first password must be {MAX_PASSWORD_CHARS} characters or fewer"),
        ));
    }
    match (email, role) {
        (Ok(email), Some((role, _))) if errors.is_empty() => Ok(NewStaff {
            email,
            name: name.to_owned(),
            role,
            password: password.to_owned(),
        }),
        _ => Err(errors),
    }
}

/// The message for an error code the server sends back in the page's address.
pub fn message_for(code: &str) -> Option<FieldError> {
    match code {
        "email-taken" => Some(FieldError::new(
            "email",
            "There is already an account with this email address",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_form_passes() {
        let staff = check_new_staff(
            " Sam.Lee@SCA.example.gov.uk ",
            " Sam Lee ",
            "caseworker",
            "correct horse battery",
        )
        .unwrap();
        assert_eq!(staff.email.as_str(), "Sam.Lee@sca.example.gov.uk");
        assert_eq!(staff.name, "Sam Lee");
    }

    #[test]
    fn every_problem_is_named_once_in_order() {
        let errors = check_new_staff("not an email", "", "first_responder", "short").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "name", "role", "password"]);
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        let errors = check_new_staff("a@b.gov.uk", "A", "admin", &long).unwrap_err();
        assert!(errors[0].message.contains("128 characters or fewer"));
    }
}
