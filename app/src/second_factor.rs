//! The staff second factor: the forms' rules and the recovery codes' shape,
//! written once for the browser and the server.
//!
//! Every member of staff signs in with a password and then a 6-digit code
//! from an authenticator app (TOTP, RFC 6238), or one of ten single-use
//! recovery codes when the app is not to hand. Whether a code is right is for
//! the server to say; these rules catch what is plainly not a code.

use serde::{Deserialize, Serialize};

use crate::forms::{FieldError, FormSpec, FormValues};

/// The authenticator app's code field.
pub const CODE: &str = "code";
/// The recovery code field.
pub const RECOVERY_CODE: &str = "recovery-code";
/// Digits in an authenticator app's code.
pub const CODE_DIGITS: usize = 6;
/// Recovery codes issued when the second factor is set up.
pub const RECOVERY_CODES: usize = 10;
/// Characters in a recovery code, without the hyphens that group them.
pub const RECOVERY_CODE_CHARS: usize = 16;
/// The characters recovery codes are made of: lower-case letters and digits
/// without the ones easily misread (0/o, 1/l/i). 16 of 31 make 79 bits.
pub const RECOVERY_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A code as an authenticator app shows it: six digits (spaces typed between
/// them are dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OneTimeCode(String);

impl OneTimeCode {
    pub fn parse(typed: &str) -> Result<Self, &'static str> {
        let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err("Enter the 6-digit code from your authenticator app");
        }
        if digits.len() != CODE_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Enter the code as 6 digits, like 123456");
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A recovery code, however it was typed: case, spaces and hyphens do not
/// matter. Kept in its plain form (16 characters, lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl RecoveryCode {
    pub fn parse(typed: &str) -> Result<Self, &'static str> {
        let plain: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if plain.is_empty() {
            return Err("Enter one of your recovery codes");
        }
        let known = plain.bytes().all(|b| RECOVERY_ALPHABET.contains(&b));
        if plain.chars().count() != RECOVERY_CODE_CHARS || !known {
            return Err(
                "Enter a recovery code as 16 letters and numbers, like abcd-efgh-jkmn-pqrs",
            );
        }
        Ok(Self(plain))
    }

    /// A code made of [`RECOVERY_ALPHABET`] characters, one per index (the
    /// server draws them at random).
    pub fn from_indexes(indexes: &[usize; RECOVERY_CODE_CHARS]) -> Self {
        let alphabet = RECOVERY_ALPHABET.len();
        Self(
            indexes
                .iter()
                .map(|i| char::from(RECOVERY_ALPHABET[i % alphabet]))
                .collect(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As it is shown: four groups of four joined by hyphens.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// The authenticator code form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeForm {
    pub code: OneTimeCode,
}

impl FormSpec for CodeForm {
    const FIELDS: &'static [&'static str] = &[CODE];

    fn parse(values: &FormValues) -> Result<Self, Vec<FieldError>> {
        OneTimeCode::parse(values.get(CODE))
            .map(|code| Self { code })
            .map_err(|message| vec![FieldError::new(CODE, message)])
    }
}

/// The recovery code form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryCodeForm {
    pub code: RecoveryCode,
}

impl FormSpec for RecoveryCodeForm {
    const FIELDS: &'static [&'static str] = &[RECOVERY_CODE];

    fn parse(values: &FormValues) -> Result<Self, Vec<FieldError>> {
        RecoveryCode::parse(values.get(RECOVERY_CODE))
            .map(|code| Self { code })
            .map_err(|message| vec![FieldError::new(RECOVERY_CODE, message)])
    }
}

/// The server's refusal of a well-formed code that is wrong, or was used.
pub fn code_refused() -> FieldError {
    FieldError::new(
        CODE,
        "The code is not right, or it was used already. Enter the code your app shows now",
    )
}

/// The server's refusal of a well-formed recovery code that is wrong, or was used.
pub fn recovery_code_refused() -> FieldError {
    FieldError::new(
        RECOVERY_CODE,
        "This recovery code is not right, or it was used already",
    )
}

/// The error while too many wrong codes make the person wait.
pub fn codes_must_wait(field: &'static str, minutes: i64) -> FieldError {
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    FieldError::new(
        field,
        format!("Too many wrong codes. Wait {minutes} {unit}, then try again"),
    )
}

/// What the set-up page shows: the secret to add to an app, as a QR code and
/// typed out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub email: String,
    /// The secret in base32, in groups of four for typing.
    pub secret: String,
    /// The `otpauth://` address as a QR code: an SVG `data:` URL.
    pub qr_code: String,
}

/// Where a half-signed-in member of staff stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorLoad {
    /// No password was checked in this browser (or it was too long ago).
    SignInFirst,
    /// No second factor yet: set one up.
    SetUp(Enrolment),
    /// A second factor is set up: enter a code.
    EnterCode { email: String },
}

/// The recovery codes just issued, for the one page that shows them (the
/// set-up form's answer): they are never shown again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedRecoveryCodes {
    pub codes: Vec<String>,
    /// The first desk page the person's role opens.
    pub continue_to: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_spaces_do_not_matter() {
        assert_eq!(OneTimeCode::parse(" 123 456 ").unwrap().as_str(), "123456");
        assert!(OneTimeCode::parse("")
            .unwrap_err()
            .starts_with("Enter the 6-digit"));
        for wrong in ["12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert!(
                OneTimeCode::parse(wrong).unwrap_err().contains("6 digits"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn recovery_codes_ignore_case_spaces_and_hyphens() {
        let code = RecoveryCode::parse("ABCD-efgh jkmn-PQRS").unwrap();
        assert_eq!(code.as_str(), "abcdefghjkmnpqrs");
        assert_eq!(code.grouped(), "abcd-efgh-jkmn-pqrs");
        assert_eq!(RecoveryCode::parse(&code.grouped()).unwrap(), code);
        assert!(RecoveryCode::parse("")
            .unwrap_err()
            .starts_with("Enter one"));
        // Too short, and characters that are never in a code (0, o, 1, l, i).
        for wrong in ["abcd-efgh", "abcd-efgh-jkmn-pqr0", "oooo-llll-iiii-1111"] {
            assert!(
                RecoveryCode::parse(wrong)
                    .unwrap_err()
                    .contains("16 letters"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn codes_drawn_from_indexes_parse_back() {
        let indexes = core::array::from_fn(|i| i * 7);
        let code = RecoveryCode::from_indexes(&indexes);
        assert_eq!(code.as_str().len(), RECOVERY_CODE_CHARS);
        assert_eq!(RecoveryCode::parse(&code.grouped()).unwrap(), code);
    }

    #[test]
    fn the_forms_name_their_field_in_errors() {
        let empty = FormValues::default();
        assert_eq!(CodeForm::errors(&empty)[0].field, CODE);
        assert_eq!(RecoveryCodeForm::errors(&empty)[0].field, RECOVERY_CODE);
        assert_eq!(code_refused().field, CODE);
        assert_eq!(recovery_code_refused().field, RECOVERY_CODE);
        assert!(codes_must_wait(CODE, 1).message.contains("1 minute,"));
    }
}
