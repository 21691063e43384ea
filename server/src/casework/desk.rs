//! The casework desk's server side: the queue and case views for the server
//! functions, and the posts that assign, note and move cases (each asks the
//! permission table through [`Staff::require`]).

use app::api::{
    CaseAction, CaseView, DocumentLink, DtnRow, DtnView, DuplicateCandidate, FilterOption,
    LetterEntry, QueueQuery, QueueRow, QueueView, ShareEntry, TimelineEntry, WorkloadRow,
};
use app::audit::AuditAction;
use app::casework::case_forms::{
    check_note, reasons_field, CaseForm, ASSIGNEE, DUPLICATE_OF, EVENT, FORM, NEXT_STEPS, NOTE,
    REASONS,
};
use app::casework::duplicates::{name_key, Person};
use app::casework::lifecycle::{available, transition, Event, Refusal, Role, State as CaseState};
use app::casework::permissions::{may, Action};
use app::casework::referral::{AgeGroup, ReferralKind};
use app::casework::statistics::EXPLOITATION_TYPES;
use app::dates::{long_date, parse_iso, ymd_from_unix};
use app::forms::FieldError;
use app::journey::progress::Progress;
use app::journey::summary::sections;
use app::routes;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use crate::casework::cases::{self, EventError, QueueFilter, QueueSort, PAGE_SIZE};
use crate::casework::records;
use crate::identity::access::Staff;
use crate::identity::accounts;
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

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
fn is_overdue(state: CaseState, rg_due_on: &str, today: &str) -> bool {
    state.awaits_rg_decision() && rg_due_on < today
}

pub async fn queue(
    state: &AppState,
    staff: &Staff,
    query: QueueQuery,
) -> Result<QueueView, DbError> {
    let today = today();
    let some = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
    let filter = QueueFilter {
        state: query
            .status
            .trim()
            .parse::<CaseState>()
            .ok()
            .filter(|s| s.is_open()),
        overdue_on: query.overdue.then(|| today.clone()),
        adult_or_child: some(&query.age),
        assignee: if query.mine {
            Some(staff.email.clone())
        } else {
            some(&query.assignee)
        },
        search: some(&query.search),
        nationality: some(&query.nationality),
        organisation: some(&query.organisation),
        exploitation: EXPLOITATION_TYPES
            .iter()
            .map(|(name, _)| *name)
            .find(|name| *name == query.exploitation),
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
            .map(|(s, n)| option(s.as_str(), s.label(), *n)),
    );
    let count_of = |age: &str| {
        found
            .by_age
            .iter()
            .find(|(a, _)| a == age)
            .map_or(0, |(_, n)| *n)
    };
    let mut ages = vec![option(
        "",
        "Either",
        found.by_age.iter().map(|(_, n)| n).sum(),
    )];
    ages.extend(
        AgeGroup::ALL
            .iter()
            .map(|age| option(age.as_str(), age.label(), count_of(age.as_str()))),
    );
    let total = found.total;
    Ok(QueueView {
        me: staff.email.clone(),
        rows: found
            .rows
            .into_iter()
            .map(|c| QueueRow {
                overdue: is_overdue(c.state, &c.rg_due_on, &today),
                received: long_date(ymd_from_unix(c.received_at)),
                rg_due: show_date(&c.rg_due_on),
                status: c.state.label().to_owned(),
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
        links: desk_links(staff.role),
        caseworkers: accounts::workloads(&state.db, &today)
            .await?
            .into_iter()
            .map(|w| w.email)
            .collect(),
    })
}

/// The case page's contents; opening it is recorded in the audit log.
pub async fn case(
    state: &AppState,
    staff: &Staff,
    origin: &Origin,
    reference: &str,
) -> Result<Option<CaseView>, DbError> {
    let Some(case) = cases::find(&state.db, reference).await? else {
        return Ok(None);
    };
    let now = now_seconds();
    audit::record_alone(
        &state.db,
        &Entry {
            actor: &audit::Actor::new(&staff.email, staff.role.as_str()),
            action: AuditAction::CaseViewed,
            target: Target::Case(&case.row.reference),
            detail: "",
            origin,
            at: now,
        },
    )
    .await?;
    let mut progress = Progress {
        answers: case.answers.clone(),
        completed: Vec::new(),
    };
    // Every step the answers reach was done before sending (a case whose
    // details the retention schedule removed has no answers to walk).
    while case.redacted_at.is_none() && progress.resume_at() != app::journey::route::CONFIRM {
        let slug = progress.resume_at();
        progress.completed.push(slug.to_owned());
    }
    let files = crate::evidence::list_for_referral(&state.db, &case.id).await?;
    let names: Vec<String> = files.iter().map(|f| f.file_name.clone()).collect();
    let mut sections = if case.redacted_at.is_some() {
        Vec::new()
    } else {
        sections(&progress, &case.referrer_email, &names)
    };
    for section in &mut sections {
        for row in &mut section.rows {
            row.change = None;
        }
    }
    let documents = files
        .into_iter()
        .map(|f| DocumentLink {
            href: format!("{}/{}", routes::EVIDENCE, f.id),
            size: crate::evidence::human_size(f.size_bytes),
            name: f.file_name,
        })
        .collect();
    let letters = records::letters(&state.db, &case.id).await?;
    let shares = crate::casework::shares::of_referral(&state.db, &case.id)
        .await?
        .into_iter()
        .map(|share| ShareEntry {
            with: share.shared_with,
            by: share.shared_by,
            since: long_date(ymd_from_unix(share.shared_at)),
            until: share.withdrawn_at.map(|at| long_date(ymd_from_unix(at))),
        })
        .collect();
    let notes = records::notes(&state.db, &case.id).await?;
    let person = Person {
        name_key: name_key(&case.pv_name),
        dob: case.pv_dob.clone(),
        nationality: case.row.nationality.clone(),
    };
    let duplicates = cases::candidates(&state.db, &case.id, &person)
        .await?
        .into_iter()
        .map(|c| DuplicateCandidate {
            date_of_birth: parse_iso(&c.dob)
                .map(long_date)
                .unwrap_or_else(|| "Not known".into()),
            reference: c.reference,
            name: c.name,
            nationality: c.nationality,
            organisation: c.organisation,
            why: c.why.to_owned(),
        })
        .collect();
    let caseworkers = if staff.may(Action::Reassign) {
        accounts::workloads(&state.db, &today())
            .await?
            .into_iter()
            .map(|w| w.email)
            .collect()
    } else {
        Vec::new()
    };
    let can_link = events_for(&case, staff.role).contains(&Event::LinkAsDuplicate);
    // Newest first: events, notes and letters in one timeline.
    let mut timeline: Vec<(i64, TimelineEntry)> = case
        .events
        .iter()
        .map(|e| {
            let title = e.event.label().to_owned();
            (e.at, entry(title, e.at, &e.actor_email, &e.reasons))
        })
        .collect();
    timeline.extend(notes.iter().map(|n| {
        (
            n.at,
            entry("Internal note".into(), n.at, &n.author_email, &n.body),
        )
    }));
    timeline.extend(letters.iter().map(|l| {
        let title = format!("Letter to the {} by {}", l.recipient, l.route);
        (l.at, entry(title, l.at, "Sent by the service", &l.subject))
    }));
    timeline.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let today = today();
    Ok(Some(CaseView {
        reference: case.row.reference.clone(),
        status: case.row.state.label().to_owned(),
        received: long_date(ymd_from_unix(case.row.received_at)),
        overdue: is_overdue(case.row.state, &case.row.rg_due_on, &today),
        rg_due: show_date(&case.row.rg_due_on),
        assignee: case.row.assignee.clone().unwrap_or_default(),
        me: staff.email.clone(),
        caseworkers,
        sections,
        documents,
        shares,
        viewed_by: crate::casework::audit_views::viewers(&state.db, &case.row.reference).await?,
        letters: letters
            .into_iter()
            .map(|l| LetterEntry {
                when: long_date(ymd_from_unix(l.at)),
                to: l.recipient,
                route: if l.route == "post" { "Post" } else { "Email" }.to_owned(),
                address: l.address.lines().map(str::to_owned).collect(),
                subject: l.subject,
            })
            .collect(),
        duplicates,
        can_link,
        timeline: timeline.into_iter().map(|(_, e)| e).collect(),
        actions: buttons(&case, staff.role),
        redacted_on: case.redacted_at.map(|at| long_date(ymd_from_unix(at))),
    }))
}

/// The events the role may send to the case now. Duty to Notify reports are
/// a register: nothing happens to them.
fn events_for(case: &cases::CaseRecord, role: Role) -> Vec<Event> {
    if case.row.kind == ReferralKind::Nrm {
        available(&case.facts, role)
    } else {
        Vec::new()
    }
}

/// The case page's event buttons, in order (linking a duplicate has its own).
fn buttons(case: &cases::CaseRecord, role: Role) -> Vec<CaseAction> {
    events_for(case, role)
        .into_iter()
        .filter(|e| *e != Event::LinkAsDuplicate)
        .map(|event| CaseAction {
            event: event.as_str().to_owned(),
            label: event.label().to_owned(),
            needs_reasons: transition(case.facts.state, event).is_some_and(|t| t.needs_reasons),
        })
        .collect()
}

/// Where a refusal points: a missing reason at that button's reasons box,
/// anything else at the "Next steps" heading above the buttons.
fn refusal_field(refusal: &Refusal, event: Event, buttons: &[CaseAction]) -> String {
    buttons
        .iter()
        .position(|b| b.event == event.as_str() && b.needs_reasons)
        .filter(|_| *refusal == Refusal::ReasonsNeeded)
        .map_or_else(|| NEXT_STEPS.to_owned(), reasons_field)
}

fn entry(title: String, at: i64, who: &str, reasons: &str) -> TimelineEntry {
    TimelineEntry {
        title,
        when: long_date(ymd_from_unix(at)),
        who: who.to_owned(),
        reasons: reasons.to_owned(),
    }
}

/// One page of the Duty to Notify register.
pub async fn dtn(state: &AppState, search: &str, page: i64) -> Result<DtnView, DbError> {
    let search = search.trim();
    let page = page.max(0);
    let (rows, total, exact) =
        cases::dtn_register(&state.db, (!search.is_empty()).then_some(search), page).await?;
    Ok(DtnView {
        rows: rows
            .into_iter()
            .map(|r| DtnRow {
                received: long_date(ymd_from_unix(r.received_at)),
                reference: r.reference,
                nation: r.nation,
                organisation: r.organisation,
                exploitation: r.exploitation.replace(',', ", "),
            })
            .collect(),
        total,
        more_than: !exact,
        page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        search: search.to_owned(),
    })
}

/// The desk's other pages, as far as the role may open them.
fn desk_links(role: Role) -> Vec<(String, String)> {
    [
        (routes::STATISTICS, "Statistics", Action::ViewStatistics),
        (
            routes::DTN_REGISTER,
            "Duty to Notify register",
            Action::ViewQueue,
        ),
        (routes::TEAM, "Team workload", Action::ViewTeam),
        (routes::STAFF_ADMIN, "Staff accounts", Action::ManageStaff),
    ]
    .into_iter()
    .filter(|(_, _, action)| may(role, *action))
    .map(|(href, label, _)| (href.to_owned(), label.to_owned()))
    .collect()
}

/// The team's open and overdue cases per caseworker.
pub async fn team(state: &AppState) -> Result<Vec<WorkloadRow>, DbError> {
    Ok(accounts::workloads(&state.db, &today())
        .await?
        .into_iter()
        .map(|w| WorkloadRow {
            href: format!("{}?assignee={}", routes::CASEWORK, w.email),
            email: w.email,
            open: w.open,
            overdue: w.overdue,
        })
        .collect())
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
    match which.map_err(|_| AppError::BadRequest)? {
        CaseForm::Event => post_event(state, by, form).await,
        CaseForm::Assign => post_assign(state, by, form).await,
        CaseForm::Note => post_note(state, by, form).await,
    }
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
    let values = form.values(&[EVENT, REASONS, DUPLICATE_OF]);
    let event = values
        .get(EVENT)
        .parse::<Event>()
        .map_err(|_| AppError::BadRequest)?;
    let page = case_page(&reference);
    let mut reasons = values.get(REASONS).to_owned();
    let mut duplicate_of = None;
    if event == Event::LinkAsDuplicate {
        let other = values.get(DUPLICATE_OF).trim();
        let case = cases::find(&state.db, &reference)
            .await?
            .ok_or(AppError::NotFound)?;
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
            let case = cases::find(&state.db, &reference)
                .await?
                .ok_or(AppError::NotFound)?;
            let field = refusal_field(&refusal, event, &buttons(&case, staff.role));
            let error = FieldError::new(&field, refusal.to_string());
            form.refuse(state, &page, values, vec![error]).await
        }
        Err(EventError::Conflict) => Ok(Redirect::to(&page).into_response()),
        Err(EventError::NotFound) => Err(AppError::NotFound),
        Err(EventError::Db(error)) => Err(AppError::Db(error)),
    }
}

/// To me (`assignee` = "me"), nobody, or (senior caseworkers) someone else.
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
    let assignee = match values.get(ASSIGNEE) {
        "me" => Some(staff.email.clone()),
        "nobody" => None,
        // Giving a case to someone else is for those the table lets reassign.
        other => {
            staff.require(Action::Reassign)?;
            if !accounts::holds_cases(&state.db, other).await? {
                return Err(AppError::BadRequest);
            }
            Some(other.to_owned())
        }
    };
    let assigned = cases::assign(
        &state.db,
        &reference,
        assignee.as_deref(),
        &staff.actor(),
        &origin,
        now_seconds(),
    )
    .await?;
    if assigned {
        Ok(Redirect::to(&case_page(&reference)).into_response())
    } else {
        Err(AppError::NotFound)
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
    let values = form.values(&[NOTE]);
    let page = case_page(&reference);
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let note = match check_note(values.get(NOTE)) {
        Ok(note) => note.to_owned(),
        Err(error) => return form.refuse(state, &page, values, vec![error]).await,
    };
    records::add_note(
        &state.db,
        (&case.id, &reference),
        &staff.actor(),
        &note,
        &origin,
        now_seconds(),
    )
    .await?;
    Ok(Redirect::to(&format!("{page}#timeline")).into_response())
}
