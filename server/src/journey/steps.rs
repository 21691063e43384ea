//! The journey on the server: loading and saving steps against the drafts
//! store, with the step-order check and the rules from `app`. The server
//! functions (through [`crate::web::backend`]) and the plain form posts both come here.

use app::api::{CheckAnswersLoad, DraftSummary, ReportsView, SaveOutcome, StepLoad, UploadedFile};
use app::audit::AuditAction;
use app::dates::{long_date, ymd_from_unix};
use app::forms::FormValues;
use app::journey::history::{NewerOn, Replaced};
use app::journey::offline::{self as offline, Merge, OfflineCopy, OfflineStart, PendingSave};
use app::journey::progress::Progress;
use app::journey::views;
use app::routes;
use app::session::SignedIn;

use crate::evidence;
use crate::identity::access::Responder;
use crate::identity::sessions;
use crate::journey::drafts::{self, Draft};
use crate::platform::audit::{self, By, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;

const DAY: i64 = 86_400;

/// The responder's current draft, if it is still there.
pub async fn current_draft(state: &AppState, who: &Responder) -> Result<Option<Draft>, DbError> {
    match &who.session.current_draft {
        Some(id) => drafts::find_for(&state.db, &who.user.email, id, now_seconds()).await,
        None => Ok(None),
    }
}

pub fn progress_of(draft: Option<&Draft>) -> Progress {
    draft
        .map(|d| Progress {
            answers: d.answers.clone(),
            completed: d.completed_steps.clone(),
        })
        .unwrap_or_default()
}

/// The signed-in responder, as the journey's pages need them.
pub fn responder(user: &SignedIn) -> views::Responder<'_> {
    views::Responder {
        email: &user.email,
        organisation: &user.organisation,
    }
}

/// The files uploaded to a draft, as the upload step lists them.
async fn uploaded_files(state: &AppState, draft_id: &str) -> Result<Vec<UploadedFile>, DbError> {
    Ok(evidence::list_for_draft(&state.db, draft_id)
        .await?
        .into_iter()
        .map(|f| UploadedFile {
            id: f.id,
            name: f.file_name,
            size: evidence::human_size(f.size_bytes),
        })
        .collect())
}

pub async fn load_step(
    state: &AppState,
    who: &Responder,
    slug: &str,
    changing: bool,
) -> Result<StepLoad, DbError> {
    let draft = current_draft(state, who).await?;
    let progress = progress_of(draft.as_ref());
    let files = match &draft {
        Some(draft) if slug == evidence::STEP => uploaded_files(state, &draft.id).await?,
        _ => Vec::new(),
    };
    Ok(views::step_load(
        &progress,
        slug,
        changing,
        responder(&who.user),
        draft.as_ref().map(|d| d.label.as_str()),
        files,
    ))
}

/// What a save led to, for the plain post handler (which also needs the draft's expiry).
pub struct Saved {
    pub outcome: SaveOutcome,
    pub expires_at: Option<i64>,
}

pub async fn save_step(
    state: &AppState,
    who: &Responder,
    origin: &Origin,
    slug: &str,
    changing: bool,
    values: &FormValues,
) -> Result<Saved, DbError> {
    let draft = current_draft(state, who).await?;
    let mut progress = progress_of(draft.as_ref());
    let now = now_seconds();
    let next = match views::save(&mut progress, slug, changing, values, ymd_from_unix(now)) {
        views::Save::Saved(next) => next,
        other => {
            if matches!(other, views::Save::Elsewhere(_)) {
                // Posted out of order: nothing is saved; the responder goes to the first unanswered step.
                tracing::info!(step = slug, "step posted out of order");
            }
            return Ok(Saved {
                outcome: other.outcome(),
                expires_at: None,
            });
        }
    };
    let expiry_days = state.config.draft_expiry_days;
    let label = views::report_name(&progress);
    let draft_id = match draft {
        Some(draft) => {
            if slug == views::REPORT_NAME_STEP {
                drafts::set_label(&state.db, &who.user.email, &draft.id, &label).await?;
            }
            drafts::save(
                &state.db,
                &who.user.email,
                &draft.id,
                &progress.answers,
                &progress.completed,
                now,
                expiry_days,
            )
            .await?;
            draft.id
        }
        None => {
            let mut tx = state.db.pool().begin().await?;
            let draft = drafts::create(
                &mut tx,
                &who.user.email,
                &who.user.organisation,
                &label,
                now,
                expiry_days,
            )
            .await?;
            let actor = who.audit_actor();
            let by = By {
                actor: &actor,
                origin,
            };
            let entry = by.entry(AuditAction::DraftStarted, Target::Draft(&draft.id), "", now);
            audit::record(&mut tx, &entry).await?;
            tx.commit().await?;
            drafts::save(
                &state.db,
                &who.user.email,
                &draft.id,
                &progress.answers,
                &progress.completed,
                now,
                expiry_days,
            )
            .await?;
            sessions::set_current_draft(&state.db, &who.session, Some(&draft.id)).await?;
            draft.id
        }
    };
    tracing::debug!(step = slug, draft = %draft_id, "step saved");
    Ok(Saved {
        outcome: SaveOutcome::GoTo(next),
        expires_at: Some(drafts::expiry(now, expiry_days)),
    })
}

/// The phone's copy of the responder's current draft and the key to keep it
/// under (`None`: the session has just ended).
pub async fn offline_start(
    state: &AppState,
    who: &Responder,
) -> Result<Option<OfflineStart>, DbError> {
    let Some((key, ends_at)) = sessions::offline_key(&state.db, &who.session)
        .await
        .map_err(|error| match error {
            sessions::SessionError::Db(error) => error,
            other => DbError::Corrupt(other.to_string()),
        })?
    else {
        return Ok(None);
    };
    let draft = current_draft(state, who).await?;
    let files = match &draft {
        Some(draft) => uploaded_files(state, &draft.id).await?,
        None => Vec::new(),
    };
    Ok(Some(OfflineStart {
        key,
        ends_at,
        copy: OfflineCopy {
            email: who.user.email.clone(),
            organisation: who.user.organisation.clone(),
            report_name: draft.as_ref().map(|d| d.label.clone()),
            progress: progress_of(draft.as_ref()),
            history: draft.map(|d| d.history).unwrap_or_default(),
            files,
            pending: Vec::new(),
            queued_files: Vec::new(),
            send_pressed: false,
        },
    }))
}

/// Saves the steps a phone kept without a signal, oldest first. Each is
/// judged against the draft as it stood before any arrived: where the step
/// was changed elsewhere meanwhile, the newer answer wins and the older goes
/// into the draft's history. Returns how many answers went there.
pub async fn sync_steps(
    state: &AppState,
    who: &Responder,
    origin: &Origin,
    saves: &[PendingSave],
) -> Result<usize, DbError> {
    let changed_at = current_draft(state, who)
        .await?
        .map(|d| d.updated_at)
        .unwrap_or_default();
    let mut replaced = Vec::new();
    for save in saves {
        let now = now_seconds();
        let progress = progress_of(current_draft(state, who).await?.as_ref());
        let older = match offline::merge(&progress, save, changed_at, ymd_from_unix(now)) {
            Merge::Apply => None,
            Merge::ApplyReplacing(older) => Some((older, NewerOn::ThisPhone)),
            Merge::KeepServer(phone) => Some((phone, NewerOn::Elsewhere)),
        };
        let keep_server = matches!(older, Some((_, NewerOn::Elsewhere)));
        if let Some((answers, newer)) = older {
            replaced.push(Replaced {
                slug: save.slug.clone(),
                answers,
                at: now,
                newer,
            });
        }
        if !keep_server {
            save_step(state, who, origin, &save.slug, save.changing, &save.values).await?;
        }
    }
    if !replaced.is_empty() {
        if let Some(draft) = current_draft(state, who).await? {
            drafts::add_history(&state.db, &who.user.email, &draft, &replaced).await?;
        }
    }
    Ok(replaced.len())
}

pub async fn reports(state: &AppState, who: &Responder) -> Result<ReportsView, DbError> {
    let now = now_seconds();
    let drafts = drafts::list_for(&state.db, &who.user.email, now).await?;
    Ok(ReportsView {
        email: who.user.email.clone(),
        organisation: who.user.organisation.clone(),
        drafts: drafts
            .into_iter()
            .map(|d| DraftSummary {
                id: d.id,
                name: d.label,
                created: long_date(ymd_from_unix(d.created_at)),
                expires: long_date(ymd_from_unix(d.expires_at)),
                days_left: (d.expires_at.div_euclid(DAY) - now.div_euclid(DAY)).max(0),
            })
            .collect(),
    })
}

pub async fn check_answers(state: &AppState, who: &Responder) -> Result<CheckAnswersLoad, DbError> {
    let Some(draft) = current_draft(state, who).await? else {
        return Ok(CheckAnswersLoad::GoTo(routes::REPORTS.to_owned()));
    };
    let files: Vec<String> = evidence::list_for_draft(&state.db, &draft.id)
        .await?
        .into_iter()
        .map(|f| f.file_name)
        .collect();
    Ok(views::check_answers_load(
        &progress_of(Some(&draft)),
        &who.user.email,
        &files,
        &draft.label,
        &draft.history,
    ))
}
