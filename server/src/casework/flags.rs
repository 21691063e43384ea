//! The `case_flag` table: a case's flags (`app::casework::flags`), those its
//! referral's answers set and those caseworkers add and remove. Every query
//! on it is here.

use app::audit::AuditAction;
use app::casework::flags::{from_answers, Flag};
use app::journey::route::Answers;

use crate::casework::version::{CaseWrite, WriteError};
use crate::platform::db::{Conn, Db, DbError};

/// A flag as the case keeps it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FlagRecord {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: Flag,
    pub detail: String,
    pub added_at: i64,
    /// Nobody: set from the referral's answers.
    pub added_by: Option<String>,
    pub removed_at: Option<i64>,
    pub removed_by: Option<String>,
}

/// Every flag the case has had, oldest first (removed ones included).
pub async fn of_case(db: &Db, referral_id: &str) -> Result<Vec<FlagRecord>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, kind, detail, added_at, added_by, removed_at, removed_by FROM case_flag \
         WHERE referral_id = $1 ORDER BY added_at, id",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?)
}

/// An NRM case just received: its row id, answers (JSON) and when it arrived.
pub type Arrival<'a> = (&'a str, &'a str, i64);

/// Sets the flags the referrals' answers call for, inside the change that
/// receives them (or, for cases received before flags, at start-up,
/// `intake::derive_missing`): one statement for many cases.
pub async fn set_from_answers(conn: &mut Conn, arrivals: &[Arrival<'_>]) -> Result<(), DbError> {
    let mut flags: Vec<(&str, Flag, String, i64)> = Vec::new();
    for (id, answers, at) in arrivals {
        let answers: Answers = serde_json::from_str(answers)
            .map_err(|e| DbError::Corrupt(format!("the answers of referral {id}: {e}")))?;
        flags.extend(
            from_answers(&answers)
                .into_iter()
                .map(|(kind, detail)| (*id, kind, detail, *at)),
        );
    }
    // 5 parameters a row, well under either database's limit.
    for chunk in flags.chunks(2_000) {
        let sql = format!(
            "INSERT INTO case_flag (id, referral_id, kind, detail, added_at) VALUES {} \
             ON CONFLICT DO NOTHING",
            crate::platform::db::placeholder_rows(chunk.len(), 5)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, kind, detail, at) in chunk {
            query = query
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(*id)
                .bind(kind.as_str())
                .bind(detail.clone())
                .bind(*at);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds a flag (to the case at the version its writer saw); false when the
/// case carries that kind already (any number of "other" flags may be
/// added). Recorded in the audit log.
pub async fn add(
    db: &Db,
    write: CaseWrite<'_>,
    (kind, detail): (Flag, &str),
) -> Result<bool, WriteError> {
    let mut tx = write.begin(db).await?;
    let added = sqlx::query(
        "INSERT INTO case_flag (id, referral_id, kind, detail, added_at, added_by) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(write.referral_id())
    .bind(kind.as_str())
    .bind(detail)
    .bind(write.at)
    .bind(&write.actor.id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if added {
        write
            .record(&mut tx, AuditAction::FlagAdded, kind.as_str())
            .await?;
        tx.commit().await?;
    }
    Ok(added)
}

/// Removes one of the case's current flags (from the case at the version
/// its writer saw); false when it has no such flag now. Recorded in the
/// audit log.
pub async fn remove(db: &Db, write: CaseWrite<'_>, flag_id: &str) -> Result<bool, WriteError> {
    let mut tx = write.begin(db).await?;
    let kind: Option<(String,)> = sqlx::query_as(
        "UPDATE case_flag SET removed_at = $1, removed_by = $2 \
         WHERE id = $3 AND referral_id = $4 AND removed_at IS NULL RETURNING kind",
    )
    .bind(write.at)
    .bind(&write.actor.id)
    .bind(flag_id)
    .bind(write.referral_id())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((kind,)) = kind else {
        tx.rollback().await?;
        return Ok(false);
    };
    let kind: Flag = kind
        .parse()
        .map_err(|e| DbError::Corrupt(format!("flag {flag_id}: {e}")))?;
    write
        .record(&mut tx, AuditAction::FlagRemoved, kind.as_str())
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Retention: deletes a case's flags inside the caller's transaction.
pub async fn delete_for_referral(conn: &mut Conn, referral_id: &str) -> Result<u64, DbError> {
    Ok(sqlx::query("DELETE FROM case_flag WHERE referral_id = $1")
        .bind(referral_id)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}
