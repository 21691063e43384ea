//! A case's open task, held on its `referral` row (`task_*` columns, with
//! `assignee_email` as its holder): opened when a referral arrives and by
//! lifecycle events as `app::casework::tasks` rules, claimed, given and
//! released here, and listed as My work and Available work.

use app::audit::AuditAction;
use app::casework::lifecycle::{Actor, Role, State};
use app::casework::tasks::{may_hand, Dates, Handover, Priority, TaskKind, TaskRefusal};
use app::dates::{parse_iso, Ymd};

use super::paging::{Dir, Holds, Order, Start};
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::db::{sql_list, Conn, Db, DbError};

/// A case's open task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenTask {
    pub kind: TaskKind,
    pub dates: Dates,
    pub priority: Priority,
}

pub fn iso((y, m, d): Ymd) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn date(text: &str, what: &str) -> Result<Ymd, DbError> {
    parse_iso(text).ok_or_else(|| DbError::Corrupt(format!("{what}: {text:?}")))
}

/// The task columns as stored: an unknown kind or an unreadable date is an
/// error, never no task.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct TaskColumns {
    pub task_kind: Option<String>,
    pub task_due_on: Option<String>,
    pub task_not_before: Option<String>,
    pub task_priority: i32,
}

impl TaskColumns {
    /// The case's priority, kept while it has no open task.
    pub fn priority(&self, reference: &str) -> Result<Priority, DbError> {
        u8::try_from(self.task_priority).map(Priority).map_err(|_| {
            DbError::Corrupt(format!(
                "the priority of case {reference}: {}",
                self.task_priority
            ))
        })
    }

    pub fn read(&self, reference: &str) -> Result<Option<OpenTask>, DbError> {
        let Some(kind) = &self.task_kind else {
            return Ok(None);
        };
        let kind = kind.parse::<TaskKind>()?;
        let what = format!("the task of case {reference}");
        let due_on = date(self.task_due_on.as_deref().unwrap_or_default(), &what)?;
        let not_before = self
            .task_not_before
            .as_deref()
            .map(|d| date(d, &what))
            .transpose()?;
        let priority = self.priority(reference)?;
        Ok(Some(OpenTask {
            kind,
            dates: Dates { due_on, not_before },
            priority,
        }))
    }
}

/// One row of My work or Available work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskListRow {
    pub reference: String,
    pub task: OpenTask,
    pub state: State,
    pub adult_or_child: String,
    pub nation: app::casework::referral::Nation,
    pub holder: Option<String>,
    /// Restricted to named caseworkers (`casework::restriction`).
    pub restricted: bool,
}

#[derive(sqlx::FromRow)]
struct ListRow {
    reference: String,
    #[sqlx(flatten)]
    task: TaskColumns,
    #[sqlx(try_from = "String")]
    state: State,
    adult_or_child: String,
    #[sqlx(try_from = "String")]
    nation: app::casework::referral::Nation,
    assignee_email: Option<String>,
    restricted: i32,
}

/// A page of tasks, most urgent first, and how many there are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskPage {
    pub rows: Vec<TaskListRow>,
    /// When not `exact`, more than this.
    pub total: i64,
    pub exact: bool,
}

/// Most urgent first, then soonest due: the order of both lists' indexes.
const ORDER: Order = Order(&[
    ("task_priority", Dir::Down, Holds::Number),
    ("task_due_on", Dir::Up, Holds::Text),
    ("reference", Dir::Up, Holds::Text),
]);

/// Task lists count this many at most ("more than 1,000 tasks"): counting
/// is reading the list's index entry by entry, and Available work holds
/// most of the open cases (10,000 of 380,000 took 2.3 ms of the database on
/// each page at 1,000,000 cases). Pages go on past it (`paging::pages`).
pub const TASK_COUNT_CAP: i64 = 1_000;
const LIST_COLUMNS: &str = "reference, task_kind, task_due_on, task_not_before, task_priority, \
     state, adult_or_child, nation, assignee_email, restricted";

/// Whose tasks a list shows.
#[derive(Clone, Copy, Debug)]
pub enum Whose<'a> {
    /// One person's: My work.
    Held(&'a str),
    /// Nobody's, of the kinds a role may hold: Available work.
    Nobody(Role),
}

/// One page of a list of tasks. The page's keys come from the list's index
/// alone (`referral_my_work`, `referral_available_work`), then only its rows
/// are read.
pub async fn list(db: &Db, whose: Whose<'_>, start: &Start) -> Result<TaskPage, DbError> {
    let (filter, bind) = match whose {
        Whose::Held(email) => (
            "assignee_email = $1 AND task_kind IS NOT NULL".to_owned(),
            Some(email),
        ),
        Whose::Nobody(role) => {
            let kinds = TaskKind::held_by(role);
            let all = kinds.len() == TaskKind::ALL.len();
            let mut filter = "assignee_email IS NULL AND task_kind IS NOT NULL".to_owned();
            if !all {
                filter.push_str(&format!(
                    " AND task_kind IN ({})",
                    sql_list(kinds.iter().map(|k| k.as_str()))
                ));
            }
            (filter, None)
        }
    };
    let binds: Vec<String> = bind.iter().map(|value| (*value).to_owned()).collect();
    let (page_of, page_binds) = ORDER.page_of(db, &filter, &binds, start).await?;
    let sql = format!(
        "SELECT {LIST_COLUMNS} FROM referral WHERE reference IN ({page_of}) ORDER BY {}",
        ORDER.sql()
    );
    let mut query = sqlx::query_as::<_, ListRow>(sqlx::AssertSqlSafe(sql));
    for value in page_binds {
        query = query.bind(value);
    }
    let rows = query
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|row| {
            let task = row
                .task
                .read(&row.reference)?
                .ok_or_else(|| DbError::Corrupt(format!("case {}: no task", row.reference)))?;
            Ok(TaskListRow {
                reference: row.reference,
                task,
                state: row.state,
                adult_or_child: row.adult_or_child,
                nation: row.nation,
                holder: row.assignee_email,
                restricted: row.restricted != 0,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    // Counted along the list's own index, in its order: left to choose,
    // SQLite took the index of everyone's assigned cases, which does not
    // hold the task, and read each of a caseworker's cases from the table
    // (3.4 ms of CPU for My work at 1,000,000 cases, 1,339 of them held).
    let count_sql = format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM referral WHERE {filter} ORDER BY {} \
         LIMIT {}) capped",
        ORDER.sql(),
        TASK_COUNT_CAP + 1
    );
    let mut count = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(count_sql));
    if let Some(value) = bind {
        count = count.bind(value.to_owned());
    }
    let (counted,) = count.fetch_one(db.pool()).await?;
    Ok(TaskPage {
        rows,
        total: counted.min(TASK_COUNT_CAP),
        exact: counted <= TASK_COUNT_CAP,
    })
}

/// What the task columns become: the values to write.
pub fn columns_of(
    task: Option<&OpenTask>,
) -> (Option<&'static str>, Option<String>, Option<String>) {
    match task {
        Some(task) => (
            Some(task.kind.as_str()),
            Some(iso(task.dates.due_on)),
            task.dates.not_before.map(iso),
        ),
        None => (None, None, None),
    }
}

/// Moves a case's task between people, if `may_hand` allows it and nobody
/// moved it meanwhile; recorded in the audit log. `Ok(None)`: no such case.
pub async fn hand(
    db: &Db,
    reference: &str,
    handover: Handover<'_>,
    by: &Actor,
    origin: &Origin,
    now: i64,
) -> Result<Option<()>, HandError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        task: TaskColumns,
        assignee_email: Option<String>,
        negative_proposed_by: Option<String>,
    }
    let Some(row) = sqlx::query_as::<_, Row>(
        "SELECT task_kind, task_due_on, task_not_before, task_priority, assignee_email, \
         negative_proposed_by FROM referral WHERE reference = $1 AND kind = $2",
    )
    .bind(reference)
    .bind(app::casework::referral::ReferralKind::Nrm.as_str())
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let task = row.task.read(reference)?.ok_or(TaskRefusal::NoTask)?;
    let holder = row.assignee_email.as_deref();
    may_hand(
        task.kind,
        holder,
        row.negative_proposed_by.as_deref(),
        by,
        handover,
    )?;
    let to = match handover {
        Handover::Claim => Some(by.id.as_str()),
        Handover::Release => None,
        Handover::Give(to, _) => Some(to),
    };
    let mut tx = db.pool().begin().await?;
    // Only as the actor saw it: a claim that lost a race is refused.
    let updated = sqlx::query(
        "UPDATE referral SET assignee_email = $1 WHERE reference = $2 \
         AND task_kind = $3 AND COALESCE(assignee_email, '') = $4",
    )
    .bind(to)
    .bind(reference)
    .bind(task.kind.as_str())
    .bind(holder.unwrap_or_default())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(TaskRefusal::Taken.into());
    }
    audit::record(
        &mut tx,
        &Entry {
            actor: &audit::Actor::new(&by.id, by.role.as_str()),
            action: AuditAction::CaseAssigned,
            target: Target::Case(reference),
            detail: to.unwrap_or("nobody"),
            origin,
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(()))
}

#[derive(Debug, thiserror::Error)]
pub enum HandError {
    #[error(transparent)]
    Refused(#[from] TaskRefusal),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for HandError {
    fn from(error: sqlx::Error) -> Self {
        HandError::Db(error.into())
    }
}

/// Gives every open case that has no task (received before tasks existed)
/// the task its state usually holds; returns how many.
pub async fn open_missing(db: &Db) -> Result<u64, DbError> {
    use app::casework::referral::{AgeGroup, Nation};
    use app::casework::tasks::{due, still_exploited, Clock};
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        reference: String,
        #[sqlx(try_from = "String")]
        state: State,
        received_at: i64,
        #[sqlx(try_from = "String")]
        nation: Nation,
        #[sqlx(try_from = "String")]
        adult_or_child: AgeGroup,
        answers: String,
        recovery_started_on: Option<String>,
    }
    let mut done = 0;
    loop {
        let rows = sqlx::query_as::<_, Row>(
            "SELECT id, reference, state, received_at, nation, adult_or_child, answers, \
             recovery_started_on FROM referral WHERE in_queue = 1 AND task_kind IS NULL LIMIT 500",
        )
        .fetch_all(db.pool())
        .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut tx = db.pool().begin().await?;
        for row in rows {
            let kind = TaskKind::usual_for(row.state).ok_or_else(|| {
                DbError::Corrupt(format!(
                    "open case {} in state {}",
                    row.reference, row.state
                ))
            })?;
            let received_on = app::dates::ymd_from_unix(row.received_at);
            let recovery_started_on = row
                .recovery_started_on
                .as_deref()
                .map(|d| date(d, &format!("the recovery start of case {}", row.reference)))
                .transpose()?;
            let answers: app::journey::route::Answers = serde_json::from_str(&row.answers)
                .map_err(|e| {
                    DbError::Corrupt(format!("the answers of case {}: {e}", row.reference))
                })?;
            let task = OpenTask {
                kind,
                dates: due(
                    kind,
                    &Clock {
                        received_on,
                        calendar: row.nation.calendar(),
                        opened_on: recovery_started_on.unwrap_or(received_on),
                        recovery_started_on,
                        follow_up_on: None,
                    },
                ),
                priority: Priority::of(row.adult_or_child, still_exploited(&answers)),
            };
            write(&mut tx, &row.id, Some(&task)).await?;
            done += 1;
        }
        tx.commit().await?;
    }
}

/// Writes a case's task columns (not its holder).
async fn write(conn: &mut Conn, id: &str, task: Option<&OpenTask>) -> Result<(), DbError> {
    let (kind, due_on, not_before) = columns_of(task);
    sqlx::query(
        "UPDATE referral SET task_kind = $1, task_due_on = $2, task_not_before = $3, \
         task_priority = COALESCE($4, task_priority) WHERE id = $5",
    )
    .bind(kind)
    .bind(due_on)
    .bind(not_before)
    .bind(task.map(|t| i32::from(t.priority.0)))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
