//! What a case holds beside its lifecycle: internal notes, the decision
//! letters written, candidate duplicates and links, and the team's workload.

use app::casework::duplicates::{why_candidate, Person};
use sqlx::Row;

use crate::platform::db::{Db, DbError};
use app::casework::referral::ReferralKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub at: i64,
    pub author_email: String,
    pub body: String,
}

pub async fn add_note(
    db: &Db,
    referral_id: &str,
    author_email: &str,
    body: &str,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO case_note (id, referral_id, at, author_email, body) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(referral_id)
    .bind(now)
    .bind(author_email)
    .bind(body)
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn notes(db: &Db, referral_id: &str) -> Result<Vec<Note>, DbError> {
    let rows = sqlx::query(
        "SELECT at, author_email, body FROM case_note WHERE referral_id = $1 ORDER BY at, id",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Note {
                at: r.try_get("at")?,
                author_email: r.try_get("author_email")?,
                body: r.try_get("body")?,
            })
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterRecord {
    pub at: i64,
    pub recipient: String,
    pub route: String,
    pub address: String,
    pub subject: String,
}

pub async fn letters(db: &Db, referral_id: &str) -> Result<Vec<LetterRecord>, DbError> {
    let rows = sqlx::query(
        "SELECT at, recipient, route, address, subject FROM case_letter WHERE referral_id = $1 \
         ORDER BY at, id",
    )
    .bind(referral_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LetterRecord {
                at: r.try_get("at")?,
                recipient: r.try_get("recipient")?,
                route: r.try_get("route")?,
                address: r.try_get("address")?,
                subject: r.try_get("subject")?,
            })
        })
        .collect()
}

/// Another referral that may be about the same person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub reference: String,
    pub name: String,
    pub dob: String,
    pub nationality: String,
    pub organisation: String,
    pub why: &'static str,
}

/// Rows read to look for candidates, at most (the keys are indexed, so a
/// common name's rows are few).
const CANDIDATE_ROWS: i64 = 200;

/// Referrals sharing a date of birth or a folded name with this one, kept
/// when the rules in `app::casework::duplicates` call them candidates.
pub async fn candidates(
    db: &Db,
    referral_id: &str,
    person: &Person,
) -> Result<Vec<Candidate>, DbError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT reference, pv_name, pv_name_key, pv_dob, nationality, referrer_organisation \
         FROM referral WHERE kind = '{NRM}' AND id <> $1 AND duplicate_of IS NULL \
         AND ((pv_dob = $2 AND pv_dob <> '') OR (pv_name_key = $3 AND pv_name_key <> '')) \
         ORDER BY received_at DESC LIMIT {CANDIDATE_ROWS}",
        NRM = ReferralKind::Nrm.as_str()
    )))
    .bind(referral_id)
    .bind(&person.dob)
    .bind(&person.name_key)
    .fetch_all(db.pool())
    .await?;
    let mut found = Vec::new();
    for row in rows {
        let other = Person {
            name_key: row.try_get("pv_name_key")?,
            dob: row.try_get("pv_dob")?,
            nationality: row.try_get("nationality")?,
        };
        if let Some(why) = why_candidate(person, &other) {
            found.push(Candidate {
                reference: row.try_get("reference")?,
                name: row.try_get("pv_name")?,
                dob: other.dob,
                nationality: other.nationality,
                organisation: row.try_get("referrer_organisation")?,
                why,
            });
        }
    }
    Ok(found)
}

/// Whether `reference` is an NRM case that a duplicate may be linked to.
pub async fn can_link_to(db: &Db, reference: &str, from_id: &str) -> Result<bool, DbError> {
    let row = sqlx::query(
        "SELECT 1 AS found FROM referral WHERE reference = $1 AND kind = $3 AND id <> $2 \
         AND duplicate_of IS NULL",
    )
    .bind(reference)
    .bind(from_id)
    .bind(ReferralKind::Nrm.as_str())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.is_some())
}

/// One member of staff's open cases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    pub email: String,
    pub open: i64,
    pub overdue: i64,
}

/// Open cases per caseworker (everyone who can hold cases, busiest first).
pub async fn workload(db: &Db, today: &str) -> Result<Vec<Workload>, DbError> {
    let awaiting = crate::casework::cases::state_list(|s| s.awaits_rg_decision());
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT u.email AS email, \
         COUNT(r.id) AS open_cases, \
         COALESCE(SUM(CASE WHEN r.rg_due_on < $1 AND r.state IN ({awaiting}) THEN 1 ELSE 0 END), 0) AS overdue \
         FROM user_account u LEFT JOIN referral r \
         ON r.assignee_email IS NOT NULL AND r.assignee_email = u.email AND r.in_queue = 1 \
         WHERE u.role IN ('caseworker', 'senior_caseworker') AND u.disabled_at IS NULL \
         GROUP BY u.email ORDER BY COUNT(r.id) DESC, u.email"
    )))
    .bind(today)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Workload {
                email: r.try_get("email")?,
                open: r.try_get("open_cases")?,
                overdue: r.try_get("overdue")?,
            })
        })
        .collect()
}

/// Whether `email` is an active caseworker who can hold cases.
pub async fn is_caseworker(db: &Db, email: &str) -> Result<bool, DbError> {
    let row = sqlx::query(
        "SELECT 1 AS found FROM user_account WHERE email = $1 \
         AND role IN ('caseworker', 'senior_caseworker') AND disabled_at IS NULL",
    )
    .bind(email)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.is_some())
}
