//! `GET /evidence/<id>`: downloads, for the responder who uploaded a file and
//! for caseworkers who may open its case.

use app::audit::AuditAction;
use app::casework::documents::DocumentCategory;
use app::casework::lifecycle::Role;
use app::casework::permissions::Action;
use axum::extract::{Path, State};
use axum::http::{header, Extensions, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::evidence::store;
use crate::identity::access::{Responder, Staff};
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::web::context::AppState;
use crate::web::error::AppError;

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
    State(state): State<AppState>,
    Path(id): Path<String>,
    origin: Origin,
    extensions: Extensions,
) -> Response {
    let staff_member = Staff::from_extensions(&extensions);
    let staff = staff_member
        .as_ref()
        .is_some_and(|s| s.may(Action::DownloadEvidence));
    // A responder reads back the files of their own draft (and only theirs).
    let user = Responder::from_extensions(&extensions).map(|r| r.user.email.to_lowercase());
    let found = match store::find(&state.db, &id).await {
        Ok(found) => found,
        Err(error) => return AppError::Db(error).into_response(),
    };
    // Staff read a sent file if they may open its case (it may be restricted).
    let staff = match (
        &staff_member,
        found.as_ref().and_then(|f| f.referral_id.as_deref()),
    ) {
        (Some(member), Some(case)) if staff => {
            match crate::casework::restriction::may_open_id(&state.db, member, case).await {
                Ok(open) => open,
                Err(error) => return AppError::Db(error).into_response(),
            }
        }
        _ => false,
    };
    // A responder reads back their own uploads; a document a caseworker
    // added to the case is never a responder's to read.
    let uploader = |f: &store::Downloadable| {
        f.file.category == DocumentCategory::FromReferrer
            && user.as_deref() == Some(f.owner_email.to_lowercase().as_str())
    };
    let Some(found) = found.filter(|f| staff || uploader(f)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let actor = match (&staff_member, &user) {
        (Some(member), _) if staff => audit::Actor::new(&member.email, member.role.as_str()),
        (_, Some(email)) => audit::Actor::new(email, Role::FirstResponder.as_str()),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let entry = Entry {
        actor: &actor,
        action: AuditAction::EvidenceDownloaded,
        target: Target::File(&found.file.id),
        // Not the file's name: it can name the person.
        detail: "",
        origin: &origin,
        at: now_seconds(),
    };
    // Nothing is sent unless its reading is on record.
    if let Err(error) = audit::record_alone(&state.db, &entry).await {
        return AppError::Db(error).into_response();
    }
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
