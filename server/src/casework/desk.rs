//! The casework desk's lists for the server functions: the queue, My work
//! and Available work, the Duty to Notify register and the team's workload.
//! A case's page is [`super::case_page`]; its forms, [`super::case_posts`].

use app::api::{
    DtnRow, DtnView, FilterOption, PageAt, QueueQuery, QueueRow, QueueView, TaskClock, TaskRow,
    WorkView, WorkloadRow,
};
use app::casework::calendar::Calendar;
use app::casework::lifecycle::State as CaseState;
use app::casework::referral::AgeGroup;
use app::casework::statistics::EXPLOITATION_TYPES;
use app::casework::tasks::urgency;
use app::dates::{long_date, ymd_from_unix, Ymd};
use app::routes;

use crate::casework::cases::paging::{self, Start};
use crate::casework::cases::tasks;
use crate::casework::cases::{self, QueueFilter, QueueSort};
use crate::casework::restriction;
use crate::identity::access::Staff;
use crate::identity::accounts;
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;

pub(crate) fn iso((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

pub(crate) fn today() -> String {
    iso(ymd_from_unix(now_seconds()))
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
        start: Start::of(query.at.page, &query.at.after, &query.at.before),
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
    let page = filter.start.page();
    let pages = paging::pages(total, found.exact, page, found.rows.len());
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
        page,
        pages,
        query: QueueQuery {
            at: PageAt { page, ..query.at },
            ..query
        },
        statuses,
        ages,
        caseworkers: accounts::case_holder_emails(&state.db).await?,
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
    at: PageAt,
) -> Result<WorkView, DbError> {
    let whose = if mine {
        tasks::Whose::Held(&staff.email)
    } else {
        tasks::Whose::Nobody(staff.role)
    };
    let start = Start::of(at.page, &at.after, &at.before);
    let page = start.page();
    let mut found = tasks::list(&state.db, whose, &start).await?;
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
    let pages = paging::pages(found.total, found.exact, page, found.rows.len());
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
        at: PageAt { page, ..at },
        pages,
    })
}

/// An open task's clock as shown on `today`: the not-before day only while
/// it is still to come.
pub(crate) fn task_clock(task: &tasks::OpenTask, calendar: Calendar, today: Ymd) -> TaskClock {
    TaskClock {
        task: task.kind.label().to_owned(),
        due: long_date(task.dates.due_on),
        urgency: urgency(task.dates.due_on, today, calendar),
        not_before: task.dates.not_before.filter(|d| *d > today).map(long_date),
    }
}

/// One page of the Duty to Notify register.
pub async fn dtn(state: &AppState, search: &str, page: i64) -> Result<DtnView, DbError> {
    let search = search.trim();
    let page = page.max(0);
    let (rows, total, exact) =
        cases::dtn_register(&state.db, (!search.is_empty()).then_some(search), page).await?;
    let pages = paging::pages(total, exact, page, rows.len());
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
        pages,
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
