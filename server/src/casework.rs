//! The casework desk's server side: who is a caseworker, the queue and case
//! views for the server functions, and the posts that assign and move cases.

use app::api::{
    CaseAction, CaseView, FilterOption, QueueQuery, QueueRow, QueueView, TimelineEntry,
};
use app::casework::lifecycle::{available, Actor, Event, Role, TRANSITIONS};
use app::dates::{long_date, parse_iso, ymd_from_unix};
use app::journey::progress::Progress;
use app::journey::summary::sections;
use app::routes;
use axum::{
    body::Body,
    extract::{Path, State},
    http::{request::Parts, Request},
    response::{IntoResponse, Redirect, Response},
};

use crate::cases::{self, EventError, QueueFilter, QueueSort, PAGE_SIZE};
use crate::clock::now_seconds;
use crate::db::DbError;
use crate::error::AppError;
use crate::form_post::read_values;
use crate::sessions::ActiveSession;
use crate::state::AppState;

/// A signed-in member of staff.
#[derive(Clone, Debug)]
pub struct Staff {
    pub email: String,
    pub role: Role,
}

impl Staff {
    pub fn from_extensions(extensions: &http::Extensions) -> Option<Self> {
        let session = extensions.get::<ActiveSession>()?;
        let user = extensions.get::<app::session::SignedIn>()?;
        let role = match session.staff_role.as_deref()? {
            "caseworker" => Role::Caseworker,
            "senior_caseworker" => Role::SeniorCaseworker,
            "admin" => Role::Admin,
            _ => return None,
        };
        Some(Self {
            email: user.email.clone(),
            role,
        })
    }

    fn actor(&self) -> Actor {
        Actor {
            id: self.email.clone(),
            role: self.role,
        }
    }
}

fn iso((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn today() -> String {
    iso(ymd_from_unix(now_seconds()))
}

fn show_date(iso_date: &str) -> String {
    parse_iso(iso_date).map(long_date).unwrap_or_default()
}

/// The RG decision is still to come and its due date has passed.
fn is_overdue(state: &str, rg_due_on: &str, today: &str) -> bool {
    cases::parse_state(state).is_some_and(|s| s.awaits_rg_decision()) && rg_due_on < today
}

fn status_label(state: &str) -> String {
    cases::parse_state(state)
        .map(|s| s.label().to_owned())
        .unwrap_or_default()
}

pub fn event_label(event: Event) -> &'static str {
    match event {
        Event::Open => "Start work on the case",
        Event::RequestInformation => "Ask the first responder for more information",
        Event::ReceiveInformation => "Record the information received",
        Event::DecideRgPositive => "Positive reasonable grounds decision",
        Event::ProposeRgNegative => "Propose a negative reasonable grounds decision",
        Event::ConfirmNegative => "Confirm the negative decision",
        Event::OverturnNegative => "Overturn the negative decision",
        Event::StartConclusiveGrounds => "Start the conclusive grounds decision",
        Event::DecideCgPositive => "Positive conclusive grounds decision",
        Event::ProposeCgNegative => "Propose a negative conclusive grounds decision",
        Event::RequestReconsideration => "Ask for reconsideration",
        Event::Withdraw => "Withdraw the case",
        Event::LinkAsDuplicate => "Link as a duplicate",
    }
}

pub async fn queue(
    state: &AppState,
    staff: &Staff,
    query: QueueQuery,
) -> Result<QueueView, DbError> {
    let today = today();
    let some = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
    let filter = QueueFilter {
        state: cases::parse_state(query.status.trim()).filter(|s| s.is_open()),
        overdue_on: query.overdue.then(|| today.clone()),
        adult_or_child: some(&query.age),
        assignee: query.mine.then(|| staff.email.clone()),
        search: some(&query.search),
        sort: if query.sort == "received" {
            QueueSort::Received
        } else {
            QueueSort::Due
        },
        page: query.page.max(0),
    };
    let found = cases::queue(&state.db, &filter).await?;
    let option = |value: &str, label: &str, count: i64| FilterOption {
        value: value.to_owned(),
        label: label.to_owned(),
        count,
    };
    let mut statuses = vec![option(
        "",
        "Any open status",
        found.by_state.iter().map(|(_, n)| n).sum(),
    )];
    statuses.extend(
        found
            .by_state
            .iter()
            .map(|(s, n)| option(s.name(), s.label(), *n)),
    );
    let count_of = |age: &str| {
        found
            .by_age
            .iter()
            .find(|(a, _)| a == age)
            .map_or(0, |(_, n)| *n)
    };
    let ages = vec![
        option("", "Either", found.by_age.iter().map(|(_, n)| n).sum()),
        option("Adult", "Adult", count_of("Adult")),
        option("Child", "Child", count_of("Child")),
        option("Unknown", "Age not known", count_of("Unknown")),
    ];
    let total = found.total;
    Ok(QueueView {
        me: staff.email.clone(),
        rows: found
            .rows
            .into_iter()
            .map(|c| QueueRow {
                overdue: is_overdue(&c.state, &c.rg_due_on, &today),
                received: long_date(ymd_from_unix(c.received_at)),
                rg_due: show_date(&c.rg_due_on),
                status: status_label(&c.state),
                reference: c.reference,
                adult_or_child: c.adult_or_child,
                nationality: c.nationality,
                organisation: c.organisation,
                assignee: c.assignee.unwrap_or_default(),
            })
            .collect(),
        total,
        more_than: !found.exact,
        page: filter.page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        query,
        statuses,
        ages,
    })
}

pub async fn case(
    state: &AppState,
    staff: &Staff,
    reference: &str,
) -> Result<Option<CaseView>, DbError> {
    let Some(case) = cases::find(&state.db, reference).await? else {
        return Ok(None);
    };
    let progress = Progress {
        answers: case.answers.clone(),
        completed: Vec::new(),
    };
    let mut progress = progress;
    // Every step the answers reach was done before sending.
    while progress.resume_at() != app::journey::route::CONFIRM {
        let slug = progress.resume_at();
        progress.completed.push(slug.to_owned());
    }
    let files: Vec<String> = crate::evidence::list_for_referral(&state.db, &case.id)
        .await?
        .into_iter()
        .map(|f| f.file_name)
        .collect();
    let mut sections = sections(&progress, &case.referrer_email, &files);
    for section in &mut sections {
        for row in &mut section.rows {
            row.change = None;
        }
    }
    let today = today();
    Ok(Some(CaseView {
        reference: case.row.reference.clone(),
        status: status_label(&case.row.state),
        received: long_date(ymd_from_unix(case.row.received_at)),
        overdue: is_overdue(&case.row.state, &case.row.rg_due_on, &today),
        rg_due: show_date(&case.row.rg_due_on),
        assignee: case.row.assignee.clone().unwrap_or_default(),
        me: staff.email.clone(),
        sections,
        timeline: case
            .events
            .iter()
            .rev()
            .map(|e| TimelineEntry {
                title: cases::parse_event(&e.event)
                    .map(|ev| event_label(ev).to_owned())
                    .unwrap_or_else(|| format!("{} ({})", e.event, status_label(&e.to_state))),
                when: long_date(ymd_from_unix(e.at)),
                who: e.actor_email.clone(),
                reasons: e.reasons.clone(),
            })
            .collect(),
        actions: available(&case.facts, staff.role)
            .into_iter()
            .map(|event| CaseAction {
                event: format!("{event:?}"),
                label: event_label(event).to_owned(),
                needs_reasons: TRANSITIONS
                    .iter()
                    .any(|t| t.from == case.facts.state && t.event == event && t.needs_reasons),
            })
            .collect(),
    }))
}

fn staff_of(parts: &Parts) -> Result<Staff, Redirect> {
    Staff::from_extensions(&parts.extensions).ok_or_else(|| Redirect::to(routes::STAFF_SIGN_IN))
}

fn case_page(reference: &str) -> String {
    format!("{}/{reference}", routes::CASES)
}

/// `POST /casework/cases/<reference>/events`: `event` and `reasons`.
pub async fn post_event(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let staff = match staff_of(&parts) {
        Ok(staff) => staff,
        Err(redirect) => return redirect.into_response(),
    };
    let values = match read_values(&parts.headers, body, &["event", "reasons"]).await {
        Ok(values) => values,
        Err(error) => return error.into_response(),
    };
    let Some(event) = cases::parse_event(values.get("event")) else {
        return AppError::BadRequest.into_response();
    };
    let page = case_page(&reference);
    match cases::apply(
        &state.db,
        &reference,
        event,
        &staff.actor(),
        values.get("reasons"),
        now_seconds(),
    )
    .await
    {
        Ok(to) => {
            tracing::info!(%reference, event = ?event, to = ?to, "case moved");
            Redirect::to(&page).into_response()
        }
        Err(EventError::Refused(refusal)) => {
            tracing::info!(%reference, event = ?event, %refusal, "case event refused");
            (
                axum::http::StatusCode::CONFLICT,
                format!("{refusal}. Go back to the case: {page}"),
            )
                .into_response()
        }
        Err(EventError::Conflict) => Redirect::to(&page).into_response(),
        Err(EventError::NotFound) => axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(EventError::Db(error)) => AppError::Db(error).into_response(),
    }
}

/// `POST /casework/cases/<reference>/assign`: to me (`assignee` = "me") or nobody.
pub async fn post_assign(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let staff = match staff_of(&parts) {
        Ok(staff) => staff,
        Err(redirect) => return redirect.into_response(),
    };
    if staff.role == Role::Admin {
        return axum::http::StatusCode::FORBIDDEN.into_response();
    }
    let values = match read_values(&parts.headers, body, &["assignee"]).await {
        Ok(values) => values,
        Err(error) => return error.into_response(),
    };
    let assignee = (values.get("assignee") == "me").then_some(staff.email.as_str());
    match cases::assign(&state.db, &reference, assignee).await {
        Ok(true) => Redirect::to(&case_page(&reference)).into_response(),
        Ok(false) => axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(error) => AppError::Db(error).into_response(),
    }
}
