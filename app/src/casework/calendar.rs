//! Working days: weekends and the bank holidays of the case's nation
//! (2019–2030, kept as data in `reference-data/bank-holidays.txt`).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::dates::Ymd;
use crate::dates::{add_days, weekday};

/// The three bank-holiday calendars of the UK (a case's [`Nation`](super::referral::Nation) names its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Calendar {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Calendar {
    fn code(self) -> &'static str {
        match self {
            Calendar::EnglandAndWales => "england-and-wales",
            Calendar::Scotland => "scotland",
            Calendar::NorthernIreland => "northern-ireland",
        }
    }

    fn holidays(self) -> &'static BTreeSet<Ymd> {
        static ALL: OnceLock<[BTreeSet<Ymd>; 3]> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            let text = include_str!("../../../reference-data/bank-holidays.txt");
            let mut sets: [BTreeSet<Ymd>; 3] = Default::default();
            for line in text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let mut parts = line.split('\t');
                let (Some(nation), Some(date)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let Some(date) = crate::dates::parse_iso(date) else {
                    continue;
                };
                for (i, n) in [
                    Calendar::EnglandAndWales,
                    Calendar::Scotland,
                    Calendar::NorthernIreland,
                ]
                .iter()
                .enumerate()
                {
                    if n.code() == nation {
                        sets[i].insert(date);
                    }
                }
            }
            sets
        });
        &all[self as usize]
    }

    pub fn is_bank_holiday(self, date: Ymd) -> bool {
        self.holidays().contains(&date)
    }
}

pub fn is_working_day(date: Ymd, calendar: Calendar) -> bool {
    weekday(date) < 5 && !calendar.is_bank_holiday(date)
}

/// The date `n` working days after `date` (the day itself does not count).
pub fn add_working_days(date: Ymd, n: u32, calendar: Calendar) -> Ymd {
    let mut day = date;
    let mut left = n;
    while left > 0 {
        day = add_days(day, 1);
        if is_working_day(day, calendar) {
            left -= 1;
        }
    }
    day
}

/// Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not after `from`.
pub fn working_days_between(from: Ymd, to: Ymd, calendar: Calendar) -> u32 {
    let mut count = 0;
    let mut day = from;
    while day < to {
        day = add_days(day, 1);
        if is_working_day(day, calendar) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use Calendar::*;

    #[test]
    fn five_working_days_across_christmas() {
        // Received Wednesday 23 December 2020: Christmas on Friday, Boxing Day on
        // Saturday (moved to Monday 28), New Year's Day on Friday.
        assert_eq!(
            add_working_days((2020, 12, 23), 5, EnglandAndWales),
            (2021, 1, 4)
        );
        // 2022: Christmas on a Sunday (moved to Tuesday 27), New Year's Day on a
        // Sunday (moved to Monday 2 January).
        assert_eq!(
            add_working_days((2022, 12, 23), 5, EnglandAndWales),
            (2023, 1, 4)
        );
    }

    #[test]
    fn easter_monday_is_not_a_holiday_in_scotland() {
        // Received Thursday 28 March 2024; Good Friday 29 March, Easter Monday 1 April.
        assert_eq!(
            add_working_days((2024, 3, 28), 5, EnglandAndWales),
            (2024, 4, 8)
        );
        assert_eq!(add_working_days((2024, 3, 28), 5, Scotland), (2024, 4, 5));
    }

    #[test]
    fn a_scotland_only_holiday() {
        // St Andrew's Day 2023 is Thursday 30 November.
        assert!(Scotland.is_bank_holiday((2023, 11, 30)));
        assert!(!EnglandAndWales.is_bank_holiday((2023, 11, 30)));
        assert_eq!(add_working_days((2023, 11, 27), 5, Scotland), (2023, 12, 5));
        assert_eq!(
            add_working_days((2023, 11, 27), 5, EnglandAndWales),
            (2023, 12, 4)
        );
        // 2 January, Scotland only.
        assert!(Scotland.is_bank_holiday((2025, 1, 2)));
        assert!(!NorthernIreland.is_bank_holiday((2025, 1, 2)));
    }

    #[test]
    fn northern_ireland_only_holidays() {
        // St Patrick's Day, Monday 17 March 2025, and the Twelfth, Saturday 12 July 2025 (moved to Monday 14).
        assert_eq!(
            add_working_days((2025, 3, 14), 1, NorthernIreland),
            (2025, 3, 18)
        );
        assert_eq!(
            add_working_days((2025, 3, 14), 1, EnglandAndWales),
            (2025, 3, 17)
        );
        assert!(NorthernIreland.is_bank_holiday((2025, 7, 14)));
        assert!(!Scotland.is_bank_holiday((2025, 7, 14)));
    }

    #[test]
    fn the_years_2019_to_2030_are_all_there() {
        for year in 2019..=2030 {
            for nation in [EnglandAndWales, Scotland, NorthernIreland] {
                assert!(
                    nation.is_bank_holiday((year, 12, 25)) || weekday((year, 12, 25)) >= 5,
                    "{year} {nation:?}"
                );
            }
        }
        assert_eq!(
            working_days_between((2026, 11, 27), (2026, 12, 4), EnglandAndWales),
            5
        );
    }
}
