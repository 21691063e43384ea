//! What a journey page shows and where a save leads, from a draft's progress
//! alone. Pure: the server runs it against the stored draft, and the browser
//! runs the same code against the copy kept on the phone when there is no
//! signal, so the two can never disagree about a step's back link, its
//! values or the next page.

use serde::{Deserialize, Serialize};

use crate::forms::{FieldError, FormValues};
use crate::journey::history::Replaced;
use crate::journey::progress::{check, Progress};
use crate::journey::route::CONFIRM;
use crate::journey::steps::{find, Step};
use crate::journey::summary::{
    change_href, replaced_row, sections, step_href, Row, SummarySection,
};
use crate::journey::validate::Ymd;
use crate::routes;

/// More than one exploitative situation: some pages remind the responder to cover each.
const MULTIPLE: &str = "potential-victim-exploitative-situation-multiple";
/// The report name shown before the first step has been saved.
pub const NEW_REPORT_NAME: &str = "New report";
/// The step whose answer names the report on the responder's list.
pub const REPORT_NAME_STEP: &str = "reference";
/// The step whose page lists the draft's files and takes uploads.
pub const UPLOAD_STEP: &str = "upload-evidence";
/// The upload form's file field.
pub const UPLOAD_FIELD: &str = "upload-file";
/// The field on the first step that starts as the organisation given at sign-in.
const ORGANISATION_FIELD: &str = "user-organisation";

/// What a step page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    /// The saved answers for the step's fields.
    pub values: FormValues,
    /// Where the back link goes.
    pub back: String,
    pub child: bool,
    /// More than one exploitative situation: some pages remind the responder to cover each.
    pub several_situations: bool,
    pub changing: bool,
    /// Uploaded files (the upload step only).
    pub files: Vec<UploadedFile>,
    /// The report's own name, shown above the heading.
    pub report_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub id: String,
    pub name: String,
    pub size: String,
}

/// A step page either shows, or sends the responder to another page (a step
/// the answers do not reach yet, or a draft that has gone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepLoad {
    Show(StepView),
    GoTo(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    GoTo(String),
    Invalid(Vec<FieldError>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckAnswersView {
    pub report_name: String,
    pub sections: Vec<SummarySection>,
    /// Answers replaced by newer ones when steps saved offline reached the server.
    pub replaced: Vec<Row>,
    pub duty_to_notify: bool,
    pub back: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckAnswersLoad {
    Show(CheckAnswersView),
    GoTo(String),
}

/// The address of a page of the journey ("confirm" is check-your-answers).
pub fn href(slug: &str, changing: bool) -> String {
    if slug == CONFIRM {
        routes::CONFIRM.to_owned()
    } else if changing {
        change_href(slug)
    } else {
        step_href(slug)
    }
}

/// Who is filling in the draft, as the pages need it.
#[derive(Clone, Copy, Debug)]
pub struct Responder<'a> {
    pub email: &'a str,
    pub organisation: &'a str,
}

/// A step page: shown with its saved values, or a redirect to where the
/// answers so far lead (a step cannot be reached by typing its address).
pub fn step_load(
    progress: &Progress,
    slug: &str,
    changing: bool,
    responder: Responder<'_>,
    report_name: Option<&str>,
    files: Vec<UploadedFile>,
) -> StepLoad {
    let Some(step) = find(slug) else {
        return StepLoad::GoTo(routes::REPORTS.to_owned());
    };
    if !progress.reaches(slug) {
        return StepLoad::GoTo(href(progress.resume_at(), false));
    }
    let back = if changing {
        routes::CONFIRM.to_owned()
    } else {
        progress
            .before(slug)
            .map(step_href)
            .unwrap_or_else(|| routes::REPORTS.to_owned())
    };
    StepLoad::Show(StepView {
        values: saved_values(step, progress, responder.organisation),
        back,
        child: progress.is_child(),
        several_situations: progress.answers.get(MULTIPLE).map(String::as_str) == Some("yes"),
        changing,
        files,
        report_name: report_name.unwrap_or(NEW_REPORT_NAME).to_owned(),
    })
}

/// The step's saved answers, as form values; the organisation starts as the one given at sign-in.
fn saved_values(step: &Step, progress: &Progress, organisation: &str) -> FormValues {
    let names = step.names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let pairs = names.iter().filter_map(|name| {
        let value = match progress.answers.get(*name) {
            Some(value) => value.clone(),
            None if *name == ORGANISATION_FIELD => organisation.to_owned(),
            None => return None,
        };
        Some((*name, value))
    });
    FormValues::from_pairs(pairs, &names)
}

/// What posting a step's form does to a draft's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Save {
    /// Checked and applied to the progress; go on to the address.
    Saved(String),
    /// Nothing saved: the step is unknown or not reached yet; go to the address.
    Elsewhere(String),
    /// Nothing saved: the answers break the step's rules.
    Invalid(Vec<FieldError>),
}

impl Save {
    pub fn outcome(self) -> SaveOutcome {
        match self {
            Save::Saved(href) | Save::Elsewhere(href) => SaveOutcome::GoTo(href),
            Save::Invalid(errors) => SaveOutcome::Invalid(errors),
        }
    }
}

/// Checks a step's answers and, when they pass, saves them into `progress`
/// (with the branching rules) and says where to go next.
pub fn save(
    progress: &mut Progress,
    slug: &str,
    changing: bool,
    values: &FormValues,
    today: Ymd,
) -> Save {
    let Some(step) = find(slug) else {
        return Save::Elsewhere(routes::REPORTS.to_owned());
    };
    if !progress.reaches(slug) {
        return Save::Elsewhere(href(progress.resume_at(), false));
    }
    match check(step, values, progress.is_child(), today) {
        Ok(answers) => {
            progress.save(slug, answers);
            let next = progress.next(slug, changing);
            Save::Saved(href(next, changing && next != CONFIRM))
        }
        Err(errors) => Save::Invalid(errors),
    }
}

/// The report's name once the draft has one: the answer to the reference step.
pub fn report_name(progress: &Progress) -> String {
    progress
        .answers
        .get(REPORT_NAME_STEP)
        .cloned()
        .unwrap_or_default()
}

/// Check-your-answers, or the first step still to do.
pub fn check_answers_load(
    progress: &Progress,
    email: &str,
    files: &[String],
    report_name: &str,
    history: &[Replaced],
) -> CheckAnswersLoad {
    if progress.resume_at() != CONFIRM {
        return CheckAnswersLoad::GoTo(href(progress.resume_at(), false));
    }
    CheckAnswersLoad::Show(CheckAnswersView {
        report_name: report_name.to_owned(),
        sections: sections(progress, email, files),
        replaced: history.iter().filter_map(replaced_row).collect(),
        duty_to_notify: progress.is_duty_to_notify(),
        back: progress
            .before(CONFIRM)
            .map(step_href)
            .unwrap_or_else(|| routes::REPORTS.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journey::route::ROUTE;

    const JO: Responder<'static> = Responder {
        email: "jo@met.police.uk",
        organisation: "Metropolitan Police Service",
    };

    #[test]
    fn a_step_not_reached_sends_the_responder_to_the_first_step_to_do() {
        let progress = Progress::default();
        let first = ROUTE[0].0;
        let late = ROUTE[5].0;
        assert_eq!(
            step_load(&progress, late, false, JO, None, Vec::new()),
            StepLoad::GoTo(step_href(first))
        );
        let StepLoad::Show(view) = step_load(&progress, first, false, JO, None, Vec::new()) else {
            panic!("the first step shows");
        };
        assert_eq!(view.back, routes::REPORTS);
        assert_eq!(view.report_name, NEW_REPORT_NAME);
    }

    #[test]
    fn an_invalid_answer_saves_nothing_and_a_valid_one_moves_on() {
        let mut progress = Progress::default();
        let first = ROUTE[0].0;
        let today: Ymd = (2026, 12, 6);
        let empty = FormValues::default();
        assert!(matches!(
            save(&mut progress, first, false, &empty, today),
            Save::Invalid(_)
        ));
        assert_eq!(progress, Progress::default());
        assert_eq!(
            save(&mut progress, ROUTE[5].0, false, &empty, today),
            Save::Elsewhere(step_href(first))
        );
    }
}
