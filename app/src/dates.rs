//! Calendar dates for display: the server and the browser format them alike.

/// A calendar date: (year, month, day).
pub type Ymd = (i32, u32, u32);

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The UTC calendar date of a Unix time in seconds.
pub fn ymd_from_unix(seconds: i64) -> Ymd {
    // Howard Hinnant's days-to-civil algorithm.
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// "29 November 2026".
pub fn long_date((year, month, day): Ymd) -> String {
    let name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or_default();
    format!("{day} {name} {year}")
}

/// Today's date (UTC) where the code runs.
pub fn today() -> Ymd {
    #[cfg(feature = "hydrate")]
    {
        ymd_from_unix((js_sys::Date::now() / 1000.0) as i64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        ymd_from_unix(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_become_calendar_dates() {
        assert_eq!(ymd_from_unix(0), (1970, 1, 1));
        assert_eq!(ymd_from_unix(1_795_957_200), (2026, 11, 29));
        assert_eq!(ymd_from_unix(951_782_400), (2000, 2, 29));
        assert_eq!(long_date((2026, 12, 27)), "27 December 2026");
    }
}

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's days-from-civil).
pub fn days_from_ymd((year, month, day): Ymd) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date `days` after 1970-01-01.
pub fn ymd_from_days(days: i64) -> Ymd {
    ymd_from_unix(days * 86_400)
}

/// The date `n` calendar days after `date`.
pub fn add_days(date: Ymd, n: i64) -> Ymd {
    ymd_from_days(days_from_ymd(date) + n)
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday(date: Ymd) -> u32 {
    // 1970-01-01 was a Thursday.
    (days_from_ymd(date) + 3).rem_euclid(7) as u32
}

/// "2026-11-29" into a date.
pub fn parse_iso(text: &str) -> Option<Ymd> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    let date = (year, month, day);
    (ymd_from_days(days_from_ymd(date)) == date).then_some(date)
}

#[cfg(test)]
mod day_tests {
    use super::*;

    #[test]
    fn days_and_dates_round_trip() {
        for days in [-1000, 0, 19_000, 20_786, 40_000] {
            assert_eq!(days_from_ymd(ymd_from_days(days)), days);
        }
        assert_eq!(weekday((2026, 11, 29)), 6, "a Sunday");
        assert_eq!(add_days((2024, 2, 28), 2), (2024, 3, 1));
        assert_eq!(parse_iso("2022-12-13"), Some((2022, 12, 13)));
        assert_eq!(parse_iso("2022-02-30"), None);
    }
}

/// The last Sunday of a month, as a date (British Summer Time starts on
/// March's and ends on October's).
fn last_sunday(year: i32, month: u32) -> Ymd {
    let first_of_next = if month == 12 {
        (year + 1, 1, 1)
    } else {
        (year, month + 1, 1)
    };
    let last = add_days(first_of_next, -1);
    add_days(last, -i64::from((weekday(last) + 1) % 7))
}

/// Whether a Unix time falls in British Summer Time (from 01:00 UTC on the
/// last Sunday of March to 01:00 UTC on the last Sunday of October).
fn is_british_summer_time(seconds: i64) -> bool {
    let (year, ..) = ymd_from_unix(seconds);
    let starts = days_from_ymd(last_sunday(year, 3)) * 86_400 + 3_600;
    let ends = days_from_ymd(last_sunday(year, 10)) * 86_400 + 3_600;
    (starts..ends).contains(&seconds)
}

/// A Unix time as UK clocks show it (GMT or BST): the day, and "9:05am".
fn uk_local(seconds: i64) -> (Ymd, String) {
    let local = seconds
        + if is_british_summer_time(seconds) {
            3_600
        } else {
            0
        };
    let minute_of_day = local.rem_euclid(86_400) / 60;
    let (hour, minute) = (minute_of_day / 60, minute_of_day % 60);
    let (twelve, half) = match hour {
        0 => (12, "am"),
        1..=11 => (hour, "am"),
        12 => (12, "pm"),
        _ => (hour - 12, "pm"),
    };
    (ymd_from_unix(local), format!("{twelve}:{minute:02}{half}"))
}

/// "2 December 2026 at 9:05am", in UK time (GMT or BST).
pub fn long_date_time(seconds: i64) -> String {
    let (day, time) = uk_local(seconds);
    format!("{} at {time}", long_date(day))
}

/// "9:05am", in UK time (GMT or BST).
pub fn time_of_day(seconds: i64) -> String {
    uk_local(seconds).1
}

#[cfg(test)]
mod time_tests {
    use super::*;

    #[test]
    fn times_are_shown_in_uk_time() {
        // 2026-12-02 09:05 UTC is GMT.
        assert_eq!(long_date_time(1_796_202_300), "2 December 2026 at 9:05am");
        // 2026-07-01 12:30 UTC is 1:30pm BST.
        assert_eq!(long_date_time(1_782_909_000), "1 July 2026 at 1:30pm");
        assert_eq!(time_of_day(1_782_909_000), "1:30pm");
        // BST in 2026: 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(last_sunday(2026, 3), (2026, 3, 29));
        assert_eq!(last_sunday(2026, 10), (2026, 10, 25));
        assert!(!is_british_summer_time(1_774_745_999));
        assert!(is_british_summer_time(1_774_746_000));
        assert_eq!(long_date_time(1_774_742_400), "29 March 2026 at 12:00am");
    }
}
