//! Evidence files: streamed to a file store while their size and type are
//! checked, listed and removed by their uploader, deleted with their draft.
//!
//! The type is decided by the file's first bytes, never by the browser's
//! claim or the file's name alone (the live service trusted both).

use sqlx::{any::AnyRow, Row};

use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;

/// The upload step's slug.
pub const STEP: &str = "upload-evidence";
pub use app::limits::{MAX_FILES, MAX_FILE_BYTES};
/// The form field that carries the file.
pub const FIELD: &str = "upload-file";

/// The kinds of file taken (spec V11), told apart by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    /// Word 97–2003 (an OLE2 compound file).
    Doc,
    /// Word 2007 and later (a ZIP package).
    Docx,
}

impl FileType {
    /// Bytes needed to decide.
    pub const SNIFF_LEN: usize = 8;

    /// Decides the type from the file's first bytes (and, for ZIP packages, its name).
    pub fn sniff(head: &[u8], file_name: &str) -> Option<Self> {
        let name = file_name.to_ascii_lowercase();
        if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
            && name.ends_with(".doc")
        {
            Some(Self::Doc)
        } else if head.starts_with(b"PK\x03\x04") && name.ends_with(".docx") {
            Some(Self::Docx)
        } else {
            None
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Doc => "application/msword",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceFile {
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

const COLUMNS: &str = "id, file_name, media_type, size_bytes, storage_key";

fn from_row(row: &AnyRow) -> Result<EvidenceFile, DbError> {
    Ok(EvidenceFile {
        id: row.try_get("id")?,
        file_name: row.try_get("file_name")?,
        media_type: row.try_get("media_type")?,
        size_bytes: row.try_get("size_bytes")?,
        storage_key: row.try_get("storage_key")?,
    })
}

pub async fn list_for_draft(
    state: &AppState,
    draft_id: &str,
) -> Result<Vec<EvidenceFile>, DbError> {
    list(&state.db, "draft_id", draft_id).await
}

pub async fn list_for_referral(db: &Db, referral_id: &str) -> Result<Vec<EvidenceFile>, DbError> {
    list(db, "referral_id", referral_id).await
}

async fn list(db: &Db, column: &'static str, id: &str) -> Result<Vec<EvidenceFile>, DbError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM evidence_file WHERE {column} = $1 ORDER BY uploaded_at, id"
    )))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn count_for_draft(db: &Db, draft_id: &str) -> Result<i64, DbError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM evidence_file WHERE draft_id = $1")
        .bind(draft_id)
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("n")?)
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
    let row = sqlx::query(
        "SELECT storage_key FROM evidence_file WHERE id = $1 AND owner_email = $2 AND draft_id = $3",
    )
    .bind(id)
    .bind(owner_email)
    .bind(draft_id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    sqlx::query("DELETE FROM evidence_file WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(Some(row.try_get("storage_key")?))
}

/// Deletes the rows of files whose draft has gone (deleted or expired) and
/// was never sent; returns their storage keys, for the store to delete.
pub async fn delete_orphans(db: &Db) -> Result<Vec<String>, DbError> {
    let rows = sqlx::query(
        "SELECT id, storage_key FROM evidence_file WHERE referral_id IS NULL AND \
         (draft_id IS NULL OR draft_id NOT IN (SELECT id FROM draft))",
    )
    .fetch_all(db.pool())
    .await?;
    let mut keys = Vec::new();
    for row in rows {
        let id: String = row.try_get("id")?;
        sqlx::query("DELETE FROM evidence_file WHERE id = $1")
            .bind(&id)
            .execute(db.pool())
            .await?;
        keys.push(row.try_get("storage_key")?);
    }
    Ok(keys)
}

/// Deletes the files of drafts that have gone. Failures are logged; the clean-up job retries.
pub async fn delete_orphaned_files(state: &AppState) {
    match delete_orphans(&state.db).await {
        Ok(keys) => {
            for key in keys {
                if let Err(error) = state.files.delete(&key).await {
                    tracing::warn!(%error, "could not delete an evidence file");
                }
            }
        }
        Err(error) => tracing::error!(%error, "could not find orphaned evidence files"),
    }
}

/// "2.4 MB", "310 KB".
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let bytes = bytes.max(0) as f64;
    if bytes >= KB * KB {
        format!("{:.1} MB", bytes / (KB * KB))
    } else {
        format!("{} KB", (bytes / KB).ceil().max(1.0))
    }
}

/// A file name safe to show and store: no path, no control characters, at most 200 characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned
    }
}

/// A file and who may download it.
struct Downloadable {
    file: EvidenceFile,
    owner_email: String,
    sent: bool,
}

async fn find(db: &Db, id: &str) -> Result<Option<Downloadable>, DbError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, owner_email, referral_id FROM evidence_file WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let referral: Option<String> = row.try_get("referral_id")?;
    Ok(Some(Downloadable {
        file: from_row(&row)?,
        owner_email: row.try_get("owner_email")?,
        sent: referral.is_some(),
    }))
}

/// `Content-Disposition` for a download: an ASCII fallback and the exact name.
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// `GET /evidence/<id>`: the file, for caseworkers (once sent) and for the
/// person who uploaded it; everybody else is told it does not exist.
pub async fn get_file(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    extensions: axum::http::Extensions,
) -> axum::response::Response {
    use crate::identity::access::{Responder, Staff};
    use app::casework::permissions::Action;
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let staff =
        Staff::from_extensions(&extensions).is_some_and(|s| s.may(Action::DownloadEvidence));
    // A responder reads back the files of their own draft (and only theirs).
    let user = Responder::from_extensions(&extensions).map(|r| r.user.email.to_lowercase());
    let found = match find(&state.db, &id).await {
        Ok(found) => found,
        Err(error) => return crate::web::error::AppError::Db(error).into_response(),
    };
    let Some(found) = found.filter(|f| {
        (staff && f.sent) || user.as_deref() == Some(f.owner_email.to_lowercase().as_str())
    }) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state.files.open(&found.file.storage_key).await {
        Ok(file) => {
            tracing::info!(file = %found.file.id, staff, "evidence downloaded");
            (
                [
                    (header::CONTENT_TYPE, found.file.media_type.clone()),
                    (
                        header::CONTENT_DISPOSITION,
                        attachment(&found.file.file_name),
                    ),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                    (header::CONTENT_LENGTH, file.len.to_string()),
                ],
                axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file.reader)),
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(%error, file = %found.file.id, "evidence file unreadable");
            StatusCode::NOT_FOUND.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_content_not_names() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n", "a.pdf"), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n", "photo.png"),
            Some(FileType::Png)
        );
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0], "p.jpg"),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"PK\x03\x04rest", "statement.docx"),
            Some(FileType::Docx)
        );
        // A program renamed to look like a document is refused.
        assert_eq!(
            FileType::sniff(b"MZ\x90\x00\x03\x00", "statement.pdf"),
            None
        );
        assert_eq!(
            FileType::sniff(b"MZ\x90\x00\x03\x00", "statement.docx"),
            None
        );
        // A ZIP that is not named as a Word document is refused.
        assert_eq!(FileType::sniff(b"PK\x03\x04rest", "archive.zip"), None);
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\me\\statement.pdf"),
            "statement.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\n.png"), "ab.png");
        assert_eq!(clean_file_name(""), "file");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(2 * 1024 * 1024 + 400 * 1024), "2.4 MB");
    }
}
