//! The case's forms, named once for the pages and the server: their field
//! names, and the rules of an internal note and of a first responder's answer.

use crate::domain::WorkEmail;
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
    /// Adding a flag (`flags::FLAG`, `flags::FLAG_TEXT`).
    Flag,
    /// Taking a flag off (`flags::FLAG_ID`).
    Unflag,
    /// Linking to another case (`links::LINK_TO`, `LINK_KIND`, `LINK_REASONS`).
    Link,
    /// Removing a link (`links::LINK_ID`, `UNLINK_REASONS`).
    Unlink,
    /// Restricting the case, or changing who may open it
    /// (`restriction::RESTRICT_TO`, `RESTRICT_REASON`).
    Restrict,
    /// Lifting the case's restriction.
    Unrestrict,
    /// Asking to open a restricted case (`restriction::ACCESS_REASON`).
    AskAccess,
    /// Granting or refusing a request (`restriction::REQUEST_ID`, `DECISION`).
    DecideAccess,
}

crate::stored_names!(CaseForm, "case form", {
    Event => "event",
    Assign => "assign",
    Note => "note",
    Flag => "flag",
    Unflag => "unflag",
    Link => "link",
    Unlink => "unlink",
    Restrict => "restrict",
    Unrestrict => "unrestrict",
    AskAccess => "ask-access",
    DecideAccess => "decide-access",
});

/// The lifecycle event a button sends (its stored name, `Event::as_str`).
pub const EVENT: &str = "event";
/// The reasons that go with an event.
pub const REASONS: &str = "reasons";
/// The case a duplicate is linked to.
pub const DUPLICATE_OF: &str = "duplicate-of";
/// With a request for information: the day to follow it up (ISO date, one
/// of `tasks::follow_up_choices`).
pub const FOLLOW_UP_ON: &str = "follow-up-on";
/// "me", "nobody", or a caseworker's email address (senior caseworkers).
pub const ASSIGNEE: &str = "assignee";
pub const NOTE: &str = "note";
/// The version of the case the page showed (every form but a hand-over's
/// carries it): a write against an older version is refused.
pub const VERSION: &str = "version";
/// Why a write against an older version of the case is refused.
pub const CHANGED_MEANWHILE: &str =
    "Someone changed this case after you opened it. Check the case as it is now, then try again";
/// How recently someone must have opened a case to be shown as there now.
pub const HERE_RECENTLY_SECONDS: i64 = 5 * 60;
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

/// The forms on a first responder's sent case page, which all post to the
/// page's own address with their name in [`FORM`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SentCaseForm {
    /// Answering a request for information.
    Answer,
    /// Sharing the referral with a colleague.
    Share,
    /// Withdrawing a share.
    StopSharing,
}

crate::stored_names!(SentCaseForm, "sent case form", {
    Answer => "answer",
    Share => "share",
    StopSharing => "stop-sharing",
});

/// The colleague's work email address a referral is shared with.
pub const COLLEAGUE: &str = "colleague";

/// The colleague a referral may be shared with: a work email address at the
/// sharer's own email domain, and not the sharer's.
pub fn check_colleague(value: &str, sharer: &str) -> Result<WorkEmail, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(
            COLLEAGUE,
            "Enter your colleague's work email address",
        ));
    }
    let colleague = WorkEmail::parse(value).map_err(|_| {
        FieldError::new(
            COLLEAGUE,
            "Enter an email address in the correct format, like name@example.police.uk",
        )
    })?;
    let own = WorkEmail::parse(sharer).ok();
    let domain = own.as_ref().map_or("", |own| own.domain());
    if colleague.domain() != domain {
        return Err(FieldError::new(
            COLLEAGUE,
            format!(
                "Enter the email address of a colleague at your organisation, ending @{domain}"
            ),
        ));
    }
    if own.is_some_and(|own| own.as_str().eq_ignore_ascii_case(colleague.as_str())) {
        return Err(FieldError::new(
            COLLEAGUE,
            "Enter a colleague's email address, not your own",
        ));
    }
    Ok(colleague)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_case_form_names_round_trip() {
        crate::names::tests::round_trips(SentCaseForm::ALL, |f| f.as_str());
    }

    #[test]
    fn a_referral_is_shared_only_within_the_sharers_domain() {
        let me = "jo@met.police.uk";
        assert_eq!(
            check_colleague(" Kim@Met.Police.UK ", me).unwrap().as_str(),
            "Kim@met.police.uk"
        );
        let message = |value| check_colleague(value, me).unwrap_err().message;
        assert_eq!(message(""), "Enter your colleague's work email address");
        assert!(
            message("not an address").starts_with("Enter an email address in the correct format")
        );
        assert_eq!(
            message("kim@gmp.police.uk"),
            "Enter the email address of a colleague at your organisation, ending @met.police.uk"
        );
        assert_eq!(
            message("JO@met.police.uk"),
            "Enter a colleague's email address, not your own"
        );
    }

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
