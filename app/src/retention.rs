//! The retention schedule: what the service keeps, for how long, and what
//! happens then. It is data: the server's scheduled clean-up walks
//! [`SCHEDULE`] and asks each record's owning module to apply its rule (the
//! count of what each rule removed goes into the audit log with the run), and
//! the README shows [`markdown_table`] (a test holds them together).

/// A kind of record the service holds about people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Record {
    SignInLink,
    Session,
    /// Counts of wrong passwords, codes and sign-in links asked for.
    GuessCount,
    /// An unsent referral or report, with its files.
    Draft,
    /// An email once it is sent.
    SentEmail,
    /// An email the service gave up sending.
    FailedEmail,
    /// A case that has reached a final decision (or a Duty to Notify report).
    ClosedCase,
    AuditLog,
}

/// How long a record is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Until it can no longer be used (it has expired or ended).
    WhileUsable,
    /// This many days after the time the rule counts from.
    Days(i64),
    /// As many days as a setting says (its name and default).
    SettingDays(&'static str, i64),
    /// This many years after the time the rule counts from.
    Years(i64),
    Forever,
}

/// One line of the schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub record: Record,
    pub what: &'static str,
    pub keep: Keep,
    /// From when the time is counted.
    pub from: &'static str,
    /// What happens then.
    pub then: &'static str,
}

/// Days in the years of [`Keep::Years`] (a year is counted as 365.25 days).
pub fn years_in_days(years: i64) -> i64 {
    years * 36525 / 100
}

pub const SCHEDULE: &[Rule] = &[
    Rule {
        record: Record::SignInLink,
        what: "sign-in links",
        keep: Keep::WhileUsable,
        from: "30 minutes after sending, or first use",
        then: "deleted",
    },
    Rule {
        record: Record::Session,
        what: "sessions",
        keep: Keep::WhileUsable,
        from: "sign-out, or the idle or absolute end",
        then: "deleted",
    },
    Rule {
        record: Record::GuessCount,
        what: "counts of wrong guesses and links asked for",
        keep: Keep::Days(1),
        from: "the count's window and any wait it imposed",
        then: "deleted",
    },
    Rule {
        record: Record::Draft,
        what: "unsent referrals and reports, with their files",
        keep: Keep::SettingDays("DRAFT_EXPIRY_DAYS", 28),
        from: "the last change (the owner is emailed 7 days before)",
        then: "deleted",
    },
    Rule {
        record: Record::SentEmail,
        what: "email once sent",
        keep: Keep::Days(30),
        from: "sending (recipient, subject and body are blanked at once)",
        then: "deleted",
    },
    Rule {
        record: Record::FailedEmail,
        what: "email the service gave up sending",
        keep: Keep::Days(90),
        from: "the last attempt (administrators can send it again until then)",
        then: "deleted",
    },
    Rule {
        record: Record::ClosedCase,
        what: "closed cases and Duty to Notify reports",
        keep: Keep::Years(7),
        from: "the final decision (a report: its receipt)",
        then: "personal details removed: answers, names (and what search keeps of them), date of birth, reasons, notes, letters, shares and evidence files; the reference, dates, states and the figures the statistics count are kept",
    },
    Rule {
        record: Record::AuditLog,
        what: "the audit log",
        keep: Keep::Forever,
        from: "",
        then: "kept (append-only; it holds who did what to which record, never a victim's details)",
    },
];

/// The rule for a record.
pub fn rule(record: Record) -> &'static Rule {
    SCHEDULE
        .iter()
        .find(|r| r.record == record)
        .expect("every record has a rule")
}

impl Keep {
    /// How it reads in the README.
    pub fn describe(self) -> String {
        match self {
            Keep::WhileUsable => "until it can no longer be used".to_owned(),
            Keep::Days(1) => "1 day".to_owned(),
            Keep::Days(n) => format!("{n} days"),
            Keep::SettingDays(name, default) => format!("`{name}` days ({default})"),
            Keep::Years(n) => format!("{n} years"),
            Keep::Forever => "for ever".to_owned(),
        }
    }
}

/// The schedule as the README shows it.
pub fn markdown_table() -> String {
    let mut out = String::from("| record | kept | counted from | then |\n|---|---|---|---|\n");
    for rule in SCHEDULE {
        let from = if rule.from.is_empty() {
            "—"
        } else {
            rule.from
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            rule.what,
            rule.keep.describe(),
            from,
            rule.then
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_has_exactly_one_rule() {
        for record in [
            Record::SignInLink,
            Record::Session,
            Record::GuessCount,
            Record::Draft,
            Record::SentEmail,
            Record::FailedEmail,
            Record::ClosedCase,
            Record::AuditLog,
        ] {
            assert_eq!(
                SCHEDULE.iter().filter(|r| r.record == record).count(),
                1,
                "{record:?}"
            );
            assert_eq!(rule(record).record, record);
        }
    }

    #[test]
    fn years_count_leap_days() {
        assert_eq!(years_in_days(1), 365);
        assert_eq!(years_in_days(4), 1461);
        assert_eq!(years_in_days(7), 2556);
    }

    #[test]
    fn the_readme_shows_this_schedule() {
        let readme = include_str!("../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's retention table differs from the schedule; it should read:\n{table}"
        );
    }
}
