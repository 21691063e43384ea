//! Drafts: a first responder's unsent referrals, and the `draft` table, which
//! this module owns. Every query a responder's request makes names the owner,
//! so one responder can never read, change or delete another's draft.

use app::journey::history::Replaced;
use app::journey::route::Answers;

use crate::platform::db::{Conn, Db, DbError};

const DAY: i64 = 86_400;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub id: String,
    pub owner_email: String,
    pub organisation: String,
    pub label: String,
    pub answers: Answers,
    pub completed_steps: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
    /// Answers replaced by newer ones when a phone's offline steps arrived.
    pub history: Vec<Replaced>,
}

/// When a draft last changed at `updated_at` expires: the end of the day
/// (UTC) `expiry_days` days later.
pub fn expiry(updated_at: i64, expiry_days: i64) -> i64 {
    (updated_at.div_euclid(DAY) + expiry_days + 1) * DAY - 1
}

/// Starts a draft inside the caller's transaction (beside its audit record).
pub async fn create(
    conn: &mut Conn,
    owner_email: &str,
    organisation: &str,
    label: &str,
    now: i64,
    expiry_days: i64,
) -> Result<Draft, DbError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO draft (id, owner_email, organisation, label, answers, completed_steps, \
         created_at, updated_at, expires_at) VALUES ($1, $2, $3, $4, '{}', '[]', $5, $6, $7)",
    )
    .bind(&id)
    .bind(owner_email)
    .bind(organisation)
    .bind(label)
    .bind(now)
    .bind(now)
    .bind(expiry(now, expiry_days))
    .execute(&mut *conn)
    .await?;
    let row = sqlx::query_as::<_, DraftRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM draft WHERE id = $1"
    )))
    .bind(&id)
    .fetch_one(&mut *conn)
    .await?;
    row.try_into()
}

const COLUMNS: &str = "id, owner_email, organisation, label, answers, completed_steps, \
                       created_at, updated_at, expires_at, history";

/// The owner's live drafts, most recently changed first.
pub async fn list_for(db: &Db, owner_email: &str, now: i64) -> Result<Vec<Draft>, DbError> {
    let rows = sqlx::query_as::<_, DraftRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM draft WHERE owner_email = $1 AND expires_at > $2 \
         ORDER BY updated_at DESC, id"
    )))
    .bind(owner_email)
    .bind(now)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(Draft::try_from).collect()
}

/// One of the owner's live drafts; `None` for a draft that is not theirs, gone or expired.
pub async fn find_for(
    db: &Db,
    owner_email: &str,
    id: &str,
    now: i64,
) -> Result<Option<Draft>, DbError> {
    let row = sqlx::query_as::<_, DraftRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM draft WHERE id = $1 AND owner_email = $2 AND expires_at > $3"
    )))
    .bind(id)
    .bind(owner_email)
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    row.map(Draft::try_from).transpose()
}

/// Saves the answers and completed steps; the draft's expiry moves on. Returns
/// whether the owner's draft was there to save.
pub async fn save(
    db: &Db,
    owner_email: &str,
    id: &str,
    answers: &Answers,
    completed_steps: &[String],
    now: i64,
    expiry_days: i64,
) -> Result<bool, DbError> {
    let result = sqlx::query(
        "UPDATE draft SET answers = $1, completed_steps = $2, updated_at = $3, expires_at = $4, \
         reminder_sent_at = NULL WHERE id = $5 AND owner_email = $6 AND expires_at > $7",
    )
    .bind(to_json(answers)?)
    .bind(to_json(completed_steps)?)
    .bind(now)
    .bind(expiry(now, expiry_days))
    .bind(id)
    .bind(owner_email)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Adds answers replaced by newer ones to the draft's history, each once.
pub async fn add_history(
    db: &Db,
    owner_email: &str,
    draft: &Draft,
    replaced: &[Replaced],
) -> Result<(), DbError> {
    let mut history = draft.history.clone();
    // A sync sent again (its answer lost) finds the same answers replaced: kept once.
    for entry in replaced {
        let known = history
            .iter()
            .any(|h| h.slug == entry.slug && h.answers == entry.answers && h.newer == entry.newer);
        if !known {
            history.push(entry.clone());
        }
    }
    sqlx::query("UPDATE draft SET history = $1 WHERE id = $2 AND owner_email = $3")
        .bind(to_json(&history)?)
        .bind(&draft.id)
        .bind(owner_email)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Renames one of the owner's drafts (the responder's own label for it).
pub async fn set_label(db: &Db, owner_email: &str, id: &str, label: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE draft SET label = $1 WHERE id = $2 AND owner_email = $3")
        .bind(label)
        .bind(id)
        .bind(owner_email)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Deletes one of the owner's drafts; returns whether there was one.
pub async fn delete_for(db: &Db, owner_email: &str, id: &str) -> Result<bool, DbError> {
    let mut conn = db.pool().acquire().await?;
    delete_within(&mut conn, owner_email, id).await
}

/// [`delete_for`] as part of a larger change (the draft has become a referral).
pub async fn delete_within(conn: &mut Conn, owner_email: &str, id: &str) -> Result<bool, DbError> {
    let result = sqlx::query("DELETE FROM draft WHERE id = $1 AND owner_email = $2")
        .bind(id)
        .bind(owner_email)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Live drafts that expire by `by` and have had no reminder since they last changed.
pub async fn due_for_reminder(db: &Db, now: i64, by: i64) -> Result<Vec<Draft>, DbError> {
    let rows = sqlx::query_as::<_, DraftRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM draft \
         WHERE reminder_sent_at IS NULL AND expires_at > $1 AND expires_at <= $2"
    )))
    .bind(now)
    .bind(by)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(Draft::try_from).collect()
}

/// Marks a draft's reminder as sent; false when another server got there first.
pub async fn claim_reminder(conn: &mut Conn, id: &str, now: i64) -> Result<bool, DbError> {
    let claimed = sqlx::query(
        "UPDATE draft SET reminder_sent_at = $1 WHERE id = $2 AND reminder_sent_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Deletes every expired draft; returns how many.
pub async fn delete_expired(db: &Db, now: i64) -> Result<u64, DbError> {
    let result = sqlx::query("DELETE FROM draft WHERE expires_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected())
}

/// A draft row as stored: the answers and steps are JSON.
#[derive(sqlx::FromRow)]
struct DraftRow {
    id: String,
    owner_email: String,
    organisation: String,
    label: String,
    answers: String,
    completed_steps: String,
    created_at: i64,
    updated_at: i64,
    expires_at: i64,
    history: String,
}

impl TryFrom<DraftRow> for Draft {
    type Error = DbError;

    fn try_from(row: DraftRow) -> Result<Self, DbError> {
        Ok(Draft {
            answers: from_json(&row.answers)?,
            completed_steps: from_json(&row.completed_steps)?,
            history: from_json(&row.history)?,
            id: row.id,
            owner_email: row.owner_email,
            organisation: row.organisation,
            label: row.label,
            created_at: row.created_at,
            updated_at: row.updated_at,
            expires_at: row.expires_at,
        })
    }
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Sqlx(sqlx::Error::Encode(e.into())))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, DbError> {
    serde_json::from_str(text).map_err(|e| DbError::Corrupt(format!("a draft: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_expires_at_the_end_of_the_day_n_days_after_its_last_change() {
        // 2026-11-29 13:00:00 UTC
        let noon_ish = 1_795_957_200;
        let end = expiry(noon_ish, 28);
        // 2026-12-27 23:59:59 UTC
        assert_eq!(end, 1_798_415_999);
        assert_eq!((end + 1) % DAY, 0);
        // A change at 23:59:59 and one at 00:00:00 the same day expire together.
        let start_of_day = noon_ish - noon_ish % DAY;
        assert_eq!(expiry(start_of_day, 28), expiry(start_of_day + DAY - 1, 28));
    }
}
