//! What the desk shows of the audit log: the administrators' page (by case
//! or by person, and the last check of the chain) and a case's list of who
//! has opened it. The log itself is `platform::audit`'s.

use app::api::{AuditCheck, AuditRow, AuditView, ViewerEntry};
use app::audit::AuditAction;
use app::casework::lifecycle::Role;
use app::dates::long_date_time;

use crate::platform::audit::{self, LogRow, Target};
use crate::platform::db::{Db, DbError};

/// Rows shown at most.
const SHOWN: i64 = 200;

fn shown(row: LogRow) -> Result<AuditRow, DbError> {
    let action: AuditAction = row.action.parse()?;
    Ok(AuditRow {
        seq: row.seq,
        at: long_date_time(row.at),
        who: if row.role == audit::SERVICE {
            "The service".to_owned()
        } else if row.actor.is_empty() {
            "Nobody signed in".to_owned()
        } else {
            row.actor
        },
        role: row.role,
        what: action.describe().to_owned(),
        target: row.target,
        detail: row.detail,
        client: row.client,
        request_id: row.request_id,
    })
}

/// The page: rows about the case `case` (a reference), or by or about the
/// person `person`, or the newest of all when both are empty.
pub async fn page(db: &Db, case: &str, person: &str) -> Result<AuditView, DbError> {
    let (case, person) = (case.trim(), person.trim());
    let rows = if !case.is_empty() {
        audit::about(db, Some(Target::Case(case)), SHOWN).await?
    } else if !person.is_empty() {
        audit::about(db, Some(Target::Person(person)), SHOWN).await?
    } else {
        audit::about(db, None, SHOWN).await?
    };
    Ok(AuditView {
        rows: rows.into_iter().map(shown).collect::<Result<_, _>>()?,
        check: audit::last_check(db).await?.map(|check| AuditCheck {
            at: long_date_time(check.at),
            rows: check.rows,
            broken_at: check.broken_seq,
        }),
    })
}

/// Someone who has opened a case, as its Access tab lists them.
pub fn viewer_entry(viewer: &audit::Viewer) -> Result<ViewerEntry, DbError> {
    Ok(ViewerEntry {
        who: viewer.actor.clone(),
        role: role_named(&viewer.role)?,
        last: long_date_time(viewer.last),
        times: viewer.times,
    })
}

/// A stored role as people call it ("senior caseworker").
pub fn role_named(stored: &str) -> Result<String, DbError> {
    Ok(stored.parse::<Role>()?.label().to_lowercase())
}
