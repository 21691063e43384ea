//! The casework desk's server side: the queue and case views for the server
//! functions, and the posts that assign, note and move cases (each asks the
//! permission table through [`Staff::require`]).

use app::api::{
    AccessRequestEntry, CaseAction, CaseLoad, CaseTask, CaseView, DocumentLink, DtnRow, DtnView,
    DuplicateCandidate, FilterOption, FlagEntry, LetterEntry, LinkEntry, QueueQuery, QueueRow,
    QueueView, RestrictedCase, RestrictionView, ShareEntry, TaskClock, TaskRow, TimelineEntry,
    WorkView, WorkloadRow,
};
use app::audit::AuditAction;
use app::casework::calendar::Calendar;
use app::casework::case_forms::{
    check_note, reasons_field, CaseForm, ASSIGNEE, CHANGED_MEANWHILE, DUPLICATE_OF, EVENT,
    FOLLOW_UP_ON, FORM, HERE_RECENTLY_SECONDS, NEXT_STEPS, NOTE, REASONS, VERSION,
};
use app::casework::documents::DocumentCategory;
use app::casework::duplicates::{name_key, Person};
use app::casework::flags::{check_flag, FLAG, FLAG_ID, FLAG_TEXT};
use app::casework::lifecycle::{available, transition, Event, Refusal, Role, State as CaseState};
use app::casework::links::{
    check_link, check_unlink, unlink_field, LinkKind, LINK_ID, LINK_KIND, LINK_REASONS, LINK_TO,
    UNLINK_REASONS,
};
use app::casework::permissions::Action;
use app::casework::referral::{AgeGroup, ReferralKind};
use app::casework::restriction::{
    check_access_reason, check_restriction, AccessDecision, ACCESS_REASON, DECISION, REQUEST_ID,
    RESTRICT_REASON, RESTRICT_TO,
};
use app::casework::statistics::EXPLOITATION_TYPES;
use app::casework::tasks::{check_follow_up, may_hand, urgency, Clock, Handover, TaskKind};
use app::dates::Ymd;
use app::dates::{long_date, long_date_time, parse_iso, time_of_day, ymd_from_unix};
use app::forms::FieldError;
use app::journey::progress::Progress;
use app::journey::summary::sections;
use app::routes::{self, CaseTab};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

use crate::casework::cases::tasks::{self, HandError};
use crate::casework::cases::{self, EventError, QueueFilter, QueueSort, PAGE_SIZE};
use crate::casework::version::WriteError;
use crate::casework::{audit_views, records, restriction};
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
    let today_ymd = ymd_from_unix(now_seconds());
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
        flag: query.flag.parse().ok(),
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
    let restricted: Vec<&str> = found
        .rows
        .iter()
        .filter(|c| c.restricted != 0)
        .map(|c| c.reference.as_str())
        .collect();
    let closed = restriction::closed_to(&state.db, staff, &restricted).await?;
    Ok(QueueView {
        rows: found
            .rows
            .into_iter()
            .map(|c| hidden_if(closed.contains(&c.reference), c))
            .map(|c| {
                let task = c.task.read(&c.reference)?.ok_or_else(|| {
                    DbError::Corrupt(format!("open case {} without a task", c.reference))
                })?;
                Ok(QueueRow {
                    clock: task_clock(&task, c.nation.calendar(), today_ymd),
                    received: long_date(ymd_from_unix(c.received_at)),
                    status: c.state.label().to_owned(),
                    reference: c.reference,
                    adult_or_child: c.adult_or_child,
                    nationality: c.nationality,
                    organisation: c.organisation,
                    assignee: c.assignee.unwrap_or_default(),
                })
            })
            .collect::<Result<_, DbError>>()?,
        total,
        more_than: !found.exact,
        page: filter.page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
        query,
        statuses,
        ages,
        caseworkers: accounts::workloads(&state.db, &today)
            .await?
            .into_iter()
            .map(|w| w.email)
            .collect(),
    })
}

/// What a list shows in place of what a restricted case holds, to those it
/// is closed to.
const RESTRICTED: &str = "Restricted";

/// A queue row as someone the case is closed to sees it: only that it exists.
fn hidden_if(closed: bool, mut case: cases::QueueCase) -> cases::QueueCase {
    if closed {
        case.adult_or_child = RESTRICTED.to_owned();
        case.nationality = RESTRICTED.to_owned();
        case.organisation = RESTRICTED.to_owned();
        case.assignee = None;
    }
    case
}

/// My work or Available work: one page of tasks, most urgent first.
pub async fn work(
    state: &AppState,
    staff: &Staff,
    mine: bool,
    page: i64,
) -> Result<WorkView, DbError> {
    let whose = if mine {
        tasks::Whose::Held(&staff.email)
    } else {
        tasks::Whose::Nobody(staff.role)
    };
    let page = page.max(0);
    let mut found = tasks::list(&state.db, whose, page).await?;
    let restricted: Vec<&str> = found
        .rows
        .iter()
        .filter(|row| row.restricted)
        .map(|row| row.reference.as_str())
        .collect();
    let closed = restriction::closed_to(&state.db, staff, &restricted).await?;
    for row in &mut found.rows {
        if closed.contains(&row.reference) {
            row.adult_or_child = RESTRICTED.to_owned();
            row.task.priority = app::casework::tasks::Priority(0);
        }
    }
    let today = ymd_from_unix(now_seconds());
    Ok(WorkView {
        mine,
        rows: found
            .rows
            .into_iter()
            .map(|row| TaskRow {
                clock: task_clock(&row.task, row.nation.calendar(), today),
                priority: row
                    .task
                    .priority
                    .reasons()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                status: row.state.label().to_owned(),
                adult_or_child: row.adult_or_child,
                reference: row.reference,
            })
            .collect(),
        total: found.total,
        more_than: !found.exact,
        page,
        pages: (found.total + PAGE_SIZE - 1) / PAGE_SIZE,
    })
}

/// The case page's contents; opening it is recorded in the audit log. A
/// restricted case the viewer may not open shows only that it exists.
pub async fn case(
    state: &AppState,
    staff: &Staff,
    origin: &Origin,
    reference: &str,
) -> Result<Option<CaseLoad>, DbError> {
    let Some(case) = cases::find(&state.db, reference).await? else {
        return Ok(None);
    };
    if !restriction::may_open(&state.db, staff, reference).await? {
        return Ok(Some(CaseLoad::Restricted(
            restricted_case(state, staff, &case).await?,
        )));
    }
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
    // The referral's answers name the files the referrer sent with it.
    let names: Vec<String> = files
        .iter()
        .filter(|d| d.file.category == DocumentCategory::FromReferrer)
        .map(|d| d.file.file_name.clone())
        .collect();
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
        .map(|d| DocumentLink {
            href: format!("{}/{}", routes::EVIDENCE, d.file.id),
            size: crate::evidence::human_size(d.file.size_bytes),
            name: d.file.file_name,
            category: d.file.category,
            added_by: d.added_by,
            added: long_date(ymd_from_unix(d.added_at)),
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
    let flags = crate::casework::flags::of_case(&state.db, &case.id).await?;
    let links = crate::casework::links::of_case(&state.db, &case.id).await?;
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
    for flag in &flags {
        let shown = flag.kind.shown(&flag.detail);
        let by = flag
            .added_by
            .as_deref()
            .unwrap_or("From the referral's answers");
        let title = format!("Flag added: {shown}");
        timeline.push((flag.added_at, entry(title, flag.added_at, by, "")));
        if let (Some(at), Some(by)) = (flag.removed_at, &flag.removed_by) {
            timeline.push((at, entry(format!("Flag removed: {shown}"), at, by, "")));
        }
    }
    for link in &links {
        let what = format!("{}, {}", link.kind.label(), link.other);
        let title = format!("Linked: {what}");
        let added = entry(title, link.added_at, &link.added_by, &link.reasons);
        timeline.push((link.added_at, added));
        if let (Some(at), Some(by)) = (link.removed_at, &link.removed_by) {
            let why = link.removed_reasons.as_deref().unwrap_or_default();
            timeline.push((at, entry(format!("Link removed: {what}"), at, by, why)));
        }
    }
    timeline.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let today = today();
    let viewers = audit::viewers(&state.db, Target::Case(&case.row.reference)).await?;
    let can_restrict = staff.may(Action::RestrictCase) && case.redacted_at.is_none();
    let restriction = restriction::of_case(&state.db, &case.id).await?;
    let access_requests = if staff.may(Action::RestrictCase) {
        restriction::requests(&state.db, &case.id).await?
    } else {
        Vec::new()
    };
    Ok(Some(CaseLoad::Open(Box::new(CaseView {
        reference: case.row.reference.clone(),
        name: case.pv_name.clone(),
        adult_or_child: case.row.adult_or_child.clone(),
        nationality: case.row.nationality.clone(),
        status: case.row.state.label().to_owned(),
        received: long_date(ymd_from_unix(case.row.received_at)),
        overdue: is_overdue(case.row.state, &case.row.rg_due_on, &today),
        rg_due: show_date(&case.row.rg_due_on),
        assignee: case.row.assignee.clone().unwrap_or_default(),
        flags: flags
            .into_iter()
            .filter(|f| f.removed_at.is_none())
            .map(|f| FlagEntry {
                shown: f.kind.shown(&f.detail),
                added: match &f.added_by {
                    Some(by) => format!("Added by {by}, {}", long_date(ymd_from_unix(f.added_at))),
                    None => format!(
                        "From the referral, {}",
                        long_date(ymd_from_unix(f.added_at))
                    ),
                },
                id: f.id,
                kind: f.kind,
            })
            .collect(),
        can_flag: staff.may(Action::ManageFlags) && case.redacted_at.is_none(),
        task: case_task(&case, staff),
        follow_up: follow_up_offer(&case),
        caseworkers,
        sections,
        documents,
        can_add_document: staff.may(Action::AddDocument) && case.redacted_at.is_none(),
        shares,
        viewed_by: viewers
            .iter()
            .map(audit_views::viewer_entry)
            .collect::<Result<_, _>>()?,
        others_here: viewers
            .iter()
            .filter(|v| v.actor != staff.email && v.last > now - HERE_RECENTLY_SECONDS)
            .map(|v| {
                let role = audit_views::role_named(&v.role)?;
                Ok(format!("{} ({role}), at {}", v.actor, time_of_day(v.last)))
            })
            .collect::<Result<_, DbError>>()?,
        version: case.version,
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
        links: links
            .into_iter()
            .filter(|l| l.removed_at.is_none())
            .map(|l| LinkEntry {
                added: format!(
                    "Linked by {}, {}",
                    l.added_by,
                    long_date(ymd_from_unix(l.added_at))
                ),
                id: l.id,
                kind: l.kind,
                other: l.other,
                reasons: l.reasons,
            })
            .collect(),
        can_manage_links: staff.may(Action::ManageLinks) && case.redacted_at.is_none(),
        timeline: timeline.into_iter().map(|(_, e)| e).collect(),
        actions: buttons(&case, staff.role),
        redacted_on: case.redacted_at.map(|at| long_date(ymd_from_unix(at))),
        restriction: restriction.map(|r| RestrictionView {
            by: format!(
                "Restricted by {} on {}",
                r.by,
                long_date(ymd_from_unix(r.at))
            ),
            reason: r.reason,
            named: r
                .named
                .into_iter()
                .map(|(email, by, at)| {
                    format!(
                        "{email}, let in by {by} on {}",
                        long_date(ymd_from_unix(at))
                    )
                })
                .collect(),
        }),
        access_requests: access_requests
            .into_iter()
            .map(|request| {
                let decided = match (request.decision()?, &request.decided_by, request.decided_at) {
                    (Some(decision), Some(by), Some(at)) => Some(format!(
                        "{} by {by} on {}",
                        decision.label(),
                        long_date_time(at)
                    )),
                    _ => None,
                };
                Ok(AccessRequestEntry {
                    asked: format!(
                        "{} asked on {}",
                        request.email,
                        long_date_time(request.asked_at)
                    ),
                    id: request.id,
                    reason: request.reason,
                    decided,
                })
            })
            .collect::<Result<_, DbError>>()?,
        can_restrict,
    }))))
}

/// What someone who may not open a restricted case sees of it: that it
/// exists, and where their request for access stands.
async fn restricted_case(
    state: &AppState,
    staff: &Staff,
    case: &cases::CaseRecord,
) -> Result<RestrictedCase, DbError> {
    let mine: Vec<restriction::AccessRequest> = restriction::requests(&state.db, &case.id)
        .await?
        .into_iter()
        .filter(|r| r.email == staff.email)
        .collect();
    // A request that waits, else the newest.
    let latest = mine.iter().find(|r| r.decision.is_none()).or(mine.last());
    let asked = match latest {
        None => None,
        Some(request) => Some(match (request.decision()?, request.decided_at) {
            (Some(decision), Some(at)) => format!(
                "Your request of {} was {} on {}.",
                long_date(ymd_from_unix(request.asked_at)),
                decision.label().to_ascii_lowercase(),
                long_date(ymd_from_unix(at))
            ),
            _ => format!(
                "You asked on {}. A senior caseworker will decide.",
                long_date(ymd_from_unix(request.asked_at))
            ),
        }),
    };
    Ok(RestrictedCase {
        reference: case.row.reference.clone(),
        asked,
        can_ask: staff.may(Action::AskForAccess) && latest.is_none_or(|r| r.decision.is_some()),
    })
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

/// An open task's clock as shown on `today`: the not-before day only while
/// it is still to come.
fn task_clock(task: &tasks::OpenTask, calendar: Calendar, today: Ymd) -> TaskClock {
    TaskClock {
        task: task.kind.label().to_owned(),
        due: long_date(task.dates.due_on),
        urgency: urgency(task.dates.due_on, today, calendar),
        not_before: task.dates.not_before.filter(|d| *d > today).map(long_date),
    }
}

/// The case's task as its page shows it to `staff`.
fn case_task(case: &cases::CaseRecord, staff: &Staff) -> Option<CaseTask> {
    let task = case.task?;
    let today = ymd_from_unix(now_seconds());
    let holder = case.row.assignee.as_deref();
    let proposer = case.facts.negative_proposed_by.as_deref();
    let actor = staff.actor();
    let allowed = |handover| may_hand(task.kind, holder, proposer, &actor, handover).is_ok();
    Some(CaseTask {
        clock: task_clock(&task, case.nation.calendar(), today),
        can_claim: holder != Some(staff.email.as_str()) && allowed(Handover::Claim),
        can_release: holder.is_some() && allowed(Handover::Release),
    })
}

/// The follow-up days offered on the request-for-information form, the
/// policy's default chosen.
fn follow_up_offer(case: &cases::CaseRecord) -> Vec<(String, String, bool)> {
    let today = ymd_from_unix(now_seconds());
    let default = app::casework::tasks::due(
        TaskKind::InformationFollowUp,
        &Clock {
            received_on: case.facts.received_on,
            calendar: case.nation.calendar(),
            opened_on: today,
            recovery_started_on: None,
            follow_up_on: None,
        },
    )
    .due_on;
    follow_up_choices(case)
        .into_iter()
        .map(|day| (iso(day), long_date(day), day == default))
        .collect()
}

/// The follow-up days a request for information on `case` may choose today.
fn follow_up_choices(case: &cases::CaseRecord) -> Vec<app::dates::Ymd> {
    app::casework::tasks::follow_up_choices(
        ymd_from_unix(now_seconds()),
        case.facts.received_on,
        case.nation.calendar(),
    )
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
        let case = cases::find(&state.db, &reference)
            .await?
            .ok_or(AppError::NotFound)?;
        let choices = follow_up_choices(&case);
        match check_follow_up(values.get(FOLLOW_UP_ON), &choices) {
            Ok(day) => follow_up_on = day,
            Err(error) => return form.refuse(state, &page, values, vec![error]).await,
        }
    }
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
            let case = cases::find(&state.db, &reference)
                .await?
                .ok_or(AppError::NotFound)?;
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let note = match check_note(values.get(NOTE)) {
        Ok(note) => note.to_owned(),
        Err(error) => return form.refuse(state, &page, values, vec![error]).await,
    };
    let seen = seen_version(values.get(VERSION));
    match records::add_note(
        &state.db,
        (&case.id, &reference, seen),
        &staff.actor(),
        &note,
        &origin,
        now_seconds(),
    )
    .await
    {
        Ok(()) => {
            Ok(Redirect::to(&app::routes::CaseTab::Timeline.href(&reference)).into_response())
        }
        Err(error) => refuse_write(state, form, (&page, values), NOTE, error).await,
    }
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let (kind, text) = match check_flag(values.get(FLAG), values.get(FLAG_TEXT)) {
        Ok(flag) => flag,
        Err(error) => return form.refuse(state, &page, values, vec![error]).await,
    };
    let seen = seen_version(values.get(VERSION));
    let added = crate::casework::flags::add(
        &state.db,
        (&case.id, &reference, seen),
        &staff.actor(),
        (kind, &text),
        &origin,
        now_seconds(),
    )
    .await;
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = seen_version(values.get(VERSION));
    let removed = crate::casework::flags::remove(
        &state.db,
        (&case.id, &reference, seen),
        &staff.actor(),
        values.get(FLAG_ID).trim(),
        &origin,
        now_seconds(),
    )
    .await;
    match removed {
        Ok(_) => Ok(Redirect::to(&format!("{page}#flags")).into_response()),
        Err(error) => refuse_write(state, form, (&page, values), FLAG, error).await,
    }
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
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
    let added = crate::casework::links::add(
        &state.db,
        (&case.id, &reference, seen),
        (&other_id, &other),
        &staff.actor(),
        (kind, &reasons),
        &origin,
        now_seconds(),
    )
    .await;
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let removed = crate::casework::links::remove(
        &state.db,
        (&case.id, &reference, seen_version(values.get(VERSION))),
        &staff.actor(),
        (&link_id, &reasons),
        &origin,
        now_seconds(),
    )
    .await;
    match removed {
        // Removed, or removed already by someone else: the tab shows which.
        Ok(_) => Ok(Redirect::to(&page).into_response()),
        Err(error) => refuse_write(state, form, (&page, values), &field, error).await,
    }
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let caseworkers: Vec<String> = accounts::workloads(&state.db, &today())
        .await?
        .into_iter()
        .map(|w| w.email)
        .collect();
    let (named, reason) = match check_restriction(&named, &reason, &caseworkers) {
        Ok(checked) => checked,
        Err(errors) => return form.refuse(state, &page, values, errors).await,
    };
    let done = restriction::restrict(
        &state.db,
        (&case.id, &reference, seen_version(&version)),
        &staff.actor(),
        (&named, &reason),
        &origin,
        now_seconds(),
    )
    .await;
    match done {
        Ok(()) => Ok(Redirect::to(&page).into_response()),
        Err(error) => refuse_write(state, form, (&page, values), RESTRICT_TO, error).await,
    }
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
    let seen = seen_version(values.get(VERSION));
    let done = restriction::lift(
        &state.db,
        (&case.id, &reference, seen),
        &staff.actor(),
        &origin,
        now_seconds(),
    )
    .await;
    match done {
        Ok(()) => Ok(Redirect::to(&page).into_response()),
        Err(error) => refuse_write(state, form, (&page, values), RESTRICT_TO, error).await,
    }
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
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
    let case = cases::find(&state.db, &reference)
        .await?
        .ok_or(AppError::NotFound)?;
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
