//! `POST /casework/cases/<reference>/documents/add`: a caseworker adds a
//! document to a case (information received, a decision letter as sent,
//! other), a multipart post checked like a responder's upload. It answers
//! with the Documents tab: with the reason when refused, so that the page
//! and its forms are the tab's own, with JavaScript or without.

use app::audit::AuditAction;
use app::casework::documents::{
    chosen, DocumentRefusal, CATEGORY, DOCUMENT_ADDED, DOCUMENT_REFUSED,
};
use app::casework::permissions::Action;
use app::limits::UploadRefusal;
use app::routes::CaseTab;
use axum::extract::{multipart::MultipartRejection, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::casework::{cases, restriction};
use crate::evidence::store::{add_to_case, AddRefused};
use crate::evidence::upload;
use crate::identity::access::Staff;
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::web::context::AppState;
use crate::web::error::AppError;

pub async fn post_add(
    State(state): State<AppState>,
    staff: Staff,
    origin: Origin,
    Path(reference): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    staff.require(Action::AddDocument)?;
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    if !restriction::may_open_id(&state.db, &staff, &case.id).await? {
        return Err(AppError::Forbidden);
    }
    // A case whose personal details have gone under retention takes no more.
    if case.redacted_at.is_some() {
        return Err(AppError::Forbidden);
    }
    let multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let tab = CaseTab::Documents.href(&reference);
    let (text, stored) = upload::receive(&state, multipart, &[CATEGORY]).await;
    let typed = text.get(CATEGORY).map(String::as_str).unwrap_or_default();
    let category = chosen(typed);
    let (category, stored) = match (category, stored) {
        (Some(category), Ok(stored)) => (category, stored),
        (category, stored) => {
            let mut refusals = Vec::new();
            if category.is_none() {
                refusals.push(DocumentRefusal::NoCategory);
            }
            match stored {
                Ok(stored) => stored.discard(&state).await,
                Err(refusal) => refusals.push(DocumentRefusal::File(refusal)),
            }
            return Ok(back(&tab, &refusals, category));
        }
    };
    let file = stored.row(category);
    let now = now_seconds();
    let added = async {
        let mut tx = state.db.pool().begin().await?;
        add_to_case(&mut tx, &staff.email, &case.id, &file, now).await?;
        let actor = staff.audit_actor();
        let by = By {
            actor: &actor,
            origin: &origin,
        };
        // The category, never the file's name: it can name the person.
        let entry = by.entry(
            AuditAction::DocumentAdded,
            Target::Case(&reference),
            category.as_str(),
            now,
        );
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok::<(), AddRefused>(())
    }
    .await;
    match added {
        Ok(()) => {
            tracing::info!(
                media_type = stored.media_type(),
                size = stored.size(),
                "document added to a case"
            );
            Ok(Redirect::to(&format!("{tab}?{DOCUMENT_ADDED}=1")).into_response())
        }
        Err(refused) => {
            stored.discard(&state).await;
            match refused {
                AddRefused::TooMany => Ok(back(
                    &tab,
                    &[DocumentRefusal::File(UploadRefusal::TooMany)],
                    Some(category),
                )),
                AddRefused::NoDraft => Err(AppError::NotFound),
                // Not for a case: its documents count towards no one's quota.
                AddRefused::QuotaFull => Err(AppError::BadRequest),
                AddRefused::Db(error) => Err(AppError::Db(error)),
            }
        }
    }
}

/// The Documents tab, told what was refused and which category was chosen.
fn back(
    tab: &str,
    refusals: &[DocumentRefusal],
    category: Option<app::casework::documents::DocumentCategory>,
) -> Response {
    let names: Vec<&str> = refusals.iter().map(|r| r.as_str()).collect();
    let mut location = format!("{tab}?{DOCUMENT_REFUSED}={}", names.join(","));
    if let Some(category) = category {
        location.push_str(&format!("&{CATEGORY}={}", category.as_str()));
    }
    Redirect::to(&location).into_response()
}
