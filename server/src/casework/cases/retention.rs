//! The retention schedule's part of the case tables: closed cases due to have
//! their personal details removed, and the removal itself (the referral's
//! answers, names and their name bits, date of birth and the events' reasons). The reference,
//! dates, states and the columns the statistics count stay.

use crate::platform::db::{Conn, Db, DbError};

/// A case due to have its personal details removed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Due {
    pub id: String,
    pub reference: String,
}

/// Cases (and reports) closed before `cutoff` whose details are still held,
/// the longest closed first, at most `limit`.
pub async fn closed_before(db: &Db, cutoff: i64, limit: i64) -> Result<Vec<Due>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, reference FROM referral WHERE redacted_at IS NULL AND closed_at < $1 \
         ORDER BY closed_at, id LIMIT $2",
    )
    .bind(cutoff)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

/// Removes a closed case's personal details inside the caller's transaction;
/// false when it was done already or the case is open again.
pub async fn redact(conn: &mut Conn, id: &str, cutoff: i64, now: i64) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE referral SET answers = '{}', payload = '{}', pv_name = '', pv_name_key = '', \
         pv_dob = '', name_bits = $4, redacted_at = $1 \
         WHERE id = $2 AND redacted_at IS NULL AND closed_at < $3",
    )
    .bind(now)
    .bind(id)
    .bind(cutoff)
    // The bits of no name: none of the old name's beginnings stays.
    .bind(app::casework::person_search::name_bits(""))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE case_event SET reasons = '' WHERE referral_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}
