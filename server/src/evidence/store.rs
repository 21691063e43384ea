//! The `evidence_file` table: one row per file. A responder's upload is first
//! tied to its draft, then (when the draft is sent) to its referral; a
//! caseworker's document belongs to its case from the start. Every query on
//! it is here. (Finding orphans reads which `draft` ids still exist, no more.)

use app::casework::documents::DocumentCategory;

use crate::platform::db::{Conn, Db, DbError};

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct EvidenceFile {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    #[sqlx(try_from = "String")]
    pub category: DocumentCategory,
}

const COLUMNS: &str = "id, file_name, media_type, size_bytes, storage_key, category";

/// A case's file with who added it and when.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CaseDocument {
    #[sqlx(flatten)]
    pub file: EvidenceFile,
    /// The responder who sent it, or the caseworker who added it.
    pub added_by: String,
    pub added_at: i64,
}

pub async fn list_for_draft(db: &Db, draft_id: &str) -> Result<Vec<EvidenceFile>, DbError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM evidence_file WHERE draft_id = $1 ORDER BY uploaded_at, id"
    )))
    .bind(draft_id)
    .fetch_all(db.pool())
    .await?)
}

/// Every file a case holds, of every category, oldest first.
pub async fn list_for_referral(db: &Db, referral_id: &str) -> Result<Vec<CaseDocument>, DbError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, owner_email AS added_by, uploaded_at AS added_at FROM evidence_file \
         WHERE referral_id = $1 ORDER BY uploaded_at, id"
    )))
    .bind(referral_id)
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

/// Why a file could not be added to a draft.
#[derive(Debug, thiserror::Error)]
pub enum AddRefused {
    #[error("the draft holds the most files it may")]
    TooMany,
    #[error("the responder's drafts hold the most bytes they may")]
    QuotaFull,
    /// The draft (or case) has gone.
    #[error("no such draft or case")]
    NoDraft,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for AddRefused {
    fn from(error: sqlx::Error) -> Self {
        AddRefused::Db(error.into())
    }
}

/// What one responder may keep in their unsent drafts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Files in one draft.
    pub files_per_draft: i64,
    /// Bytes across every unsent draft of theirs.
    pub bytes_per_responder: i64,
}

/// Adds a stored file to one of the owner's drafts, inside the caller's
/// transaction, with the limits checked in it: the first statement locks the
/// owner's drafts (and on SQLite takes the write lock), so two uploads at
/// once are counted one after the other and cannot both pass the last place.
pub async fn add_to_draft(
    conn: &mut Conn,
    owner_email: &str,
    draft_id: &str,
    file: &EvidenceFile,
    limits: Limits,
    now: i64,
) -> Result<(), AddRefused> {
    let locked = sqlx::query("UPDATE draft SET updated_at = updated_at WHERE owner_email = $1")
        .bind(owner_email)
        .execute(&mut *conn)
        .await?;
    if locked.rows_affected() == 0 {
        return Err(AddRefused::NoDraft);
    }
    let (files, held): (i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM evidence_file WHERE draft_id = $1 AND owner_email = $2) AS files, \
           (SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM evidence_file \
              WHERE owner_email = $2 AND referral_id IS NULL) AS held",
    )
    .bind(draft_id)
    .bind(owner_email)
    .fetch_one(&mut *conn)
    .await?;
    if files >= limits.files_per_draft {
        return Err(AddRefused::TooMany);
    }
    if held + file.size_bytes > limits.bytes_per_responder {
        return Err(AddRefused::QuotaFull);
    }
    insert(conn, owner_email, Place::Draft(draft_id), file, now).await?;
    Ok(())
}

/// Where a new row goes.
enum Place<'a> {
    Draft(&'a str),
    Referral(&'a str),
}

async fn insert(
    conn: &mut Conn,
    owner_email: &str,
    place: Place<'_>,
    file: &EvidenceFile,
    now: i64,
) -> Result<(), DbError> {
    let (draft_id, referral_id) = match place {
        Place::Draft(id) => (Some(id), None),
        Place::Referral(id) => (None, Some(id)),
    };
    sqlx::query(
        "INSERT INTO evidence_file (id, owner_email, draft_id, referral_id, file_name, \
         media_type, size_bytes, storage_key, uploaded_at, category) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&file.id)
    .bind(owner_email)
    .bind(draft_id)
    .bind(referral_id)
    .bind(&file.file_name)
    .bind(&file.media_type)
    .bind(file.size_bytes)
    .bind(&file.storage_key)
    .bind(now)
    .bind(file.category.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Adds a caseworker's document to a case inside the caller's transaction,
/// unless the case holds the most documents caseworkers may add. The case
/// holds something new, so its version goes up (a decision drafted on a page
/// from before it is refused as made without it); that first statement also
/// locks the case's row (on SQLite, takes the write lock), so two documents
/// added at once are counted one after the other.
pub async fn add_to_case(
    conn: &mut Conn,
    added_by: &str,
    referral_id: &str,
    file: &EvidenceFile,
    now: i64,
) -> Result<(), AddRefused> {
    let locked = sqlx::query("UPDATE referral SET version = version + 1 WHERE id = $1")
        .bind(referral_id)
        .execute(&mut *conn)
        .await?;
    if locked.rows_affected() == 0 {
        return Err(AddRefused::NoDraft);
    }
    let (added,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM evidence_file WHERE referral_id = $1 AND category <> $2",
    )
    .bind(referral_id)
    .bind(DocumentCategory::FromReferrer.as_str())
    .fetch_one(&mut *conn)
    .await?;
    if added >= app::casework::documents::MAX_CASE_DOCUMENTS {
        return Err(AddRefused::TooMany);
    }
    insert(conn, added_by, Place::Referral(referral_id), file, now).await?;
    Ok(())
}

/// Removes one of the owner's draft files inside the caller's transaction;
/// returns its storage key if there was one (for the store to delete once
/// the change is committed).
pub async fn remove(
    conn: &mut Conn,
    owner_email: &str,
    draft_id: &str,
    id: &str,
) -> Result<Option<String>, DbError> {
    let key: Option<(String,)> = sqlx::query_as(
        "DELETE FROM evidence_file WHERE id = $1 AND owner_email = $2 AND draft_id = $3 \
         RETURNING storage_key",
    )
    .bind(id)
    .bind(owner_email)
    .bind(draft_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(key.map(|(key,)| key))
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

/// A row's id, its file's key and when it was written (for the reconciliation).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct KeyRow {
    pub id: String,
    pub storage_key: String,
    pub uploaded_at: i64,
}

/// Every row's file key.
pub async fn all_keys(db: &Db) -> Result<Vec<KeyRow>, DbError> {
    Ok(
        sqlx::query_as("SELECT id, storage_key, uploaded_at FROM evidence_file")
            .fetch_all(db.pool())
            .await?,
    )
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
    /// The case it was sent with (caseworkers who may open the case may read it).
    pub referral_id: Option<String>,
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
        referral_id: row.referral_id,
    }))
}

#[derive(sqlx::FromRow)]
struct DownloadRow {
    #[sqlx(flatten)]
    file: EvidenceFile,
    owner_email: String,
    referral_id: Option<String>,
}

/// Retention: deletes a case's file rows inside the caller's transaction and
/// returns their storage keys (the files go once the change is committed).
pub async fn delete_for_referral(
    conn: &mut Conn,
    referral_id: &str,
) -> Result<Vec<String>, DbError> {
    let keys: Vec<(String,)> =
        sqlx::query_as("DELETE FROM evidence_file WHERE referral_id = $1 RETURNING storage_key")
            .bind(referral_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(keys.into_iter().map(|(key,)| key).collect())
}
