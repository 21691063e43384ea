//! How a referral enters the case tables: its reference number
//! (`reference_counter`), its `referral` row, its first event and its count.
//! Sending a report, the synthetic-data tool and the tests all come in here.

use app::casework::lifecycle::{Actor, Event, Role, State};
use app::casework::referral::{AgeGroup, Nation, ReferralKind};

use app::casework::tasks::{due, Clock, Priority, TaskKind};

use super::tasks::{self, OpenTask};
use super::{counts, record_events, EventRecord};
use crate::casework::{flags, person_search};
use crate::platform::db::{Conn, Db, DbError};

/// A referral as it is received: every column of its row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReferral {
    pub id: String,
    pub reference: String,
    pub kind: ReferralKind,
    pub draft_id: String,
    pub received_at: i64,
    pub nation: Nation,
    pub adult_or_child: AgeGroup,
    pub adult_or_child_during_exploitation: AgeGroup,
    pub referrer_email: String,
    pub referrer_organisation: String,
    /// The answers, as JSON.
    pub answers: String,
    /// The record for the case management system, as JSON.
    pub payload: String,
    pub state: State,
    pub nationality: String,
    pub pv_name: String,
    pub pv_name_key: String,
    pub pv_dob: String,
    pub pv_gender: String,
    /// The exploitation types named, comma-separated.
    pub exploitation: String,
    pub organisation_type: String,
    pub referrer_domain: String,
    /// A child, or someone still being exploited, comes first.
    pub priority: Priority,
    /// Who holds its task on arrival: nobody for a referral just sent;
    /// generated volumes arrive already being worked.
    pub assignee: Option<String>,
}

impl NewReferral {
    /// In the casework queue: an NRM referral whose case is open.
    fn in_queue(&self) -> bool {
        self.kind == ReferralKind::Nrm && self.state.is_open()
    }

    /// When it closed, for the retention schedule: a report, or a case
    /// received already decided, at its receipt; an open case not yet.
    fn closed_at(&self) -> Option<i64> {
        (!self.in_queue()).then_some(self.received_at)
    }

    /// The task it arrives with: the one its state usually holds (for a
    /// referral just sent, the reasonable grounds decision), due by the
    /// clock of its kind.
    fn task(&self) -> Option<OpenTask> {
        if !self.in_queue() {
            return None;
        }
        let kind = TaskKind::usual_for(self.state)?;
        Some(OpenTask {
            kind,
            dates: due(kind, &self.clock()),
            priority: self.priority,
        })
    }

    fn clock(&self) -> Clock {
        let received_on = app::dates::ymd_from_unix(self.received_at);
        Clock {
            received_on,
            calendar: self.nation.calendar(),
            opened_on: received_on,
            recovery_started_on: None,
            follow_up_on: None,
        }
    }

    /// When the reasonable grounds decision is due: the clock of its task,
    /// whichever task the case arrives with.
    pub fn rg_due_on(&self) -> String {
        tasks::iso(due(TaskKind::RgDecision, &self.clock()).due_on)
    }

    /// Who sent it.
    fn sender(&self) -> Actor {
        Actor {
            id: self.referrer_email.clone(),
            role: Role::FirstResponder,
        }
    }

    /// The first event of its timeline: received from `sender`.
    fn received<'a>(&'a self, sender: &'a Actor) -> EventRecord<'a> {
        EventRecord {
            referral_id: &self.id,
            at: self.received_at,
            actor: sender,
            event: Event::Submit,
            from: None,
            to: self.state,
            reasons: "",
        }
    }
}

const COLUMNS: &str = "id, reference, kind, draft_id, received_at, nation, adult_or_child, \
     adult_or_child_during_exploitation, referrer_email, referrer_organisation, answers, payload, \
     state, rg_due_on, nationality, pv_name, in_queue, pv_name_key, pv_dob, pv_gender, \
     exploitation, organisation_type, referrer_domain, closed_at, task_kind, task_due_on, \
     task_not_before, task_priority, assignee_email, flags_set, terms_set, name_bits";
const COLUMN_COUNT: usize = 32;

type Insert<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

fn bind<'q>(query: Insert<'q>, r: &NewReferral) -> Insert<'q> {
    let task = r.task();
    let (task_kind, task_due_on, task_not_before) = tasks::columns_of(task.as_ref());
    query
        .bind(r.id.clone())
        .bind(r.reference.clone())
        .bind(r.kind.as_str())
        .bind(r.draft_id.clone())
        .bind(r.received_at)
        .bind(r.nation.as_str())
        .bind(r.adult_or_child.as_str())
        .bind(r.adult_or_child_during_exploitation.as_str())
        .bind(r.referrer_email.clone())
        .bind(r.referrer_organisation.clone())
        .bind(r.answers.clone())
        .bind(r.payload.clone())
        .bind(r.state.as_str())
        .bind(r.rg_due_on())
        .bind(r.nationality.clone())
        .bind(r.pv_name.clone())
        .bind(i32::from(r.in_queue()))
        .bind(r.pv_name_key.clone())
        .bind(r.pv_dob.clone())
        .bind(r.pv_gender.clone())
        .bind(r.exploitation.clone())
        .bind(r.organisation_type.clone())
        .bind(r.referrer_domain.clone())
        .bind(r.closed_at())
        .bind(task_kind)
        .bind(task_due_on)
        .bind(task_not_before)
        .bind(i32::from(r.priority.0))
        .bind(r.assignee.clone())
        // Its answers' flags and its search terms are made in the same
        // change (`derive`).
        .bind(1_i32)
        .bind(1_i32)
        .bind(app::casework::person_search::name_bits(&r.pv_name_key))
}

async fn insert_rows(conn: &mut Conn, rows: &[NewReferral]) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO referral ({COLUMNS}) VALUES {}",
        crate::platform::db::placeholder_rows(rows.len(), COLUMN_COUNT)
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in rows {
        query = bind(query, row);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// What is made from referrals as they arrive: the flags their answers call
/// for (an NRM referral's; a report carries none) and their search terms.
async fn derive(conn: &mut Conn, rows: &[NewReferral]) -> Result<(), DbError> {
    let arrivals: Vec<flags::Arrival<'_>> = rows
        .iter()
        .filter(|r| r.kind == ReferralKind::Nrm)
        .map(|r| (r.id.as_str(), r.answers.as_str(), r.received_at))
        .collect();
    flags::set_from_answers(conn, &arrivals).await?;
    let people: Vec<person_search::Person<'_>> = rows
        .iter()
        .map(|r| person_search::Person {
            id: &r.id,
            received_at: r.received_at,
            name_key: &r.pv_name_key,
            dob: &r.pv_dob,
            nationality: &r.nationality,
            answers: &r.answers,
        })
        .collect();
    person_search::set_terms(conn, &people).await
}

/// Makes what `derive` makes for the referrals received before it made it
/// (each kind once, as `flags_set` and `terms_set` say); returns how many
/// referrals were looked at.
pub async fn derive_missing(db: &Db) -> Result<u64, DbError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        #[sqlx(try_from = "String")]
        kind: ReferralKind,
        answers: String,
        received_at: i64,
        pv_name_key: String,
        pv_dob: String,
        nationality: String,
        flags_set: i32,
        terms_set: i32,
    }
    let mut done = 0;
    loop {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, kind, answers, received_at, pv_name_key, pv_dob, nationality, flags_set, \
             terms_set FROM referral WHERE flags_set = 0 OR terms_set = 0 LIMIT 500",
        )
        .fetch_all(db.pool())
        .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let arrivals: Vec<flags::Arrival<'_>> = rows
            .iter()
            .filter(|r| r.flags_set == 0 && r.kind == ReferralKind::Nrm)
            .map(|r| (r.id.as_str(), r.answers.as_str(), r.received_at))
            .collect();
        let people: Vec<person_search::Person<'_>> = rows
            .iter()
            .filter(|r| r.terms_set == 0)
            .map(|r| person_search::Person {
                id: &r.id,
                received_at: r.received_at,
                name_key: &r.pv_name_key,
                dob: &r.pv_dob,
                nationality: &r.nationality,
                answers: &r.answers,
            })
            .collect();
        let mut tx = db.pool().begin().await?;
        flags::set_from_answers(&mut tx, &arrivals).await?;
        person_search::set_terms(&mut tx, &people).await?;
        for row in &rows {
            sqlx::query("UPDATE referral SET flags_set = 1, terms_set = 1 WHERE id = $1")
                .bind(&row.id)
                .execute(&mut *tx)
                .await?;
            done += 1;
        }
        tx.commit().await?;
    }
}

/// Why a referral was not received.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// Its row was refused: most likely a referral with its draft exists (a
    /// send racing this one won), which the caller looks for.
    #[error("the referral could not be stored: {0}")]
    Refused(sqlx::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Receives one referral, as part of the change that sends it: its row, its
/// first event and, for an NRM referral, its count.
pub async fn receive(conn: &mut Conn, referral: &NewReferral) -> Result<(), IntakeError> {
    insert_rows(conn, std::slice::from_ref(referral))
        .await
        .map_err(IntakeError::Refused)?;
    derive(conn, std::slice::from_ref(referral)).await?;
    let sender = referral.sender();
    record_events(conn, &[referral.received(&sender)]).await?;
    counts::tally_kind(conn, referral.kind, 1).await?;
    if referral.kind == ReferralKind::Nrm {
        counts::tally(conn, referral.state, referral.adult_or_child.as_str(), 1).await?;
    }
    Ok(())
}

/// Rows per multi-row statement in a bulk load (31 columns each, under
/// PostgreSQL's 65,535 parameters and SQLite's 32,766).
const ROWS_PER_STATEMENT: usize = 500;

/// Receives many referrals at once (the synthetic-data tool): rows and first
/// events in one transaction; the counts are made again at the end.
pub async fn receive_many(db: &Db, referrals: &[NewReferral]) -> Result<(), DbError> {
    let mut tx = db.pool().begin().await?;
    for chunk in referrals.chunks(ROWS_PER_STATEMENT) {
        insert_rows(&mut tx, chunk).await?;
        derive(&mut tx, chunk).await?;
        let senders: Vec<Actor> = chunk.iter().map(NewReferral::sender).collect();
        let records: Vec<EventRecord<'_>> = chunk
            .iter()
            .zip(&senders)
            .map(|(referral, sender)| referral.received(sender))
            .collect();
        record_events(&mut tx, &records).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes the next reference number of a kind and year. It is the sending
/// change's first statement, so SQLite takes its write lock at once; a
/// rolled-back send gives its number back.
pub async fn next_number(conn: &mut Conn, kind: ReferralKind, year: i32) -> Result<i64, DbError> {
    let (number,): (i64,) = sqlx::query_as(
        "INSERT INTO reference_counter (kind, year, last_number) VALUES ($1, $2, 1) \
         ON CONFLICT (kind, year) DO UPDATE SET last_number = reference_counter.last_number + 1 \
         RETURNING last_number",
    )
    .bind(kind.as_str())
    .bind(year)
    .fetch_one(&mut *conn)
    .await?;
    Ok(number)
}

/// The last reference number taken, per kind and year.
pub async fn last_numbers(db: &Db) -> Result<Vec<(ReferralKind, i32, i64)>, DbError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT kind, CAST(year AS BIGINT) AS year, last_number FROM reference_counter",
    )
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(kind, year, last)| Ok((kind.parse()?, year as i32, last)))
        .collect()
}

/// Moves the reference counters on past numbers a bulk load used.
pub async fn set_last_numbers(
    db: &Db,
    numbers: &[(ReferralKind, i32, i64)],
) -> Result<(), DbError> {
    let mut tx = db.pool().begin().await?;
    for (kind, year, last) in numbers {
        sqlx::query(
            "INSERT INTO reference_counter (kind, year, last_number) VALUES ($1, $2, $3) \
             ON CONFLICT (kind, year) DO UPDATE SET last_number = $3",
        )
        .bind(kind.as_str())
        .bind(*year)
        .bind(*last)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The reference a draft became, if it was sent (by this referrer, when named).
pub async fn reference_of_draft(
    conn: &mut Conn,
    draft_id: &str,
    referrer_email: &str,
) -> Result<Option<String>, DbError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT reference FROM referral WHERE draft_id = $1 AND referrer_email = $2",
    )
    .bind(draft_id)
    .bind(referrer_email)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(reference,)| reference))
}

/// The kind of a referral this referrer sent; `None` for anybody else's.
pub async fn kind_sent_by(
    db: &Db,
    reference: &str,
    referrer_email: &str,
) -> Result<Option<ReferralKind>, DbError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT kind FROM referral WHERE reference = $1 AND referrer_email = $2")
            .bind(reference)
            .bind(referrer_email)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(kind,)| kind.parse()).transpose()?)
}

/// How many referrals and reports there are.
pub async fn count(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) AS n FROM referral")
        .fetch_one(db.pool())
        .await?;
    Ok(n)
}

/// Fills in the referrer's domain of referrals stored before it had a column
/// (migration 0010), a batch at a time, with what `domain_of` makes of the
/// referrer's email (an empty domain, which matches no organisation, when it
/// does not parse).
pub async fn fill_in_referrer_domains(
    db: &Db,
    domain_of: impl Fn(&str) -> String,
) -> Result<u64, DbError> {
    let mut filled = 0;
    loop {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, referrer_email FROM referral WHERE referrer_domain IS NULL LIMIT 1000",
        )
        .fetch_all(db.pool())
        .await?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let mut tx = db.pool().begin().await?;
        for (id, email) in &rows {
            sqlx::query("UPDATE referral SET referrer_domain = $1 WHERE id = $2")
                .bind(domain_of(email))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        filled += rows.len() as u64;
    }
}
