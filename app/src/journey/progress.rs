//! A draft's progress through the journey: which steps it has done, which it
//! may visit, what saving a step changes (spec §3 rules 1–9) and where the
//! responder goes next. Pure, so the server and the browser agree.

use serde::{Deserialize, Serialize};

use super::route::{next_after, walk, Answers, Condition, CONFIRM, ROUTE};
use super::steps::Step;
use super::validate::{check_step, Ymd};
use crate::forms::{FieldError, FormValues};

pub const AGE_STEP: &str = "pv-under-age";
pub const CONSENT_STEP: &str = "pv-want-to-submit-nrm";
const CONSENT: &str = "pv-want-to-submit-nrm";
/// Set when consent was implied because the person is a child (spec §3 rule 3).
const CONSENT_IMPLIED: &str = "consent-implied";
const AUTOMATIC_REFERRAL: &str = "automatic-referral";
const IS_REFERRAL: &str = "is-referral";
const SUPPORT: &str = "does-pv-need-support";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub answers: Answers,
    /// Steps saved, in the order they were first saved.
    pub completed: Vec<String>,
}

/// Whether these answers make the potential victim a child (spec §3 rule 1).
pub fn is_child(answers: &Answers) -> bool {
    Condition::Child.holds(answers)
}

/// Checks a step's form. A child's consent page asks nothing: consent is
/// implied, so it always passes (spec §3 rule 3).
pub fn check(
    step: &Step,
    values: &FormValues,
    child: bool,
    today: Ymd,
) -> Result<Answers, Vec<FieldError>> {
    if step.slug == CONSENT_STEP && child {
        return Ok(Answers::from([(CONSENT.to_owned(), "yes".to_owned())]));
    }
    check_step(step, values, today)
}

impl Progress {
    pub fn is_done(&self, slug: &str) -> bool {
        self.completed.iter().any(|s| s == slug)
    }

    /// The pages the answers lead through, ending at the first step not yet
    /// done (or at check-your-answers when every step on the way is done).
    pub fn path(&self) -> Vec<&'static str> {
        walk(&self.answers, &|slug| self.is_done(slug))
    }

    /// Where the responder should be: the first step not yet done, or check-your-answers.
    pub fn resume_at(&self) -> &'static str {
        self.path().last().copied().unwrap_or(CONFIRM)
    }

    /// Whether the answers so far reach this step (or check-your-answers).
    pub fn reaches(&self, slug: &str) -> bool {
        self.path().contains(&slug)
    }

    /// The page before this one on the responder's route.
    pub fn before(&self, slug: &str) -> Option<&'static str> {
        let path = self.path();
        let at = path.iter().position(|s| *s == slug)?;
        at.checked_sub(1).map(|i| path[i])
    }

    pub fn is_child(&self) -> bool {
        is_child(&self.answers)
    }

    /// Duty to Notify: an adult who does not consent.
    pub fn is_duty_to_notify(&self) -> bool {
        !self.is_child() && self.answers.get(CONSENT).map(String::as_str) == Some("no")
    }

    /// Saves a step's checked answers and applies the branching rules.
    pub fn save(&mut self, slug: &str, step_answers: Answers) {
        let was_child = self.is_child();
        for (name, value) in step_answers {
            if value.is_empty() {
                self.answers.remove(&name);
            } else {
                self.answers.insert(name, value);
            }
        }
        if slug == AGE_STEP {
            let child = self.is_child();
            self.set(AUTOMATIC_REFERRAL, if child { "true" } else { "false" });
            if child {
                // A child is referred automatically: consent is implied and
                // support is not asked about (spec §3 rule 3).
                if self.answers.get(CONSENT).map(String::as_str) != Some("yes") {
                    self.set(CONSENT_IMPLIED, "true");
                }
                self.set(CONSENT, "yes");
                self.answers.remove(SUPPORT);
            } else if was_child && self.answers.remove(CONSENT_IMPLIED).is_some() {
                // Now an adult, who has never been asked: ask (spec §3 rule 4,
                // without the live service's defect 13).
                self.answers.remove(CONSENT);
                self.completed.retain(|s| s != CONSENT_STEP);
            }
        }
        if slug == CONSENT_STEP {
            if !self.is_child() {
                self.answers.remove(CONSENT_IMPLIED);
            }
            let referral = self.answers.get(CONSENT).map(String::as_str) == Some("yes");
            self.set(IS_REFERRAL, if referral { "true" } else { "false" });
        }
        if !self.is_done(slug) {
            self.completed.push(slug.to_owned());
        }
        if slug == AGE_STEP || slug == CONSENT_STEP {
            // Every step after consent must be passed through again; their
            // answers are kept to prefill the pages (spec §3 rule 7).
            let consent_at = position(CONSENT_STEP);
            self.completed.retain(|s| position(s) <= consent_at);
        }
    }

    /// Where to go after saving `slug`. When changing an answer from
    /// check-your-answers, go back there unless the new answer leads through
    /// steps not yet done, which come first.
    pub fn next(&self, slug: &str, changing: bool) -> &'static str {
        if changing {
            self.resume_at()
        } else {
            next_after(slug, &self.answers).unwrap_or(CONFIRM)
        }
    }

    fn set(&mut self, name: &str, value: &str) {
        self.answers.insert(name.to_owned(), value.to_owned());
    }
}

fn position(slug: &str) -> usize {
    ROUTE
        .iter()
        .position(|(s, _)| *s == slug)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::steps::find;
    use super::*;

    const TODAY: Ymd = (2026, 11, 29);

    fn submit(progress: &mut Progress, slug: &str, pairs: &[(&str, &str)]) -> &'static str {
        let step = find(slug).unwrap();
        let names = step.names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let values = FormValues::from_pairs(pairs.iter().copied(), &names);
        let answers = check(step, &values, progress.is_child(), TODAY)
            .unwrap_or_else(|e| panic!("{slug}: {e:?}"));
        progress.save(slug, answers);
        progress.next(slug, false)
    }

    fn through_consent(age: &str, consent: &str) -> Progress {
        let mut p = Progress::default();
        submit(&mut p, "reference", &[("reference", "Case A")]);
        submit(&mut p, "organisation", &[("user-organisation", "Police")]);
        submit(&mut p, "fr-location", &[("fr-location", "england")]);
        submit(&mut p, "pv-under-age", &[("pv-under-age", age)]);
        // Mark the middle steps done without caring for their content.
        while p.resume_at() != CONSENT_STEP {
            let slug = p.resume_at();
            p.completed.push(slug.to_owned());
        }
        submit(&mut p, CONSENT_STEP, &[(CONSENT, consent)]);
        p
    }

    #[test]
    fn a_new_draft_starts_at_the_report_name() {
        let p = Progress::default();
        assert_eq!(p.path(), ["reference"]);
        assert!(!p.reaches("organisation"));
    }

    #[test]
    fn case_23_a_childs_consent_page_needs_no_answer() {
        let p = through_consent("yes", "");
        assert_eq!(p.answers[CONSENT], "yes");
        assert_eq!(p.resume_at(), "pv-name-referral");
        assert!(!p.is_duty_to_notify());
    }

    #[test]
    fn rule_7_changing_the_age_makes_the_responder_pass_later_steps_again() {
        let mut p = through_consent("no", "yes");
        submit(&mut p, "does-pv-need-support", &[(SUPPORT, "no")]);
        submit(
            &mut p,
            "pv-name-referral",
            &[("pv-name-first-name", "A"), ("pv-name-last-name", "B")],
        );
        assert_eq!(p.resume_at(), "pv-dob");
        submit(&mut p, AGE_STEP, &[(AGE_STEP, "no")]);
        assert_eq!(p.resume_at(), "does-pv-need-support");
        assert_eq!(p.answers["pv-name-first-name"], "A", "answers are kept");
    }

    #[test]
    fn adult_to_child_implies_consent_and_drops_support() {
        let mut p = through_consent("no", "no");
        assert!(p.is_duty_to_notify());
        submit(&mut p, AGE_STEP, &[(AGE_STEP, "not-sure")]);
        assert_eq!(p.answers[CONSENT], "yes");
        assert!(!p.is_duty_to_notify());
        assert_eq!(p.answers[AUTOMATIC_REFERRAL], "true");
    }

    #[test]
    fn child_to_adult_asks_for_consent_when_it_was_only_implied() {
        let mut p = through_consent("yes", "");
        submit(&mut p, AGE_STEP, &[(AGE_STEP, "no")]);
        assert!(!p.answers.contains_key(CONSENT));
        assert!(!p.is_done(CONSENT_STEP));
        // The adult route now includes the age-at-exploitation step, then consent.
        assert_eq!(p.resume_at(), "pv-under-age-at-time-of-exploitation");
    }

    #[test]
    fn a_change_returns_to_check_answers_unless_new_steps_are_needed() {
        let mut p = through_consent("no", "no");
        for slug in ["refuse-nrm", "pv-gender-dtn", "pv-nationality-dtn"] {
            p.completed.push(slug.to_owned());
        }
        assert_eq!(p.resume_at(), CONFIRM);
        assert_eq!(p.next("refuse-nrm", true), CONFIRM);
        // Cooperation changed to yes: the name and contact pages come first.
        p.answers
            .insert("authorities-cooperation".into(), "yes".into());
        assert_eq!(p.next("authorities-cooperation", true), "pv-name-dtn");
    }

    #[test]
    fn the_back_link_is_the_page_before_on_this_route() {
        let p = through_consent("yes", "");
        assert_eq!(
            p.before("what-is-their-background"),
            Some("local-authority-contacted-about-child")
        );
        let p = through_consent("no", "yes");
        assert_eq!(
            p.before("what-is-their-background"),
            Some("pv-under-age-at-time-of-exploitation")
        );
        assert_eq!(p.before("reference"), None);
    }
}
