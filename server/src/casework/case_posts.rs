//! `POST /casework/cases/<reference>`: the case page's forms — lifecycle
//! events, hand-overs, notes, flags, links, restriction and access requests.
//! Each asks the permission table through [`Staff::require`], and a write
//! made against an older version of the case is refused.

use app::api::CaseAction;
use app::casework::case_forms::{
    check_note, reasons_field, CaseForm, ASSIGNEE, CHANGED_MEANWHILE, DUPLICATE_OF, EVENT,
    FOLLOW_UP_ON, FORM, NEXT_STEPS, NOTE, REASONS, VERSION,
};
use app::casework::flags::{check_flag, FLAG, FLAG_ID, FLAG_TEXT};
use app::casework::lifecycle::{Actor, Event, Refusal};
use app::casework::links::{
    check_link, check_unlink, unlink_field, LinkKind, LINK_ID, LINK_KIND, LINK_REASONS, LINK_TO,
    UNLINK_REASONS,
};
use app::casework::permissions::Action;
use app::casework::restriction::{
    check_access_reason, check_restriction, AccessDecision, ACCESS_REASON, DECISION, REQUEST_ID,
    RESTRICT_REASON, RESTRICT_TO,
};
use app::casework::tasks::{check_follow_up, Handover};
use app::forms::FieldError;
use app::routes::{self, CaseTab};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use crate::casework::case_page::{buttons, events_for, follow_up_choices};
use crate::casework::cases::tasks::{self, HandError};
use crate::casework::cases::{self, EventError};
use crate::casework::desk::today;
use crate::casework::records;
use crate::casework::restriction;
use crate::casework::version::{CaseWrite, WriteError};
use crate::identity::access::Staff;
use crate::identity::accounts;
use crate::platform::audit::Origin;
use crate::platform::clock::now_seconds;
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

/// Where a refusal points: a missing reason at that button's reasons box,
/// anything else at the "Next steps" heading above the buttons.
fn refusal_field(refusal: &Refusal, event: Event, buttons: &[CaseAction]) -> String {
    buttons
        .iter()
        .position(|b| b.event == event.as_str() && b.needs_reasons)
        .filter(|_| *refusal == Refusal::ReasonsNeeded)
        .map_or_else(|| NEXT_STEPS.to_owned(), reasons_field)
}

fn case_page(reference: &str) -> String {
    format!("{}/{reference}", routes::CASES)
}

/// `POST /casework/cases/<reference>`: one of the case page's forms, named by
/// its `form` field. A refused one comes back as the case page (422).
pub async fn post_case(
    State(state): State<AppState>,
    staff: Staff,
    origin: Origin,
    Path(reference): Path<String>,
    form: FormBody,
) -> Result<Response, AppError> {
    let which = form.values(&[FORM]).get(FORM).parse::<CaseForm>();
    let by = Asked {
        staff,
        origin,
        reference,
    };
    let which = which.map_err(|_| AppError::BadRequest)?;
    // A restricted case takes nothing from those it is closed to but a
    // request to open it.
    if which != CaseForm::AskAccess
        && !restriction::may_open(&state.db, &by.staff, &by.reference).await?
    {
        return Err(AppError::Forbidden);
    }
    match which {
        CaseForm::Event => post_event(state, by, form).await,
        CaseForm::Assign => post_assign(state, by, form).await,
        CaseForm::Note => post_note(state, by, form).await,
        CaseForm::Flag => post_flag(state, by, form).await,
        CaseForm::Unflag => post_unflag(state, by, form).await,
        CaseForm::Link => post_link(state, by, form).await,
        CaseForm::Unlink => post_unlink(state, by, form).await,
        CaseForm::Restrict => post_restrict(state, by, form).await,
        CaseForm::Unrestrict => post_unrestrict(state, by, form).await,
        CaseForm::AskAccess => post_ask_access(state, by, form).await,
        CaseForm::DecideAccess => post_decide_access(state, by, form).await,
    }
}

/// The version of the case the form's page showed; a missing or garbled one
/// matches no version, so the write is refused as made against an old page.
fn seen_version(posted: &str) -> i64 {
    posted.trim().parse().unwrap_or(-1)
}

/// A write the case's version refused comes back as the case page, with
/// what was typed, the problem pointing at `field`.
async fn refuse_write(
    state: AppState,
    form: FormBody,
    (page, values): (&str, app::forms::FormValues),
    field: &str,
    error: WriteError,
) -> Result<Response, AppError> {
    match error {
        WriteError::Stale => {
            let error = FieldError::new(field, CHANGED_MEANWHILE);
            form.refuse(state, page, values, vec![error]).await
        }
        WriteError::Db(error) => Err(AppError::Db(error)),
    }
}

/// Where a case write lands: on `done` when it was made; back on the page,
/// the problem at `field`, when it was made against an older version.
async fn land<T>(
    written: Result<T, WriteError>,
    done: &str,
    state: AppState,
    form: FormBody,
    page: (&str, app::forms::FormValues),
    field: &str,
) -> Result<Response, AppError> {
    match written {
        Ok(_) => Ok(Redirect::to(done).into_response()),
        Err(error) => refuse_write(state, form, page, field, error).await,
    }
}

/// A write to `case` as its writer saw it (at version `seen`).
fn written<'a>(
    case: &'a cases::CaseRecord,
    seen: i64,
    (actor, origin): (&'a Actor, &'a Origin),
) -> CaseWrite<'a> {
    CaseWrite {
        case: (&case.id, &case.row.reference, seen),
        actor,
        origin,
        at: now_seconds(),
    }
}

/// The case a post is about.
async fn case_of(state: &AppState, reference: &str) -> Result<cases::CaseRecord, AppError> {
    cases::find(&state.db, reference)
        .await?
        .ok_or(AppError::NotFound)
}

/// Who asked, from where, about which case.
struct Asked {
    staff: Staff,
    origin: Origin,
    reference: String,
}

/// A lifecycle event: `event`, `reasons` (and `duplicate-of` to link one).
async fn post_event(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::SendEvent)?;
    let values = form.values(&[EVENT, REASONS, DUPLICATE_OF, FOLLOW_UP_ON, VERSION]);
    let event = values
        .get(EVENT)
        .parse::<Event>()
        .map_err(|_| AppError::BadRequest)?;
    let page = case_page(&reference);
    let mut reasons = values.get(REASONS).to_owned();
    let mut duplicate_of = None;
    let mut follow_up_on = None;
    if event == Event::RequestInformation {
        let case = case_of(&state, &reference).await?;
        let choices = follow_up_choices(&case);
        match check_follow_up(values.get(FOLLOW_UP_ON), &choices) {
            Ok(day) => follow_up_on = day,
            Err(error) => return form.refuse(state, &page, values, vec![error]).await,
        }
    }
    if event == Event::LinkAsDuplicate {
        let other = values.get(DUPLICATE_OF).trim();
        let case = case_of(&state, &reference).await?;
        if !cases::can_link_to(&state.db, other, &case.id).await? {
            return Err(AppError::BadRequest);
        }
        reasons = format!("The same person as {other}. {}", reasons.trim());
        duplicate_of = Some(other.to_owned());
    }
    match cases::apply(
        &state.db,
        &reference,
        cases::Move {
            event,
            reasons: &reasons,
            duplicate_of: duplicate_of.as_deref(),
            follow_up_on,
            seen: Some(seen_version(values.get(VERSION))),
        },
        &staff.actor(),
        &origin,
        now_seconds(),
        &state.config.public_url,
    )
    .await
    {
        Ok(to) => {
            tracing::info!(%reference, %event, %to, "case moved");
            state.mail_wake.notify_one();
            Ok(Redirect::to(&page).into_response())
        }
        Err(EventError::Refused(refusal)) => {
            tracing::info!(%reference, %event, %refusal, "case event refused");
            // A refused link comes back on the tab it was asked from.
            let page = if event == Event::LinkAsDuplicate {
                app::routes::CaseTab::LinkedCases.href(&reference)
            } else {
                page
            };
            let case = case_of(&state, &reference).await?;
            let field = refusal_field(&refusal, event, &buttons(&case, staff.role));
            let error = FieldError::new(&field, refusal.to_string());
            form.refuse(state, &page, values, vec![error]).await
        }
        Err(EventError::Conflict) => Ok(Redirect::to(&page).into_response()),
        Err(EventError::Stale) => {
            let error = FieldError::new(NEXT_STEPS, CHANGED_MEANWHILE);
            form.refuse(state, &page, values, vec![error]).await
        }
        Err(EventError::NotFound) => Err(AppError::NotFound),
        Err(EventError::Db(error)) => Err(AppError::Db(error)),
    }
}

/// The case's task: to me (`assignee` = "me"), to nobody, or (senior
/// caseworkers) to someone else. A refusal comes back as the case page.
async fn post_assign(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::AssignSelf)?;
    let values = form.values(&[ASSIGNEE]);
    let page = case_page(&reference);
    let other = values.get(ASSIGNEE).trim().to_lowercase();
    let handover = match other.as_str() {
        "me" => Handover::Claim,
        "nobody" => Handover::Release,
        // Giving a task to someone else is for those the table lets reassign.
        other => {
            staff.require(Action::Reassign)?;
            let role = accounts::case_holder_role(&state.db, other)
                .await?
                .ok_or(AppError::BadRequest)?;
            if !restriction::may_open_as(&state.db, (other, role), &reference).await? {
                let why = "This case is restricted: give the task to someone who may open it";
                let error = FieldError::new(ASSIGNEE, why);
                return form.refuse(state, &page, values, vec![error]).await;
            }
            Handover::Give(other, role)
        }
    };
    match tasks::hand(
        &state.db,
        &reference,
        handover,
        &staff.actor(),
        &origin,
        now_seconds(),
    )
    .await
    {
        Ok(Some(())) => Ok(Redirect::to(&page).into_response()),
        Ok(None) => Err(AppError::NotFound),
        Err(HandError::Refused(refusal)) => {
            let error = FieldError::new(ASSIGNEE, refusal.to_string());
            form.refuse(state, &page, values, vec![error]).await
        }
        Err(HandError::Db(error)) => Err(AppError::Db(error)),
    }
}

/// An internal note (`note`).
async fn post_note(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::AddNote)?;
    let values = form.values(&[NOTE, VERSION]);
    let page = case_page(&reference);
    let case = case_of(&state, &reference).await?;
    let note = match check_note(values.get(NOTE)) {
        Ok(note) => note.to_owned(),
        Err(error) => return form.refuse(state, &page, values, vec![error]).await,
    };
    let seen = seen_version(values.get(VERSION));
    let actor = staff.actor();
    let write = written(&case, seen, (&actor, &origin));
    let added = records::add_note(&state.db, write, &note).await;
    let timeline = CaseTab::Timeline.href(&reference);
    land(added, &timeline, state, form, (&page, values), NOTE).await
}

/// A flag (`flag`, and `flag-text` for its text). A refused one comes back
/// as the case page; a kind the case carries already is said so.
async fn post_flag(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::ManageFlags)?;
    let values = form.values(&[FLAG, FLAG_TEXT, VERSION]);
    let page = case_page(&reference);
    let case = case_of(&state, &reference).await?;
    let (kind, text) = match check_flag(values.get(FLAG), values.get(FLAG_TEXT)) {
        Ok(flag) => flag,
        Err(error) => return form.refuse(state, &page, values, vec![error]).await,
    };
    let seen = seen_version(values.get(VERSION));
    let actor = staff.actor();
    let write = written(&case, seen, (&actor, &origin));
    let added = crate::casework::flags::add(&state.db, write, (kind, &text)).await;
    let added = match added {
        Ok(added) => added,
        Err(error) => return refuse_write(state, form, (&page, values), FLAG, error).await,
    };
    if !added {
        let error = FieldError::new(
            FLAG,
            format!("The case is already flagged “{}”", kind.label()),
        );
        return form.refuse(state, &page, values, vec![error]).await;
    }
    Ok(Redirect::to(&format!("{page}#flags")).into_response())
}

/// Takes a flag off (`flag-id`). One removed already (by someone else a
/// moment ago) leaves the page as it is now.
async fn post_unflag(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::ManageFlags)?;
    let values = form.values(&[FLAG_ID, VERSION]);
    let page = case_page(&reference);
    let case = case_of(&state, &reference).await?;
    let seen = seen_version(values.get(VERSION));
    let actor = staff.actor();
    let write = written(&case, seen, (&actor, &origin));
    let removed =
        crate::casework::flags::remove(&state.db, write, values.get(FLAG_ID).trim()).await;
    let flags = format!("{page}#flags");
    land(removed, &flags, state, form, (&page, values), FLAG).await
}

/// A link to another case (`link-to`, `link-kind`, `link-reasons`). A
/// duplicate link is the `LinkAsDuplicate` event, which closes this case. A
/// refused one comes back as the Linked cases tab.
async fn post_link(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::ManageLinks)?;
    let values = form.values(&[LINK_TO, LINK_KIND, LINK_REASONS, VERSION]);
    let page = CaseTab::LinkedCases.href(&reference);
    let case = case_of(&state, &reference).await?;
    let checked = check_link(
        &reference,
        values.get(LINK_TO),
        values.get(LINK_KIND),
        values.get(LINK_REASONS),
    );
    let (other, kind, reasons) = match checked {
        Ok(link) => link,
        Err(errors) => return form.refuse(state, &page, values, errors).await,
    };
    let seen = seen_version(values.get(VERSION));
    let refuse = |field: &str, message: String| vec![FieldError::new(field, message)];
    if kind == LinkKind::Duplicate {
        if !events_for(&case, staff.role).contains(&Event::LinkAsDuplicate) {
            let why = "This case can no longer be closed as a duplicate".to_owned();
            return form
                .refuse(state, &page, values, refuse(LINK_KIND, why))
                .await;
        }
        if !cases::can_link_to(&state.db, &other, &case.id).await? {
            let why = format!("{other} is not an NRM case this one can be a duplicate of");
            return form
                .refuse(state, &page, values, refuse(LINK_TO, why))
                .await;
        }
        let moved = cases::apply(
            &state.db,
            &reference,
            cases::Move {
                event: Event::LinkAsDuplicate,
                reasons: &reasons,
                duplicate_of: Some(&other),
                follow_up_on: None,
                seen: Some(seen),
            },
            &staff.actor(),
            &origin,
            now_seconds(),
            &state.config.public_url,
        )
        .await;
        return match moved {
            Ok(_) => Ok(Redirect::to(&page).into_response()),
            Err(EventError::Refused(refusal)) => {
                let error = refuse(LINK_KIND, refusal.to_string());
                form.refuse(state, &page, values, error).await
            }
            Err(EventError::Stale | EventError::Conflict) => {
                let error = refuse(LINK_TO, CHANGED_MEANWHILE.to_owned());
                form.refuse(state, &page, values, error).await
            }
            Err(EventError::NotFound) => Err(AppError::NotFound),
            Err(EventError::Db(error)) => Err(AppError::Db(error)),
        };
    }
    let Some(other_id) = cases::nrm_id(&state.db, &other).await? else {
        let why = format!("There is no NRM case {other}");
        return form
            .refuse(state, &page, values, refuse(LINK_TO, why))
            .await;
    };
    let actor = staff.actor();
    let write = written(&case, seen, (&actor, &origin));
    let added =
        crate::casework::links::add(&state.db, write, (&other_id, &other), (kind, &reasons)).await;
    match added {
        Ok(true) => Ok(Redirect::to(&page).into_response()),
        Ok(false) => {
            let why = format!("This case is already linked to {other}");
            form.refuse(state, &page, values, refuse(LINK_TO, why))
                .await
        }
        Err(error) => refuse_write(state, form, (&page, values), LINK_TO, error).await,
    }
}

/// Removes a link (`link-id`), saying why (`unlink-reasons`). A refused one
/// comes back as the Linked cases tab, the problem at that link's box.
async fn post_unlink(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::ManageLinks)?;
    let values = form.values(&[LINK_ID, UNLINK_REASONS, VERSION]);
    let page = CaseTab::LinkedCases.href(&reference);
    let link_id = values.get(LINK_ID).trim().to_owned();
    let field = unlink_field(&link_id);
    let reasons = match check_unlink(values.get(UNLINK_REASONS)) {
        Ok(reasons) => reasons,
        Err(error) => {
            let error = FieldError::new(&field, error.message);
            return form.refuse(state, &page, values, vec![error]).await;
        }
    };
    let case = case_of(&state, &reference).await?;
    let actor = staff.actor();
    let write = written(&case, seen_version(values.get(VERSION)), (&actor, &origin));
    let removed = crate::casework::links::remove(&state.db, write, (&link_id, &reasons)).await;
    // Removed, or removed already by someone else: the tab shows which.
    land(removed, &page, state, form, (&page, values), &field).await
}

/// Restricts the case to the caseworkers named (`restrict-to`, any number)
/// and why (`restrict-reason`), or changes who they are. Senior caseworkers.
async fn post_restrict(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::RestrictCase)?;
    let named = form.all(RESTRICT_TO);
    // A refused form shows every name that was ticked.
    let ticked = named.join(" ");
    let reason = form
        .values(&[RESTRICT_REASON])
        .get(RESTRICT_REASON)
        .to_owned();
    let version = form.values(&[VERSION]).get(VERSION).to_owned();
    let values = app::forms::FormValues::from_pairs(
        [
            (RESTRICT_TO, ticked.as_str()),
            (RESTRICT_REASON, &reason),
            (VERSION, &version),
        ],
        &[RESTRICT_TO, RESTRICT_REASON, VERSION],
    );
    let page = CaseTab::Access.href(&reference);
    let case = case_of(&state, &reference).await?;
    let caseworkers: Vec<String> = accounts::workloads(&state.db, &today())
        .await?
        .into_iter()
        .map(|w| w.email)
        .collect();
    let (named, reason) = match check_restriction(&named, &reason, &caseworkers) {
        Ok(checked) => checked,
        Err(errors) => return form.refuse(state, &page, values, errors).await,
    };
    let actor = staff.actor();
    let write = written(&case, seen_version(&version), (&actor, &origin));
    let done = restriction::restrict(&state.db, write, (&named, &reason)).await;
    land(done, &page, state, form, (&page, values), RESTRICT_TO).await
}

/// Lifts the case's restriction. Senior caseworkers.
async fn post_unrestrict(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::RestrictCase)?;
    let values = form.values(&[VERSION]);
    let page = CaseTab::Access.href(&reference);
    let case = case_of(&state, &reference).await?;
    let seen = seen_version(values.get(VERSION));
    let actor = staff.actor();
    let write = written(&case, seen, (&actor, &origin));
    let done = restriction::lift(&state.db, write).await;
    land(done, &page, state, form, (&page, values), RESTRICT_TO).await
}

/// Asks to open a restricted case, saying why (`access-reason`). Asking
/// again while a request waits changes nothing.
async fn post_ask_access(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::AskForAccess)?;
    let values = form.values(&[ACCESS_REASON]);
    let page = case_page(&reference);
    let case = case_of(&state, &reference).await?;
    let reason = match check_access_reason(values.get(ACCESS_REASON)) {
        Ok(reason) => reason,
        Err(error) => return form.refuse(state, &page, values, vec![error]).await,
    };
    restriction::ask(
        &state.db,
        (&case.id, &reference),
        &staff.actor(),
        &reason,
        &origin,
        now_seconds(),
    )
    .await?;
    Ok(Redirect::to(&page).into_response())
}

/// Grants or refuses a request for access (`request-id`, `decision`).
/// Senior caseworkers; one decided already stays as it was.
async fn post_decide_access(
    state: AppState,
    Asked {
        staff,
        origin,
        reference,
    }: Asked,
    form: FormBody,
) -> Result<Response, AppError> {
    staff.require(Action::RestrictCase)?;
    let values = form.values(&[REQUEST_ID, DECISION]);
    let decision = values
        .get(DECISION)
        .parse::<AccessDecision>()
        .map_err(|_| AppError::BadRequest)?;
    let case = case_of(&state, &reference).await?;
    restriction::decide(
        &state.db,
        (&case.id, &reference),
        &staff.actor(),
        (values.get(REQUEST_ID).trim(), decision),
        &origin,
        now_seconds(),
    )
    .await?;
    Ok(Redirect::to(&CaseTab::Access.href(&reference)).into_response())
}
