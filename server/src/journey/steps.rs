//! The journey on the server: loading and saving steps against the drafts
//! store, with the step-order check and the rules from `app`. The server
//! functions (through [`crate::web::backend`]) and the plain form posts both come here.

use app::api::{
    CheckAnswersLoad, CheckAnswersView, DraftSummary, ReportsView, SaveOutcome, StepLoad, StepView,
    UploadedFile,
};
use app::audit::AuditAction;
use app::dates::{long_date, ymd_from_unix};
use app::forms::FormValues;
use app::journey::progress::{check, Progress};
use app::journey::route::CONFIRM;
use app::journey::steps::{find, Step};
use app::journey::summary::{change_href, sections, step_href};
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
const MULTIPLE: &str = "potential-victim-exploitative-situation-multiple";
/// The report name shown before the first step has been saved.
const NEW_REPORT_NAME: &str = "New report";

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

/// The address of a page of the journey ("confirm" is check-your-answers).
pub fn href(slug: &str, changing: bool) -> String {
    if slug == CONFIRM {
        routes::CONFIRM.to_owned()
    } else if changing {
        change_href(slug)
    } else {
        step_href(slug)
    }
}

pub async fn load_step(
    state: &AppState,
    who: &Responder,
    slug: &str,
    changing: bool,
) -> Result<StepLoad, DbError> {
    let draft = current_draft(state, who).await?;
    let progress = progress_of(draft.as_ref());
    let Some(step) = find(slug) else {
        return Ok(StepLoad::GoTo(routes::REPORTS.to_owned()));
    };
    if !progress.reaches(slug) {
        return Ok(StepLoad::GoTo(href(progress.resume_at(), false)));
    }
    let back = if changing {
        routes::CONFIRM.to_owned()
    } else {
        progress
            .before(slug)
            .map(step_href)
            .unwrap_or_else(|| routes::REPORTS.to_owned())
    };
    let files = match &draft {
        Some(draft) if step.slug == evidence::STEP => {
            evidence::list_for_draft(&state.db, &draft.id)
                .await?
                .into_iter()
                .map(|f| UploadedFile {
                    id: f.id,
                    name: f.file_name,
                    size: evidence::human_size(f.size_bytes),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Ok(StepLoad::Show(StepView {
        values: saved_values(step, &progress, &who.user),
        back,
        child: progress.is_child(),
        several_situations: progress.answers.get(MULTIPLE).map(String::as_str) == Some("yes"),
        changing,
        files,
        report_name: draft
            .map(|d| d.label)
            .unwrap_or_else(|| NEW_REPORT_NAME.to_owned()),
    }))
}

/// The step's saved answers, as form values; the organisation starts as the one given at sign-in.
fn saved_values(step: &Step, progress: &Progress, user: &SignedIn) -> FormValues {
    let names = step.names();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let pairs = names.iter().filter_map(|name| {
        let saved = progress.answers.get(*name).cloned();
        let value = match (saved, *name) {
            (Some(value), _) => value,
            (None, "user-organisation") => user.organisation.clone(),
            (None, _) => return None,
        };
        Some((*name, value))
    });
    FormValues::from_pairs(pairs, &names)
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
    let go = |href: String| Saved {
        outcome: SaveOutcome::GoTo(href),
        expires_at: None,
    };
    let Some(step) = find(slug) else {
        return Ok(go(routes::REPORTS.to_owned()));
    };
    if !progress.reaches(slug) {
        // Posted out of order: nothing is saved; the responder goes to the first unanswered step.
        tracing::info!(step = slug, "step posted out of order");
        return Ok(go(href(progress.resume_at(), false)));
    }
    let now = now_seconds();
    let today = ymd_from_unix(now);
    let answers = match check(step, values, progress.is_child(), today) {
        Ok(answers) => answers,
        Err(errors) => {
            return Ok(Saved {
                outcome: SaveOutcome::Invalid(errors),
                expires_at: None,
            })
        }
    };
    progress.save(slug, answers);
    let expiry_days = state.config.draft_expiry_days;
    let draft_id = match draft {
        Some(draft) => {
            if slug == "reference" {
                let label = progress
                    .answers
                    .get("reference")
                    .cloned()
                    .unwrap_or_default();
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
            let label = progress
                .answers
                .get("reference")
                .cloned()
                .unwrap_or_default();
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
    let next = progress.next(slug, changing);
    Ok(Saved {
        outcome: SaveOutcome::GoTo(href(next, changing && next != CONFIRM)),
        expires_at: Some(drafts::expiry(now, expiry_days)),
    })
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
    let progress = progress_of(Some(&draft));
    if progress.resume_at() != CONFIRM {
        return Ok(CheckAnswersLoad::GoTo(href(progress.resume_at(), false)));
    }
    let files: Vec<String> = evidence::list_for_draft(&state.db, &draft.id)
        .await?
        .into_iter()
        .map(|f| f.file_name)
        .collect();
    Ok(CheckAnswersLoad::Show(CheckAnswersView {
        report_name: draft.label.clone(),
        sections: sections(&progress, &who.user.email, &files),
        duty_to_notify: progress.is_duty_to_notify(),
        back: progress
            .before(CONFIRM)
            .map(step_href)
            .unwrap_or_else(|| routes::REPORTS.to_owned()),
    }))
}
