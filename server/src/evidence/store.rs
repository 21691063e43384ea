//! The `evidence_file` table: one row per uploaded file, first tied to its
//! draft, then (when the draft is sent) to its referral. Every query on it is
//! here. (Finding orphans reads which `draft` ids still exist, no more.)

use crate::platform::db::{Conn, Db, DbError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct EvidenceFile {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

const COLUMNS: &str = "id, file_name, media_type, size_bytes, storage_key";

pub async fn list_for_draft(db: &Db, draft_id: &str) -> Result<Vec<EvidenceFile>, DbError> {
    list(db, "draft_id", draft_id).await
}

pub async fn list_for_referral(db: &Db, referral_id: &str) -> Result<Vec<EvidenceFile>, DbError> {
    list(db, "referral_id", referral_id).await
}

async fn list(db: &Db, column: &'static str, id: &str) -> Result<Vec<EvidenceFile>, DbError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM evidence_file WHERE {column} = $1 ORDER BY uploaded_at, id"
    )))
    .bind(id)
    .fetch_all(db.pool())
    .await?)
}

pub async fn count_for_draft(db: &Db, draft_id: &str) -> Result<i64, DbError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) AS n FROM evidence_file WHERE draft_id = $1")
            .bind(draft_id)
            .fetch_one(db.pool())
            .await?;
    Ok(n)
}

pub async fn record(
    db: &Db,
    owner_email: &str,
    draft_id: &str,
    file: &EvidenceFile,
    now: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO evidence_file (id, owner_email, draft_id, file_name, media_type, size_bytes, \
         storage_key, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&file.id)
    .bind(owner_email)
    .bind(draft_id)
    .bind(&file.file_name)
    .bind(&file.media_type)
    .bind(file.size_bytes)
    .bind(&file.storage_key)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Removes one of the owner's draft files; returns its storage key if there was one.
pub async fn remove(
    db: &Db,
    owner_email: &str,
    draft_id: &str,
    id: &str,
) -> Result<Option<String>, DbError> {
    let key: Option<(String,)> = sqlx::query_as(
        "SELECT storage_key FROM evidence_file WHERE id = $1 AND owner_email = $2 AND draft_id = $3",
    )
    .bind(id)
    .bind(owner_email)
    .bind(draft_id)
    .fetch_optional(db.pool())
    .await?;
    let Some((key,)) = key else { return Ok(None) };
    sqlx::query("DELETE FROM evidence_file WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(Some(key))
}

/// Deletes the rows of files whose draft has gone (deleted or expired) and
/// was never sent; returns their storage keys, for the store to delete.
pub async fn delete_orphans(db: &Db) -> Result<Vec<String>, DbError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, storage_key FROM evidence_file WHERE referral_id IS NULL AND \
         (draft_id IS NULL OR draft_id NOT IN (SELECT id FROM draft))",
    )
    .fetch_all(db.pool())
    .await?;
    let mut keys = Vec::new();
    for (id, key) in rows {
        sqlx::query("DELETE FROM evidence_file WHERE id = $1")
            .bind(&id)
            .execute(db.pool())
            .await?;
        keys.push(key);
    }
    Ok(keys)
}

/// Ties a sent draft's files to the referral it became (part of sending it).
pub async fn attach_to_referral(
    conn: &mut Conn,
    draft_id: &str,
    referral_id: &str,
) -> Result<(), DbError> {
    sqlx::query("UPDATE evidence_file SET referral_id = $1, draft_id = NULL WHERE draft_id = $2")
        .bind(referral_id)
        .bind(draft_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A file and who may download it.
pub struct Downloadable {
    pub file: EvidenceFile,
    pub owner_email: String,
    /// Sent as part of a referral (caseworkers may read it).
    pub sent: bool,
}

pub async fn find(db: &Db, id: &str) -> Result<Option<Downloadable>, DbError> {
    let row = sqlx::query_as::<_, DownloadRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, owner_email, referral_id FROM evidence_file WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|row| Downloadable {
        file: row.file,
        owner_email: row.owner_email,
        sent: row.referral_id.is_some(),
    }))
}

#[derive(sqlx::FromRow)]
struct DownloadRow {
    #[sqlx(flatten)]
    file: EvidenceFile,
    owner_email: String,
    referral_id: Option<String>,
}
