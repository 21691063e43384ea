//! The journey's rules (spec §5), written once: the browser runs them before
//! a post is sent and the server runs them again on every post.

use super::fields::{
    checkbox_name, place_name, Field, Format, Kind, DATE_PARTS, MAX_PLACES, TICKED,
};
use super::route::Answers;
use super::steps::Step;
use crate::domain::is_email_shaped;
use crate::forms::{FieldError, FormValues};

/// A calendar date as (year, month, day).
pub use crate::dates::Ymd;

/// The earliest date of birth taken is the day after this (spec V6).
const EARLIEST_DOB: Ymd = (1900, 1, 1);

/// Checks a step's answers. On success, returns every name the step owns with
/// its tidied value; fields that are hidden (an unchosen option's reveals) come
/// back blank, so that stale answers are removed. On failure, the first
/// failing rule of each field, in page order.
pub fn check_step(
    step: &Step,
    values: &FormValues,
    today: Ymd,
) -> Result<Answers, Vec<FieldError>> {
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    for field in step.fields {
        check_field(field, values, today, true, &mut answers, &mut errors);
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// Only the errors, for the browser's check on submit.
pub fn step_errors(step: &Step, values: &FormValues, today: Ymd) -> Vec<FieldError> {
    check_step(step, values, today).err().unwrap_or_default()
}

/// Trims a value; multi-line answers keep their inner line breaks, as `\n`.
pub fn tidy(value: &str) -> String {
    value.replace("\r\n", "\n").trim().to_owned()
}

fn check_field(
    field: &Field,
    values: &FormValues,
    today: Ymd,
    shown: bool,
    answers: &mut Answers,
    errors: &mut Vec<FieldError>,
) {
    if !shown {
        for name in field.names() {
            answers.insert(name, String::new());
        }
        return;
    }
    match field.kind {
        Kind::Text { format, .. } => {
            let value = tidy(values.get(field.name));
            if let Some(message) = text_error(field, &value, format) {
                errors.push(FieldError::new(field.name, message));
            }
            answers.insert(field.name.to_owned(), value);
        }
        Kind::TextArea { .. } => {
            let value = tidy(values.get(field.name));
            if let Some(message) = text_error(field, &value, Format::Plain) {
                errors.push(FieldError::new(field.name, message));
            }
            answers.insert(field.name.to_owned(), value);
        }
        Kind::Radios(choices) => {
            let value = tidy(values.get(field.name));
            let chosen = choices.iter().find(|c| c.value == value);
            if chosen.is_none() && (field.required || !value.is_empty()) {
                errors.push(FieldError::new(
                    field.name,
                    not_offered(field, "Choose one of the answers"),
                ));
            }
            answers.insert(
                field.name.to_owned(),
                chosen.map(|c| c.value.to_owned()).unwrap_or_default(),
            );
            for choice in choices {
                let shown = chosen.is_some_and(|c| c.value == choice.value);
                for revealed in choice.reveals {
                    check_field(revealed, values, today, shown, answers, errors);
                }
            }
        }
        Kind::Checkboxes(choices) => {
            let mut any = false;
            for choice in choices {
                let name = checkbox_name(field.name, choice.value);
                let ticked = values.get(&name) == TICKED;
                any |= ticked;
                answers.insert(
                    name,
                    if ticked {
                        TICKED.to_owned()
                    } else {
                        String::new()
                    },
                );
            }
            if field.required && !any {
                errors.push(FieldError::new(&field.anchor(), field.missing));
            }
            for choice in choices {
                let shown = values.get(&checkbox_name(field.name, choice.value)) == TICKED;
                for revealed in choice.reveals {
                    check_field(revealed, values, today, shown, answers, errors);
                }
            }
        }
        Kind::Tick => {
            let ticked = values.get(field.name) == TICKED;
            if field.required && !ticked {
                errors.push(FieldError::new(field.name, field.missing));
            }
            answers.insert(
                field.name.to_owned(),
                if ticked {
                    TICKED.to_owned()
                } else {
                    String::new()
                },
            );
        }
        Kind::Date => {
            let parts: Vec<String> = DATE_PARTS
                .iter()
                .map(|part| tidy(values.get(&format!("{}-{part}", field.name))))
                .collect();
            if let Some(message) = date_error(field, &parts, today) {
                errors.push(FieldError::new(&field.anchor(), message));
            }
            for (part, value) in DATE_PARTS.iter().zip(parts) {
                answers.insert(format!("{}-{part}", field.name), value);
            }
        }
        Kind::Pick(list) => {
            let value = tidy(values.get(field.name));
            let bad = if value.is_empty() {
                field.required
            } else {
                !list.contains(&value)
            };
            if bad {
                errors.push(FieldError::new(
                    field.name,
                    not_offered(field, FROM_THE_LIST),
                ));
            }
            answers.insert(field.name.to_owned(), value);
        }
        Kind::Places(list) => {
            for n in 1..=MAX_PLACES {
                let name = place_name(field.name, n);
                let value = tidy(values.get(&name));
                let bad = if value.is_empty() {
                    n == 1 && field.required
                } else {
                    !list.contains(&value)
                };
                if bad {
                    errors.push(FieldError::new(&name, not_offered(field, FROM_THE_LIST)));
                }
                answers.insert(name, value);
            }
        }
    }
}

const FROM_THE_LIST: &str = "Choose an answer from the list";

/// What to say when an answer is missing or is not one the question offers:
/// the field's own message, or for an optional question (which has none,
/// since leaving it blank is fine) one made from its noun. Never blank: the
/// error summary links by this text. (Found by the properties in
/// `crate::properties`: an optional list's unknown value had an empty error.)
fn not_offered(field: &Field, fallback: &str) -> String {
    if !field.missing.is_empty() {
        field.missing.to_owned()
    } else if !field.noun.is_empty() {
        format!("{} must be one of the answers offered", field.noun)
    } else {
        fallback.to_owned()
    }
}

fn text_error(field: &Field, value: &str, format: Format) -> Option<String> {
    if value.is_empty() {
        return field.required.then(|| field.missing.to_owned());
    }
    if let Some(max) = field.max {
        if value.chars().count() > max {
            return Some(format!(
                "{} must be {} characters or fewer",
                field.noun,
                thousands(max)
            ));
        }
    }
    if field.not_url && contains_web_address(value) {
        return Some(format!("{} must not include a web address", field.noun));
    }
    match format {
        Format::Plain => None,
        Format::Email => (!is_email_shaped(value)).then(|| {
            "Enter an email address in the correct format, like name@example.com".to_owned()
        }),
        Format::Phone => (!is_phone_number(value)).then(|| {
            "Enter a phone number in the correct format, like 01632 960 001, 07700 900 982 or +33 1 23 45 67 89"
                .to_owned()
        }),
        Format::Digits => (!value.chars().all(|c| c.is_ascii_digit()))
            .then(|| format!("{} must be a number, like 2", field.noun)),
    }
}

fn date_error(field: &Field, parts: &[String], today: Ymd) -> Option<String> {
    if parts.iter().all(String::is_empty) {
        return field
            .required
            .then(|| format!("Enter the {}", field.noun.to_ascii_lowercase()));
    }
    let number = |text: &str| {
        (!text.is_empty() && text.len() <= 4 && text.chars().all(|c| c.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let (Some(day), Some(month), Some(year)) =
        (number(&parts[0]), number(&parts[1]), number(&parts[2]))
    else {
        return Some(format!("{} must be a real date", field.noun));
    };
    let year = year as i32;
    if parts[2].len() != 4 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
        return Some(format!("{} must be a real date", field.noun));
    }
    let date = (year, month, day);
    if date >= today {
        return Some(format!("{} must be in the past", field.noun));
    }
    if date <= EARLIEST_DOB {
        return Some(format!("{} must be after 1 January 1900", field.noun));
    }
    None
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A phone number as someone might write it (spec V4, with Great Britain as the
/// home region): a UK number of 10 or 11 digits starting with 0, or an
/// international number with `+` (or `00`) and 7 to 15 digits. Spaces, dashes,
/// dots and brackets are allowed between digits.
pub fn is_phone_number(text: &str) -> bool {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let (international, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => match compact.strip_prefix("00") {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        },
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if international {
        match digits.strip_prefix("44") {
            // A UK number written internationally: 9 or 10 digits after +44, no trunk 0.
            Some(national) => (9..=10).contains(&national.len()) && !national.starts_with('0'),
            None => (7..=15).contains(&digits.len()) && !digits.starts_with('0'),
        }
    } else {
        digits.starts_with('0') && (10..=11).contains(&digits.len())
    }
}

/// Whether the text holds a web address (spec V9).
pub fn contains_web_address(text: &str) -> bool {
    text.split_whitespace().any(|word| {
        let word = word.to_ascii_lowercase();
        word.contains("://") || word.starts_with("www.")
    })
}

/// 15000 as "15,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::steps::find;
    use super::*;

    const TODAY: Ymd = (2026, 11, 29);

    fn values(pairs: &[(&str, &str)]) -> FormValues {
        let step_names: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
        FormValues::from_pairs(pairs.iter().copied(), &step_names)
    }

    fn errors(slug: &str, pairs: &[(&str, &str)]) -> Vec<FieldError> {
        step_errors(find(slug).unwrap(), &values(pairs), TODAY)
    }

    #[test]
    fn an_optional_list_answer_not_on_the_list_says_so() {
        let found = errors(
            "pv-nationality-referral",
            &[
                ("pv-nationality", "Albanian"),
                ("pv-nationality-second", "Atlantean"),
            ],
        );
        assert_eq!(
            found,
            vec![FieldError::new(
                "pv-nationality-second",
                "Second nationality must be one of the answers offered"
            )]
        );
    }

    fn messages(slug: &str, pairs: &[(&str, &str)]) -> Vec<String> {
        errors(slug, pairs).into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn phone_numbers_follow_the_uk_and_international_shapes() {
        for good in [
            "01234567890",
            "0123 456 7890",
            "07700 900982",
            "+44 7700 900982",
            "+33 1 23 45 67 89",
            "(01632) 960-001",
        ] {
            assert!(is_phone_number(good), "{good}");
        }
        for bad in [
            "01234567890123456789",
            "012345678913456789",
            "12345",
            "phone me",
            "+44 07700 900982",
            "",
        ] {
            assert!(!is_phone_number(bad), "{bad}");
        }
    }

    #[test]
    fn web_addresses_are_spotted() {
        assert!(contains_web_address("see https://example.com"));
        assert!(contains_web_address("WWW.example.com"));
        assert!(!contains_web_address("He called on 3 May. He was angry."));
    }

    #[test]
    fn hidden_reveals_are_blanked_and_shown_ones_kept() {
        let step = find("evidence-of-dishonesty").unwrap();
        let answers = check_step(
            step,
            &values(&[
                ("evidence-of-dishonesty", "no"),
                ("evidence-of-dishonesty-details", "old text"),
            ]),
            TODAY,
        )
        .unwrap();
        assert_eq!(answers["evidence-of-dishonesty-details"], "");
        let answers = check_step(
            step,
            &values(&[
                ("evidence-of-dishonesty", "yes"),
                ("evidence-of-dishonesty-details", "  kept\r\nlines  "),
            ]),
            TODAY,
        )
        .unwrap();
        assert_eq!(answers["evidence-of-dishonesty-details"], "kept\nlines");
    }

    #[test]
    fn an_option_not_on_the_list_is_refused() {
        assert_eq!(
            messages("fr-location", &[("fr-location", "atlantis")]),
            ["Select the nation you are making this report in"]
        );
    }

    #[test]
    fn case_25_empty_first_steps_each_say_what_is_missing() {
        assert_eq!(messages("reference", &[]), ["Enter a name for this report"]);
        assert_eq!(messages("organisation", &[]), ["Enter your organisation"]);
        assert_eq!(messages("fr-location", &[]).len(), 1);
        assert_eq!(messages("pv-under-age", &[]).len(), 1);
        assert_eq!(
            errors("local-authority-contacted-about-child", &[]).len(),
            3
        );
        assert_eq!(errors("what-is-their-background", &[]).len(), 4);
    }

    #[test]
    fn the_report_name_has_no_length_limit() {
        let long = "x".repeat(20_000);
        assert!(errors("reference", &[("reference", &long)]).is_empty());
    }

    #[test]
    fn case_28_over_15000_characters_is_refused() {
        let long = "x".repeat(15_001);
        assert_eq!(
            messages("professional-insight", &[("professional-insight", &long)]),
            ["Your professional view must be 15,000 characters or fewer"]
        );
        let ok = "x".repeat(15_000);
        assert!(errors("professional-insight", &[("professional-insight", &ok)]).is_empty());
    }

    #[test]
    fn case_29_at_least_one_type_points_at_the_first_box() {
        let found = errors("types-of-exploitation", &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "types-of-exploitation-forced-to-work");
    }

    #[test]
    fn case_31_phone_required_and_checked() {
        assert_eq!(
            messages("pv-phone-number", &[("pv-phone-number", "yes")]),
            ["Enter their phone number"]
        );
        assert_eq!(
            errors(
                "pv-phone-number",
                &[
                    ("pv-phone-number", "yes"),
                    ("pv-phone-number-yes", "01234567890123456789")
                ]
            )[0]
            .field,
            "pv-phone-number-yes"
        );
        assert_eq!(
            errors(
                "pv-phone-number",
                &[
                    ("pv-phone-number", "pv-alternative-number"),
                    ("pv-phone-number-alternative", "012345678913456789"),
                    ("alternative-number-relation-to-pv", "Friend")
                ]
            )[0]
            .field,
            "pv-phone-number-alternative"
        );
    }

    #[test]
    fn case_33_impossible_future_and_ancient_dates_are_refused() {
        let dob = |d: &str, m: &str, y: &str| {
            messages(
                "pv-dob",
                &[("pv-dob-day", d), ("pv-dob-month", m), ("pv-dob-year", y)],
            )
        };
        assert_eq!(
            dob("31", "2", "2000"),
            ["Date of birth must be a real date"]
        );
        assert_eq!(dob("1", "1", "2030"), ["Date of birth must be in the past"]);
        assert_eq!(
            dob("1", "1", "1900"),
            ["Date of birth must be after 1 January 1900"]
        );
        assert!(dob("1", "2", "2000").is_empty());
        assert!(dob("", "", "").is_empty(), "date of birth is optional");
        assert!(dob("29", "2", "2024").is_empty());
        assert_eq!(
            dob("29", "2", "2023"),
            ["Date of birth must be a real date"]
        );
    }

    #[test]
    fn case_34_and_35_contact_methods_safety_ticks_and_permission() {
        assert_eq!(
            messages("pv-contact-details-referral", &[]),
            ["Select how they can be contacted"]
        );
        let found = errors(
            "pv-contact-details-referral",
            &[
                ("pv-contact-details-email", "true"),
                ("pv-contact-details-email-input", "not-an-email"),
            ],
        );
        let fields: Vec<&str> = found.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "pv-contact-details-email-input",
                "pv-contact-details-email-check"
            ]
        );
        let found = errors(
            "pv-contact-details-referral",
            &[
                ("pv-contact-details-post", "true"),
                ("pv-contact-details-post-check", "true"),
            ],
        );
        assert_eq!(found.len(), 3, "street, town and postcode");
        let found = errors(
            "someone-else",
            &[
                ("someone-else-email", "true"),
                ("someone-else-email-input", "a@b.com"),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "someone-else-permission-check");
    }

    #[test]
    fn places_need_the_first_and_only_list_entries() {
        let name = "where-exploitation-happened-uk-city";
        assert_eq!(
            errors("where-exploitation-happened-uk", &[])[0].field,
            format!("{name}-1")
        );
        assert!(errors(
            "where-exploitation-happened-uk",
            &[(&format!("{name}-1"), "Aberdeen")]
        )
        .is_empty());
        let found = errors(
            "where-exploitation-happened-uk",
            &[
                (&format!("{name}-1"), "Aberdeen"),
                (&format!("{name}-3"), "<script>alert(1)</script>"),
            ],
        );
        assert_eq!(found[0].field, format!("{name}-3"));
    }

    #[test]
    fn case_32_relationship_required_and_at_most_250() {
        let base = [
            ("pv-phone-number", "pv-alternative-number"),
            ("pv-phone-number-alternative", "01234567891"),
        ];
        assert_eq!(
            messages("pv-phone-number", &base),
            ["Enter whose phone it is"]
        );
        let long = "x".repeat(251);
        let mut with_long = base.to_vec();
        with_long.push(("alternative-number-relation-to-pv", &long));
        assert_eq!(
            messages("pv-phone-number", &with_long),
            ["Whose phone it is must be 250 characters or fewer"]
        );
    }

    #[test]
    fn not_url_fields_refuse_links() {
        assert_eq!(
            messages(
                "details-last-contact",
                &[("details-last-contact", "see http://evil.example")]
            ),
            ["What the last contact involved must not include a web address"]
        );
    }

    #[test]
    fn children_must_be_a_number() {
        assert_eq!(
            messages(
                "does-pv-have-children",
                &[
                    ("does-pv-have-children", "yes"),
                    ("does-pv-have-children-yes-amount", "two")
                ]
            ),
            ["Number of children must be a number, like 2"]
        );
    }

    #[test]
    fn case_26_every_required_radio_left_empty_is_an_error() {
        use super::super::steps::STEPS;
        for step in STEPS {
            for field in step.fields {
                if matches!(field.kind, Kind::Radios(_)) && field.required {
                    let found = step_errors(step, &FormValues::default(), TODAY);
                    assert!(
                        found
                            .iter()
                            .any(|e| e.field == field.name && e.message == field.missing),
                        "{}",
                        step.slug
                    );
                }
            }
        }
    }

    #[test]
    fn case_27_every_revealed_required_detail_left_empty_is_an_error() {
        use super::super::steps::STEPS;
        for step in STEPS {
            for field in step.fields {
                let Kind::Radios(choices) = field.kind else {
                    continue;
                };
                for choice in choices {
                    let required: Vec<&Field> =
                        choice.reveals.iter().filter(|f| f.required).collect();
                    if required.is_empty() {
                        continue;
                    }
                    let found = step_errors(step, &values(&[(field.name, choice.value)]), TODAY);
                    for revealed in required {
                        assert!(
                            found.iter().any(|e| e.field == revealed.anchor()),
                            "{} / {} / {}",
                            step.slug,
                            choice.value,
                            revealed.name
                        );
                    }
                }
            }
        }
        // The other type of exploitation, a checkbox reveal.
        let found = errors(
            "types-of-exploitation",
            &[("types-of-exploitation-other", "true")],
        );
        assert_eq!(found[0].field, "other-exploitation-details");
    }

    #[test]
    fn case_30_an_adult_must_answer_the_consent_question() {
        assert_eq!(
            messages("pv-want-to-submit-nrm", &[]),
            ["Select yes if they agree to be referred"]
        );
    }

    #[test]
    fn case_36_empty_responder_details_and_nationality_or_gender() {
        assert_eq!(errors("fr-details", &[]).len(), 4);
        for slug in ["pv-nationality-dtn", "pv-nationality-referral"] {
            assert_eq!(
                messages(slug, &[]),
                ["Enter their nationality and choose it from the list"]
            );
        }
        for slug in ["pv-gender-dtn", "pv-gender-referral"] {
            assert_eq!(messages(slug, &[]), ["Select their gender"]);
        }
        assert_eq!(
            messages("pv-nationality-referral", &[("pv-nationality", "Martian")]),
            ["Enter their nationality and choose it from the list"]
        );
    }
}
