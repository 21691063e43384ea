//! Calendar dates for display: the server and the browser format them alike.

use crate::journey::validate::Ymd;

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
