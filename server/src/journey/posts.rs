//! The journey's plain form posts: what works with JavaScript off and before
//! the wasm has loaded. Each answers with a redirect (303) or the same page
//! again with its errors (422), never losing what was typed.

use app::audit::AuditAction;
use app::casework::documents::DocumentCategory;
use app::casework::permissions::Action;
use app::components::fields::ADD_ANOTHER;
use app::journey::steps::find;
use app::pages::step::SAVE_AND_EXIT;
use app::{api::SaveOutcome, dates::ymd_from_unix, routes};
use axum::{
    extract::{multipart::MultipartRejection, Multipart, Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use crate::evidence::store::{AddRefused, Limits};
use crate::evidence::{self, upload, UploadRefusal, MAX_FILES};
use crate::identity::access::Responder;
use crate::identity::sessions;
use crate::journey::drafts;
use crate::journey::steps::{current_draft, progress_of, save_step};
use crate::journey::submission::{self, Sent};
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

fn see_other(location: &str) -> Response {
    Redirect::to(location).into_response()
}

/// The field naming one of the responder's drafts or files.
const ID: &str = "id";

/// `POST /nrm/<step>`.
pub async fn post_step(
    State(state): State<AppState>,
    who: Responder,
    origin: Origin,
    Path(slug): Path<String>,
    form: FormBody,
) -> Result<Response, AppError> {
    who.require(Action::MakeReferral)?;
    let step = find(&slug).ok_or(AppError::NotFound)?;
    let mut names = step.names();
    names.push(ADD_ANOTHER.to_owned());
    names.push(SAVE_AND_EXIT.to_owned());
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let values = form.values(&names);
    if !values.get(ADD_ANOTHER).is_empty() {
        // "Add another" without JavaScript: the same page with one more row; nothing saved yet.
        return Ok(form
            .draw_again(state, values, Vec::new(), StatusCode::OK)
            .await);
    }
    let changing = form.query().split('&').any(|p| p == "change=true");
    let saved = save_step(&state, &who, &origin, &slug, changing, &values).await?;
    match saved.outcome {
        SaveOutcome::Invalid(errors) => Ok(form
            .draw_again(state, values, errors, StatusCode::UNPROCESSABLE_ENTITY)
            .await),
        SaveOutcome::GoTo(location) => {
            match (values.get(SAVE_AND_EXIT).is_empty(), saved.expires_at) {
                (false, Some(expires_at)) => save_and_exit(&state, &who, expires_at).await,
                _ => Ok(see_other(&location)),
            }
        }
    }
}

/// Ends the session after a save and shows until when the report is kept.
async fn save_and_exit(
    state: &AppState,
    who: &Responder,
    expires_at: i64,
) -> Result<Response, AppError> {
    sessions::end_by_hash(&state.db, &who.session.id_hash).await?;
    let (y, m, d) = ymd_from_unix(expires_at);
    let location = format!("{}?until={y:04}-{m:02}-{d:02}", routes::REPORT_SAVED);
    Ok((
        [
            (header::SET_COOKIE, state.session_cookie().clear()),
            crate::web::offline::forget_on_device(),
        ],
        Redirect::to(&location),
    )
        .into_response())
}

/// `POST /nrm/new`: the next step saved starts a new draft.
pub async fn post_new_report(
    State(state): State<AppState>,
    who: Responder,
) -> Result<Response, AppError> {
    who.require(Action::MakeReferral)?;
    sessions::set_current_draft(&state.db, &who.session, None).await?;
    Ok(see_other(&app::journey::summary::step_href("reference")))
}

/// `POST /nrm/continue-report`: carries on with one of the responder's drafts where they left off.
pub async fn post_continue_report(
    State(state): State<AppState>,
    who: Responder,
    form: FormBody,
) -> Result<Response, AppError> {
    who.require(Action::MakeReferral)?;
    let id = form.values(&[ID]).get(ID).to_owned();
    let Some(draft) = drafts::find_for(&state.db, &who.user.email, &id, now_seconds()).await?
    else {
        return Ok(see_other(routes::REPORTS));
    };
    sessions::set_current_draft(&state.db, &who.session, Some(&draft.id)).await?;
    let progress = progress_of(Some(&draft));
    Ok(see_other(&app::journey::views::href(
        progress.resume_at(),
        false,
    )))
}

/// `POST /nrm/are-you-sure`: deletes one of the responder's drafts and its files.
pub async fn post_delete_report(
    State(state): State<AppState>,
    who: Responder,
    origin: Origin,
    form: FormBody,
) -> Result<Response, AppError> {
    who.require(Action::MakeReferral)?;
    let id = form.values(&[ID]).get(ID).to_owned();
    let now = now_seconds();
    let mut tx = state.db.pool().begin().await.map_err(DbError::from)?;
    let deleted = drafts::delete_within(&mut tx, &who.user.email, &id).await?;
    if deleted {
        let actor = who.audit_actor();
        let by = By {
            actor: &actor,
            origin: &origin,
        };
        let entry = by.entry(AuditAction::DraftDeleted, Target::Draft(&id), "", now);
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await.map_err(DbError::from)?;
    if deleted {
        evidence::delete_orphaned_files(&state).await;
        Ok(see_other(&format!("{}?deleted=true", routes::REPORTS)))
    } else {
        Ok(see_other(routes::REPORTS))
    }
}

/// `POST /nrm/confirm`: sends the report (once, however many times it is pressed).
pub async fn post_confirm(
    State(state): State<AppState>,
    who: Responder,
    origin: Origin,
) -> Result<Response, AppError> {
    who.require(Action::MakeReferral)?;
    Ok(match submission::submit(&state, &who, &origin).await? {
        Sent::Reference(reference) => {
            see_other(&format!("{}?reference={reference}", routes::CONFIRMATION))
        }
        Sent::GoTo(location) => see_other(&location),
    })
}

/// `POST /nrm/upload-evidence/upload` (multipart): one file, checked while it streams in.
pub async fn post_upload(
    State(state): State<AppState>,
    who: Responder,
    origin: Origin,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    who.require(Action::MakeReferral)?;
    let draft = match current_draft(&state, &who).await? {
        Some(draft) if progress_of(Some(&draft)).reaches(evidence::STEP) => draft,
        _ => return Ok(see_other(routes::REPORTS)),
    };
    let multipart = multipart.map_err(|_| AppError::BadRequest)?;
    let result = receive(&state, &who, &origin, &draft.id, multipart).await;
    let step_page = app::journey::summary::step_href(evidence::STEP);
    match result {
        Ok(()) => Ok(see_other(&step_page)),
        // Back to the step's own page with the reason, so that the page (and
        // its forms) are the step's, with JavaScript or without.
        Err(Refused(refusal)) => {
            tracing::info!(refusal = refusal.as_str(), "upload refused");
            Ok(see_other(&format!(
                "{step_page}?{}={}",
                app::limits::UPLOAD_REFUSED,
                refusal.as_str()
            )))
        }
    }
}

/// Why an upload was refused.
struct Refused(UploadRefusal);

async fn receive(
    state: &AppState,
    who: &Responder,
    origin: &Origin,
    draft_id: &str,
    multipart: Multipart,
) -> Result<(), Refused> {
    let unavailable = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "upload failed");
        Refused(UploadRefusal::Failed)
    };
    let count = evidence::count_for_draft(&state.db, draft_id)
        .await
        .map_err(|e| unavailable(&e))?;
    if count >= MAX_FILES {
        return Err(Refused(UploadRefusal::TooMany));
    }
    let stored = upload::receive(state, multipart, &[])
        .await
        .1
        .map_err(Refused)?;
    let file = stored.row(DocumentCategory::FromReferrer);
    let now = now_seconds();
    let limits = Limits {
        files_per_draft: MAX_FILES,
        bytes_per_responder: state.config.evidence_quota_bytes,
    };
    let added = async {
        let mut tx = state.db.pool().begin().await?;
        evidence::add_to_draft(&mut tx, &who.user.email, draft_id, &file, limits, now).await?;
        let actor = who.audit_actor();
        let by = By {
            actor: &actor,
            origin,
        };
        let entry = by.entry(
            AuditAction::EvidenceUploaded,
            Target::Draft(draft_id),
            &file.id,
            now,
        );
        audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok::<(), AddRefused>(())
    }
    .await;
    if let Err(refused) = added {
        stored.discard(state).await;
        return Err(match refused {
            AddRefused::TooMany => Refused(UploadRefusal::TooMany),
            AddRefused::QuotaFull => Refused(UploadRefusal::QuotaFull),
            AddRefused::NoDraft => Refused(UploadRefusal::Failed),
            AddRefused::Db(error) => unavailable(&error),
        });
    }
    update_file_count(state, who, draft_id)
        .await
        .map_err(|e| unavailable(&e))?;
    tracing::info!(
        media_type = stored.media_type(),
        size = stored.size(),
        "evidence uploaded"
    );
    Ok(())
}

/// Keeps the draft's file count (which decides the next step) in step with its files.
async fn update_file_count(
    state: &AppState,
    who: &Responder,
    draft_id: &str,
) -> Result<(), crate::platform::db::DbError> {
    let count = evidence::count_for_draft(&state.db, draft_id).await?;
    let now = now_seconds();
    if let Some(draft) = drafts::find_for(&state.db, &who.user.email, draft_id, now).await? {
        let mut answers = draft.answers;
        answers.insert(
            app::journey::route::FILE_COUNT.to_owned(),
            count.to_string(),
        );
        drafts::save(
            &state.db,
            &who.user.email,
            draft_id,
            &answers,
            &draft.completed_steps,
            now,
            state.config.draft_expiry_days,
        )
        .await?;
    }
    Ok(())
}

/// `POST /nrm/upload-evidence/remove`: removes one of the draft's files.
pub async fn post_remove_upload(
    State(state): State<AppState>,
    who: Responder,
    origin: Origin,
    form: FormBody,
) -> Result<Response, AppError> {
    who.require(Action::MakeReferral)?;
    let id = form.values(&[ID]).get(ID).to_owned();
    let Some(draft) = current_draft(&state, &who).await? else {
        return Ok(see_other(routes::REPORTS));
    };
    let now = now_seconds();
    let mut tx = state.db.pool().begin().await.map_err(DbError::from)?;
    let removed = evidence::remove(&mut tx, &who.user.email, &draft.id, &id).await?;
    if removed.is_some() {
        let actor = who.audit_actor();
        let by = By {
            actor: &actor,
            origin: &origin,
        };
        let entry = by.entry(
            AuditAction::EvidenceRemoved,
            Target::Draft(&draft.id),
            &id,
            now,
        );
        audit::record(&mut tx, &entry).await?;
    }
    tx.commit().await.map_err(DbError::from)?;
    if let Some(key) = removed {
        // If this fails, the reconciliation job finds the file without a row.
        if let Err(error) = state.files.delete(&key).await {
            tracing::warn!(%error, "could not delete a removed file");
        }
    }
    update_file_count(&state, &who, &draft.id).await?;
    Ok(see_other(&app::journey::summary::step_href(evidence::STEP)))
}
