//! Restricted cases on the server (`app::casework::restriction`): the
//! `case_restriction`, `case_access` and `access_request` tables and
//! `referral.restricted`. Every query on them is here, and every case read
//! or write by staff asks [`may_open`] first.

use app::audit::AuditAction;
use app::casework::lifecycle::{Actor, Role};
use app::casework::restriction::{self, AccessDecision};

use crate::casework::cases::CaseRecord;
use crate::casework::version::{CaseWrite, WriteError};
use crate::identity::access::Staff;
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::db::{Conn, Db, DbError};

/// Whether `staff` may open the case `reference` (one that does not exist
/// is for the caller to find out).
pub async fn may_open(db: &Db, staff: &Staff, reference: &str) -> Result<bool, DbError> {
    may_open_where(db, (&staff.email, staff.role), "reference", reference).await
}

/// Whether someone else (`email`, in `role`) may open the case `reference`:
/// a task is given only to someone who may.
pub async fn may_open_as(db: &Db, who: (&str, Role), reference: &str) -> Result<bool, DbError> {
    may_open_where(db, who, "reference", reference).await
}

/// Whether `staff` may open `case`, as its row was just read: one that was
/// not restricted then needs no second look.
pub async fn may_open_case(db: &Db, staff: &Staff, case: &CaseRecord) -> Result<bool, DbError> {
    if case.row.restricted == 0 {
        return Ok(true);
    }
    may_open_id(db, staff, &case.id).await
}

/// Whether `staff` may open the case whose row id is `referral_id`.
pub async fn may_open_id(db: &Db, staff: &Staff, referral_id: &str) -> Result<bool, DbError> {
    may_open_where(db, (&staff.email, staff.role), "id", referral_id).await
}

async fn may_open_where(
    db: &Db,
    (email, role): (&str, Role),
    column: &'static str,
    value: &str,
) -> Result<bool, DbError> {
    let row: Option<(i32, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.restricted, (SELECT COUNT(*) FROM case_access a \
         WHERE a.referral_id = r.id AND a.email = $2) FROM referral r WHERE r.{column} = $1"
    )))
    .bind(value)
    .bind(email)
    .fetch_optional(db.pool())
    .await?;
    Ok(row
        .is_none_or(|(restricted, named)| restriction::may_open(restricted != 0, role, named > 0)))
}

/// The cases among `references` that `staff` may not open (to show only
/// that they exist in a list).
pub async fn closed_to(
    db: &Db,
    staff: &Staff,
    references: &[&str],
) -> Result<Vec<String>, DbError> {
    let mut closed = Vec::new();
    for reference in references {
        if !may_open(db, staff, reference).await? {
            closed.push((*reference).to_owned());
        }
    }
    Ok(closed)
}

/// A case's restriction, as its Access tab shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restriction {
    pub by: String,
    pub at: i64,
    pub reason: String,
    /// Who may open it: (email, granted by, when), oldest first.
    pub named: Vec<(String, String, i64)>,
}

/// The case's restriction and who it names, if it is restricted.
pub async fn of_case(db: &Db, case: &CaseRecord) -> Result<Option<Restriction>, DbError> {
    // The row just read says whether there is one to look up.
    if case.row.restricted == 0 {
        return Ok(None);
    }
    let referral_id = case.id.as_str();
    let row: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT restricted_by, restricted_at, reason FROM case_restriction WHERE referral_id = $1",
    )
    .bind(referral_id)
    .fetch_optional(db.pool())
    .await?;
    let Some((by, at, reason)) = row else {
        return Ok(None);
    };
    let named = sqlx::query_as(
        "SELECT email, granted_by, granted_at FROM case_access WHERE referral_id = $1 \
         ORDER BY granted_at, email",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?;
    Ok(Some(Restriction {
        by,
        at,
        reason,
        named,
    }))
}

/// A request to open a restricted case.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AccessRequest {
    pub id: String,
    pub email: String,
    pub reason: String,
    pub asked_at: i64,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
}

impl AccessRequest {
    pub fn decision(&self) -> Result<Option<AccessDecision>, DbError> {
        Ok(self.decision.as_deref().map(str::parse).transpose()?)
    }
}

/// Every request to open the case, oldest first.
pub async fn requests(db: &Db, referral_id: &str) -> Result<Vec<AccessRequest>, DbError> {
    Ok(sqlx::query_as(
        "SELECT id, email, reason, asked_at, decision, decided_by, decided_at \
         FROM access_request WHERE referral_id = $1 ORDER BY asked_at, id",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?)
}

async fn grant(
    conn: &mut Conn,
    referral_id: &str,
    email: &str,
    by: &str,
    at: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO case_access (referral_id, email, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(referral_id)
    .bind(email)
    .bind(by)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Restricts the case (at the version its writer saw) to the named
/// caseworkers, or changes who they are; on record.
pub async fn restrict(
    db: &Db,
    write: CaseWrite<'_>,
    (named, reason): (&[String], &str),
) -> Result<(), WriteError> {
    let mut tx = write.begin(db).await?;
    sqlx::query("UPDATE referral SET restricted = 1 WHERE id = $1")
        .bind(write.referral_id())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO case_restriction (referral_id, restricted_by, restricted_at, reason) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (referral_id) DO UPDATE SET \
         restricted_by = $2, restricted_at = $3, reason = $4",
    )
    .bind(write.referral_id())
    .bind(&write.actor.id)
    .bind(write.at)
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM case_access WHERE referral_id = $1")
        .bind(write.referral_id())
        .execute(&mut *tx)
        .await?;
    for email in named {
        grant(
            &mut tx,
            write.referral_id(),
            email,
            &write.actor.id,
            write.at,
        )
        .await?;
    }
    let detail = named.join(" ");
    write
        .record(&mut tx, AuditAction::CaseRestricted, &detail)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Lifts the case's restriction (at the version its writer saw); on record.
pub async fn lift(db: &Db, write: CaseWrite<'_>) -> Result<(), WriteError> {
    let mut tx = write.begin(db).await?;
    sqlx::query("UPDATE referral SET restricted = 0 WHERE id = $1")
        .bind(write.referral_id())
        .execute(&mut *tx)
        .await?;
    for table in ["case_restriction", "case_access"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE referral_id = $1"
        )))
        .bind(write.referral_id())
        .execute(&mut *tx)
        .await?;
    }
    write
        .record(&mut tx, AuditAction::RestrictionLifted, "")
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Asks to open the case; false when the asker has a request waiting
/// already. On record.
pub async fn ask(
    db: &Db,
    (referral_id, reference): (&str, &str),
    actor: &Actor,
    reason: &str,
    origin: &Origin,
    now: i64,
) -> Result<bool, DbError> {
    let mut tx = db.pool().begin().await?;
    let asked = sqlx::query(
        "INSERT INTO access_request (id, referral_id, email, reason, asked_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(referral_id)
    .bind(&actor.id)
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if asked {
        record(
            &mut tx,
            AuditAction::AccessRequested,
            reference,
            actor,
            "",
            (origin, now),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(asked)
}

/// Grants or refuses a waiting request (granting lets its asker open the
/// case); false when it was decided already. On record, naming the asker.
pub async fn decide(
    db: &Db,
    (referral_id, reference): (&str, &str),
    actor: &Actor,
    (request_id, decision): (&str, AccessDecision),
    origin: &Origin,
    now: i64,
) -> Result<bool, DbError> {
    let mut tx = db.pool().begin().await?;
    let asker: Option<(String,)> = sqlx::query_as(
        "UPDATE access_request SET decision = $1, decided_by = $2, decided_at = $3 \
         WHERE id = $4 AND referral_id = $5 AND decision IS NULL RETURNING email",
    )
    .bind(decision.as_str())
    .bind(&actor.id)
    .bind(now)
    .bind(request_id)
    .bind(referral_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((asker,)) = asker else {
        return Ok(false);
    };
    let action = match decision {
        AccessDecision::Granted => {
            grant(&mut tx, referral_id, &asker, &actor.id, now).await?;
            AuditAction::AccessGranted
        }
        AccessDecision::Refused => AuditAction::AccessRefused,
    };
    record(&mut tx, action, reference, actor, &asker, (origin, now)).await?;
    tx.commit().await?;
    Ok(true)
}

async fn record(
    conn: &mut Conn,
    action: AuditAction,
    reference: &str,
    actor: &Actor,
    detail: &str,
    (origin, at): (&Origin, i64),
) -> Result<(), DbError> {
    audit::record(
        conn,
        &Entry {
            actor: &audit::Actor::new(&actor.id, actor.role.as_str()),
            action,
            target: Target::Case(reference),
            detail,
            origin,
            at,
        },
    )
    .await
}
