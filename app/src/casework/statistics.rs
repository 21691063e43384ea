//! The groupings of the Home Office's quarterly NRM statistics, applied to our
//! data: quarters, exploitation types, kinds of referring organisation.

use crate::dates::ymd_from_days;
use crate::journey::fields::TICKED;
use crate::journey::route::Answers;

/// "2026 Q3" for a day counted from 1970-01-01.
pub fn quarter_of_day(day: i64) -> String {
    let (year, month, _) = ymd_from_days(day);
    format!("{year} Q{}", (month - 1) / 3 + 1)
}

/// The statistics' exploitation types, and the journey's choices in each.
pub const EXPLOITATION_TYPES: &[(&str, &[&str])] = &[
    ("Labour", &["forced-to-work", "wages-taken"]),
    (
        "Sexual",
        &["prostitution", "child-exploitation", "taken-somewhere"],
    ),
    (
        "Criminal",
        &["forced-to-commit-crime", "forced-to-commit-fraud"],
    ),
    ("Domestic servitude", &["unpaid-household-work"]),
    ("Organ harvesting", &["organs-removed"]),
    ("Other", &["other"]),
];

/// The types a referral's answers name, each once, in the table's order,
/// joined by commas (as stored).
pub fn exploitation_types(answers: &Answers) -> String {
    EXPLOITATION_TYPES
        .iter()
        .filter(|(_, choices)| {
            choices.iter().any(|c| {
                answers
                    .get(&format!("types-of-exploitation-{c}"))
                    .map(String::as_str)
                    == Some(TICKED)
            })
        })
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(",")
}

/// The kinds of referring organisation the statistics count.
pub const ORGANISATION_TYPES: &[&str] = &[
    "Police",
    "Home Office",
    "Local authority or other public body",
    "Charity",
];

/// The kind of organisation an email domain belongs to.
pub fn organisation_type(domain: &str) -> &'static str {
    let domain = domain.to_ascii_lowercase();
    let under = |suffix: &str| domain == suffix || domain.ends_with(&format!(".{suffix}"));
    if under("police.uk") {
        "Police"
    } else if under("homeoffice.gov.uk") {
        "Home Office"
    } else if ["gov.uk", "gov.scot", "gov.wales", "nhs.uk", "nhs.net"]
        .iter()
        .any(|s| under(s))
    {
        "Local authority or other public body"
    } else {
        "Charity"
    }
}

/// A column's values as a share of their total, in whole per cent.
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        "-".to_owned()
    } else {
        format!("{}%", (part * 100 + whole / 2) / whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::days_from_ymd;

    #[test]
    fn quarters() {
        assert_eq!(quarter_of_day(days_from_ymd((2026, 1, 1))), "2026 Q1");
        assert_eq!(quarter_of_day(days_from_ymd((2026, 3, 31))), "2026 Q1");
        assert_eq!(quarter_of_day(days_from_ymd((2026, 4, 1))), "2026 Q2");
        assert_eq!(quarter_of_day(days_from_ymd((2026, 12, 31))), "2026 Q4");
    }

    #[test]
    fn exploitation_types_group_the_journeys_choices() {
        let answers: Answers = [
            ("types-of-exploitation-wages-taken", "true"),
            ("types-of-exploitation-forced-to-work", "true"),
            ("types-of-exploitation-prostitution", "true"),
            ("types-of-exploitation-organs-removed", "false"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(exploitation_types(&answers), "Labour,Sexual");
        assert_eq!(exploitation_types(&Answers::new()), "");
    }

    #[test]
    fn organisations_by_domain() {
        assert_eq!(organisation_type("met.police.uk"), "Police");
        assert_eq!(organisation_type("xpolice.uk"), "Charity");
        assert_eq!(organisation_type("homeoffice.gov.uk"), "Home Office");
        assert_eq!(
            organisation_type("leeds.gov.uk"),
            "Local authority or other public body"
        );
        assert_eq!(organisation_type("salvationarmy.org.uk"), "Charity");
    }

    #[test]
    fn percentages_round() {
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "-");
    }
}
