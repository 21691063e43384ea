//! Cases on the casework desk: the queue, one case with its timeline, and
//! lifecycle events applied through the state machine in `app`.

use app::casework::letters::{self, Decision, Letter, LetterFacts, Route};
use app::casework::lifecycle::{decide, Actor, CaseFacts, Event, Refusal, State};
use app::casework::policy::Policy;
use app::casework::referral::ReferralKind;
use app::dates::parse_iso;
use sqlx::{any::AnyRow, Any, Row, Transaction};

use crate::platform::db::{Db, DbError};

pub const PAGE_SIZE: i64 = 25;

/// One lifecycle event as the case's record keeps it.
pub struct EventRecord<'a> {
    pub referral_id: &'a str,
    pub at: i64,
    pub actor: &'a Actor,
    pub event: Event,
    /// `None` when the case is new.
    pub from: Option<State>,
    pub to: State,
    pub reasons: &'a str,
}

pub async fn record_event(
    tx: &mut Transaction<'_, Any>,
    record: EventRecord<'_>,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO case_event (id, referral_id, at, actor_email, actor_role, event, from_state, \
         to_state, reasons) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(record.referral_id)
    .bind(record.at)
    .bind(&record.actor.id)
    .bind(record.actor.role.as_str())
    .bind(record.event.as_str())
    .bind(record.from.map_or("", State::as_str))
    .bind(record.to.as_str())
    .bind(record.reasons)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One row of the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueCase {
    pub reference: String,
    pub kind: ReferralKind,
    pub received_at: i64,
    pub rg_due_on: String,
    pub state: State,
    pub adult_or_child: String,
    pub nationality: String,
    pub organisation: String,
    pub assignee: Option<String>,
}

/// The queue's orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueSort {
    /// Soonest reasonable grounds due date first.
    #[default]
    Due,
    /// Newest first.
    Received,
}

/// What the queue shows: filters and order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub state: Option<State>,
    pub overdue_on: Option<String>,
    pub adult_or_child: Option<String>,
    pub assignee: Option<String>,
    pub search: Option<String>,
    pub nationality: Option<String>,
    /// Part of the referring organisation's name.
    pub organisation: Option<String>,
    /// One of `app::casework::statistics::EXPLOITATION_TYPES`.
    pub exploitation: Option<&'static str>,
    pub sort: QueueSort,
    pub page: i64,
}

/// Counts above this are shown as "more than": counting every match of a
/// free-text search across a million cases would make the page slow.
pub const COUNT_CAP: i64 = 10_000;

/// One page of the queue and its counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueuePage {
    pub rows: Vec<QueueCase>,
    /// Matches in all; when not `exact`, more than this.
    pub total: i64,
    pub exact: bool,
    /// Open cases per state, under the chosen adult-or-child filter.
    pub by_state: Vec<(State, i64)>,
    /// Open cases per adult-or-child value, under the chosen state filter.
    pub by_age: Vec<(String, i64)>,
}

fn queue_case(row: &AnyRow) -> Result<QueueCase, DbError> {
    Ok(QueueCase {
        reference: row.try_get("reference")?,
        kind: row.try_get::<String, _>("kind")?.parse()?,
        received_at: row.try_get("received_at")?,
        rg_due_on: row.try_get("rg_due_on")?,
        state: row.try_get::<String, _>("state")?.parse()?,
        adult_or_child: row.try_get("adult_or_child")?,
        nationality: row.try_get("nationality")?,
        organisation: row.try_get("referrer_organisation")?,
        assignee: row.try_get("assignee_email")?,
    })
}

/// `'A', 'B'` for the states that pass `keep`: SQL built from the state machine.
pub fn state_list(keep: impl Fn(State) -> bool) -> String {
    State::ALL
        .iter()
        .filter(|s| keep(**s))
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds a lifecycle change to the per-state counts.
pub async fn tally(
    conn: &mut sqlx::AnyConnection,
    state: State,
    adult_or_child: &str,
    change: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO case_tally (state, adult_or_child, n) VALUES ($1, $2, $3) \
         ON CONFLICT (state, adult_or_child) DO UPDATE SET n = case_tally.n + excluded.n",
    )
    .bind(state.as_str())
    .bind(adult_or_child)
    .bind(change)
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts every NRM case again (after bulk loads).
pub async fn recount(db: &Db) -> Result<(), DbError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM case_tally")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO case_tally (state, adult_or_child, n) SELECT state, adult_or_child, COUNT(*) \
         FROM referral WHERE kind = $1 GROUP BY state, adult_or_child",
    )
    .bind(ReferralKind::Nrm.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn tallies(db: &Db) -> Result<Vec<(State, String, i64)>, DbError> {
    let rows = sqlx::query("SELECT state, adult_or_child, n FROM case_tally")
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let state: State = row.try_get::<String, _>("state")?.parse()?;
        out.push((state, row.try_get("adult_or_child")?, row.try_get("n")?));
    }
    Ok(out)
}

/// Open NRM cases matching the filter: one page of them and the counts.
pub async fn queue(db: &Db, filter: &QueueFilter) -> Result<QueuePage, DbError> {
    let mut conditions = vec!["in_queue = 1".to_owned()];
    let mut binds: Vec<String> = Vec::new();
    let bind = |value: &str, binds: &mut Vec<String>| {
        binds.push(value.to_owned());
        format!("${}", binds.len())
    };
    if let Some(state) = filter.state {
        let p = bind(state.as_str(), &mut binds);
        conditions.push(format!("state = {p}"));
    }
    if let Some(age) = &filter.adult_or_child {
        let p = bind(age, &mut binds);
        conditions.push(format!("adult_or_child = {p}"));
    }
    if let Some(today) = &filter.overdue_on {
        let p = bind(today, &mut binds);
        conditions.push(format!(
            "rg_due_on < {p} AND state IN ({})",
            state_list(State::awaits_rg_decision)
        ));
    }
    if let Some(assignee) = &filter.assignee {
        let p = bind(assignee, &mut binds);
        conditions.push(format!("assignee_email = {p}"));
    }
    if let Some(search) = &filter.search {
        let p = bind(&format!("%{}%", search.to_lowercase()), &mut binds);
        conditions.push(format!(
            "(LOWER(reference) LIKE {p} OR LOWER(pv_name) LIKE {p})"
        ));
    }
    if let Some(nationality) = &filter.nationality {
        let p = bind(nationality, &mut binds);
        conditions.push(format!("nationality = {p}"));
    }
    if let Some(organisation) = &filter.organisation {
        let p = bind(&format!("%{}%", organisation.to_lowercase()), &mut binds);
        conditions.push(format!("LOWER(referrer_organisation) LIKE {p}"));
    }
    if let Some(kind) = filter.exploitation {
        let p = bind(&format!("%{kind}%"), &mut binds);
        conditions.push(format!("exploitation LIKE {p}"));
    }
    let filter_sql = conditions.join(" AND ");
    let order = match filter.sort {
        QueueSort::Due => "rg_due_on, received_at, reference",
        QueueSort::Received => "received_at DESC, reference DESC",
    };

    let counts = tallies(db).await?;
    let open = |state: State| state.is_open();
    let by_state = State::ALL
        .iter()
        .copied()
        .filter(|s| open(*s))
        .map(|state| {
            let n = counts
                .iter()
                .filter(|(s, age, _)| {
                    *s == state && filter.adult_or_child.as_ref().is_none_or(|a| a == age)
                })
                .map(|(_, _, n)| n)
                .sum();
            (state, n)
        })
        .collect();
    let mut by_age: Vec<(String, i64)> = Vec::new();
    for (state, age, n) in &counts {
        if !open(*state) || filter.state.is_some_and(|s| s != *state) {
            continue;
        }
        match by_age.iter_mut().find(|(a, _)| a == age) {
            Some((_, total)) => *total += n,
            None => by_age.push((age.clone(), *n)),
        }
    }

    // Only the status and adult-or-child filters are counted in the tally.
    let simple = filter.overdue_on.is_none()
        && filter.assignee.is_none()
        && filter.search.is_none()
        && filter.nationality.is_none()
        && filter.organisation.is_none()
        && filter.exploitation.is_none();
    let (total, exact) = if simple {
        let total = match &filter.adult_or_child {
            Some(age) => by_age.iter().find(|(a, _)| a == age).map_or(0, |(_, n)| *n),
            None => by_age.iter().map(|(_, n)| n).sum(),
        };
        (total, true)
    } else {
        let count_sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM referral WHERE {filter_sql} LIMIT {}) capped",
            COUNT_CAP + 1
        );
        let mut count = sqlx::query(sqlx::AssertSqlSafe(count_sql));
        for value in &binds {
            count = count.bind(value.clone());
        }
        let counted: i64 = count.fetch_one(db.pool()).await?.try_get("n")?;
        if counted > COUNT_CAP {
            (COUNT_CAP, false)
        } else {
            (counted, true)
        }
    };

    // The page's keys come from the index alone; then only its rows are read.
    let page_sql = format!(
        "SELECT reference, kind, received_at, rg_due_on, state, adult_or_child, nationality, \
         referrer_organisation, assignee_email FROM referral WHERE reference IN \
         (SELECT reference FROM referral WHERE {filter_sql} ORDER BY {order} LIMIT {PAGE_SIZE} OFFSET {}) \
         ORDER BY {order}",
        filter.page.clamp(0, 1_000_000) * PAGE_SIZE
    );
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(page_sql));
    for value in &binds {
        rows = rows.bind(value.clone());
    }
    let rows = rows.fetch_all(db.pool()).await?;
    Ok(QueuePage {
        rows: rows.iter().map(queue_case).collect::<Result<_, _>>()?,
        total,
        exact,
        by_state,
        by_age,
    })
}

/// One Duty to Notify report in the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DtnEntry {
    pub reference: String,
    pub received_at: i64,
    pub nation: String,
    pub organisation: String,
    pub exploitation: String,
}

/// Duty to Notify reports, newest first, optionally by part of their
/// reference; one page of them and how many match (at most `COUNT_CAP`, or
/// more than that when not `exact`).
pub async fn dtn_register(
    db: &Db,
    search: Option<&str>,
    page: i64,
) -> Result<(Vec<DtnEntry>, i64, bool), DbError> {
    let pattern = search.map(|s| format!("%{}%", s.trim().to_uppercase()));
    let filter = if pattern.is_some() {
        "kind = $2 AND reference LIKE $1"
    } else {
        "kind = $2 AND $1 = ''"
    };
    let bound = pattern.unwrap_or_default();
    let counted: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM referral WHERE {filter} LIMIT {}) capped",
        COUNT_CAP + 1
    )))
    .bind(&bound)
    .bind(ReferralKind::Dtn.as_str())
    .fetch_one(db.pool())
    .await?
    .try_get("n")?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT reference, received_at, nation, referrer_organisation, exploitation FROM referral \
         WHERE {filter} ORDER BY received_at DESC, reference DESC LIMIT {PAGE_SIZE} OFFSET {}",
        page.clamp(0, 1_000_000) * PAGE_SIZE
    )))
    .bind(&bound)
    .bind(ReferralKind::Dtn.as_str())
    .fetch_all(db.pool())
    .await?;
    let entries = rows
        .iter()
        .map(|r| {
            Ok(DtnEntry {
                reference: r.try_get("reference")?,
                received_at: r.try_get("received_at")?,
                nation: r.try_get("nation")?,
                organisation: r.try_get("referrer_organisation")?,
                exploitation: r.try_get("exploitation")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok((entries, counted.min(COUNT_CAP), counted <= COUNT_CAP))
}

/// A case as the case view needs it.
#[derive(Clone, Debug)]
pub struct CaseRecord {
    pub id: String,
    pub row: QueueCase,
    pub answers: app::journey::route::Answers,
    pub referrer_email: String,
    pub pv_name: String,
    pub pv_dob: String,
    pub facts: CaseFacts,
    pub events: Vec<CaseEvent>,
}

#[derive(Clone, Debug)]
pub struct CaseEvent {
    pub at: i64,
    pub actor_email: String,
    pub event: Event,
    pub to_state: State,
    pub reasons: String,
}

pub async fn find(db: &Db, reference: &str) -> Result<Option<CaseRecord>, DbError> {
    let row = sqlx::query(
        "SELECT id, reference, kind, received_at, rg_due_on, state, adult_or_child, nationality, \
         referrer_organisation, referrer_email, assignee_email, answers, recovery_started_on, \
         negative_proposed_by, pv_name, pv_dob FROM referral WHERE reference = $1",
    )
    .bind(reference)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: String = row.try_get("id")?;
    let queue_row = queue_case(&row)?;
    let answers: String = row.try_get("answers")?;
    let recovery: Option<String> = row.try_get("recovery_started_on")?;
    let facts = CaseFacts {
        state: queue_row.state,
        received_on: app::dates::ymd_from_unix(queue_row.received_at),
        recovery_started_on: recovery.as_deref().and_then(parse_iso),
        negative_proposed_by: row.try_get("negative_proposed_by")?,
    };
    let events = sqlx::query(
        "SELECT at, actor_email, event, to_state, reasons FROM case_event WHERE referral_id = $1 \
         ORDER BY at, id",
    )
    .bind(&id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(CaseEvent {
            at: r.try_get("at")?,
            actor_email: r.try_get("actor_email")?,
            event: r.try_get::<String, _>("event")?.parse()?,
            to_state: r.try_get::<String, _>("to_state")?.parse()?,
            reasons: r.try_get("reasons")?,
        })
    })
    .collect::<Result<Vec<_>, DbError>>()?;
    Ok(Some(CaseRecord {
        answers: serde_json::from_str(&answers)
            .map_err(|e| DbError::Corrupt(format!("the answers of case {id}: {e}")))?,
        id,
        row: queue_row,
        referrer_email: row.try_get("referrer_email")?,
        pv_name: row.try_get("pv_name")?,
        pv_dob: row.try_get("pv_dob")?,
        facts,
        events,
    }))
}

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("the case changed while you were looking at it")]
    Conflict,
    #[error("no such case")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for EventError {
    fn from(error: sqlx::Error) -> Self {
        EventError::Db(error.into())
    }
}

/// Keeps a decision letter with the case; an email letter also goes to the outbox.
async fn record_letter(
    tx: &mut Transaction<'_, Any>,
    referral_id: &str,
    now: i64,
    decision: Decision,
    letter: &Letter,
) -> Result<(), DbError> {
    let (route, address) = match &letter.route {
        Route::Email(address) => ("email", address.clone()),
        Route::Post(lines) => ("post", lines.join("\n")),
    };
    sqlx::query(
        "INSERT INTO case_letter (id, referral_id, at, decision, recipient, route, address, \
         subject, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(referral_id)
    .bind(now)
    .bind(decision.name())
    .bind(letter.recipient.name())
    .bind(route)
    .bind(&address)
    .bind(&letter.subject)
    .bind(&letter.body)
    .execute(&mut **tx)
    .await?;
    if let Route::Email(address) = &letter.route {
        crate::platform::outbox::enqueue(tx, address, &letter.subject, &letter.body, now).await?;
    }
    Ok(())
}

/// A lifecycle event as someone asks for it.
#[derive(Clone, Copy, Debug)]
pub struct Move<'a> {
    pub event: Event,
    pub reasons: &'a str,
    /// For a link as duplicate: the case this one repeats.
    pub duplicate_of: Option<&'a str>,
}

/// Applies a lifecycle event: the state machine decides, and the change and
/// its record are written together, only if nobody changed the case meanwhile.
pub async fn apply(
    db: &Db,
    reference: &str,
    asked: Move<'_>,
    actor: &Actor,
    now: i64,
    public_url: &str,
) -> Result<State, EventError> {
    let Move {
        event,
        reasons,
        duplicate_of,
    } = asked;
    let case = find(db, reference)
        .await?
        .filter(|c| c.row.kind == ReferralKind::Nrm)
        .ok_or(EventError::NotFound)?;
    let today = app::dates::ymd_from_unix(now);
    let to = decide(&case.facts, event, actor, reasons, today)?;
    let from = case.facts.state;
    let mut tx = db.pool().begin().await?;
    let iso = |d: (i32, u32, u32)| format!("{:04}-{:02}-{:02}", d.0, d.1, d.2);
    let recovery = (to == State::RecoveryPeriod).then(|| iso(today));
    let proposer = matches!(to, State::RgNegativeInReview | State::CgNegativeInReview)
        .then(|| actor.id.clone());
    let updated = sqlx::query(
        "UPDATE referral SET state = $1, in_queue = $2, \
         recovery_started_on = COALESCE($3, recovery_started_on), \
         negative_proposed_by = $4, duplicate_of = COALESCE($5, duplicate_of) \
         WHERE id = $6 AND state = $7",
    )
    .bind(to.as_str())
    .bind(i32::from(to.is_open()))
    .bind(recovery)
    .bind(proposer)
    .bind(duplicate_of.filter(|_| to == State::Duplicate))
    .bind(&case.id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(EventError::Conflict);
    }
    tally(&mut tx, case.facts.state, &case.row.adult_or_child, -1).await?;
    tally(&mut tx, to, &case.row.adult_or_child, 1).await?;
    if let Some(decision) = Decision::issued_by(case.facts.state, to) {
        let case_address = format!(
            "{}{}/{}",
            public_url.trim_end_matches('/'),
            app::routes::SENT_CASES,
            case.row.reference
        );
        let facts = LetterFacts {
            reference: &case.row.reference,
            decision,
            recovery_days: Policy::on(case.facts.received_on).recovery_min_days,
            case_address: &case_address,
        };
        for (recipient, route) in letters::routes(&case.answers, &case.referrer_email) {
            let letter = letters::write(&facts, recipient, route);
            record_letter(&mut tx, &case.id, now, decision, &letter).await?;
        }
    }
    record_event(
        &mut tx,
        EventRecord {
            referral_id: &case.id,
            at: now,
            actor,
            event,
            from: Some(from),
            to,
            reasons: reasons.trim(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

pub async fn assign(db: &Db, reference: &str, assignee: Option<&str>) -> Result<bool, DbError> {
    let result = sqlx::query("UPDATE referral SET assignee_email = $1 WHERE reference = $2")
        .bind(assignee)
        .bind(reference)
        .execute(db.pool())
        .await?;
    Ok(result.rows_affected() == 1)
}
