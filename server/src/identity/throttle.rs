//! Throttling of staff password guesses (sign-in and password change), per
//! email address typed. Five wrong passwords in a row cost nothing; after that
//! each one makes the next attempt wait longer: 1, 2, 4 … minutes, at most an
//! hour. A right password clears the count. Waiting rather than locking: an
//! account is never shut, and someone guessing at it gets a few hundred tries a
//! week at most. Addresses without an account are counted the same way, so the
//! answer never tells which addresses have one.

use crate::platform::db::{Db, DbError};

/// Wrong passwords in a row that do not make anyone wait.
pub const FREE_FAILURES: i64 = 5;
/// The longest wait.
pub const MAX_WAIT_SECONDS: i64 = 3600;
/// Counts untouched for this long are forgotten.
pub const FORGET_AFTER_SECONDS: i64 = 24 * 3600;
/// Longer "addresses" are not counted (nobody's email is this long).
const MAX_EMAIL_CHARS: usize = 320;

/// Seconds the next attempt waits after `failures` wrong passwords in a row.
pub fn wait_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        0
    } else {
        (60_i64 << (failures - FREE_FAILURES).min(6)).min(MAX_WAIT_SECONDS)
    }
}

/// Seconds this address must still wait before a password is checked (0: go ahead).
pub async fn wait_for(db: &Db, email: &str, now: i64) -> Result<i64, DbError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT failures, last_at FROM staff_sign_in_failure WHERE email = $1")
            .bind(email)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map_or(0, |(failures, last_at)| {
        (last_at + wait_after(failures) - now).max(0)
    }))
}

/// Counts a wrong password for this address.
pub async fn failed(db: &Db, email: &str, now: i64) -> Result<(), DbError> {
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO staff_sign_in_failure (email, failures, last_at) VALUES ($1, 1, $2) \
         ON CONFLICT (email) DO UPDATE SET failures = staff_sign_in_failure.failures + 1, \
         last_at = excluded.last_at",
    )
    .bind(email)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A right password: the address starts again with a clean count.
pub async fn succeeded(db: &Db, email: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM staff_sign_in_failure WHERE email = $1")
        .bind(email)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Forgets counts nobody has added to for a day; returns how many.
pub async fn forget_old(db: &Db, now: i64) -> Result<u64, DbError> {
    let result = sqlx::query("DELETE FROM staff_sign_in_failure WHERE last_at < $1")
        .bind(now - FORGET_AFTER_SECONDS)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}

/// Whole minutes to tell someone to wait (rounded up).
pub fn minutes(seconds: i64) -> i64 {
    (seconds + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_five_wrong_passwords_up_to_an_hour() {
        let waits: Vec<i64> = (0..=13).map(wait_after).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
        assert_eq!(wait_after(i64::MAX), MAX_WAIT_SECONDS);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(60), 1);
        assert_eq!(minutes(61), 2);
    }
}
