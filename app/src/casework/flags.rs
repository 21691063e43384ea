//! Flags on a case: what a caseworker must see before anything else about the
//! person (they need an interpreter, they are a child, they are at risk now).
//! Some are set from the referral's answers when the case arrives; caseworkers
//! add and remove any of them, and the case keeps who did and when.

use crate::forms::FieldError;
use crate::journey::progress::AGE_STEP;
use crate::journey::route::Answers;

/// A kind of flag.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Flag {
    InterpreterNeeded,
    CommunicationAid,
    Child,
    ImmediateRisk,
    StillInSituation,
    /// Anything else, said in the flag's text.
    Other,
}

crate::stored_names!(Flag, "flag", {
    InterpreterNeeded => "interpreter-needed",
    CommunicationAid => "communication-aid",
    Child => "child",
    ImmediateRisk => "immediate-risk",
    StillInSituation => "still-in-situation",
    Other => "other",
});

/// Where the referral's answers set a flag: the answer `field` being `yes`
/// sets `flag`, with the answer in `detail` (if any) as its text.
pub struct FromAnswer {
    pub flag: Flag,
    pub field: &'static str,
    pub yes: &'static str,
    pub detail: Option<&'static str>,
}

/// The answers that set flags when a case arrives. Immediate risk and other
/// flags are a caseworker's judgement: no answer sets them.
pub const FROM_ANSWERS: &[FromAnswer] = &[
    FromAnswer {
        flag: Flag::InterpreterNeeded,
        field: "pv-interpreter-requirements",
        yes: "yes",
        detail: Some("pv-interpreter-requirements-language"),
    },
    FromAnswer {
        flag: Flag::CommunicationAid,
        field: "pv-other-help-with-communication",
        yes: "yes",
        detail: Some("pv-other-help-with-communication-aid"),
    },
    FromAnswer {
        flag: Flag::Child,
        field: AGE_STEP,
        yes: "yes",
        detail: None,
    },
    FromAnswer {
        flag: Flag::StillInSituation,
        field: super::tasks::STILL_EXPLOITED_FIELD,
        yes: "yes",
        detail: None,
    },
];

/// The flags a case arrives with, from its referral's answers, each with its text.
pub fn from_answers(answers: &Answers) -> Vec<(Flag, String)> {
    FROM_ANSWERS
        .iter()
        .filter(|rule| answers.get(rule.field).map(String::as_str) == Some(rule.yes))
        .map(|rule| {
            let detail = rule
                .detail
                .and_then(|field| answers.get(field))
                .map(|text| clip(text.trim()))
                .unwrap_or_default();
            (rule.flag, detail)
        })
        .collect()
}

/// The longest text a flag keeps: it is a label, not a note.
pub const MAX_FLAG_TEXT: usize = 200;

fn clip(text: &str) -> String {
    text.chars().take(MAX_FLAG_TEXT).collect()
}

/// The add-a-flag form's fields.
pub const FLAG: &str = "flag";
pub const FLAG_TEXT: &str = "flag-text";
/// Which flag a remove button takes off (the flag's id).
pub const FLAG_ID: &str = "flag-id";

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::InterpreterNeeded => "Interpreter needed",
            Flag::CommunicationAid => "Communication aid",
            Flag::Child => "Child",
            Flag::ImmediateRisk => "Immediate risk",
            Flag::StillInSituation => "Still in the situation",
            Flag::Other => "Other",
        }
    }

    /// The GOV.UK tag colour the flag is shown in: risk in red.
    pub fn tag_class(self) -> &'static str {
        match self {
            Flag::ImmediateRisk | Flag::StillInSituation => "govuk-tag govuk-tag--red",
            Flag::Child => "govuk-tag govuk-tag--purple",
            _ => "govuk-tag govuk-tag--grey",
        }
    }

    /// How the flag reads with its text: "Interpreter needed: Tigrinya".
    pub fn shown(self, text: &str) -> String {
        match (self, text.trim()) {
            (Flag::Other, text) if !text.is_empty() => text.to_owned(),
            (_, "") => self.label().to_owned(),
            (_, text) => format!("{}: {text}", self.label()),
        }
    }
}

/// A flag a caseworker asked to add: its kind and text, or what is wrong.
/// "Other" needs its text; any text is trimmed and at most
/// [`MAX_FLAG_TEXT`] characters.
pub fn check_flag(kind: &str, text: &str) -> Result<(Flag, String), FieldError> {
    let flag = kind
        .parse::<Flag>()
        .map_err(|_| FieldError::new(FLAG, "Select a flag"))?;
    let text = text.trim();
    if flag == Flag::Other && text.is_empty() {
        return Err(FieldError::new(FLAG_TEXT, "Enter what the flag is"));
    }
    if text.chars().count() > MAX_FLAG_TEXT {
        return Err(FieldError::new(
            FLAG_TEXT,
            format!("The flag's text must be {MAX_FLAG_TEXT} characters or fewer"),
        ));
    }
    Ok((flag, text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::steps::find_field;
    use crate::names::tests::round_trips;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn flags_are_stored_by_their_names() {
        round_trips(Flag::ALL, |f| f.as_str());
    }

    #[test]
    fn every_answer_that_sets_a_flag_is_the_journeys() {
        for rule in FROM_ANSWERS {
            let field = find_field(rule.field).unwrap_or_else(|| panic!("{}", rule.field));
            assert!(field.choice_values().contains(&rule.yes), "{}", rule.field);
            if let Some(detail) = rule.detail {
                assert!(find_field(detail).is_some(), "{detail}");
            }
        }
    }

    #[test]
    fn the_answers_set_flags_with_their_text() {
        let set = from_answers(&answers(&[
            ("pv-under-age", "yes"),
            ("pv-interpreter-requirements", "yes"),
            ("pv-interpreter-requirements-language", "  Tigrinya "),
            ("pv-other-help-with-communication", "no"),
            ("pv-other-help-with-communication-aid", "left over"),
            ("still-in-exploitative-situation", "yes"),
        ]));
        assert_eq!(
            set,
            vec![
                (Flag::InterpreterNeeded, "Tigrinya".to_owned()),
                (Flag::Child, String::new()),
                (Flag::StillInSituation, String::new()),
            ]
        );
        assert!(from_answers(&answers(&[("pv-under-age", "no")])).is_empty());
        let long = "x".repeat(MAX_FLAG_TEXT + 50);
        let set = from_answers(&answers(&[
            ("pv-other-help-with-communication", "yes"),
            ("pv-other-help-with-communication-aid", &long),
        ]));
        assert_eq!(set[0].1.chars().count(), MAX_FLAG_TEXT);
    }

    #[test]
    fn a_flag_is_checked_before_it_is_added() {
        assert_eq!(
            check_flag("immediate-risk", " "),
            Ok((Flag::ImmediateRisk, String::new()))
        );
        assert_eq!(
            check_flag("other", " Works at the SCA "),
            Ok((Flag::Other, "Works at the SCA".to_owned()))
        );
        assert_eq!(check_flag("other", "  ").unwrap_err().field, FLAG_TEXT);
        assert_eq!(check_flag("", "").unwrap_err().field, FLAG);
        assert_eq!(check_flag("vip", "").unwrap_err().field, FLAG);
        let long = "x".repeat(MAX_FLAG_TEXT + 1);
        assert_eq!(check_flag("child", &long).unwrap_err().field, FLAG_TEXT);
    }

    #[test]
    fn a_flag_reads_with_its_text() {
        assert_eq!(
            Flag::InterpreterNeeded.shown("Tigrinya"),
            "Interpreter needed: Tigrinya"
        );
        assert_eq!(Flag::Child.shown(""), "Child");
        assert_eq!(Flag::Other.shown("Member of staff"), "Member of staff");
    }
}
