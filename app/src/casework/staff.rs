//! Staff accounts as an administrator creates them: the form's rules, written
//! once for the page and the server.

use super::lifecycle::Role;
use crate::domain::WorkEmail;
use crate::forms::FieldError;

/// The roles an administrator can give, with what each is for.
pub const STAFF_ROLES: &[(Role, &str)] = &[
    (Role::Caseworker, "Caseworker"),
    (
        Role::SeniorCaseworker,
        "Senior caseworker (reviews negative decisions)",
    ),
    (Role::Admin, "Administrator (manages staff accounts)"),
];

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;
pub const MAX_NAME_CHARS: usize = 100;

/// The staff sign-in form's fields: [`EMAIL`] and this.
pub const PASSWORD: &str = "password";
pub const STAFF_SIGN_IN_FIELDS: &[&str] = &[EMAIL, PASSWORD];

/// The staff sign-in form's error for a wrong address or password (it never says which).
pub fn sign_in_refused() -> FieldError {
    FieldError::new(EMAIL, "Enter a correct email address and password")
}

/// The error while the address must wait after too many wrong passwords.
pub fn must_wait(minutes: i64) -> FieldError {
    FieldError::new(EMAIL, wait_message(minutes))
}

/// The add-staff form's fields (its email field is [`EMAIL`]).
pub const NAME: &str = "name";
pub const ROLE: &str = "role";
pub const FIRST_PASSWORD: &str = PASSWORD;
/// Every field of the add-staff form, in its order.
pub const NEW_STAFF_FIELDS: &[&str] = &[EMAIL, NAME, ROLE, FIRST_PASSWORD];

/// The add-staff form's error when the address has an account already.
pub fn email_taken() -> FieldError {
    FieldError::new(EMAIL, "There is already an account with this email address")
}

/// A new member of staff, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub email: WorkEmail,
    pub name: String,
    pub role: Role,
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
    let email = staff_email(email, &mut errors);
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new(NAME, "Enter their full name"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            NAME,
            format!("Full name must be {MAX_NAME_CHARS} characters or fewer"),
        ));
    }
    let role = STAFF_ROLES
        .iter()
        .map(|(role, _)| *role)
        .find(|r| r.as_str() == role);
    if role.is_none() {
        errors.push(FieldError::new(ROLE, "Select a role"));
    }
    if let Some(problem) = length_problem(password, "The first password") {
        errors.push(FieldError::new(FIRST_PASSWORD, problem));
    }
    match (email, role) {
        (Some(email), Some(role)) if errors.is_empty() => Ok(NewStaff {
            email,
            name: name.to_owned(),
            role,
            password: password.to_owned(),
        }),
        _ => Err(errors),
    }
}

/// A staff email address, or its problem added to `errors`.
fn staff_email(input: &str, errors: &mut Vec<FieldError>) -> Option<WorkEmail> {
    let email = WorkEmail::parse(input).ok();
    if email.is_none() {
        errors.push(FieldError::new(
            EMAIL,
            "Enter an email address in the correct format, like name@example.gov.uk",
        ));
    }
    email
}

/// Why a password is too short or too long, if it is.
fn length_problem(password: &str, what: &str) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        Some(format!(
            "{what} must be at least {MIN_PASSWORD_CHARS} characters"
        ))
    } else if length > MAX_PASSWORD_CHARS {
        Some(format!(
            "{what} must be {MAX_PASSWORD_CHARS} characters or fewer"
        ))
    } else {
        None
    }
}

/// The change-password form's fields.
pub const EMAIL: &str = "email";
pub const CURRENT_PASSWORD: &str = "current-password";
pub const NEW_PASSWORD: &str = "new-password";
pub const NEW_PASSWORD_AGAIN: &str = "new-password-again";

/// A member of staff choosing a new password, checked (whether the current
/// password is right is for the server to say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordChange {
    pub email: WorkEmail,
    pub current: String,
    pub new: String,
}

/// Checks the change-password form; every problem, first per field, in the form's order.
pub fn check_password_change(
    email: &str,
    current: &str,
    new: &str,
    again: &str,
) -> Result<PasswordChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = staff_email(email, &mut errors);
    if current.is_empty() {
        errors.push(FieldError::new(
            CURRENT_PASSWORD,
            "Enter your current password",
        ));
    }
    if let Some(problem) = length_problem(new, "Your new password") {
        errors.push(FieldError::new(NEW_PASSWORD, problem));
    } else if new == current {
        errors.push(FieldError::new(
            NEW_PASSWORD,
            "Your new password must be different from your current password",
        ));
    }
    if again != new {
        errors.push(FieldError::new(
            NEW_PASSWORD_AGAIN,
            "Enter the same new password again",
        ));
    }
    match email {
        Some(email) if errors.is_empty() => Ok(PasswordChange {
            email,
            current: current.to_owned(),
            new: new.to_owned(),
        }),
        _ => Err(errors),
    }
}

impl crate::forms::FormSpec for PasswordChange {
    const FIELDS: &'static [&'static str] =
        &[EMAIL, CURRENT_PASSWORD, NEW_PASSWORD, NEW_PASSWORD_AGAIN];

    fn parse(values: &crate::forms::FormValues) -> Result<Self, Vec<FieldError>> {
        check_password_change(
            values.get(EMAIL),
            values.get(CURRENT_PASSWORD),
            values.get(NEW_PASSWORD),
            values.get(NEW_PASSWORD_AGAIN),
        )
    }
}

/// What someone is told when too many wrong passwords make them wait.
pub fn wait_message(minutes: i64) -> String {
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("Too many wrong passwords. Wait {minutes} {unit}, then try again")
}

/// The change-password form's error when the address and password open no account.
pub fn not_recognised() -> FieldError {
    FieldError::new(
        CURRENT_PASSWORD,
        "Enter the email address and current password of a staff account",
    )
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
    fn a_new_password_is_long_enough_new_and_typed_twice() {
        let change = check_password_change(
            "sam@sca.example.gov.uk",
            "first password 1",
            "my own password",
            "my own password",
        )
        .unwrap();
        assert_eq!(change.new, "my own password");
        let problems = |current, new, again| {
            check_password_change("sam@sca.example.gov.uk", current, new, again)
                .unwrap_err()
                .into_iter()
                .map(|e| (e.field, e.message))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            problems("", "short", "short"),
            [
                (
                    "current-password".to_owned(),
                    "Enter your current password".to_owned()
                ),
                (
                    "new-password".to_owned(),
                    "Your new password must be at least 12 characters".to_owned()
                ),
            ]
        );
        assert_eq!(
            problems("same password 1", "same password 1", "same password 1")[0].1,
            "Your new password must be different from your current password"
        );
        assert_eq!(
            problems("first password 1", "my own password", "my own passw0rd"),
            [(
                "new-password-again".to_owned(),
                "Enter the same new password again".to_owned()
            )]
        );
        let errors =
            check_password_change("nobody", "x", "my own password", "my own password").unwrap_err();
        assert_eq!(errors[0].field, "email");
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
