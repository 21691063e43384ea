//! The server's side of the server functions in `app::api`: each asks who is
//! signed in and the permission table, then calls the module that owns the
//! answer.

use app::api::{
    backend::{Backend, Parts, Reply, SharedBackend},
    AuditView, CaseLoad, CheckAnswersLoad, DtnView, FailedMailRow, PageAt, QueueQuery, QueueView,
    ReportsView, ResponderRow, SaveOutcome, SentCase, SentCaseView, SessionEntry, StaffAccountRow,
    StatisticsView, StepLoad, Submitted, WorkView, WorkloadRow,
};
use app::casework::permissions::Action;
use app::forms::FormValues;
use app::journey::offline::{OfflineStart, PendingSave};
use app::journey::steps::find;
use app::routes;
use leptos::prelude::{use_context, ServerFnError};
use std::sync::Arc;

use crate::casework::{case_page, desk, sent_cases, statistics};
use crate::identity::access::{Responder, SecondFactorDue, SignedInPerson, Staff};
use crate::identity::{responder_admin, second_factor_steps, session_list, staff_admin};
use crate::journey::{steps, submission};
use crate::platform::db::DbError;
use crate::web::context::AppState;
use crate::web::error::AppError;

/// The server functions' backend. It holds nothing: the state comes from the
/// context every page render and server function is given.
pub struct ServerBackend;

impl ServerBackend {
    pub fn shared() -> SharedBackend {
        SharedBackend(Arc::new(Self))
    }
}

fn state() -> Result<AppState, ServerFnError> {
    use_context::<AppState>().ok_or_else(|| ServerFnError::new("no state in context"))
}

const SIGNED_OUT: &str = "You are signed out. Sign in again to carry on.";

fn responder(request: &Parts, action: Action) -> Result<Responder, ServerFnError> {
    let who = Responder::from_extensions(&request.extensions)
        .ok_or_else(|| ServerFnError::new(SIGNED_OUT))?;
    who.require(action).map_err(refused)?;
    Ok(who)
}

/// Casework is for staff only, and each part for the roles the table names.
fn staff(request: &Parts, action: Action) -> Result<Staff, ServerFnError> {
    let staff = Staff::from_extensions(&request.extensions)
        .ok_or_else(|| ServerFnError::new("Sign in as a member of staff to see cases."))?;
    staff.require(action).map_err(refused)?;
    Ok(staff)
}

fn refused(error: AppError) -> ServerFnError {
    ServerFnError::new(error.to_string())
}

/// Logged (an unreadable stored value is named as such), never shown.
/// Only the step's own fields count, whatever else a client sends.
fn own_fields(slug: &str, values: &FormValues) -> FormValues {
    match find(slug) {
        Some(step) => {
            let names = step.names();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            FormValues::from_pairs(names.iter().map(|n| (*n, values.get(n).to_owned())), &names)
        }
        None => FormValues::default(),
    }
}

fn unavailable(error: DbError) -> ServerFnError {
    if error.is_unreadable() {
        tracing::error!(%error, "a server function met an unreadable stored value");
        return ServerFnError::new(app::pages::refused::UNREADABLE_RECORD);
    }
    tracing::error!(%error, "a server function failed");
    ServerFnError::new("Sorry, there is a problem with the service. Try again later.")
}

impl Backend for ServerBackend {
    fn load_step<'a>(
        &'a self,
        request: &'a Parts,
        slug: &'a str,
        changing: bool,
    ) -> Reply<'a, StepLoad> {
        let state = state();
        Box::pin(async move {
            // Signed out (the session ran out): to sign-in, not an error page.
            let Ok(who) = responder(request, Action::MakeReferral) else {
                return Ok(StepLoad::GoTo(routes::WHO_DO_YOU_WORK_FOR.to_owned()));
            };
            steps::load_step(&state?, &who, slug, changing)
                .await
                .map_err(unavailable)
        })
    }

    fn save_step<'a>(
        &'a self,
        request: &'a Parts,
        slug: &'a str,
        changing: bool,
        values: FormValues,
    ) -> Reply<'a, SaveOutcome> {
        let state = state();
        Box::pin(async move {
            let who = responder(request, Action::MakeReferral)?;
            let values = own_fields(slug, &values);
            let state = state?;
            let origin = crate::web::client::origin_of(request, &state);
            steps::save_step(&state, &who, &origin, slug, changing, &values)
                .await
                .map(|saved| saved.outcome)
                .map_err(unavailable)
        })
    }

    fn reports<'a>(&'a self, request: &'a Parts) -> Reply<'a, ReportsView> {
        let state = state();
        Box::pin(async move {
            let who = responder(request, Action::MakeReferral)?;
            steps::reports(&state?, &who).await.map_err(unavailable)
        })
    }

    fn check_answers<'a>(&'a self, request: &'a Parts) -> Reply<'a, CheckAnswersLoad> {
        let state = state();
        Box::pin(async move {
            let Ok(who) = responder(request, Action::MakeReferral) else {
                return Ok(CheckAnswersLoad::GoTo(
                    routes::WHO_DO_YOU_WORK_FOR.to_owned(),
                ));
            };
            steps::check_answers(&state?, &who)
                .await
                .map_err(unavailable)
        })
    }

    fn offline_start<'a>(&'a self, request: &'a Parts) -> Reply<'a, Option<OfflineStart>> {
        let state = state();
        Box::pin(async move {
            let who = responder(request, Action::MakeReferral)?;
            steps::offline_start(&state?, &who)
                .await
                .map_err(unavailable)
        })
    }

    fn sync_steps<'a>(&'a self, request: &'a Parts, saves: Vec<PendingSave>) -> Reply<'a, usize> {
        let state = state();
        Box::pin(async move {
            let who = responder(request, Action::MakeReferral)?;
            let saves: Vec<PendingSave> = saves
                .into_iter()
                .map(|save| PendingSave {
                    values: own_fields(&save.slug, &save.values),
                    ..save
                })
                .collect();
            let state = state?;
            let origin = crate::web::client::origin_of(request, &state);
            steps::sync_steps(&state, &who, &origin, &saves)
                .await
                .map_err(unavailable)
        })
    }

    fn submitted<'a>(
        &'a self,
        request: &'a Parts,
        reference: &'a str,
    ) -> Reply<'a, Option<Submitted>> {
        let state = state();
        Box::pin(async move {
            let who = responder(request, Action::MakeReferral)?;
            submission::find_for(&state?, &who.user.email, reference)
                .await
                .map_err(unavailable)
        })
    }

    fn sent_cases<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<SentCase>> {
        let state = state();
        Box::pin(async move {
            let who = responder(request, Action::ViewOwnSentCases)?;
            sent_cases::list(&state?.db, &who.user.email)
                .await
                .map_err(unavailable)
        })
    }

    fn sent_case<'a>(
        &'a self,
        request: &'a Parts,
        reference: &'a str,
    ) -> Reply<'a, Option<SentCaseView>> {
        let state = state();
        Box::pin(async move {
            let who = responder(request, Action::ViewOwnSentCases)?;
            let state = state?;
            let found = sent_cases::view(&state.db, &who.user.email, reference)
                .await
                .map_err(unavailable)?;
            // A responder reading a case they sent (or that was shared with them) is on record too.
            if found.is_some() {
                let origin = crate::web::client::origin_of(request, &state);
                let actor = who.actor();
                let actor = crate::platform::audit::Actor::new(&actor.id, actor.role.as_str());
                let entry = crate::platform::audit::Entry {
                    actor: &actor,
                    action: app::audit::AuditAction::CaseViewed,
                    target: crate::platform::audit::Target::Case(reference),
                    detail: "",
                    origin: &origin,
                    at: crate::platform::clock::now_seconds(),
                };
                crate::platform::audit::record_alone(&state.db, &entry)
                    .await
                    .map_err(unavailable)?;
            }
            Ok(found)
        })
    }

    fn queue<'a>(&'a self, request: &'a Parts, query: QueueQuery) -> Reply<'a, QueueView> {
        let state = state();
        Box::pin(async move {
            let staff = staff(request, Action::ViewQueue)?;
            desk::queue(&state?, &staff, query)
                .await
                .map_err(unavailable)
        })
    }

    fn work<'a>(&'a self, request: &'a Parts, mine: bool, at: PageAt) -> Reply<'a, WorkView> {
        let state = state();
        Box::pin(async move {
            let staff = staff(request, Action::ViewQueue)?;
            desk::work(&state?, &staff, mine, at)
                .await
                .map_err(unavailable)
        })
    }

    fn person_search<'a>(
        &'a self,
        request: &'a Parts,
        query: app::casework::person_search::PersonQuery,
    ) -> Reply<'a, app::casework::person_search::PersonSearchView> {
        let state = state();
        Box::pin(async move {
            let staff = staff(request, Action::ViewQueue)?;
            let state = state?;
            let origin = crate::web::client::origin_of(request, &state);
            crate::casework::person_search::page(&state.db, &staff, &origin, query)
                .await
                .map_err(unavailable)
        })
    }

    fn case<'a>(
        &'a self,
        request: &'a Parts,
        reference: &'a str,
        tab: &'a str,
    ) -> Reply<'a, Option<CaseLoad>> {
        let state = state();
        Box::pin(async move {
            let staff = staff(request, Action::ViewCase)?;
            let state = state?;
            // An address below the case that names no tab is no page.
            let Ok(tab) = tab.parse::<app::routes::CaseTab>() else {
                return Ok(None);
            };
            let origin = crate::web::client::origin_of(request, &state);
            case_page::case(&state, &staff, &origin, reference, tab)
                .await
                .map_err(unavailable)
        })
    }

    fn dtn<'a>(&'a self, request: &'a Parts, search: &'a str, page: i64) -> Reply<'a, DtnView> {
        let state = state();
        Box::pin(async move {
            staff(request, Action::ViewQueue)?;
            desk::dtn(&state?, search, page).await.map_err(unavailable)
        })
    }

    fn statistics<'a>(&'a self, request: &'a Parts) -> Reply<'a, StatisticsView> {
        let state = state();
        Box::pin(async move {
            staff(request, Action::ViewStatistics)?;
            statistics::view(&state?).await.map_err(unavailable)
        })
    }

    fn staff_accounts<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<StaffAccountRow>> {
        let state = state();
        Box::pin(async move {
            staff(request, Action::ManageStaff)?;
            staff_admin::list(&state?.db).await.map_err(unavailable)
        })
    }

    fn audit_log<'a>(
        &'a self,
        request: &'a Parts,
        case: &'a str,
        person: &'a str,
    ) -> Reply<'a, AuditView> {
        let state = state();
        Box::pin(async move {
            staff(request, Action::ViewAuditLog)?;
            crate::casework::audit_views::page(&state?.db, case, person)
                .await
                .map_err(unavailable)
        })
    }

    fn failed_mail<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<FailedMailRow>> {
        let state = state();
        Box::pin(async move {
            staff(request, Action::RetryFailedMail)?;
            crate::casework::failed_mail::list(&state?.db)
                .await
                .map_err(unavailable)
        })
    }

    fn responder_accounts<'a>(
        &'a self,
        request: &'a Parts,
        search: &'a str,
    ) -> Reply<'a, Vec<ResponderRow>> {
        let state = state();
        Box::pin(async move {
            staff(request, Action::ManageResponders)?;
            responder_admin::list(&state?.db, search)
                .await
                .map_err(unavailable)
        })
    }

    fn team<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<WorkloadRow>> {
        let state = state();
        Box::pin(async move {
            staff(request, Action::ViewTeam)?;
            desk::team(&state?).await.map_err(unavailable)
        })
    }

    fn second_factor<'a>(
        &'a self,
        request: &'a Parts,
    ) -> Reply<'a, app::second_factor::SecondFactorLoad> {
        let state = state();
        Box::pin(async move {
            let due = SecondFactorDue::from_extensions(&request.extensions);
            second_factor_steps::load(&state?, due)
                .await
                .map_err(|error| {
                    tracing::error!(%error, "the second factor could not be loaded");
                    ServerFnError::new(
                        "Sorry, there is a problem with the service. Try again later.",
                    )
                })
        })
    }

    fn sessions<'a>(&'a self, request: &'a Parts) -> Reply<'a, Vec<SessionEntry>> {
        let state = state();
        Box::pin(async move {
            let me = SignedInPerson::from_extensions(&request.extensions)
                .ok_or_else(|| ServerFnError::new(SIGNED_OUT))?;
            session_list::list(&state?, &me).await.map_err(unavailable)
        })
    }
}
