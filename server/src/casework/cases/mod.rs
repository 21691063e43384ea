//! Cases: the `referral` table with its `case_event` timeline, `case_tally`
//! counts and `reference_counter`, which this module and its parts own (no
//! other module has SQL on them). Here: one case with its timeline, and
//! lifecycle events applied through the state machine in `app`. The lists
//! of cases are [`lists`], the counts [`counts`], and how a referral comes
//! in [`intake`].

pub mod counts;
pub mod intake;
pub mod lists;
pub mod paging;
pub mod retention;
pub mod tasks;

pub use counts::{recount, tally};
pub use lists::{
    can_link_to, candidates, dtn_register, nrm_id, queue, queue_reading_names, sent_by_or_among,
    state_list, Candidate, DtnEntry, QueueCase, QueueFilter, QueuePage, QueueSort, NAME_COUNT_CAP,
};
pub use paging::{COUNT_CAP, PAGE_SIZE};

use app::audit::AuditAction;
use app::casework::letters::{self, Decision, LetterFacts, Route};
use app::casework::lifecycle::{decide, Actor, CaseFacts, Event, Refusal, State};
use app::casework::links::LinkKind;
use app::casework::policy::Policy;
use app::casework::referral::{Nation, ReferralKind};
use app::casework::tasks::{change_after, due, Clock, Holder, Priority, TaskChange};
use app::dates::{parse_iso, Ymd};
use app::journey::route::Answers;
use tasks::OpenTask;
use tokio::sync::OnceCell;

use crate::casework::{links, records};
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::db::{placeholder_rows, Conn, Db, DbError};

/// One lifecycle event as the case's record keeps it.
#[derive(Clone, Copy, Debug)]
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

/// Adds events to their cases' timelines (several in one statement).
pub async fn record_events(conn: &mut Conn, records: &[EventRecord<'_>]) -> Result<(), DbError> {
    if records.is_empty() {
        return Ok(());
    }
    let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO case_event (id, referral_id, at, actor_email, actor_role, event, from_state, \
         to_state, reasons) VALUES {}",
        placeholder_rows(records.len(), 9)
    )));
    for record in records {
        query = query
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(record.referral_id)
            .bind(record.at)
            .bind(&record.actor.id)
            .bind(record.actor.role.as_str())
            .bind(record.event.as_str())
            .bind(record.from.map_or("", State::as_str))
            .bind(record.to.as_str())
            .bind(record.reasons);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// A case as the case view needs it: its row, with the referral's answers
/// and the timeline read only when something asks for them (most of a
/// case's tabs and posts need neither).
#[derive(Clone, Debug)]
pub struct CaseRecord {
    pub id: String,
    pub row: QueueCase,
    answers: OnceCell<Answers>,
    events: OnceCell<Vec<CaseEvent>>,
    pub referrer_email: String,
    pub pv_name: String,
    pub pv_dob: String,
    pub facts: CaseFacts,
    /// When the retention schedule removed its personal details.
    pub redacted_at: Option<i64>,
    pub nation: Nation,
    /// What is to be done next; its holder is `row.assignee`.
    pub task: Option<OpenTask>,
    pub priority: Priority,
    /// One more with every change to what the case holds (`bump`).
    pub version: i64,
}

#[derive(Clone, Debug)]
pub struct CaseEvent {
    pub at: i64,
    pub actor_email: String,
    pub event: Event,
    pub to_state: State,
    pub reasons: String,
}

/// A case's row as the case view reads it.
#[derive(sqlx::FromRow)]
struct CaseRow {
    id: String,
    #[sqlx(flatten)]
    row: QueueCase,
    referrer_email: String,
    recovery_started_on: Option<String>,
    negative_proposed_by: Option<String>,
    pv_name: String,
    pv_dob: String,
    redacted_at: Option<i64>,
    version: i64,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    actor_email: String,
    #[sqlx(try_from = "String")]
    event: Event,
    #[sqlx(try_from = "String")]
    to_state: State,
    reasons: String,
}

pub async fn find(db: &Db, reference: &str) -> Result<Option<CaseRecord>, DbError> {
    let row = sqlx::query_as::<_, CaseRow>(
        "SELECT id, reference, kind, received_at, rg_due_on, state, adult_or_child, nationality, \
         referrer_organisation, referrer_email, assignee_email, recovery_started_on, \
         negative_proposed_by, pv_name, pv_dob, redacted_at, nation, task_kind, task_due_on, \
         task_not_before, task_priority, version, restricted FROM referral WHERE reference = $1",
    )
    .bind(reference)
    .fetch_optional(db.pool())
    .await?;
    let Some(case) = row else { return Ok(None) };
    let id = case.id;
    let recovery_started_on = case
        .recovery_started_on
        .as_deref()
        .map(|date| {
            parse_iso(date).ok_or_else(|| {
                DbError::Corrupt(format!("the recovery start of case {id}: {date:?}"))
            })
        })
        .transpose()?;
    let facts = CaseFacts {
        state: case.row.state,
        received_on: app::dates::ymd_from_unix(case.row.received_at),
        recovery_started_on,
        negative_proposed_by: case.negative_proposed_by,
    };
    let task = case.row.task.read(&case.row.reference)?;
    let priority = case.row.task.priority(&case.row.reference)?;
    Ok(Some(CaseRecord {
        priority,
        nation: case.row.nation,
        task,
        id,
        row: case.row,
        answers: OnceCell::new(),
        events: OnceCell::new(),
        referrer_email: case.referrer_email,
        pv_name: case.pv_name,
        pv_dob: case.pv_dob,
        facts,
        redacted_at: case.redacted_at,
        version: case.version,
    }))
}

impl CaseRecord {
    /// The referral's answers as sent (none once the retention schedule
    /// removed them), read the first time they are asked for.
    pub async fn answers(&self, db: &Db) -> Result<&Answers, DbError> {
        self.answers
            .get_or_try_init(|| async {
                let (answers,): (String,) =
                    sqlx::query_as("SELECT answers FROM referral WHERE id = $1")
                        .bind(&self.id)
                        .fetch_one(db.pool())
                        .await?;
                serde_json::from_str(&answers)
                    .map_err(|e| DbError::Corrupt(format!("the answers of case {}: {e}", self.id)))
            })
            .await
    }

    /// The case's lifecycle events, oldest first, read the first time they
    /// are asked for.
    pub async fn events(&self, db: &Db) -> Result<&[CaseEvent], DbError> {
        let events = self
            .events
            .get_or_try_init(|| async {
                let rows = sqlx::query_as::<_, EventRow>(
                    "SELECT at, actor_email, event, to_state, reasons FROM case_event \
                     WHERE referral_id = $1 ORDER BY at, id",
                )
                .bind(&self.id)
                .fetch_all(db.pool())
                .await?;
                Ok::<_, DbError>(
                    rows.into_iter()
                        .map(|e| CaseEvent {
                            at: e.at,
                            actor_email: e.actor_email,
                            event: e.event,
                            to_state: e.to_state,
                            reasons: e.reasons,
                        })
                        .collect(),
                )
            })
            .await?;
        Ok(events)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error("the case changed while you were looking at it")]
    Conflict,
    /// The case changed after the page the event was sent from showed it.
    #[error("the case changed after the page showed it")]
    Stale,
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

/// A lifecycle event as someone asks for it.
#[derive(Clone, Copy, Debug)]
pub struct Move<'a> {
    pub event: Event,
    pub reasons: &'a str,
    /// For a link as duplicate: the case this one repeats.
    pub duplicate_of: Option<&'a str>,
    /// For a request for information: the day to follow it up, if chosen.
    pub follow_up_on: Option<Ymd>,
    /// The version of the case the sender's page showed (a caseworker's);
    /// None for a first responder's answer, which the state alone guards.
    pub seen: Option<i64>,
}

/// Applies a lifecycle event: the state machine decides, and the change and
/// its record are written together, only if nobody changed the case meanwhile.
pub async fn apply(
    db: &Db,
    reference: &str,
    asked: Move<'_>,
    actor: &Actor,
    origin: &Origin,
    now: i64,
    public_url: &str,
) -> Result<State, EventError> {
    let Move {
        event,
        reasons,
        duplicate_of,
        follow_up_on,
        seen,
    } = asked;
    let case = find(db, reference)
        .await?
        .filter(|c| c.row.kind == ReferralKind::Nrm)
        .ok_or(EventError::NotFound)?;
    if seen.is_some_and(|seen| seen != case.version) {
        return Err(EventError::Stale);
    }
    let today = app::dates::ymd_from_unix(now);
    let to = decide(&case.facts, event, actor, reasons, today)?;
    let from = case.facts.state;
    // A decision's letters go to whom the answers name.
    let answers = match Decision::issued_by(from, to) {
        Some(_) => Some(case.answers(db).await?),
        None => None,
    };
    let mut tx = db.pool().begin().await?;
    let iso = |d: (i32, u32, u32)| format!("{:04}-{:02}-{:02}", d.0, d.1, d.2);
    let recovery = (to == State::RecoveryPeriod).then(|| iso(today));
    let proposer = matches!(to, State::RgNegativeInReview | State::CgNegativeInReview)
        .then(|| actor.id.clone());
    let (task, holder) = next_task(&case, event, to, today, follow_up_on);
    let (task_kind, task_due_on, task_not_before) = tasks::columns_of(task.as_ref());
    let updated = sqlx::query(
        "UPDATE referral SET state = $1, in_queue = $2, \
         recovery_started_on = COALESCE($3, recovery_started_on), \
         negative_proposed_by = $4, duplicate_of = COALESCE($5, duplicate_of), \
         closed_at = $8, task_kind = $9, task_due_on = $10, task_not_before = $11, \
         assignee_email = $12, version = version + 1 WHERE id = $6 AND state = $7 \
         AND version = $13",
    )
    .bind(to.as_str())
    .bind(i32::from(to.is_open()))
    .bind(recovery)
    .bind(proposer)
    .bind(duplicate_of.filter(|_| to == State::Duplicate))
    .bind(&case.id)
    .bind(from.as_str())
    .bind((!to.is_open()).then_some(now))
    .bind(task_kind)
    .bind(task_due_on)
    .bind(task_not_before)
    .bind(holder)
    .bind(case.version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(if seen.is_some() {
            EventError::Stale
        } else {
            EventError::Conflict
        });
    }
    if let Some(other) = duplicate_of.filter(|_| to == State::Duplicate) {
        // The duplicate is a link too, shown on both cases.
        let (other_id,): (String,) = sqlx::query_as("SELECT id FROM referral WHERE reference = $1")
            .bind(other)
            .fetch_one(&mut *tx)
            .await?;
        let ends = ((case.id.as_str(), reference), (other_id.as_str(), other));
        let link = (LinkKind::Duplicate, reasons.trim());
        links::add_in(&mut tx, ends, actor, link, origin, now).await?;
    }
    tally(&mut tx, case.facts.state, &case.row.adult_or_child, -1).await?;
    tally(&mut tx, to, &case.row.adult_or_child, 1).await?;
    let audit_actor = audit::Actor::new(&actor.id, actor.role.as_str());
    let sent = Entry {
        actor: &audit_actor,
        action: AuditAction::EventSent,
        target: Target::Case(reference),
        detail: event.as_str(),
        origin,
        at: now,
    };
    let mut on_record = Vec::new();
    if let (Some(decision), Some(answers)) = (Decision::issued_by(from, to), answers) {
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
        for (recipient, route) in letters::routes(answers, &case.referrer_email) {
            let letter = letters::write(&facts, recipient, route);
            records::record_letter(&mut tx, &case.id, now, decision, &letter).await?;
            // The letter goes out because of this event: on record as its
            // sender's, with to whom (the recipient's role, never an address).
            on_record.push(Entry {
                action: AuditAction::LetterSent,
                detail: recipient.name(),
                ..sent
            });
            if let Route::Email(address) = &letter.route {
                crate::platform::outbox::enqueue(
                    &mut tx,
                    address,
                    &letter.subject,
                    &letter.body,
                    now,
                )
                .await?;
            }
        }
    }
    record_events(
        &mut tx,
        &[EventRecord {
            referral_id: &case.id,
            at: now,
            actor,
            event,
            from: Some(from),
            to,
            reasons: reasons.trim(),
        }],
    )
    .await?;
    on_record.push(sent);
    audit::record_all(&mut tx, &on_record).await?;
    tx.commit().await?;
    Ok(to)
}

/// The case's task after `event` moved it to `to` on `today`, as
/// `app::casework::tasks` rules, and who holds it.
fn next_task(
    case: &CaseRecord,
    event: Event,
    to: State,
    today: Ymd,
    follow_up_on: Option<Ymd>,
) -> (Option<OpenTask>, Option<String>) {
    let holder = case.row.assignee.clone();
    match change_after(event, to) {
        TaskChange::Keep => (case.task, holder),
        TaskChange::Closes => (None, holder),
        TaskChange::Opens(kind, who) => {
            let recovery_started_on = if to == State::RecoveryPeriod {
                Some(today)
            } else {
                case.facts.recovery_started_on
            };
            let clock = Clock {
                received_on: case.facts.received_on,
                calendar: case.nation.calendar(),
                opened_on: today,
                recovery_started_on,
                follow_up_on,
            };
            let task = OpenTask {
                kind,
                dates: due(kind, &clock),
                priority: case.priority,
            };
            let holder = match who {
                Holder::Same => holder,
                Holder::Nobody => None,
                Holder::Proposer => case.facts.negative_proposed_by.clone(),
            };
            (Some(task), holder)
        }
    }
}

/// Gives every NRM referral `leaver` sent to `successor`, who becomes its
/// referrer (a first responder who has left); returns how many.
pub async fn hand_over(db: &Db, leaver: &str, successor: &str) -> Result<u64, DbError> {
    let result = sqlx::query(
        "UPDATE referral SET referrer_email = $1 WHERE LOWER(referrer_email) = LOWER($2) \
         AND kind = $3",
    )
    .bind(successor)
    .bind(leaver.trim())
    .bind(ReferralKind::Nrm.as_str())
    .execute(db.pool())
    .await?;
    Ok(result.rows_affected())
}

/// The record sent with a referral (spec §4), as stored (JSON): for the
/// export of everything held about a case.
pub async fn payload(db: &Db, id: &str) -> Result<String, DbError> {
    Ok(
        sqlx::query_scalar("SELECT payload FROM referral WHERE id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await?,
    )
}
