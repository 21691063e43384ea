//! Answers that walk the journey's routes to the end, step by step: the
//! journey tests post them, and so does the crash test's load
//! (`server/examples/crash_load.rs`, which includes this file).

pub type Answers = &'static [(&'static str, &'static str)];

/// The adult route up to the consent question (acceptance cases 4 to 13).
pub const ADULT_START: &[(&str, Answers)] = &[
    ("reference", &[("reference", "123")]),
    (
        "organisation",
        &[("user-organisation", "Aberdeen City Council")],
    ),
    ("fr-location", &[("fr-location", "england")]),
    ("pv-under-age", &[("pv-under-age", "no")]),
    (
        "pv-under-age-at-time-of-exploitation",
        &[("pv-under-age-at-time-of-exploitation", "no")],
    ),
    (
        "what-is-their-background",
        &[
            ("birthplace", "Tirana"),
            ("family", "Two sisters"),
            ("education", "School to 16"),
            ("employment-history", "Farm work"),
        ],
    ),
    (
        "potential-victim-exploitative-situation-multiple",
        &[("potential-victim-exploitative-situation-multiple", "no")],
    ),
    (
        "when-did-the-exploitation-take-place",
        &[(
            "when-did-the-exploitation-take-place",
            "Spring 2024 to May 2025",
        )],
    ),
    (
        "how-did-the-exploitation-start",
        &[("how-did-the-exploitation-start", "Promised a job")],
    ),
    (
        "were-they-taken-somewhere-by-their-exploiter",
        &[
            ("were-they-taken-somewhere-by-their-exploiter", "yes"),
            (
                "were-they-taken-somewhere-by-their-exploiter-journey-details",
                "By van to Hull",
            ),
        ],
    ),
    (
        "how-they-were-treated",
        &[
            ("what-were-they-required-to-do", "Pick crops"),
            ("living-conditions", "A caravan"),
            ("how-they-were-treated", "Threatened"),
        ],
    ),
    (
        "is-the-potential-victim-still-in-an-exploitative-situation",
        &[("still-in-exploitative-situation", "no")],
    ),
    (
        "how-why-did-they-leave-the-situation",
        &[("how-why-did-they-leave-the-situation", "Ran away")],
    ),
    (
        "when-last-contact",
        &[("when-last-contact", "within-the-last-week")],
    ),
    ("details-last-contact", &[]),
    (
        "is-this-the-first-chance-to-report",
        &[("is-this-the-first-chance-to-report", "no")],
    ),
    (
        "why-report-now",
        &[("why-report-now", "Afraid of the police")],
    ),
    (
        "modern-slavery-indicators",
        &[
            ("modern-slavery-indicators", "yes"),
            ("modern-slavery-indicators-details", "Passport taken"),
        ],
    ),
    (
        "where-how-interview-carried-out",
        &[("where-how-interview-carried-out", "At the station")],
    ),
    (
        "professional-insight",
        &[("professional-insight", "Credible")],
    ),
    (
        "evidence-of-dishonesty",
        &[("evidence-of-dishonesty", "no")],
    ),
    ("are-others-involved", &[("are-others-involved", "no")]),
    (
        "where-exploitation-happened",
        &[("where-exploitation-happened", "uk-and-overseas")],
    ),
    (
        "where-exploitation-happened-uk",
        &[("where-exploitation-happened-uk-city-1", "Aberdeen")],
    ),
    (
        "where-exploitation-happened-overseas",
        &[("where-exploitation-happened-overseas-country-1", "Albania")],
    ),
    (
        "current-pv-location",
        &[
            ("current-pv-location-uk-city", "London"),
            ("current-pv-location-uk-region", "Greater London"),
        ],
    ),
    ("who-exploited-pv", &[("who-exploited-pv", "A gang")]),
    ("exploiters-location", &[("exploiters-location", "yes")]),
    (
        "are-exploiters-in-the-uk",
        &[("are-exploiters-in-the-uk", "yes")],
    ),
    (
        "exploiters-current-location-details",
        &[("exploiters-current-location-details", "Hull")],
    ),
    (
        "types-of-exploitation",
        &[("types-of-exploitation-forced-to-work", "true")],
    ),
    ("any-other-pvs", &[("any-other-pvs", "no")]),
    (
        "future-exploitation",
        &[("future-exploitation-concerns", "yes")],
    ),
    (
        "concerns-future-exploitation",
        &[("future-exploitation-reasons", "Debt")],
    ),
    (
        "reported-to-police",
        &[
            ("reported-to-police", "yes"),
            ("reported-to-police-police-forces", "Humberside Police"),
            ("reported-to-police-crime-reference", "CR/123"),
        ],
    ),
];

/// Adult NRM, with support and a someone-else decision recipient (cases 14 to 18).
pub const ADULT_NRM_END: &[(&str, Answers)] = &[
    (
        "authorities-cooperation",
        &[("authorities-cooperation", "no")],
    ),
    ("pv-want-to-submit-nrm", &[("pv-want-to-submit-nrm", "yes")]),
    ("does-pv-need-support", &[("does-pv-need-support", "yes")]),
    (
        "pv-phone-number",
        &[
            ("pv-phone-number", "pv-alternative-number"),
            ("pv-phone-number-alternative", "01234567891"),
            ("alternative-number-relation-to-pv", "Friend"),
        ],
    ),
    (
        "pv-name-referral",
        &[
            ("pv-name-first-name", "Ana"),
            ("pv-name-last-name", "<script>alert(1)</script>"),
        ],
    ),
    (
        "pv-dob",
        &[
            ("pv-dob-day", "1"),
            ("pv-dob-month", "2"),
            ("pv-dob-year", "2000"),
        ],
    ),
    ("pv-gender-referral", &[("pv-gender", "female")]),
    (
        "does-pv-have-children",
        &[
            ("does-pv-have-children", "yes"),
            ("does-pv-have-children-yes-amount", "2"),
        ],
    ),
    (
        "pv-nationality-referral",
        &[
            ("pv-nationality", "British"),
            ("pv-nationality-second", "Jamaican"),
        ],
    ),
    (
        "pv-interpreter-requirements",
        &[("pv-interpreter-requirements", "no")],
    ),
    (
        "pv-other-help-with-communication",
        &[("pv-other-help-with-communication", "no")],
    ),
    ("pv-ho-reference", &[("pv-ho-reference", "no")]),
    ("who-contact", &[("who-contact", "someone-else")]),
    (
        "someone-else",
        &[
            ("someone-else-email", "true"),
            ("someone-else-email-input", "support@charity.org.uk"),
            ("someone-else-permission-check", "true"),
        ],
    ),
    (
        "fr-details",
        &[
            ("fr-details-first-name", "Jo"),
            ("fr-details-last-name", "Bloggs"),
            ("fr-details-role", "DC"),
            ("fr-details-phone", "020 7946 0000"),
        ],
    ),
    (
        "fr-alternative-contact",
        &[("fr-alternative-contact", "team@met.police.uk")],
    ),
    ("upload-evidence", &[]),
];

/// Adult Duty to Notify, anonymous (case 20).
pub const DTN_END: &[(&str, Answers)] = &[
    (
        "authorities-cooperation",
        &[("authorities-cooperation", "no")],
    ),
    ("pv-want-to-submit-nrm", &[("pv-want-to-submit-nrm", "no")]),
    ("refuse-nrm", &[]),
    ("pv-gender-dtn", &[("pv-gender", "male")]),
    ("pv-nationality-dtn", &[("pv-nationality", "French")]),
];
