//! Lists of cases, read from the `referral` table: the casework queue, the
//! Duty to Notify register, candidate duplicates of a case, and the cases a
//! first responder sent or was shared.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use app::casework::duplicates::{why_candidate, Person};
use app::casework::lifecycle::State;
use app::casework::person_search::{
    name_pair_lead, name_terms_bits, quick_search, reference_search, QuickSearch, ReferenceSearch,
};
use app::casework::referral::{Nation, ReferralKind};

use super::counts;
use super::paging::{Dir, Holds, Order, Start, COUNT_CAP, PAGE_SIZE};
use super::tasks::TaskColumns;
use crate::platform::db::{placeholder_rows, sql_list, Db, DbError};

/// A name held by at most this many cases is looked up by their ids;
/// a commoner one is checked case by case as the queue is read in order.
const RARE_NAME: i64 = 1_000;

/// A common name's count stops here ("more than 100 open cases match"):
/// each match it counts is a look-up of its case, and a list of more than
/// a hundred people of one name is one to narrow, not to read through.
pub const NAME_COUNT_CAP: i64 = 100;

/// The queue's search box as conditions on `referral`, and how its count is
/// read. A whole reference is an equality; part of one reads every
/// reference; a name is its words' terms (the person-search index, each an
/// equality look-up), led by the pair of two of its words, or by its
/// longest word.
async fn search_conditions(
    db: &Db,
    search: &str,
    rare_name: i64,
    binds: &mut Vec<String>,
) -> Result<(Vec<String>, Counted), DbError> {
    let mut bind = |value: String| {
        binds.push(value);
        format!("${}", binds.len())
    };
    Ok(
        match quick_search(search, app::casework::duplicates::name_key) {
            QuickSearch::Reference(ReferenceSearch::Whole(reference)) => (
                vec![format!("reference = {}", bind(reference))],
                Counted::Scan,
            ),
            QuickSearch::Reference(ReferenceSearch::Part(part)) => (
                vec![format!("reference LIKE {}", bind(format!("%{part}%")))],
                Counted::Scan,
            ),
            QuickSearch::Name(mut terms) => {
                // Led by the pair of two of its words where it has them
                // (`name_pair_lead`), else by its longest word.
                terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
                let name_bits = name_terms_bits(&terms);
                let leads: Vec<String> = match name_pair_lead(&terms) {
                    Some(pair) => pair.into(),
                    None => vec![terms.remove(0)],
                };
                // How many hold it, up to the point it is common: counted
                // in the database (a common name's thousand ids crossing
                // to the server cost more than the rest of its search).
                let among_holders = |select: &str, limit: i64| {
                    format!(
                        "SELECT {select} FROM person_term WHERE term IN {} LIMIT {limit}",
                        placeholder_rows(1, leads.len())
                    )
                };
                let common = db.kept::<CommonNames>();
                let holders = if common.holds(rare_name, &leads) {
                    rare_name + 1
                } else {
                    let count = format!(
                        "SELECT COUNT(*) FROM ({}) held",
                        among_holders("1", rare_name + 1)
                    );
                    let mut count = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(count));
                    for lead in &leads {
                        count = count.bind(lead.clone());
                    }
                    let (holders,) = count.fetch_one(db.pool()).await?;
                    if holders > rare_name {
                        common.remember(rare_name, &leads);
                    }
                    holders
                };
                let mut conditions = Vec::new();
                let counted = if holders <= rare_name {
                    let ids = among_holders("referral_id", rare_name);
                    let mut ids = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(ids));
                    for lead in &leads {
                        ids = ids.bind(lead.clone());
                    }
                    let holders = ids.fetch_all(db.pool()).await?;
                    let ids: Vec<String> = holders.into_iter().map(|(id,)| bind(id)).collect();
                    conditions.push(if ids.is_empty() {
                        "1 = 0".to_owned()
                    } else {
                        format!("id IN ({})", ids.join(", "))
                    });
                    Counted::Scan
                } else {
                    let p: Vec<String> = leads.into_iter().map(&mut bind).collect();
                    Counted::FromTerm {
                        leads: p.join(", "),
                        bits: name_bits,
                    }
                };
                conditions.extend(terms.into_iter().map(|term| holds(&bind(term))));
                (conditions, counted)
            }
        },
    )
}

/// Name leads lately found common (held by more than the `rare_name` of
/// their search), so that searching one again goes straight to reading the
/// queue in order without counting its holders first. Remembering a name as
/// common never makes a search wrong, only slower if it has since become
/// rare (redacted cases); each is forgotten after [`COMMON_FOR`].
#[derive(Default)]
struct CommonNames(std::sync::Mutex<HashMap<(i64, Vec<String>), Instant>>);

/// How long a name is remembered as common.
const COMMON_FOR: Duration = Duration::from_secs(600);

/// At most this many common names are remembered: every one is held by
/// more than a thousand cases, so there are few, but a search is typed by
/// anyone at the desk.
const COMMON_KEPT: usize = 10_000;

impl CommonNames {
    fn seen(&self) -> std::sync::MutexGuard<'_, HashMap<(i64, Vec<String>), Instant>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn holds(&self, rare_name: i64, leads: &[String]) -> bool {
        self.seen()
            .get(&(rare_name, leads.to_vec()))
            .is_some_and(|at| at.elapsed() < COMMON_FOR)
    }

    fn remember(&self, rare_name: i64, leads: &[String]) {
        let mut seen = self.seen();
        if seen.len() >= COMMON_KEPT {
            seen.retain(|_, at| at.elapsed() < COMMON_FOR);
        }
        if seen.len() < COMMON_KEPT {
            seen.insert((rare_name, leads.to_vec()), Instant::now());
        }
    }
}

/// A case holds one of these (bound, `$1, $2`) terms.
fn holds(p: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM person_term t WHERE t.term IN ({p}) \
         AND t.referral_id = referral.id)"
    )
}

/// How a filtered queue's matches are counted.
enum Counted {
    /// Through the filter, up to `COUNT_CAP`.
    Scan,
    /// From the cases holding one of the `leads` (bound, `$1, $2`) common
    /// name terms, each looked up, up to `NAME_COUNT_CAP`; the page is read
    /// along the queue, each case checked for them ([`holds`]) if it has
    /// the searched words' name `bits`: the queue's index holds
    /// them, so most cases without the words are passed over before their
    /// terms are looked up. (Only there: PostgreSQL cannot tell how many
    /// cases pass the bits, and counting with them it guessed few, and
    /// hashed every holder of the name.)
    FromTerm { leads: String, bits: i64 },
}

/// One row of the queue.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QueueCase {
    pub reference: String,
    #[sqlx(try_from = "String")]
    pub kind: ReferralKind,
    pub received_at: i64,
    /// The statutory reasonable grounds date (the case's summary shows it).
    pub rg_due_on: String,
    /// The open task, whose clock the queue sorts and filters by.
    #[sqlx(flatten)]
    pub task: TaskColumns,
    #[sqlx(try_from = "String")]
    pub nation: Nation,
    #[sqlx(try_from = "String")]
    pub state: State,
    pub adult_or_child: String,
    pub nationality: String,
    #[sqlx(rename = "referrer_organisation")]
    pub organisation: String,
    #[sqlx(rename = "assignee_email")]
    pub assignee: Option<String>,
    /// Restricted to named caseworkers (`casework::restriction`): not 0.
    pub restricted: i32,
}

/// The queue's orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueSort {
    /// Soonest task due date first.
    #[default]
    Due,
    /// Newest first.
    Received,
}

impl QueueSort {
    /// The order's columns: each an index of the queue's
    /// (`referral_queue_due`, `referral_queue_received`).
    pub fn order(self) -> Order {
        match self {
            QueueSort::Due => Order(&[
                ("task_due_on", Dir::Up, Holds::Text),
                ("received_at", Dir::Up, Holds::Number),
                ("reference", Dir::Up, Holds::Text),
            ]),
            QueueSort::Received => Order(&[
                ("received_at", Dir::Down, Holds::Number),
                ("reference", Dir::Down, Holds::Text),
            ]),
        }
    }
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
    /// Cases carrying this flag now.
    pub flag: Option<app::casework::flags::Flag>,
    pub sort: QueueSort,
    pub start: Start,
}

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

/// `'A', 'B'` for the states that pass `keep`: SQL built from the state machine.
pub fn state_list(keep: impl Fn(State) -> bool) -> String {
    sql_list(State::ALL.iter().filter(|s| keep(**s)).map(|s| s.as_str()))
}

/// Open NRM cases matching the filter: one page of them and the counts.
pub async fn queue(db: &Db, filter: &QueueFilter) -> Result<QueuePage, DbError> {
    queue_reading_names(db, filter, RARE_NAME).await
}

/// [`queue`], with names held by more than `rare_name` cases read as common
/// ones (tests read every name both ways).
pub async fn queue_reading_names(
    db: &Db,
    filter: &QueueFilter,
    rare_name: i64,
) -> Result<QueuePage, DbError> {
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
        conditions.push(format!("task_due_on < {p}"));
    }
    if let Some(assignee) = &filter.assignee {
        let p = bind(assignee, &mut binds);
        conditions.push(format!("assignee_email = {p}"));
    }
    let mut counted = Counted::Scan;
    if let Some(search) = &filter.search {
        let (more, how) = search_conditions(db, search, rare_name, &mut binds).await?;
        conditions.extend(more);
        counted = how;
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
    if let Some(flag) = filter.flag {
        let p = bind(flag.as_str(), &mut binds);
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM case_flag WHERE case_flag.referral_id = referral.id \
             AND case_flag.kind = {p} AND case_flag.removed_at IS NULL)"
        ));
    }
    let filter_sql = conditions.join(" AND ");

    let counts = counts::tallies(db).await?;
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
        && filter.exploitation.is_none()
        && filter.flag.is_none();
    let (total, exact) = if simple {
        let total = match &filter.adult_or_child {
            Some(age) => by_age.iter().find(|(a, _)| a == age).map_or(0, |(_, n)| *n),
            None => by_age.iter().map(|(_, n)| n).sum(),
        };
        (total, true)
    } else {
        let (count_sql, cap) = match &counted {
            Counted::Scan => (
                format!(
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM referral WHERE {filter_sql} \
                     LIMIT {}) capped",
                    COUNT_CAP + 1
                ),
                COUNT_CAP,
            ),
            // The name's cases read from its term, each then looked up
            // (CROSS JOIN keeps that order on SQLite).
            Counted::FromTerm { leads: p, .. } => (
                format!(
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM person_term named CROSS JOIN \
                     referral WHERE named.term IN ({p}) AND referral.id = named.referral_id \
                     AND {filter_sql} LIMIT {}) capped",
                    NAME_COUNT_CAP + 1
                ),
                NAME_COUNT_CAP,
            ),
        };
        let mut count = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(count_sql));
        for value in &binds {
            count = count.bind(value.clone());
        }
        let (n,) = count.fetch_one(db.pool()).await?;
        if n > cap {
            (cap, false)
        } else {
            (n, true)
        }
    };

    // The page's keys come from the index alone; then only its rows are read.
    // A common name is counted from its cases (above); the page checks
    // each case along the queue for it.
    let page_filter = match &counted {
        Counted::Scan => filter_sql,
        // The bits are a number worked out here, written into the statement.
        Counted::FromTerm { leads, bits } => format!(
            "{filter_sql} AND (name_bits & {bits}) = {bits} AND {}",
            holds(leads)
        ),
    };
    let order = filter.sort.order();
    let (page_of, page_binds) = order
        .page_of(db, &page_filter, &binds, &filter.start)
        .await?;
    let page_sql = format!(
        "SELECT reference, kind, received_at, rg_due_on, task_kind, task_due_on, task_not_before, \
         task_priority, nation, state, adult_or_child, nationality, \
         referrer_organisation, assignee_email, restricted FROM referral WHERE reference IN \
         ({page_of}) ORDER BY {}",
        order.sql()
    );
    let mut rows = sqlx::query_as::<_, QueueCase>(sqlx::AssertSqlSafe(page_sql));
    for value in page_binds {
        rows = rows.bind(value);
    }
    Ok(QueuePage {
        rows: rows.fetch_all(db.pool()).await?,
        total,
        exact,
        by_state,
        by_age,
    })
}

/// One Duty to Notify report in the register.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DtnEntry {
    pub reference: String,
    pub received_at: i64,
    pub nation: String,
    #[sqlx(rename = "referrer_organisation")]
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
    // Reports carry no name: a search is by reference.
    let (filter, bound) = match search.map(reference_search) {
        None => ("kind = $2 AND $1 = ''", String::new()),
        Some(ReferenceSearch::Whole(reference)) => ("kind = $2 AND reference = $1", reference),
        Some(ReferenceSearch::Part(part)) => {
            ("kind = $2 AND reference LIKE $1", format!("%{part}%"))
        }
    };
    // Every report: kept count of, never counted.
    let counted = if search.is_none() {
        counts::of_kind(db, ReferralKind::Dtn).await?
    } else {
        let (counted,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM referral WHERE {filter} LIMIT {}) capped",
            COUNT_CAP + 1
        )))
        .bind(&bound)
        .bind(ReferralKind::Dtn.as_str())
        .fetch_one(db.pool())
        .await?;
        counted
    };
    let entries = sqlx::query_as::<_, DtnEntry>(sqlx::AssertSqlSafe(format!(
        "SELECT reference, received_at, nation, referrer_organisation, exploitation FROM referral \
         WHERE {filter} ORDER BY received_at DESC, reference DESC LIMIT {PAGE_SIZE} OFFSET {}",
        page.clamp(0, 1_000_000) * PAGE_SIZE
    )))
    .bind(&bound)
    .bind(ReferralKind::Dtn.as_str())
    .fetch_all(db.pool())
    .await?;
    if search.is_none() {
        return Ok((entries, counted, true));
    }
    Ok((entries, counted.min(COUNT_CAP), counted <= COUNT_CAP))
}

/// Another referral that may be about the same person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub reference: String,
    pub name: String,
    pub dob: String,
    pub nationality: String,
    pub organisation: String,
    pub why: &'static str,
}

/// Rows read to look for candidates, at most, of each kind: the newest with
/// the date of birth, and the newest with the name and none.
const CANDIDATE_ROWS: i64 = 200;

/// Referrals that may be about the same person as this one, kept when the
/// rules in `app::casework::duplicates` call them candidates. Only two kinds
/// can be (`why_candidate`): one with the same date of birth, or, when a date
/// of birth is not known on one side, one with the same nationality; the
/// second is read by the same folded name (`referral_pv_name_key` holds the
/// date of birth after the name, so the cases without one are found however
/// many others share the name).
pub async fn candidates(
    db: &Db,
    referral_id: &str,
    person: &Person,
) -> Result<Vec<Candidate>, DbError> {
    if person.name_key.is_empty() {
        return Ok(Vec::new());
    }
    let mut binds = vec![referral_id.to_owned()];
    let mut bind = |value: &str| {
        binds.push(value.to_owned());
        format!("${}", binds.len())
    };
    let mut reads = Vec::new();
    if !person.dob.is_empty() {
        reads.push(format!("pv_dob = {}", bind(&person.dob)));
    }
    if !person.nationality.is_empty() {
        let name = bind(&person.name_key);
        let nationality = bind(&person.nationality);
        reads.push(if person.dob.is_empty() {
            format!("pv_name_key = {name} AND nationality = {nationality}")
        } else {
            format!("pv_name_key = {name} AND pv_dob = '' AND nationality = {nationality}")
        });
    }
    if reads.is_empty() {
        return Ok(Vec::new());
    }
    // Each read the newest of its kind from its own index, which holds all
    // that the rules need (migration 0037); every row of both is judged,
    // newest first, and only those kept are read for what the page shows.
    let reads: Vec<String> = reads
        .iter()
        .enumerate()
        .map(|(n, condition)| {
            format!(
                "SELECT * FROM (SELECT id, pv_name_key, pv_dob, nationality, received_at \
                 FROM referral WHERE {condition} AND kind = '{NRM}' AND id <> $1 \
                 AND duplicate_of IS NULL ORDER BY received_at DESC LIMIT {CANDIDATE_ROWS}) read_{n}",
                NRM = ReferralKind::Nrm.as_str()
            )
        })
        .collect();
    let mut query =
        sqlx::query_as::<_, (String, String, String, String)>(sqlx::AssertSqlSafe(format!(
            "SELECT id, pv_name_key, pv_dob, nationality FROM ({}) candidate \
             ORDER BY received_at DESC, id",
            reads.join(" UNION ")
        )));
    for value in binds {
        query = query.bind(value);
    }
    let mut kept = Vec::new();
    for (id, name_key, dob, nationality) in query.fetch_all(db.pool()).await? {
        let other = Person {
            name_key,
            dob,
            nationality,
        };
        if let Some(why) = why_candidate(person, &other) {
            kept.push((id, other, why));
        }
    }
    if kept.is_empty() {
        return Ok(Vec::new());
    }
    let mut shown =
        sqlx::query_as::<_, (String, String, String, String)>(sqlx::AssertSqlSafe(format!(
            "SELECT id, reference, pv_name, referrer_organisation FROM referral WHERE id IN {}",
            placeholder_rows(1, kept.len())
        )));
    for (id, _, _) in &kept {
        shown = shown.bind(id.clone());
    }
    let mut shown: HashMap<String, (String, String, String)> = shown
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(id, reference, name, organisation)| (id, (reference, name, organisation)))
        .collect();
    Ok(kept
        .into_iter()
        .filter_map(|(id, other, why)| {
            let (reference, name, organisation) = shown.remove(&id)?;
            Some(Candidate {
                reference,
                name,
                dob: other.dob,
                nationality: other.nationality,
                organisation,
                why,
            })
        })
        .collect())
}

/// Whether `reference` is an NRM case that a duplicate may be linked to.
pub async fn can_link_to(db: &Db, reference: &str, from_id: &str) -> Result<bool, DbError> {
    let row = sqlx::query(
        "SELECT 1 AS found FROM referral WHERE reference = $1 AND kind = $3 AND id <> $2 \
         AND duplicate_of IS NULL",
    )
    .bind(reference)
    .bind(from_id)
    .bind(ReferralKind::Nrm.as_str())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.is_some())
}

/// The row id of the NRM case `reference`, if there is one.
pub async fn nrm_id(db: &Db, reference: &str) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM referral WHERE reference = $1 AND kind = $2")
            .bind(reference)
            .bind(ReferralKind::Nrm.as_str())
            .fetch_optional(db.pool())
            .await?,
    )
}

/// One case an organisation sent, newest first.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SentRow {
    pub reference: String,
    pub received_at: i64,
    #[sqlx(try_from = "String")]
    pub state: State,
}

/// The NRM referrals `email` sent, and those among `also` (ids: the ones
/// shared with them), at most 200, newest first.
pub async fn sent_by_or_among(
    db: &Db,
    email: &str,
    also: &[String],
) -> Result<Vec<SentRow>, DbError> {
    let among = if also.is_empty() {
        String::new()
    } else {
        let params: Vec<String> = (0..also.len()).map(|n| format!("${}", n + 3)).collect();
        format!(" OR id IN ({})", params.join(", "))
    };
    let mut query = sqlx::query_as::<_, SentRow>(sqlx::AssertSqlSafe(format!(
        "SELECT reference, received_at, state FROM referral WHERE kind = $2 \
         AND (LOWER(referrer_email) = LOWER($1){among}) ORDER BY received_at DESC LIMIT 200"
    )))
    .bind(email.trim())
    .bind(ReferralKind::Nrm.as_str());
    for id in also {
        query = query.bind(id.clone());
    }
    Ok(query.fetch_all(db.pool()).await?)
}
