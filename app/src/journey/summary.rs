//! Check-your-answers (spec §4): the answers of the steps on the responder's
//! route, grouped in sections, each row with a change link.

use serde::{Deserialize, Serialize};

use super::fields::{checkbox_name, place_name, Field, Kind, DATE_PARTS, MAX_PLACES, TICKED};
use super::history::{NewerOn, Replaced};
use super::progress::{Progress, CONSENT_STEP};
use super::route::{Answers, CONFIRM};
use super::steps::{find, Section};
use crate::dates::long_date;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub key: String,
    /// The answer, one line per entry.
    pub lines: Vec<String>,
    /// Where "Change" goes, if the answer can be changed.
    pub change: Option<String>,
    /// A note shown with the answer.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummarySection {
    pub title: String,
    pub rows: Vec<Row>,
}

/// The address of a step, and of the same step changed from check-your-answers.
pub fn step_href(slug: &str) -> String {
    format!("/nrm/{slug}")
}

pub fn change_href(slug: &str) -> String {
    format!("/nrm/{slug}?change=true")
}

/// The sections of check-your-answers for a draft whose every step is done.
pub fn sections(
    progress: &Progress,
    signed_in_email: &str,
    files: &[String],
) -> Vec<SummarySection> {
    let path = progress.path();
    let mut sections: Vec<SummarySection> = Section::ALL
        .iter()
        .map(|section| SummarySection {
            title: section.title().to_owned(),
            rows: Vec::new(),
        })
        .collect();
    for slug in path.iter().filter(|s| **s != CONFIRM) {
        let Some(step) = find(slug) else { continue };
        let index = Section::ALL
            .iter()
            .position(|s| *s == step.section)
            .unwrap_or_default();
        let automatic = step.slug == CONSENT_STEP && progress.is_child();
        let lines = if step.slug == "upload-evidence" {
            if files.is_empty() {
                vec!["No files uploaded".to_owned()]
            } else {
                files.to_vec()
            }
        } else if automatic {
            vec!["Yes".to_owned()]
        } else {
            step_lines(step.fields, &progress.answers, step.is_single_question())
        };
        sections[index].rows.push(Row {
            key: step.summary.to_owned(),
            lines,
            change: (!automatic).then(|| change_href(step.slug)),
            note: automatic.then(|| {
                "Children are referred automatically, so they do not need to agree.".to_owned()
            }),
        });
        if step.slug == "fr-details" {
            sections[index].rows.push(Row {
                key: "Your email address".to_owned(),
                lines: vec![signed_in_email.to_owned()],
                change: None,
                note: None,
            });
        }
    }
    sections.retain(|s| !s.rows.is_empty());
    sections
}

/// A row for an answer replaced by a newer one, for check-your-answers.
pub fn replaced_row(replaced: &Replaced) -> Option<Row> {
    let step = find(&replaced.slug)?;
    let when = long_date(crate::dates::ymd_from_unix(replaced.at));
    let note = match replaced.newer {
        NewerOn::ThisPhone => format!(
            "Replaced on {when} by the newer answer saved on this phone without a signal."
        ),
        NewerOn::Elsewhere => format!(
            "Saved on this phone without a signal; not used, because a newer answer was given on another device. Replaced on {when}."
        ),
    };
    Some(Row {
        key: step.summary.to_owned(),
        lines: step_lines(step.fields, &replaced.answers, step.is_single_question()),
        change: Some(change_href(step.slug)),
        note: Some(note),
    })
}

fn step_lines(fields: &[Field], answers: &Answers, single: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for field in fields {
        field_lines(field, answers, single, &mut lines);
    }
    if lines.is_empty() {
        lines.push("Not given".to_owned());
    }
    lines
}

fn field_lines(field: &Field, answers: &Answers, single: bool, lines: &mut Vec<String>) {
    let get = |name: &str| answers.get(name).map(String::as_str).unwrap_or_default();
    let mut push = |value: String| {
        if value.is_empty() {
            return;
        }
        if single {
            lines.push(value);
        } else {
            lines.push(format!("{}: {value}", field.noun));
        }
    };
    match field.kind {
        Kind::Text { .. } | Kind::TextArea { .. } | Kind::Pick(_) => {
            push(get(field.name).to_owned())
        }
        Kind::Tick => {
            if get(field.name) == TICKED {
                lines.push(field.label.to_owned());
            }
        }
        Kind::Date => {
            let parts: Vec<u32> = DATE_PARTS
                .iter()
                .filter_map(|p| get(&format!("{}-{p}", field.name)).parse().ok())
                .collect();
            if let [day, month, year] = parts[..] {
                push(long_date((year as i32, month, day)));
            }
        }
        Kind::Places(_) => {
            let places: Vec<&str> = (1..=MAX_PLACES)
                .map(|n| get(&place_name(field.name, n)))
                .filter(|v| !v.is_empty())
                .collect();
            push(places.join(", "));
        }
        Kind::Radios(choices) => {
            if let Some(choice) = choices.iter().find(|c| c.value == get(field.name)) {
                push(choice.label.to_owned());
                for revealed in choice.reveals {
                    field_lines(revealed, answers, false, lines);
                }
            }
        }
        Kind::Checkboxes(choices) => {
            let ticked: Vec<_> = choices
                .iter()
                .filter(|c| get(&checkbox_name(field.name, c.value)) == TICKED)
                .collect();
            push(
                ticked
                    .iter()
                    .map(|c| c.label)
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            for choice in ticked {
                for revealed in choice.reveals {
                    field_lines(revealed, answers, false, lines);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(pairs: &[(&str, &str)]) -> Progress {
        let mut p = Progress {
            answers: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            completed: Vec::new(),
        };
        while p.resume_at() != CONFIRM {
            let slug = p.resume_at();
            p.completed.push(slug.to_owned());
        }
        p
    }

    #[test]
    fn case_24_a_childs_consent_row_has_a_note_and_no_change_link() {
        let p = done(&[("pv-under-age", "yes"), ("pv-want-to-submit-nrm", "yes")]);
        let all = sections(&p, "me@police.uk", &[]);
        let consent = all
            .iter()
            .flat_map(|s| &s.rows)
            .find(|r| r.key == "Agrees to be referred")
            .unwrap();
        assert_eq!(consent.change, None);
        assert!(consent.note.is_some());
        assert_eq!(consent.lines, ["Yes"]);
    }

    #[test]
    fn rows_show_labels_reveals_and_the_email_without_a_change_link() {
        let p = done(&[
            ("pv-under-age", "no"),
            ("pv-want-to-submit-nrm", "yes"),
            ("reference", "My case"),
            ("evidence-of-dishonesty", "yes"),
            ("evidence-of-dishonesty-details", "<b>x</b>"),
        ]);
        let all = sections(&p, "me@police.uk", &[]);
        let rows: Vec<&Row> = all.iter().flat_map(|s| &s.rows).collect();
        let doubt = rows
            .iter()
            .find(|r| r.key == "Evidence that raises doubts")
            .unwrap();
        assert_eq!(doubt.lines, ["Yes", "The evidence: <b>x</b>"]);
        assert_eq!(
            doubt.change.as_deref(),
            Some("/nrm/evidence-of-dishonesty?change=true")
        );
        let email = rows.iter().find(|r| r.key == "Your email address").unwrap();
        assert_eq!(email.change, None);
        let files = rows.iter().find(|r| r.key == "Files").unwrap();
        assert_eq!(files.lines, ["No files uploaded"]);
        assert_eq!(rows[0].key, "Report name (not sent)");
    }
}
