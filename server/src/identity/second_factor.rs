//! The staff second factor as stored: the `staff_second_factor` and
//! `recovery_code` tables, which this module owns.
//!
//! - A secret is made when someone first opens the set-up page and is only
//!   trusted once a code from their app has confirmed it.
//! - A code is accepted once: the newest accepted step is kept, and a code
//!   for that step or an older one is refused, by one conditional UPDATE (so
//!   two parallel sign-ins with one code cannot both pass).
//! - Recovery codes are kept as SHA-256 hashes (each carries 79 random bits)
//!   and spent by one conditional UPDATE too.
//! - An administrator's reset empties the secret and the codes, records who
//!   reset it and when, and ends the person's sessions.

use app::audit::AuditAction;
use app::second_factor::{OneTimeCode, RecoveryCode, RECOVERY_CODES};

use crate::identity::sessions;
use crate::identity::totp::{self, TotpError};
use crate::platform::audit::{self, By, Target};
use crate::platform::db::{Conn, Db, DbError};
use crate::platform::secrets;

#[derive(Debug, thiserror::Error)]
pub enum SecondFactorError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Totp(#[from] TotpError),
}

impl From<sqlx::Error> for SecondFactorError {
    fn from(error: sqlx::Error) -> Self {
        SecondFactorError::Db(error.into())
    }
}

/// A person's second factor as stored.
#[derive(sqlx::FromRow)]
struct FactorRow {
    secret: Option<String>,
    confirmed_at: Option<i64>,
    reset_at: Option<i64>,
    reset_by: Option<String>,
}

/// Where a person's second factor stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Never set up, or set-up begun and not confirmed.
    NotSetUp,
    SetUp {
        since: i64,
    },
    /// Reset by an administrator and not set up again yet.
    Reset {
        at: i64,
        by: String,
    },
}

fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

async fn row(db: &Db, email: &str) -> Result<Option<FactorRow>, DbError> {
    Ok(sqlx::query_as::<_, FactorRow>(
        "SELECT secret, confirmed_at, reset_at, reset_by FROM staff_second_factor WHERE email = $1",
    )
    .bind(email_key(email))
    .fetch_optional(db.pool())
    .await?)
}

pub async fn standing(db: &Db, email: &str) -> Result<Standing, DbError> {
    Ok(match row(db, email).await? {
        Some(FactorRow {
            secret: Some(_),
            confirmed_at: Some(since),
            ..
        }) => Standing::SetUp { since },
        Some(FactorRow {
            reset_at: Some(at),
            reset_by: Some(by),
            ..
        }) => Standing::Reset { at, by },
        _ => Standing::NotSetUp,
    })
}

/// The secret being set up: the one begun before, or a new one; `None`
/// when a second factor is set up already.
pub async fn pending_secret(db: &Db, email: &str) -> Result<Option<String>, SecondFactorError> {
    if let Some(FactorRow {
        secret: Some(secret),
        confirmed_at,
        ..
    }) = row(db, email).await?
    {
        return Ok(confirmed_at.is_none().then_some(secret));
    }
    let secret = totp::new_secret()?;
    // Two first visits at once keep the same secret: only an empty one is replaced.
    sqlx::query(
        "INSERT INTO staff_second_factor (email, secret) VALUES ($1, $2) \
         ON CONFLICT (email) DO UPDATE SET secret = excluded.secret, last_step = NULL \
         WHERE staff_second_factor.secret IS NULL",
    )
    .bind(email_key(email))
    .bind(&secret)
    .execute(db.pool())
    .await?;
    // Another tab's secret may have won, or been confirmed meanwhile.
    Ok(row(db, email)
        .await?
        .filter(|r| r.confirmed_at.is_none())
        .and_then(|r| r.secret))
}

/// Accepts `code` if it is one of the accepted steps' codes and its step is
/// newer than any accepted before; `confirmed` says which secret is asked
/// about (the one set up, or the one being set up).
async fn accept(
    db: &Db,
    email: &str,
    code: &OneTimeCode,
    confirmed: bool,
    now: i64,
) -> Result<bool, SecondFactorError> {
    let Some(FactorRow {
        secret: Some(secret),
        confirmed_at,
        ..
    }) = row(db, email).await?
    else {
        return Ok(false);
    };
    if confirmed_at.is_some() != confirmed {
        return Ok(false);
    }
    let Some(step) = totp::matching_step(&secret, code, now)? else {
        return Ok(false);
    };
    let spent = sqlx::query(
        "UPDATE staff_second_factor SET last_step = $1 \
         WHERE email = $2 AND secret = $3 AND (last_step IS NULL OR last_step < $1)",
    )
    .bind(step)
    .bind(email_key(email))
    .bind(&secret)
    .execute(db.pool())
    .await?;
    Ok(spent.rows_affected() == 1)
}

/// A code from the app of someone whose second factor is set up.
pub async fn check_code(
    db: &Db,
    email: &str,
    code: &OneTimeCode,
    now: i64,
) -> Result<bool, SecondFactorError> {
    accept(db, email, code, true, now).await
}

/// Confirms the secret being set up with a code from the app, and issues the
/// recovery codes (returned once, stored hashed); `None` if the code is wrong.
pub async fn confirm(
    db: &Db,
    email: &str,
    code: &OneTimeCode,
    now: i64,
) -> Result<Option<Vec<RecoveryCode>>, SecondFactorError> {
    if !accept(db, email, code, false, now).await? {
        return Ok(None);
    }
    let codes = (0..RECOVERY_CODES)
        .map(|_| totp::new_recovery_code())
        .collect::<Result<Vec<_>, _>>()?;
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "UPDATE staff_second_factor SET confirmed_at = $1, reset_at = NULL, reset_by = NULL \
         WHERE email = $2",
    )
    .bind(now)
    .bind(email_key(email))
    .execute(&mut *tx)
    .await?;
    forget_recovery_codes(&mut tx, email).await?;
    for code in &codes {
        sqlx::query("INSERT INTO recovery_code (email, code_hash) VALUES ($1, $2)")
            .bind(email_key(email))
            .bind(secrets::hash(code.as_str()))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Some(codes))
}

async fn forget_recovery_codes(conn: &mut Conn, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_code WHERE email = $1")
        .bind(email_key(email))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Spends one recovery code; false if it is wrong or was spent.
pub async fn use_recovery_code(
    db: &Db,
    email: &str,
    code: &RecoveryCode,
    now: i64,
) -> Result<bool, DbError> {
    let spent = sqlx::query(
        "UPDATE recovery_code SET used_at = $1 \
         WHERE email = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(email_key(email))
    .bind(secrets::hash(code.as_str()))
    .execute(db.pool())
    .await?;
    Ok(spent.rows_affected() == 1)
}

/// Recovery codes not spent yet.
pub async fn recovery_codes_left(db: &Db, email: &str) -> Result<i64, DbError> {
    let (left,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM recovery_code WHERE email = $1 AND used_at IS NULL")
            .bind(email_key(email))
            .fetch_one(db.pool())
            .await?;
    Ok(left)
}

/// An administrator's reset: the secret and the codes go, the person's
/// sessions end, and the reset is recorded. False if nothing was set up.
pub async fn reset(db: &Db, email: &str, by: By<'_>, now: i64) -> Result<bool, DbError> {
    let mut tx = db.pool().begin().await?;
    let changed = sqlx::query(
        "UPDATE staff_second_factor SET secret = NULL, confirmed_at = NULL, last_step = NULL, \
         reset_at = $1, reset_by = $2 WHERE email = $3 AND secret IS NOT NULL",
    )
    .bind(now)
    .bind(&by.actor.email)
    .bind(email_key(email))
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Ok(false);
    }
    forget_recovery_codes(&mut tx, email).await?;
    sessions::end_all_for(&mut tx, email).await?;
    let entry = by.entry(
        AuditAction::SecondFactorReset,
        Target::Person(email),
        "",
        now,
    );
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(true)
}

/// Sets a confirmed secret directly: the demo accounts' published one (local
/// runs only), so that a newcomer can sign in without setting one up.
pub async fn set_confirmed_secret(
    db: &Db,
    email: &str,
    secret: &str,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO staff_second_factor (email, secret, confirmed_at) VALUES ($1, $2, $3) \
         ON CONFLICT (email) DO UPDATE SET secret = excluded.secret, \
         confirmed_at = excluded.confirmed_at WHERE staff_second_factor.secret IS NULL \
         OR staff_second_factor.secret <> excluded.secret",
    )
    .bind(email_key(email))
    .bind(secret)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}
