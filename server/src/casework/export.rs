//! `GET /casework/admin/export/<reference>.zip`: everything the service holds
//! about one case, for a subject access request or a court: the referral
//! (its columns, answers and the record sent with it), its timeline, notes, flags, links,
//! letters, shares, the list of its files, every audit row about it and its
//! files, and the files themselves, as one zip. Administrators only; the
//! export itself is on record before a byte is sent.
//!
//! The zip is written to an unnamed temporary file (unlinked as soon as it is
//! made), then streamed: a case's files can be large.

use std::io::{Seek, Write};

use app::audit::AuditAction;
use app::casework::permissions::Action;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::casework::cases;
use crate::casework::records;
use crate::casework::shares;
use crate::evidence;
use crate::identity::access::Staff;
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;
use crate::web::error::AppError;

/// Audit rows exported per target at most.
const AUDIT_ROWS: i64 = 1_000_000;

#[derive(Debug, thiserror::Error)]
enum ExportError {
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("writing the zip: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing the zip: {0}")]
    Join(#[from] tokio::task::JoinError),
}

impl From<ExportError> for AppError {
    fn from(error: ExportError) -> Self {
        tracing::error!(%error, "case export failed");
        AppError::Unavailable
    }
}

/// The zip being written, on a blocking thread one entry at a time.
struct Archive(ZipWriter<std::fs::File>);

impl Archive {
    fn create() -> Result<Self, ExportError> {
        let path =
            std::env::temp_dir().join(format!("nrm-export-{}.zip", uuid::Uuid::new_v4().simple()));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Nobody else can open it by name; it goes when the download ends.
        std::fs::remove_file(&path)?;
        Ok(Self(ZipWriter::new(file)))
    }

    /// Adds an entry; `packed` entries are deflated (text), others stored
    /// as they are (PDFs and images are compressed already).
    async fn add(
        mut self,
        name: String,
        bytes: Vec<u8>,
        packed: bool,
    ) -> Result<Self, ExportError> {
        tokio::task::spawn_blocking(move || {
            let method = if packed {
                CompressionMethod::Deflated
            } else {
                CompressionMethod::Stored
            };
            let options = SimpleFileOptions::default()
                .compression_method(method)
                .large_file(bytes.len() >= u32::MAX as usize);
            self.0.start_file(name, options)?;
            self.0.write_all(&bytes)?;
            Ok(self)
        })
        .await?
    }

    async fn finish(self) -> Result<(std::fs::File, u64), ExportError> {
        tokio::task::spawn_blocking(move || {
            let mut file = self.0.finish()?;
            let len = file.stream_position()?;
            file.rewind()?;
            Ok((file, len))
        })
        .await?
    }
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

/// A name safe inside a zip: no folders, no control characters.
fn entry_name(id: &str, file_name: &str) -> String {
    let clean = evidence::clean_file_name(file_name).replace(['/', '\\'], "_");
    format!("files/{id}-{clean}")
}

pub async fn get_export(
    State(state): State<AppState>,
    admin: Staff,
    origin: Origin,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    admin.require(Action::ExportCase)?;
    let reference = file
        .strip_suffix(app::routes::CASE_EXPORT_ENDING)
        .ok_or(AppError::NotFound)?;
    let db = &state.db;
    let case = cases::find(db, reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = now_seconds();
    let actor = admin.audit_actor();
    let by = By {
        actor: &actor,
        origin: &origin,
    };
    // On record before anything is read out.
    let entry = by.entry(AuditAction::CaseExported, Target::Case(reference), "", now);
    audit::record_alone(db, &entry).await?;

    let payload: serde_json::Value = serde_json::from_str(&cases::payload(db, &case.id).await?)
        .map_err(|e| DbError::Corrupt(format!("the payload of case {}: {e}", case.id)))?;
    let files = evidence::list_for_referral(db, &case.id).await?;
    let events: Vec<serde_json::Value> = case
        .events(db)
        .await?
        .iter()
        .map(|e| {
            json!({
                "at": e.at,
                "by": e.actor_email,
                "event": e.event.as_str(),
                "to_state": e.to_state.as_str(),
                "reasons": e.reasons,
            })
        })
        .collect();
    let record = json!({
        "exported_at": now,
        "exported_by": admin.email,
        "reference": case.row.reference,
        "kind": case.row.kind.as_str(),
        "state": case.row.state.as_str(),
        "received_at": case.row.received_at,
        "rg_due_on": case.row.rg_due_on,
        "adult_or_child": case.row.adult_or_child,
        "nationality": case.row.nationality,
        "referrer_email": case.referrer_email,
        "referrer_organisation": case.row.organisation,
        "assignee": case.row.assignee,
        "potential_victim": { "name": case.pv_name, "date_of_birth": case.pv_dob },
        "details_removed_at": case.redacted_at,
        "answers": case.answers(db).await?,
        "record_sent": payload,
        "timeline": events,
        "notes": records::notes(db, &case.id).await?,
        "flags": crate::casework::flags::of_case(db, &case.id).await?.into_iter().map(|f| json!({
            "kind": f.kind.as_str(),
            "text": f.detail,
            "added_at": f.added_at,
            "added_by": f.added_by,
            "removed_at": f.removed_at,
            "removed_by": f.removed_by,
        })).collect::<Vec<_>>(),
        "links": crate::casework::links::of_case(db, &case.id).await?.into_iter().map(|l| json!({
            "kind": l.kind.as_str(),
            "other_case": l.other,
            "reasons": l.reasons,
            "added_at": l.added_at,
            "added_by": l.added_by,
            "removed_at": l.removed_at,
            "removed_by": l.removed_by,
            "removed_reasons": l.removed_reasons,
        })).collect::<Vec<_>>(),
        "letters": records::letters(db, &case.id).await?,
        "shares": shares::of_referral(db, &case.id).await?,
        "files": files.iter().map(|d| json!({
            "id": d.file.id,
            "name": d.file.file_name,
            "category": d.file.category.as_str(),
            "added_by": d.added_by,
            "added_at": d.added_at,
            "media_type": d.file.media_type,
            "size_bytes": d.file.size_bytes,
            "in_this_zip": entry_name(&d.file.id, &d.file.file_name),
        })).collect::<Vec<_>>(),
    });
    let mut trail = audit::about(db, Some(Target::Case(reference)), AUDIT_ROWS).await?;
    for file in files.iter().map(|d| &d.file) {
        trail.extend(audit::about(db, Some(Target::File(&file.id)), AUDIT_ROWS).await?);
    }
    trail.sort_by_key(|row| row.seq);

    let mut archive = Archive::create()?;
    archive = archive
        .add("case.json".into(), pretty(&record), true)
        .await?;
    archive = archive
        .add("audit.json".into(), pretty(&json!(trail)), true)
        .await?;
    for file in files.iter().map(|d| &d.file) {
        let mut opened = match state.files.open(&file.storage_key).await {
            Ok(opened) => opened,
            Err(error) => {
                // Said in the zip, not hidden: the reconciliation reports it too.
                tracing::error!(%error, file = %file.id, "export: an evidence file is missing");
                let note = format!(
                    "The file {} ({}) could not be read: {error}\n",
                    file.id, file.file_name
                );
                archive = archive
                    .add(
                        format!("{}.missing.txt", entry_name(&file.id, &file.file_name)),
                        note.into_bytes(),
                        true,
                    )
                    .await?;
                continue;
            }
        };
        let mut bytes = Vec::with_capacity(usize::try_from(opened.len).unwrap_or(0));
        tokio::io::AsyncReadExt::read_to_end(&mut opened.reader, &mut bytes)
            .await
            .map_err(ExportError::from)?;
        archive = archive
            .add(entry_name(&file.id, &file.file_name), bytes, false)
            .await?;
    }
    let (file, len) = archive.finish().await?;
    tracing::info!(admin = %admin.email, case = %reference, "case exported");
    let reader = tokio::fs::File::from_std(file);
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{reference}.zip\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::CONTENT_LENGTH, len.to_string()),
        ],
        axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(reader)),
    )
        .into_response())
}
