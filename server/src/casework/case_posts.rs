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
use app::forms::{FieldError, FormValues};
use app::routes::{self, CaseTab};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use crate::casework::case_page::{buttons, events_for, follow_up_choices};
use crate::casework::cases::tasks::{self, HandError};
use crate::casework::cases::{self, EventError};
use crate::casework::restriction;
use crate::casework::version::{CaseWrite, WriteError};
use crate::casework::{flags, links, records};
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
    let which = which.map_err(|_| AppError::BadRequest)?;
    // A restricted case takes nothing from those it is closed to but a
    // request to open it.
    if which != CaseForm::AskAccess && !restriction::may_open(&state.db, &staff, &reference).await?
    {
        return Err(AppError::Forbidden);
    }
    let post = CasePost {
        state,
        actor: staff.actor(),
        staff,
        origin,
        reference,
        form,
    };
    match which {
        CaseForm::Event => post_event(post).await,
        CaseForm::Assign => post_assign(post).await,
        CaseForm::Note => post_note(post).await,
        CaseForm::Flag => post_flag(post).await,
        CaseForm::Unflag => post_unflag(post).await,
        CaseForm::Link => post_link(post).await,
        CaseForm::Unlink => post_unlink(post).await,
        CaseForm::Restrict => post_restrict(post).await,
        CaseForm::Unrestrict => post_unrestrict(post).await,
        CaseForm::AskAccess => post_ask_access(post).await,
        CaseForm::DecideAccess => post_decide_access(post).await,
    }
}

/// The version of the case the form's page showed; a missing or garbled one
/// matches no version, so the write is refused as made against an old page.
fn seen_version(posted: &str) -> i64 {
    posted.trim().parse().unwrap_or(-1)
}

/// One of the case page's forms as posted: who asked, from where, about
/// which case, and what they sent. Each form's handler takes it whole.
struct CasePost {
    state: AppState,
    staff: Staff,
    actor: Actor,
    origin: Origin,
    reference: String,
    form: FormBody,
}

impl CasePost {
    /// The values of `fields` as posted.
    fn values(&self, fields: &[&str]) -> FormValues {
        self.form.values(fields)
    }

    /// The case the post is about.
    async fn case(&self) -> Result<cases::CaseRecord, AppError> {
        cases::find(&self.state.db, &self.reference)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A write to `case` as the page its writer posted from showed it (the
    /// `version` among `values`).
    fn write<'a>(&'a self, case: &'a cases::CaseRecord, values: &FormValues) -> CaseWrite<'a> {
        CaseWrite {
            case: (
                &case.id,
                &case.row.reference,
                seen_version(values.get(VERSION)),
            ),
            actor: &self.actor,
            origin: &self.origin,
            at: now_seconds(),
        }
    }

    /// The page at `page` again (422), with what was typed and `errors`.
    async fn refuse(
        self,
        page: &str,
        values: FormValues,
        errors: Vec<FieldError>,
    ) -> Result<Response, AppError> {
        self.form.refuse(self.state, page, values, errors).await
    }

    /// [`Self::refuse`] with one problem, at `field`.
    async fn refuse_at(
        self,
        page: &str,
        values: FormValues,
        field: &str,
        message: impl ToString,
    ) -> Result<Response, AppError> {
        let error = FieldError::new(field, message);
        self.refuse(page, values, vec![error]).await
    }

    /// A write the case's version refused comes back as `page`, with what
    /// was typed, the problem at `field`.
    async fn refuse_write(
        self,
        (page, values): (&str, FormValues),
        field: &str,
        error: WriteError,
    ) -> Result<Response, AppError> {
        match error {
            WriteError::Stale => self.refuse_at(page, values, field, CHANGED_MEANWHILE).await,
            WriteError::Db(error) => Err(AppError::Db(error)),
        }
    }

    /// Where a case write lands: on `done` when it was made; back on the
    /// page, the problem at `field`, when it was made against an older
    /// version.
    async fn land<T>(
        self,
        written: Result<T, WriteError>,
        done: &str,
        page: (&str, FormValues),
        field: &str,
    ) -> Result<Response, AppError> {
        match written {
            Ok(_) => Ok(Redirect::to(done).into_response()),
            Err(error) => self.refuse_write(page, field, error).await,
        }
    }
}

/// A lifecycle event: `event`, `reasons` (and `duplicate-of` to link one).
async fn post_event(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::SendEvent)?;
    let values = post.values(&[EVENT, REASONS, DUPLICATE_OF, FOLLOW_UP_ON, VERSION]);
    let event = values
        .get(EVENT)
        .parse::<Event>()
        .map_err(|_| AppError::BadRequest)?;
    let reference = &post.reference;
    let page = case_page(reference);
    let mut reasons = values.get(REASONS).to_owned();
    let mut duplicate_of = None;
    let mut follow_up_on = None;
    if event == Event::RequestInformation {
        let choices = follow_up_choices(&post.case().await?);
        match check_follow_up(values.get(FOLLOW_UP_ON), &choices) {
            Ok(day) => follow_up_on = day,
            Err(error) => return post.refuse(&page, values, vec![error]).await,
        }
    }
    if event == Event::LinkAsDuplicate {
        let other = values.get(DUPLICATE_OF).trim();
        let case = post.case().await?;
        if !cases::can_link_to(&post.state.db, other, &case.id).await? {
            return Err(AppError::BadRequest);
        }
        reasons = format!("The same person as {other}. {}", reasons.trim());
        duplicate_of = Some(other.to_owned());
    }
    let moved = cases::apply(
        &post.state.db,
        reference,
        cases::Move {
            event,
            reasons: &reasons,
            duplicate_of: duplicate_of.as_deref(),
            follow_up_on,
            seen: Some(seen_version(values.get(VERSION))),
        },
        &post.actor,
        &post.origin,
        now_seconds(),
        &post.state.config.public_url,
    )
    .await;
    match moved {
        Ok(to) => {
            tracing::info!(%reference, %event, %to, "case moved");
            post.state.mail_wake.notify_one();
            Ok(Redirect::to(&page).into_response())
        }
        Err(EventError::Refused(refusal)) => {
            tracing::info!(%reference, %event, %refusal, "case event refused");
            // A refused link comes back on the tab it was asked from.
            let page = if event == Event::LinkAsDuplicate {
                CaseTab::LinkedCases.href(reference)
            } else {
                page
            };
            let case = post.case().await?;
            let field = refusal_field(&refusal, event, &buttons(&case, post.staff.role));
            post.refuse_at(&page, values, &field, refusal).await
        }
        Err(EventError::Conflict) => Ok(Redirect::to(&page).into_response()),
        Err(EventError::Stale) => {
            post.refuse_at(&page, values, NEXT_STEPS, CHANGED_MEANWHILE)
                .await
        }
        Err(EventError::NotFound) => Err(AppError::NotFound),
        Err(EventError::Db(error)) => Err(AppError::Db(error)),
    }
}

/// The case's task: to me (`assignee` = "me"), to nobody, or (senior
/// caseworkers) to someone else. A refusal comes back as the case page.
async fn post_assign(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::AssignSelf)?;
    let values = post.values(&[ASSIGNEE]);
    let page = case_page(&post.reference);
    let other = values.get(ASSIGNEE).trim().to_lowercase();
    let handover = match other.as_str() {
        "me" => Handover::Claim,
        "nobody" => Handover::Release,
        // Giving a task to someone else is for those the table lets reassign.
        other => {
            post.staff.require(Action::Reassign)?;
            let role = accounts::case_holder_role(&post.state.db, other)
                .await?
                .ok_or(AppError::BadRequest)?;
            if !restriction::may_open_as(&post.state.db, (other, role), &post.reference).await? {
                let why = "This case is restricted: give the task to someone who may open it";
                return post.refuse_at(&page, values, ASSIGNEE, why).await;
            }
            Handover::Give(other, role)
        }
    };
    let db = &post.state.db;
    let handed = tasks::hand(
        db,
        &post.reference,
        handover,
        &post.actor,
        &post.origin,
        now_seconds(),
    );
    match handed.await {
        Ok(Some(())) => Ok(Redirect::to(&page).into_response()),
        Ok(None) => Err(AppError::NotFound),
        Err(HandError::Refused(refusal)) => post.refuse_at(&page, values, ASSIGNEE, refusal).await,
        Err(HandError::Db(error)) => Err(AppError::Db(error)),
    }
}

/// An internal note (`note`).
async fn post_note(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::AddNote)?;
    let values = post.values(&[NOTE, VERSION]);
    let page = case_page(&post.reference);
    let case = post.case().await?;
    let note = match check_note(values.get(NOTE)) {
        Ok(note) => note.to_owned(),
        Err(error) => return post.refuse(&page, values, vec![error]).await,
    };
    let added = records::add_note(&post.state.db, post.write(&case, &values), &note).await;
    let timeline = CaseTab::Timeline.href(&post.reference);
    post.land(added, &timeline, (&page, values), NOTE).await
}

/// A flag (`flag`, and `flag-text` for its text). A refused one comes back
/// as the case page; a kind the case carries already is said so.
async fn post_flag(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::ManageFlags)?;
    let values = post.values(&[FLAG, FLAG_TEXT, VERSION]);
    let page = case_page(&post.reference);
    let case = post.case().await?;
    let (kind, text) = match check_flag(values.get(FLAG), values.get(FLAG_TEXT)) {
        Ok(flag) => flag,
        Err(error) => return post.refuse(&page, values, vec![error]).await,
    };
    let write = post.write(&case, &values);
    match flags::add(&post.state.db, write, (kind, &text)).await {
        Ok(true) => Ok(Redirect::to(&format!("{page}#flags")).into_response()),
        Ok(false) => {
            let why = format!("The case is already flagged “{}”", kind.label());
            post.refuse_at(&page, values, FLAG, why).await
        }
        Err(error) => post.refuse_write((&page, values), FLAG, error).await,
    }
}

/// Takes a flag off (`flag-id`). One removed already (by someone else a
/// moment ago) leaves the page as it is now.
async fn post_unflag(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::ManageFlags)?;
    let values = post.values(&[FLAG_ID, VERSION]);
    let page = case_page(&post.reference);
    let case = post.case().await?;
    let write = post.write(&case, &values);
    let removed = flags::remove(&post.state.db, write, values.get(FLAG_ID).trim()).await;
    let flags = format!("{page}#flags");
    post.land(removed, &flags, (&page, values), FLAG).await
}

/// A link to another case (`link-to`, `link-kind`, `link-reasons`). A
/// duplicate link is the `LinkAsDuplicate` event, which closes this case. A
/// refused one comes back as the Linked cases tab.
async fn post_link(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::ManageLinks)?;
    let values = post.values(&[LINK_TO, LINK_KIND, LINK_REASONS, VERSION]);
    let page = CaseTab::LinkedCases.href(&post.reference);
    let case = post.case().await?;
    let checked = check_link(
        &post.reference,
        values.get(LINK_TO),
        values.get(LINK_KIND),
        values.get(LINK_REASONS),
    );
    let (other, kind, reasons) = match checked {
        Ok(link) => link,
        Err(errors) => return post.refuse(&page, values, errors).await,
    };
    let db = &post.state.db;
    if kind == LinkKind::Duplicate {
        if !events_for(&case, post.staff.role).contains(&Event::LinkAsDuplicate) {
            let why = "This case can no longer be closed as a duplicate";
            return post.refuse_at(&page, values, LINK_KIND, why).await;
        }
        if !cases::can_link_to(db, &other, &case.id).await? {
            let why = format!("{other} is not an NRM case this one can be a duplicate of");
            return post.refuse_at(&page, values, LINK_TO, why).await;
        }
        let moved = cases::apply(
            db,
            &post.reference,
            cases::Move {
                event: Event::LinkAsDuplicate,
                reasons: &reasons,
                duplicate_of: Some(&other),
                follow_up_on: None,
                seen: Some(seen_version(values.get(VERSION))),
            },
            &post.actor,
            &post.origin,
            now_seconds(),
            &post.state.config.public_url,
        )
        .await;
        return match moved {
            Ok(_) => Ok(Redirect::to(&page).into_response()),
            Err(EventError::Refused(refusal)) => {
                post.refuse_at(&page, values, LINK_KIND, refusal).await
            }
            Err(EventError::Stale | EventError::Conflict) => {
                post.refuse_at(&page, values, LINK_TO, CHANGED_MEANWHILE)
                    .await
            }
            Err(EventError::NotFound) => Err(AppError::NotFound),
            Err(EventError::Db(error)) => Err(AppError::Db(error)),
        };
    }
    let Some(other_id) = cases::nrm_id(db, &other).await? else {
        let why = format!("There is no NRM case {other}");
        return post.refuse_at(&page, values, LINK_TO, why).await;
    };
    let write = post.write(&case, &values);
    match links::add(db, write, (&other_id, &other), (kind, &reasons)).await {
        Ok(true) => Ok(Redirect::to(&page).into_response()),
        Ok(false) => {
            let why = format!("This case is already linked to {other}");
            post.refuse_at(&page, values, LINK_TO, why).await
        }
        Err(error) => post.refuse_write((&page, values), LINK_TO, error).await,
    }
}

/// Removes a link (`link-id`), saying why (`unlink-reasons`). A refused one
/// comes back as the Linked cases tab, the problem at that link's box.
async fn post_unlink(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::ManageLinks)?;
    let values = post.values(&[LINK_ID, UNLINK_REASONS, VERSION]);
    let page = CaseTab::LinkedCases.href(&post.reference);
    let link_id = values.get(LINK_ID).trim().to_owned();
    let field = unlink_field(&link_id);
    let reasons = match check_unlink(values.get(UNLINK_REASONS)) {
        Ok(reasons) => reasons,
        Err(error) => return post.refuse_at(&page, values, &field, error.message).await,
    };
    let case = post.case().await?;
    let write = post.write(&case, &values);
    let removed = links::remove(&post.state.db, write, (&link_id, &reasons)).await;
    // Removed, or removed already by someone else: the tab shows which.
    post.land(removed, &page, (&page, values), &field).await
}

/// Restricts the case to the caseworkers named (`restrict-to`, any number)
/// and why (`restrict-reason`), or changes who they are. Senior caseworkers.
async fn post_restrict(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::RestrictCase)?;
    let named = post.form.all(RESTRICT_TO);
    // A refused form shows every name that was ticked.
    let ticked = named.join(" ");
    let posted = post.values(&[RESTRICT_REASON, VERSION]);
    let values = FormValues::from_pairs(
        [
            (RESTRICT_TO, ticked.as_str()),
            (RESTRICT_REASON, posted.get(RESTRICT_REASON)),
            (VERSION, posted.get(VERSION)),
        ],
        &[RESTRICT_TO, RESTRICT_REASON, VERSION],
    );
    let page = CaseTab::Access.href(&post.reference);
    let case = post.case().await?;
    let caseworkers = accounts::case_holder_emails(&post.state.db).await?;
    let checked = check_restriction(&named, values.get(RESTRICT_REASON), &caseworkers);
    let (named, reason) = match checked {
        Ok(checked) => checked,
        Err(errors) => return post.refuse(&page, values, errors).await,
    };
    let write = post.write(&case, &values);
    let done = restriction::restrict(&post.state.db, write, (&named, &reason)).await;
    post.land(done, &page, (&page, values), RESTRICT_TO).await
}

/// Lifts the case's restriction. Senior caseworkers.
async fn post_unrestrict(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::RestrictCase)?;
    let values = post.values(&[VERSION]);
    let page = CaseTab::Access.href(&post.reference);
    let case = post.case().await?;
    let done = restriction::lift(&post.state.db, post.write(&case, &values)).await;
    post.land(done, &page, (&page, values), RESTRICT_TO).await
}

/// Asks to open a restricted case, saying why (`access-reason`). Asking
/// again while a request waits changes nothing.
async fn post_ask_access(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::AskForAccess)?;
    let values = post.values(&[ACCESS_REASON]);
    let page = case_page(&post.reference);
    let case = post.case().await?;
    let reason = match check_access_reason(values.get(ACCESS_REASON)) {
        Ok(reason) => reason,
        Err(error) => return post.refuse(&page, values, vec![error]).await,
    };
    let about = (case.id.as_str(), post.reference.as_str());
    restriction::ask(
        &post.state.db,
        about,
        &post.actor,
        &reason,
        &post.origin,
        now_seconds(),
    )
    .await?;
    Ok(Redirect::to(&page).into_response())
}

/// Grants or refuses a request for access (`request-id`, `decision`).
/// Senior caseworkers; one decided already stays as it was.
async fn post_decide_access(post: CasePost) -> Result<Response, AppError> {
    post.staff.require(Action::RestrictCase)?;
    let values = post.values(&[REQUEST_ID, DECISION]);
    let decision = values
        .get(DECISION)
        .parse::<AccessDecision>()
        .map_err(|_| AppError::BadRequest)?;
    let case = post.case().await?;
    restriction::decide(
        &post.state.db,
        (&case.id, &post.reference),
        &post.actor,
        (values.get(REQUEST_ID).trim(), decision),
        &post.origin,
        now_seconds(),
    )
    .await?;
    Ok(Redirect::to(&CaseTab::Access.href(&post.reference)).into_response())
}
