//! The journey's order and branches (spec §2 and §3), as data: each step
//! names the step after it, or a condition on the answers that chooses it.

use std::collections::BTreeMap;

/// The answers given so far, by field name.
pub type Answers = BTreeMap<String, String>;

/// Where a step leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Go(&'static str),
    If {
        when: Condition,
        then: &'static str,
        otherwise: &'static str,
    },
    /// The first case whose condition holds, else `otherwise`.
    First {
        cases: &'static [(Condition, &'static str)],
        otherwise: &'static str,
    },
}

/// A test on the answers that chooses between two steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    /// The field holds this value.
    Is(&'static str, &'static str),
    /// The potential victim is a child: under 18, or not sure (spec §3 rule 1).
    Child,
    /// At least one file has been uploaded.
    HasFiles,
}

/// The check-your-answers page, where every route ends.
pub const CONFIRM: &str = "confirm";

/// The field holding how many files were uploaded (set by the upload step).
pub const FILE_COUNT: &str = "upload-file-count";

impl Condition {
    pub fn holds(self, answers: &Answers) -> bool {
        let value = |field: &str| answers.get(field).map(String::as_str);
        match self {
            Condition::Is(field, expected) => value(field) == Some(expected),
            Condition::Child => matches!(value("pv-under-age"), Some("yes" | "not-sure")),
            Condition::HasFiles => value(FILE_COUNT)
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n > 0),
        }
    }
}

impl Next {
    pub fn resolve(self, answers: &Answers) -> &'static str {
        match self {
            Next::Go(slug) => slug,
            Next::If {
                when,
                then,
                otherwise,
            } => {
                if when.holds(answers) {
                    then
                } else {
                    otherwise
                }
            }
            Next::First { cases, otherwise } => cases
                .iter()
                .find(|(condition, _)| condition.holds(answers))
                .map_or(otherwise, |(_, slug)| slug),
        }
    }
}

const fn go(slug: &'static str) -> Next {
    Next::Go(slug)
}

const fn when(when: Condition, then: &'static str, otherwise: &'static str) -> Next {
    Next::If {
        when,
        then,
        otherwise,
    }
}

use Condition::{Child, HasFiles, Is};

/// Every step, in page order, with where it leads.
pub const ROUTE: &[(&str, Next)] = &[
    // 2.1 Report and age
    ("reference", go("organisation")),
    ("organisation", go("fr-location")),
    ("fr-location", go("pv-under-age")),
    (
        "pv-under-age",
        when(
            Child,
            "local-authority-contacted-about-child",
            "pv-under-age-at-time-of-exploitation",
        ),
    ),
    (
        "local-authority-contacted-about-child",
        go("what-is-their-background"),
    ),
    (
        "pv-under-age-at-time-of-exploitation",
        go("what-is-their-background"),
    ),
    // 2.2 Background and exploitation
    (
        "what-is-their-background",
        go("potential-victim-exploitative-situation-multiple"),
    ),
    (
        "potential-victim-exploitative-situation-multiple",
        when(
            Is("potential-victim-exploitative-situation-multiple", "yes"),
            "when-did-the-exploitation-take-place-multiple",
            "when-did-the-exploitation-take-place",
        ),
    ),
    (
        "when-did-the-exploitation-take-place",
        go("how-did-the-exploitation-start"),
    ),
    (
        "when-did-the-exploitation-take-place-multiple",
        go("how-did-the-exploitation-start"),
    ),
    (
        "how-did-the-exploitation-start",
        go("were-they-taken-somewhere-by-their-exploiter"),
    ),
    (
        "were-they-taken-somewhere-by-their-exploiter",
        go("how-they-were-treated"),
    ),
    (
        "how-they-were-treated",
        go("is-the-potential-victim-still-in-an-exploitative-situation"),
    ),
    (
        "is-the-potential-victim-still-in-an-exploitative-situation",
        when(
            Is("still-in-exploitative-situation", "yes"),
            "reasons-preventing-potential-victim-from-leaving",
            "how-why-did-they-leave-the-situation",
        ),
    ),
    (
        "reasons-preventing-potential-victim-from-leaving",
        go("when-last-contact"),
    ),
    (
        "how-why-did-they-leave-the-situation",
        go("when-last-contact"),
    ),
    ("when-last-contact", go("details-last-contact")),
    (
        "details-last-contact",
        go("is-this-the-first-chance-to-report"),
    ),
    (
        "is-this-the-first-chance-to-report",
        when(
            Is("is-this-the-first-chance-to-report", "no"),
            "why-report-now",
            "modern-slavery-indicators",
        ),
    ),
    ("why-report-now", go("modern-slavery-indicators")),
    (
        "modern-slavery-indicators",
        go("where-how-interview-carried-out"),
    ),
    (
        "where-how-interview-carried-out",
        go("professional-insight"),
    ),
    ("professional-insight", go("evidence-of-dishonesty")),
    ("evidence-of-dishonesty", go("are-others-involved")),
    ("are-others-involved", go("where-exploitation-happened")),
    // 2.3 Places, exploiters, types
    (
        "where-exploitation-happened",
        when(
            Is("where-exploitation-happened", "overseas"),
            "where-exploitation-happened-overseas",
            "where-exploitation-happened-uk",
        ),
    ),
    (
        "where-exploitation-happened-uk",
        when(
            Is("where-exploitation-happened", "uk-and-overseas"),
            "where-exploitation-happened-overseas",
            "current-pv-location",
        ),
    ),
    (
        "where-exploitation-happened-overseas",
        go("current-pv-location"),
    ),
    ("current-pv-location", go("who-exploited-pv")),
    ("who-exploited-pv", go("exploiters-location")),
    (
        "exploiters-location",
        when(
            Is("exploiters-location", "yes"),
            "are-exploiters-in-the-uk",
            "types-of-exploitation",
        ),
    ),
    (
        "are-exploiters-in-the-uk",
        go("exploiters-current-location-details"),
    ),
    (
        "exploiters-current-location-details",
        go("types-of-exploitation"),
    ),
    ("types-of-exploitation", go("any-other-pvs")),
    ("any-other-pvs", go("future-exploitation")),
    (
        "future-exploitation",
        when(
            Is("future-exploitation-concerns", "yes"),
            "concerns-future-exploitation",
            "reported-to-police",
        ),
    ),
    ("concerns-future-exploitation", go("reported-to-police")),
    ("reported-to-police", go("authorities-cooperation")),
    ("authorities-cooperation", go("pv-want-to-submit-nrm")),
    // 2.4 Consent and the potential victim's details
    (
        "pv-want-to-submit-nrm",
        Next::First {
            // A child is referred automatically, without consent (spec §3 rule 3).
            cases: &[
                (Child, "pv-name-referral"),
                (Is("pv-want-to-submit-nrm", "yes"), "does-pv-need-support"),
            ],
            otherwise: "refuse-nrm",
        },
    ),
    ("refuse-nrm", go("pv-gender-dtn")),
    ("pv-gender-dtn", go("pv-nationality-dtn")),
    (
        "pv-nationality-dtn",
        when(Is("authorities-cooperation", "yes"), "pv-name-dtn", CONFIRM),
    ),
    ("pv-name-dtn", go("pv-contact-details-dtn")),
    ("pv-contact-details-dtn", go(CONFIRM)),
    (
        "does-pv-need-support",
        when(
            Is("does-pv-need-support", "yes"),
            "pv-phone-number",
            "pv-name-referral",
        ),
    ),
    ("pv-phone-number", go("pv-name-referral")),
    ("pv-name-referral", go("pv-dob")),
    ("pv-dob", go("pv-gender-referral")),
    ("pv-gender-referral", go("does-pv-have-children")),
    ("does-pv-have-children", go("pv-nationality-referral")),
    ("pv-nationality-referral", go("pv-interpreter-requirements")),
    (
        "pv-interpreter-requirements",
        go("pv-other-help-with-communication"),
    ),
    ("pv-other-help-with-communication", go("pv-ho-reference")),
    ("pv-ho-reference", when(Child, "fr-details", "who-contact")),
    (
        "who-contact",
        when(
            Is("who-contact", "someone-else"),
            "someone-else",
            "pv-contact-details-referral",
        ),
    ),
    ("pv-contact-details-referral", go("fr-details")),
    ("someone-else", go("fr-details")),
    // 2.5 First responder and evidence
    ("fr-details", go("fr-alternative-contact")),
    ("fr-alternative-contact", go("upload-evidence")),
    (
        "upload-evidence",
        when(HasFiles, "what-evidence-you-will-submit", CONFIRM),
    ),
    ("what-evidence-you-will-submit", go(CONFIRM)),
];

/// Whether `slug` is a step of the journey.
pub fn is_step(slug: &str) -> bool {
    ROUTE.iter().any(|(s, _)| *s == slug)
}

/// The step after `slug` for these answers.
pub fn next_after(slug: &str, answers: &Answers) -> Option<&'static str> {
    ROUTE
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, next)| next.resolve(answers))
}

/// The pages these answers lead through, from the first to check-your-answers,
/// ending early at the first step in `completed` that has not been done.
pub fn walk(answers: &Answers, completed: &dyn Fn(&str) -> bool) -> Vec<&'static str> {
    let mut path = Vec::new();
    let mut step = ROUTE[0].0;
    loop {
        path.push(step);
        if step == CONFIRM || !completed(step) || path.len() > ROUTE.len() {
            return path;
        }
        match next_after(step, answers) {
            Some(next) => step = next,
            None => return path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The whole path for these answers, every step treated as done.
    fn path(pairs: &[(&str, &str)]) -> Vec<&'static str> {
        walk(&answers(pairs), &|_| true)
    }

    fn follows(path: &[&str], a: &str, b: &str) -> bool {
        path.windows(2).any(|w| w[0] == a && w[1] == b)
    }

    const ADULT_NRM: &[(&str, &str)] = &[
        ("pv-under-age", "no"),
        ("potential-victim-exploitative-situation-multiple", "no"),
        ("still-in-exploitative-situation", "yes"),
        ("is-this-the-first-chance-to-report", "yes"),
        ("where-exploitation-happened", "uk"),
        ("exploiters-location", "no"),
        ("future-exploitation-concerns", "no"),
        ("authorities-cooperation", "no"),
        ("pv-want-to-submit-nrm", "yes"),
        ("does-pv-need-support", "yes"),
        ("who-contact", "potential-victim"),
    ];

    fn with(
        base: &[(&'static str, &'static str)],
        changes: &[(&'static str, &'static str)],
    ) -> Vec<(&'static str, &'static str)> {
        let mut all: Vec<_> = base
            .iter()
            .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
            .copied()
            .collect();
        all.extend_from_slice(changes);
        all
    }

    #[test]
    fn every_step_named_as_a_next_step_exists() {
        for (slug, next) in ROUTE {
            let targets: Vec<&str> = match next {
                Next::Go(s) => vec![s],
                Next::If {
                    then, otherwise, ..
                } => vec![then, otherwise],
                Next::First { cases, otherwise } => {
                    cases.iter().map(|(_, s)| *s).chain([*otherwise]).collect()
                }
            };
            for target in targets {
                assert!(target == CONFIRM || is_step(target), "{slug} -> {target}");
            }
        }
    }

    #[test]
    fn case_4_the_report_starts_with_reference_organisation_nation_age() {
        let p = path(ADULT_NRM);
        assert_eq!(
            &p[..4],
            ["reference", "organisation", "fr-location", "pv-under-age"]
        );
    }

    #[test]
    fn case_5_adult_age_then_background_then_single_or_multiple_dates() {
        let p = path(ADULT_NRM);
        assert!(follows(
            &p,
            "pv-under-age",
            "pv-under-age-at-time-of-exploitation"
        ));
        assert!(follows(
            &p,
            "pv-under-age-at-time-of-exploitation",
            "what-is-their-background"
        ));
        assert!(follows(
            &p,
            "potential-victim-exploitative-situation-multiple",
            "when-did-the-exploitation-take-place"
        ));
        assert!(follows(
            &p,
            "when-did-the-exploitation-take-place",
            "how-did-the-exploitation-start"
        ));
        let multiple = path(&with(
            ADULT_NRM,
            &[("potential-victim-exploitative-situation-multiple", "yes")],
        ));
        assert!(follows(
            &multiple,
            "potential-victim-exploitative-situation-multiple",
            "when-did-the-exploitation-take-place-multiple"
        ));
        assert!(follows(
            &multiple,
            "when-did-the-exploitation-take-place-multiple",
            "how-did-the-exploitation-start"
        ));
        assert!(!multiple.contains(&"when-did-the-exploitation-take-place"));
        let unsure = path(&with(
            ADULT_NRM,
            &[(
                "potential-victim-exploitative-situation-multiple",
                "i-dont-know",
            )],
        ));
        assert!(unsure.contains(&"when-did-the-exploitation-take-place"));
    }

    #[test]
    fn case_6_still_exploited_or_how_they_left() {
        let yes = path(ADULT_NRM);
        assert!(follows(
            &yes,
            "how-they-were-treated",
            "is-the-potential-victim-still-in-an-exploitative-situation"
        ));
        assert!(follows(
            &yes,
            "is-the-potential-victim-still-in-an-exploitative-situation",
            "reasons-preventing-potential-victim-from-leaving"
        ));
        assert!(follows(
            &yes,
            "reasons-preventing-potential-victim-from-leaving",
            "when-last-contact"
        ));
        let no = path(&with(
            ADULT_NRM,
            &[("still-in-exploitative-situation", "no")],
        ));
        assert!(follows(
            &no,
            "is-the-potential-victim-still-in-an-exploitative-situation",
            "how-why-did-they-leave-the-situation"
        ));
        assert!(follows(
            &no,
            "how-why-did-they-leave-the-situation",
            "when-last-contact"
        ));
    }

    #[test]
    fn case_7_first_chance_to_report() {
        let yes = path(ADULT_NRM);
        assert!(follows(&yes, "when-last-contact", "details-last-contact"));
        assert!(follows(
            &yes,
            "is-this-the-first-chance-to-report",
            "modern-slavery-indicators"
        ));
        let no = path(&with(
            ADULT_NRM,
            &[("is-this-the-first-chance-to-report", "no")],
        ));
        assert!(follows(
            &no,
            "is-this-the-first-chance-to-report",
            "why-report-now"
        ));
        assert!(follows(&no, "why-report-now", "modern-slavery-indicators"));
        let unsure = path(&with(
            ADULT_NRM,
            &[("is-this-the-first-chance-to-report", "not-sure")],
        ));
        assert!(follows(
            &unsure,
            "is-this-the-first-chance-to-report",
            "modern-slavery-indicators"
        ));
    }

    #[test]
    fn case_8_indicators_to_where() {
        let p = path(ADULT_NRM);
        for pair in [
            (
                "modern-slavery-indicators",
                "where-how-interview-carried-out",
            ),
            ("where-how-interview-carried-out", "professional-insight"),
            ("professional-insight", "evidence-of-dishonesty"),
            ("evidence-of-dishonesty", "are-others-involved"),
            ("are-others-involved", "where-exploitation-happened"),
        ] {
            assert!(follows(&p, pair.0, pair.1), "{pair:?}");
        }
    }

    #[test]
    fn cases_9_and_10_where_the_exploitation_happened() {
        let uk = path(ADULT_NRM);
        assert!(follows(
            &uk,
            "where-exploitation-happened",
            "where-exploitation-happened-uk"
        ));
        assert!(follows(
            &uk,
            "where-exploitation-happened-uk",
            "current-pv-location"
        ));
        assert!(follows(&uk, "current-pv-location", "who-exploited-pv"));
        let overseas = path(&with(
            ADULT_NRM,
            &[("where-exploitation-happened", "overseas")],
        ));
        assert!(follows(
            &overseas,
            "where-exploitation-happened",
            "where-exploitation-happened-overseas"
        ));
        assert!(!overseas.contains(&"where-exploitation-happened-uk"));
        let both = path(&with(
            ADULT_NRM,
            &[("where-exploitation-happened", "uk-and-overseas")],
        ));
        assert!(follows(
            &both,
            "where-exploitation-happened",
            "where-exploitation-happened-uk"
        ));
        assert!(follows(
            &both,
            "where-exploitation-happened-uk",
            "where-exploitation-happened-overseas"
        ));
        assert!(follows(
            &both,
            "where-exploitation-happened-overseas",
            "current-pv-location"
        ));
    }

    #[test]
    fn case_11_exploiters_location() {
        let yes = path(&with(ADULT_NRM, &[("exploiters-location", "yes")]));
        assert!(follows(
            &yes,
            "exploiters-location",
            "are-exploiters-in-the-uk"
        ));
        assert!(follows(
            &yes,
            "are-exploiters-in-the-uk",
            "exploiters-current-location-details"
        ));
        assert!(follows(
            &yes,
            "exploiters-current-location-details",
            "types-of-exploitation"
        ));
        let no = path(ADULT_NRM);
        assert!(follows(&no, "exploiters-location", "types-of-exploitation"));
    }

    #[test]
    fn cases_12_and_13_types_to_consent() {
        let no = path(ADULT_NRM);
        assert!(follows(&no, "types-of-exploitation", "any-other-pvs"));
        assert!(follows(&no, "any-other-pvs", "future-exploitation"));
        assert!(follows(&no, "future-exploitation", "reported-to-police"));
        let yes = path(&with(ADULT_NRM, &[("future-exploitation-concerns", "yes")]));
        assert!(follows(
            &yes,
            "future-exploitation",
            "concerns-future-exploitation"
        ));
        assert!(follows(
            &yes,
            "concerns-future-exploitation",
            "reported-to-police"
        ));
        assert!(follows(
            &no,
            "reported-to-police",
            "authorities-cooperation"
        ));
        assert!(follows(
            &no,
            "authorities-cooperation",
            "pv-want-to-submit-nrm"
        ));
    }

    #[test]
    fn cases_14_to_18_adult_nrm_to_check_answers() {
        let p = path(ADULT_NRM);
        assert!(follows(&p, "pv-want-to-submit-nrm", "does-pv-need-support"));
        assert!(follows(&p, "does-pv-need-support", "pv-phone-number"));
        assert!(follows(&p, "pv-phone-number", "pv-name-referral"));
        let chain = [
            "pv-name-referral",
            "pv-dob",
            "pv-gender-referral",
            "does-pv-have-children",
            "pv-nationality-referral",
            "pv-interpreter-requirements",
            "pv-other-help-with-communication",
            "pv-ho-reference",
            "who-contact",
            "pv-contact-details-referral",
            "fr-details",
            "fr-alternative-contact",
            "upload-evidence",
            CONFIRM,
        ];
        let at = p.iter().position(|s| *s == "pv-name-referral").unwrap();
        assert_eq!(&p[at..], chain);
        let no_support = path(&with(ADULT_NRM, &[("does-pv-need-support", "no")]));
        assert!(follows(
            &no_support,
            "does-pv-need-support",
            "pv-name-referral"
        ));
        assert!(!no_support.contains(&"pv-phone-number"));
        let someone = path(&with(ADULT_NRM, &[("who-contact", "someone-else")]));
        assert!(follows(&someone, "who-contact", "someone-else"));
        assert!(follows(&someone, "someone-else", "fr-details"));
        assert!(!someone.contains(&"pv-contact-details-referral"));
    }

    #[test]
    fn case_19_files_lead_to_describing_them() {
        let p = path(&with(ADULT_NRM, &[(FILE_COUNT, "1")]));
        assert!(follows(
            &p,
            "upload-evidence",
            "what-evidence-you-will-submit"
        ));
        assert!(follows(&p, "what-evidence-you-will-submit", CONFIRM));
        let none = path(&with(ADULT_NRM, &[(FILE_COUNT, "0")]));
        assert!(follows(&none, "upload-evidence", CONFIRM));
    }

    #[test]
    fn cases_20_and_21_duty_to_notify() {
        let dtn = path(&with(ADULT_NRM, &[("pv-want-to-submit-nrm", "no")]));
        let at = dtn
            .iter()
            .position(|s| *s == "pv-want-to-submit-nrm")
            .unwrap();
        assert_eq!(
            &dtn[at..],
            [
                "pv-want-to-submit-nrm",
                "refuse-nrm",
                "pv-gender-dtn",
                "pv-nationality-dtn",
                CONFIRM
            ]
        );
        let cooperating = path(&with(
            ADULT_NRM,
            &[
                ("pv-want-to-submit-nrm", "no"),
                ("authorities-cooperation", "yes"),
            ],
        ));
        let at = cooperating
            .iter()
            .position(|s| *s == "pv-nationality-dtn")
            .unwrap();
        assert_eq!(
            &cooperating[at..],
            [
                "pv-nationality-dtn",
                "pv-name-dtn",
                "pv-contact-details-dtn",
                CONFIRM
            ]
        );
        // No first responder details or evidence in a DtN (spec §3 rule 6).
        assert!(!cooperating.contains(&"fr-details"));
        assert!(!cooperating.contains(&"upload-evidence"));
    }

    #[test]
    fn cases_22_to_24_a_child_is_referred_automatically() {
        for age in ["yes", "not-sure"] {
            // Whatever the consent field holds, a child goes straight to their name.
            let p = path(&with(
                ADULT_NRM,
                &[("pv-under-age", age), ("pv-want-to-submit-nrm", "no")],
            ));
            assert!(
                follows(&p, "pv-under-age", "local-authority-contacted-about-child"),
                "{age}"
            );
            assert!(follows(
                &p,
                "local-authority-contacted-about-child",
                "what-is-their-background"
            ));
            assert!(!p.contains(&"pv-under-age-at-time-of-exploitation"));
            assert!(follows(&p, "pv-want-to-submit-nrm", "pv-name-referral"));
            assert!(!p.contains(&"does-pv-need-support"));
            assert!(!p.contains(&"pv-phone-number"));
            assert!(!p.contains(&"refuse-nrm"));
            assert!(follows(&p, "pv-ho-reference", "fr-details"));
            assert!(!p.contains(&"who-contact"));
            assert_eq!(p.last(), Some(&CONFIRM));
        }
    }

    #[test]
    fn the_walk_stops_at_the_first_step_not_yet_done() {
        let done = ["reference", "organisation"];
        let p = walk(&answers(ADULT_NRM), &|s| done.contains(&s));
        assert_eq!(p, ["reference", "organisation", "fr-location"]);
    }
}
