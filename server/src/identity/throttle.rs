//! Gates on guessing, and the `attempt_gate` table they count in. An attempt
//! is counted *before* it is checked, by one conditional UPDATE that also
//! decides whether it may go on, so parallel attempts cannot slip past
//! together on either database.
//!
//! - [`backoff`] (through [`Guess`]): staff passwords and second-factor
//!   codes, per address typed and per client. A few
//!   attempts are free; after that each makes the next wait longer (1, 2, 4 …
//!   minutes, at most an hour). A right password clears the address's count.
//!   Waiting rather than locking: an account is never shut, and someone
//!   guessing at it gets a few hundred tries a week at most. Addresses without
//!   an account are counted the same way, so the answer never tells which
//!   addresses have one.
//! - [`window`]: sign-in links, at most so many per window, per address and
//!   per client.
//!
//! Keys are hashed: the table holds neither email nor client addresses.

use crate::platform::db::{Db, DbError};
use crate::platform::secrets;

/// Wrong passwords in a row, per address, that do not make anyone wait.
pub const FREE_FAILURES: i64 = 5;
/// The longest wait.
pub const MAX_WAIT_SECONDS: i64 = 3600;

/// What a gate says to an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Counted: go on and check it.
    Open,
    /// Not counted and not to be checked: seconds to wait.
    Wait(i64),
}

/// What is being guessed at, and by whom: the parts of a gate's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted<'a> {
    /// A staff password, for the address typed (in lower case).
    PasswordFor(&'a str),
    /// Staff passwords from one client, whatever the address.
    PasswordsFrom(&'a str),
    /// Second-factor codes (the app's and recovery codes), for one member of staff.
    CodesFor(&'a str),
    /// Second-factor codes from one client, whoever's.
    CodesFrom(&'a str),
    /// Sign-in links sent to one address (in lower case).
    LinksTo(&'a str),
    /// Sign-in links asked for by one client.
    LinksFrom(&'a str),
}

impl Counted<'_> {
    fn key(self) -> String {
        let (kind, value) = match self {
            Counted::PasswordFor(email) => ("password-for", email.trim().to_lowercase()),
            Counted::PasswordsFrom(client) => ("passwords-from", client.to_owned()),
            Counted::CodesFor(email) => ("codes-for", email.trim().to_lowercase()),
            Counted::CodesFrom(client) => ("codes-from", client.to_owned()),
            Counted::LinksTo(email) => ("links-to", email.trim().to_lowercase()),
            Counted::LinksFrom(client) => ("links-from", client.to_owned()),
        };
        format!("{kind}:{}", secrets::hash(&value))
    }
}

/// Seconds the next attempt waits after `attempts`, when `free` are free.
pub fn wait_after(free: i64, attempts: i64) -> i64 {
    if attempts < free {
        0
    } else {
        (60_i64 << (attempts - free).min(6)).min(MAX_WAIT_SECONDS)
    }
}

/// [`wait_after`] as SQL, for the attempt count `attempts + 1`: free
/// attempts wait nothing, then one clause per doubling up to the longest
/// wait (eight clauses, however large `free` is).
fn wait_sql(free: i64) -> String {
    let cases: String = (free..free + 7)
        .map(|n| format!(" WHEN attempts + 1 = {n} THEN {}", wait_after(free, n)))
        .collect();
    format!("CASE WHEN attempts + 1 < {free} THEN 0{cases} ELSE {MAX_WAIT_SECONDS} END")
}

async fn ensure_row(db: &Db, key: &str, now: i64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO attempt_gate (gate_key, attempts, window_start, allowed_from) \
         VALUES ($1, 0, $2, 0) ON CONFLICT (gate_key) DO NOTHING",
    )
    .bind(key)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// A column of the gate's row; `None` if the row went meanwhile (the day-old
/// clean-up), which the callers treat as a wait of a second, never as a pass.
async fn column_of(db: &Db, key: &str, column: &'static str) -> Result<Option<i64>, DbError> {
    let value: Option<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {column} AS value FROM attempt_gate WHERE gate_key = $1"
    )))
    .bind(key)
    .fetch_optional(db.pool())
    .await?;
    Ok(value.map(|(value,)| value))
}

/// Counts an attempt at a password unless it must wait; `free` attempts
/// in a row cost nothing.
pub async fn backoff(db: &Db, what: Counted<'_>, free: i64, now: i64) -> Result<Gate, DbError> {
    let key = what.key();
    ensure_row(db, &key, now).await?;
    // A free attempt leaves `allowed_from` where it was: moved to this
    // request's `now`, a request running at the same moment but stamped a
    // second earlier would find the gate "not yet open" and be told to wait
    // (3 of 15 parallel sign-ins once were, on PostgreSQL).
    let counted = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE attempt_gate SET attempts = attempts + 1, window_start = $2, \
         allowed_from = CASE WHEN attempts + 1 < {free} THEN allowed_from ELSE $2 + {} END \
         WHERE gate_key = $1 AND allowed_from <= $2",
        wait_sql(free)
    )))
    .bind(&key)
    .bind(now)
    .execute(db.pool())
    .await?;
    if counted.rows_affected() == 1 {
        return Ok(Gate::Open);
    }
    let allowed_from = column_of(db, &key, "allowed_from").await?.unwrap_or(now);
    Ok(Gate::Wait((allowed_from - now).max(1)))
}

/// A guess at a secret (a password, an app's code, a recovery code): counted
/// for what is guessed at, and for the client guessing.
#[derive(Clone, Copy, Debug)]
pub struct Guess<'a> {
    pub at: Counted<'a>,
    pub from: Counted<'a>,
    /// Wrong guesses the client gets before it waits.
    pub client_free: i64,
}

impl Guess<'_> {
    /// Counts the guess before it is checked. The client is counted only for
    /// guesses its target lets through, so that hammering one account is
    /// that account's wait, not the whole office's.
    pub async fn count(self, db: &Db, now: i64) -> Result<Gate, DbError> {
        match backoff(db, self.at, FREE_FAILURES, now).await? {
            Gate::Open => backoff(db, self.from, self.client_free, now).await,
            wait => Ok(wait),
        }
    }

    /// The guess was right: the target's count starts again and the client's
    /// count takes this one back.
    pub async fn was_right(self, db: &Db) -> Result<(), DbError> {
        clear(db, self.at).await?;
        uncount(db, self.from).await
    }
}

/// Counts an attempt unless `max` have been counted in the last `window`
/// seconds.
pub async fn window(
    db: &Db,
    what: Counted<'_>,
    max: i64,
    window: i64,
    now: i64,
) -> Result<Gate, DbError> {
    let key = what.key();
    ensure_row(db, &key, now).await?;
    let counted = sqlx::query(
        "UPDATE attempt_gate SET \
         attempts = CASE WHEN window_start <= $2 - $3 THEN 1 ELSE attempts + 1 END, \
         window_start = CASE WHEN window_start <= $2 - $3 THEN $2 ELSE window_start END \
         WHERE gate_key = $1 AND (window_start <= $2 - $3 OR attempts < $4)",
    )
    .bind(&key)
    .bind(now)
    .bind(window)
    .bind(max)
    .execute(db.pool())
    .await?;
    if counted.rows_affected() == 1 {
        return Ok(Gate::Open);
    }
    let window_start = column_of(db, &key, "window_start")
        .await?
        .unwrap_or(now - window);
    Ok(Gate::Wait((window_start + window - now).max(1)))
}

/// A right password: the address starts again with a clean count. The row
/// is reset, not deleted: a parallel attempt between its making of the row
/// and its count would otherwise find no row to count in.
pub async fn clear(db: &Db, what: Counted<'_>) -> Result<(), DbError> {
    sqlx::query("UPDATE attempt_gate SET attempts = 0, allowed_from = 0 WHERE gate_key = $1")
        .bind(what.key())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Takes back one counted attempt that turned out right (a client's count
/// is of wrong passwords only, so an office of staff signing in is never held up).
pub async fn uncount(db: &Db, what: Counted<'_>) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE attempt_gate SET attempts = attempts - 1 WHERE gate_key = $1 AND attempts > 0",
    )
    .bind(what.key())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Forgets counts whose window started before `cutoff` and that make nobody
/// wait any more (the retention schedule says how long); returns how many.
pub async fn forget_old(db: &Db, now: i64, cutoff: i64) -> Result<u64, DbError> {
    let result =
        sqlx::query("DELETE FROM attempt_gate WHERE window_start < $1 AND allowed_from < $2")
            .bind(cutoff)
            .bind(now)
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
        let waits: Vec<i64> = (0..=13).map(|n| wait_after(FREE_FAILURES, n)).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
        assert_eq!(wait_after(FREE_FAILURES, i64::MAX), MAX_WAIT_SECONDS);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(60), 1);
        assert_eq!(minutes(61), 2);
    }

    #[test]
    fn the_sql_wait_is_the_rust_one() {
        let sql = wait_sql(FREE_FAILURES);
        assert!(sql.starts_with("CASE WHEN attempts + 1 < 5 THEN 0"));
        assert!(sql.contains(" WHEN attempts + 1 = 5 THEN 60 WHEN attempts + 1 = 6 THEN 120"));
        assert!(sql.ends_with(" WHEN attempts + 1 = 11 THEN 3600 ELSE 3600 END"));
        // A large allowance (the browser tests') stays a short statement.
        assert!(wait_sql(100_000).len() < 400);
    }

    #[test]
    fn keys_are_hashes_of_the_kind_and_value() {
        let key = Counted::PasswordFor("Jo@Example.gov.uk").key();
        assert_eq!(key, Counted::PasswordFor("jo@example.gov.uk").key());
        assert!(key.starts_with("password-for:") && !key.contains("example"));
        assert_ne!(key, Counted::LinksTo("jo@example.gov.uk").key());
    }
}
