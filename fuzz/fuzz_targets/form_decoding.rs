//! Any bytes as a urlencoded form body, decoded as the server decodes one,
//! then checked by every form's rules: never a panic, and every problem is a
//! field error of that form.
#![no_main]

use app::casework::staff::{check_new_staff, PasswordChange, NEW_STAFF_FIELDS};
use app::forms::{FieldError, FormSpec, FormValues};
use app::second_factor::{CodeForm, RecoveryCodeForm};
use app::sign_in::WhoDoYouWorkFor;
use libfuzzer_sys::fuzz_target;

fn field_errors(errors: &[FieldError], fields: &[&str]) {
    for error in errors {
        assert!(fields.contains(&error.field.as_str()), "{}", error.field);
        assert!(!error.message.trim().is_empty());
    }
}

fn check<F: FormSpec>(pairs: &[(String, String)]) {
    let values = FormValues::from_pairs(pairs.iter().cloned(), F::FIELDS);
    field_errors(&F::errors(&values), F::FIELDS);
}

fuzz_target!(|data: &[u8]| {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) else {
        return;
    };
    check::<WhoDoYouWorkFor>(&pairs);
    check::<CodeForm>(&pairs);
    check::<RecoveryCodeForm>(&pairs);
    check::<PasswordChange>(&pairs);
    let values = FormValues::from_pairs(pairs.iter().cloned(), NEW_STAFF_FIELDS);
    let get = |name: &str| values.get(name).to_owned();
    if let Err(errors) = check_new_staff(
        &get(NEW_STAFF_FIELDS[0]),
        &get(NEW_STAFF_FIELDS[1]),
        &get(NEW_STAFF_FIELDS[2]),
        &get(NEW_STAFF_FIELDS[3]),
    ) {
        field_errors(&errors, NEW_STAFF_FIELDS);
    }
});
