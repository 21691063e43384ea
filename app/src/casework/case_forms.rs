//! The case's forms, named once for the pages and the server: their field
//! names, and the rules of an internal note and of a first responder's answer.

use crate::forms::FieldError;
use crate::journey::validate::thousands;

/// Which of the case page's forms was sent: every form posts to the case's
/// own address, so that a refused one is drawn again there (422).
pub const FORM: &str = "form";

/// The case page's forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseForm {
    /// A lifecycle event (with reasons), linking a duplicate included.
    Event,
    /// Taking, releasing or giving the case.
    Assign,
    Note,
}

crate::stored_names!(CaseForm, "case form", {
    Event => "event",
    Assign => "assign",
    Note => "note",
});

/// The lifecycle event a button sends (its stored name, `Event::as_str`).
pub const EVENT: &str = "event";
/// The reasons that go with an event.
pub const REASONS: &str = "reasons";
/// The case a duplicate is linked to.
pub const DUPLICATE_OF: &str = "duplicate-of";
/// "me", "nobody", or a caseworker's email address (senior caseworkers).
pub const ASSIGNEE: &str = "assignee";
pub const NOTE: &str = "note";
/// Where a refusal that is not about the reasons points: the "Next steps" heading.
pub const NEXT_STEPS: &str = "next-steps";

/// The longest internal note taken.
pub const MAX_NOTE_CHARS: usize = 5_000;

/// The id of the reasons box of the page's `n`th event button.
pub fn reasons_field(n: usize) -> String {
    format!("{REASONS}-{n}")
}

/// The note, trimmed, or what is wrong with it.
pub fn check_note(note: &str) -> Result<&str, FieldError> {
    let note = note.trim();
    if note.is_empty() {
        Err(FieldError::new(NOTE, "Enter a note"))
    } else if note.chars().count() > MAX_NOTE_CHARS {
        Err(FieldError::new(
            NOTE,
            format!(
                "A note must be {} characters or fewer",
                thousands(MAX_NOTE_CHARS)
            ),
        ))
    } else {
        Ok(note)
    }
}

/// A first responder's answer to a request for information (on their sent case's page).
pub const ANSWER: &str = "answer";

/// The answer, trimmed, or what is wrong with it.
pub fn check_answer(answer: &str) -> Result<&str, FieldError> {
    let answer = answer.trim();
    if answer.is_empty() {
        Err(FieldError::new(ANSWER, "Enter the information asked for"))
    } else {
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_needed() {
        assert_eq!(check_answer(" In Leeds "), Ok("In Leeds"));
        assert_eq!(
            check_answer("  ").unwrap_err().message,
            "Enter the information asked for"
        );
    }

    #[test]
    fn forms_are_named_once() {
        crate::names::tests::round_trips(CaseForm::ALL, |f| f.as_str());
    }

    #[test]
    fn a_note_is_needed_and_has_a_limit() {
        assert_eq!(check_note("  Called the police  "), Ok("Called the police"));
        assert_eq!(check_note(" \n ").unwrap_err().message, "Enter a note");
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            check_note(&long).unwrap_err().message,
            "A note must be 5,000 characters or fewer"
        );
        assert!(check_note(&long[1..]).is_ok());
    }
}
