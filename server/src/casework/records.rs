//! What a case holds beside its lifecycle: the `case_note` table (internal
//! notes) and the `case_letter` table (the decision letters written). Every
//! query on them is here.

use app::audit::AuditAction;
use app::casework::letters::{Decision, Letter, Route};

use crate::casework::version::{CaseWrite, WriteError};
use crate::platform::db::{Conn, Db, DbError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Note {
    pub at: i64,
    pub author_email: String,
    pub body: String,
}

/// Adds an internal note to the case (at the version its author saw),
/// recorded in the audit log.
pub async fn add_note(db: &Db, write: CaseWrite<'_>, body: &str) -> Result<(), WriteError> {
    let mut tx = write.begin(db).await?;
    sqlx::query(
        "INSERT INTO case_note (id, referral_id, at, author_email, body) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(write.referral_id())
    .bind(write.at)
    .bind(&write.actor.id)
    .bind(body)
    .execute(&mut *tx)
    .await?;
    write.record(&mut tx, AuditAction::NoteAdded, "").await?;
    tx.commit().await?;
    Ok(())
}

pub async fn notes(db: &Db, referral_id: &str) -> Result<Vec<Note>, DbError> {
    Ok(sqlx::query_as(
        "SELECT at, author_email, body FROM case_note WHERE referral_id = $1 ORDER BY at, id",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?)
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct LetterRecord {
    pub at: i64,
    pub recipient: String,
    pub route: String,
    pub address: String,
    pub subject: String,
}

pub async fn letters(db: &Db, referral_id: &str) -> Result<Vec<LetterRecord>, DbError> {
    Ok(sqlx::query_as(
        "SELECT at, recipient, route, address, subject FROM case_letter WHERE referral_id = $1 \
         ORDER BY at, id",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?)
}

/// Keeps a decision letter with the case (part of the change that decided it).
pub async fn record_letter(
    conn: &mut Conn,
    referral_id: &str,
    now: i64,
    decision: Decision,
    letter: &Letter,
) -> Result<(), DbError> {
    let (route, address) = match &letter.route {
        Route::Email(address) => ("email", address.clone()),
        Route::Post(lines) => ("post", lines.join("\n")),
    };
    sqlx::query(
        "INSERT INTO case_letter (id, referral_id, at, decision, recipient, route, address, \
         subject, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(referral_id)
    .bind(now)
    .bind(decision.name())
    .bind(letter.recipient.name())
    .bind(route)
    .bind(&address)
    .bind(&letter.subject)
    .bind(&letter.body)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Retention: deletes a case's notes and letters inside the caller's
/// transaction; returns how many rows went.
pub async fn delete_for_referral(conn: &mut Conn, referral_id: &str) -> Result<u64, DbError> {
    let notes = sqlx::query("DELETE FROM case_note WHERE referral_id = $1")
        .bind(referral_id)
        .execute(&mut *conn)
        .await?;
    let letters = sqlx::query("DELETE FROM case_letter WHERE referral_id = $1")
        .bind(referral_id)
        .execute(&mut *conn)
        .await?;
    Ok(notes.rows_affected() + letters.rows_affected())
}
