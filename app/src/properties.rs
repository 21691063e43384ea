//! Properties of the shared rules for any input (`proptest`): whatever a
//! client posts, checking it never panics, and every problem found is a
//! field error naming a field of the form, so the page can show it. The fuzz
//! targets (`fuzz/`) drive the same functions with coverage-guided bytes.

use proptest::prelude::*;

use crate::casework::staff::{
    check_new_staff, check_password_change, PasswordChange, NEW_STAFF_FIELDS,
};
use crate::forms::{FieldError, FormSpec, FormValues};
use crate::journey::steps::STEPS;
use crate::journey::validate::check_step;
use crate::second_factor::{CodeForm, RecoveryCodeForm};
use crate::sign_in::WhoDoYouWorkFor;

/// Any text, with the characters that break naive parsers over-represented.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[0-9 /-]{0,12}",
        "[a-z@. ]{0,30}",
        Just(String::new()),
        Just("\u{0}\r\n\u{202e}".to_owned()),
        ".{1000,1200}",
    ]
}

/// A form body: some of the step's own names (and some strangers), each
/// with any value, repeated or missing.
fn pairs(mut names: Vec<String>) -> impl Strategy<Value = Vec<(String, String)>> {
    if names.is_empty() {
        // A page without questions still gets posts.
        names.push("anything".to_owned());
    }
    let name = prop_oneof![
        4 => proptest::sample::select(names),
        1 => "[a-z-]{1,20}",
    ];
    proptest::collection::vec((name, text()), 0..12)
}

fn only_fields(errors: &[FieldError], fields: &[String]) -> Result<(), TestCaseError> {
    for error in errors {
        prop_assert!(
            fields.contains(&error.field),
            "the error names {:?}, not a field of the form {fields:?}",
            error.field
        );
        prop_assert!(!error.message.trim().is_empty());
    }
    Ok(())
}

fn any_step() -> impl Strategy<Value = usize> {
    0..STEPS.len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_step_checks_any_post_into_answers_or_field_errors(
        (index, body) in any_step().prop_flat_map(|i| (Just(i), pairs(STEPS[i].names()))),
        day in 1u32..=28,
    ) {
        let step = &STEPS[index];
        let names = step.names();
        let values = FormValues::from_pairs(body, &names.iter().map(String::as_str).collect::<Vec<_>>());
        match check_step(step, &values, (2026, 12, day)) {
            Ok(answers) => {
                for name in answers.keys() {
                    prop_assert!(names.contains(name), "answer {name} is not the step's");
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                only_fields(&errors, &names)?;
            }
        }
    }

    #[test]
    fn the_sign_in_and_code_forms_take_any_post(body in pairs(
        [WhoDoYouWorkFor::FIELDS, CodeForm::FIELDS, RecoveryCodeForm::FIELDS]
            .concat().iter().map(|f| (*f).to_owned()).collect()
    )) {
        fn check<F: FormSpec>(body: &[(String, String)]) -> Result<(), TestCaseError> {
            let values = FormValues::from_pairs(body.iter().cloned(), F::FIELDS);
            let fields: Vec<String> = F::FIELDS.iter().map(|f| (*f).to_owned()).collect();
            only_fields(&F::errors(&values), &fields)
        }
        check::<WhoDoYouWorkFor>(&body)?;
        check::<CodeForm>(&body)?;
        check::<RecoveryCodeForm>(&body)?;
    }

    #[test]
    fn the_staff_forms_take_any_text(a in text(), b in text(), c in text(), d in text()) {
        let fields: Vec<String> = NEW_STAFF_FIELDS.iter().map(|f| (*f).to_owned()).collect();
        if let Err(errors) = check_new_staff(&a, &b, &c, &d) {
            only_fields(&errors, &fields)?;
        }
        let fields: Vec<String> = PasswordChange::FIELDS.iter().map(|f| (*f).to_owned()).collect();
        if let Err(errors) = check_password_change(&a, &b, &c, &d) {
            only_fields(&errors, &fields)?;
        }
    }
}
