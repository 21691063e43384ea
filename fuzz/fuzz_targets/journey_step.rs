//! Any form body posted to any step of the journey: the step's rules answer
//! with its answers or with field errors that name its own fields and say
//! something. The first byte picks the step; the rest is the urlencoded body.
#![no_main]

use app::forms::FormValues;
use app::journey::steps::STEPS;
use app::journey::validate::check_step;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let step = &STEPS[usize::from(pick) % STEPS.len()];
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) else {
        return;
    };
    let names = step.names();
    let fields: Vec<&str> = names.iter().map(String::as_str).collect();
    let values = FormValues::from_pairs(pairs, &fields);
    match check_step(step, &values, (2026, 12, 6)) {
        Ok(answers) => assert!(answers.keys().all(|name| names.contains(name))),
        Err(errors) => {
            assert!(!errors.is_empty());
            for error in errors {
                assert!(names.contains(&error.field), "{} names no field", error.field);
                assert!(!error.message.trim().is_empty(), "{} has no message", error.field);
            }
        }
    }
});
