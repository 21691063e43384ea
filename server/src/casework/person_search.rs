//! Person search on the server (`app::casework::person_search`): the
//! `person_term` table, kept with each case from its arrival, the cases'
//! name bits worked out for those received before them, and the search
//! itself. Every query on the table is here.

use app::audit::AuditAction;
use app::casework::duplicates::name_key;
use app::casework::lifecycle::State;
use app::casework::person_search::{
    name_bits, name_pair_lead, terms_of, PersonMatch, PersonQuery, PersonSearchView,
    NAME_BITS_UNKNOWN, SHOWN,
};
use app::dates::{long_date, parse_iso, ymd_from_unix};
use app::journey::route::Answers;

use crate::casework::restriction;
use crate::identity::access::Staff;
use crate::platform::audit::{self, Entry, Origin, Target};
use crate::platform::clock::now_seconds;
use crate::platform::db::{Conn, Db, DbError};

/// A case just received, as its terms are made: its row id, receipt,
/// folded name, ISO date of birth, nationality and answers (JSON).
pub struct Person<'a> {
    pub id: &'a str,
    pub received_at: i64,
    pub name_key: &'a str,
    pub dob: &'a str,
    pub nationality: &'a str,
    pub answers: &'a str,
}

/// Keeps the cases' terms, inside the change that receives them: one
/// statement for many cases.
pub async fn set_terms(conn: &mut Conn, people: &[Person<'_>]) -> Result<(), DbError> {
    let mut rows: Vec<(String, &str, i64)> = Vec::new();
    for person in people {
        let answers: Answers = serde_json::from_str(person.answers)
            .map_err(|e| DbError::Corrupt(format!("the answers of referral {}: {e}", person.id)))?;
        let terms = terms_of(person.name_key, person.dob, person.nationality, &answers);
        rows.extend(
            terms
                .into_iter()
                .map(|term| (term, person.id, person.received_at)),
        );
    }
    // 3 parameters a row, well under either database's limit.
    for chunk in rows.chunks(3_000) {
        let sql = format!(
            "INSERT INTO person_term (term, referral_id, received_at) VALUES {} \
             ON CONFLICT DO NOTHING",
            crate::platform::db::placeholder_rows(chunk.len(), 3)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (term, id, at) in chunk {
            query = query.bind(term.clone()).bind(*id).bind(*at);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Works out the name bits (`app::casework::person_search::name_bits`) of
/// the cases received before they were kept (migration 0036), a thousand
/// in each statement; until then such a case holds every bit, and searches
/// check its terms. Each case is read once, in order of its id. Returns how
/// many were worked out.
pub async fn fill_name_bits(db: &Db) -> Result<u64, DbError> {
    // The partial index names the value itself, so the statement does too.
    let unknown = format!("name_bits = {NAME_BITS_UNKNOWN}");
    let (mut done, mut after) = (0, String::new());
    loop {
        let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, pv_name_key FROM referral WHERE {unknown} AND id > $1 \
             ORDER BY id LIMIT 1000"
        )))
        .bind(&after)
        .fetch_all(db.pool())
        .await?;
        let Some((last, _)) = rows.last() else {
            return Ok(done);
        };
        after = last.clone();
        let sql = format!(
            "UPDATE referral SET name_bits = worked.column2 FROM (VALUES {}) AS worked \
             WHERE referral.id = worked.column1",
            crate::platform::db::placeholder_rows(rows.len(), 2)
        );
        let mut update = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, name_key) in &rows {
            update = update.bind(id.clone()).bind(name_bits(name_key));
        }
        update.execute(db.pool()).await?;
        done += rows.len() as u64;
    }
}

/// A case a search found.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Found {
    pub reference: String,
    pub pv_name: String,
    pub pv_dob: String,
    pub nationality: String,
    pub state: String,
    pub received_at: i64,
    pub restricted: i32,
}

/// Why a search was not made.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search was refused")]
    Refused(Vec<app::forms::FieldError>),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The cases that hold every term the search asks for, newest first, at
/// most `limit` (and whether there are more).
pub async fn find(
    db: &Db,
    query: &PersonQuery,
    limit: usize,
) -> Result<(Vec<Found>, bool), SearchError> {
    let mut wanted = query.wanted(name_key).map_err(SearchError::Refused)?;
    // The most telling term leads: its cases are read newest first from the
    // index, each kept if it holds the others, until the page is full. A
    // name of two words or more leads with their pair (read beside the
    // cases whose names are too long to pair): however common each word is
    // alone, nearly every case read then holds the others.
    wanted.sort_by_key(|term| std::cmp::Reverse(telling(term)));
    let leads: Vec<String> = match name_pair_lead(&wanted) {
        Some(pair) if telling(&wanted[0]) < A_PAIR => pair.into(),
        _ => vec![wanted.remove(0)],
    };
    let checks: String = (1..=wanted.len())
        .map(|n| {
            format!(
                " AND EXISTS (SELECT 1 FROM person_term o WHERE o.term = ${n} \
                 AND o.referral_id = t.referral_id)"
            )
        })
        .collect();
    let read = |lead: usize| {
        format!(
            "SELECT * FROM (SELECT t.referral_id, t.received_at FROM person_term t \
             WHERE t.term = ${lead}{checks} ORDER BY t.received_at DESC, t.referral_id DESC \
             LIMIT {}) lead{lead}",
            limit + 1
        )
    };
    let hits: Vec<String> = (1..=leads.len()).map(|n| read(wanted.len() + n)).collect();
    let sql = format!(
        "SELECT r.reference, r.pv_name, r.pv_dob, r.nationality, r.state, r.received_at, \
         r.restricted FROM referral r JOIN ({}) hit ON r.id = hit.referral_id \
         ORDER BY hit.received_at DESC, hit.referral_id DESC LIMIT {}",
        hits.join(" UNION ALL "),
        limit + 1
    );
    let mut rows = sqlx::query_as::<_, Found>(sqlx::AssertSqlSafe(sql));
    for term in wanted.iter().chain(&leads) {
        rows = rows.bind(term.clone());
    }
    let mut found = rows.fetch_all(db.pool()).await.map_err(DbError::from)?;
    let more = found.len() > limit;
    found.truncate(limit);
    Ok((found, more))
}

/// How telling a pair of name words is: more than any one word (at most
/// `MAX_BEGINNING` letters), less than a date of birth.
const A_PAIR: usize = 100;

/// How few cases a term is likely to hold, most telling highest: a
/// reference, email or phone names one person; a date of birth a few; a
/// longer name word fewer than a shorter; a nationality many.
fn telling(term: &str) -> usize {
    match term.split_once(':') {
        Some(("h" | "c" | "e" | "p", _)) => 1_000,
        Some(("d", _)) => 500,
        Some(("n", word)) => word.len(),
        _ => 0,
    }
}

/// Retention: removes a case's terms inside the caller's transaction.
pub async fn delete_for_referral(conn: &mut Conn, referral_id: &str) -> Result<u64, DbError> {
    Ok(
        sqlx::query("DELETE FROM person_term WHERE referral_id = $1")
            .bind(referral_id)
            .execute(&mut *conn)
            .await?
            .rows_affected(),
    )
}

/// The search page: the cases found for `query`, newest first, a restricted
/// case closed to the viewer shown only by its reference. A search is on
/// record: which facts were searched by and how many cases were found,
/// never the values (they are about the person).
pub async fn page(
    db: &Db,
    staff: &Staff,
    origin: &Origin,
    query: PersonQuery,
) -> Result<PersonSearchView, DbError> {
    if query.is_empty() {
        return Ok(PersonSearchView {
            query,
            ..PersonSearchView::default()
        });
    }
    let (found, more) = match find(db, &query, SHOWN).await {
        Ok(found) => found,
        Err(SearchError::Refused(errors)) => {
            return Ok(PersonSearchView {
                query,
                searched: true,
                errors,
                ..PersonSearchView::default()
            })
        }
        Err(SearchError::Db(error)) => return Err(error),
    };
    let restricted: Vec<&str> = found
        .iter()
        .filter(|f| f.restricted != 0)
        .map(|f| f.reference.as_str())
        .collect();
    let closed = restriction::closed_to(db, staff, &restricted).await?;
    audit::record_alone(
        db,
        &Entry {
            actor: &audit::Actor::new(&staff.email, staff.role.as_str()),
            action: AuditAction::PeopleSearched,
            target: Target::Person(&staff.email),
            detail: &format!(
                "by {}; {} found{}",
                query.facts_given().join(", "),
                found.len(),
                if more { " or more" } else { "" }
            ),
            origin,
            at: now_seconds(),
        },
    )
    .await?;
    let matches = found
        .into_iter()
        .map(|f| {
            let state: State = f.state.parse()?;
            let shown = !closed.contains(&f.reference);
            let hidden = |text: String| if shown { text } else { "Restricted".to_owned() };
            Ok(PersonMatch {
                name: hidden(if f.pv_name.trim().is_empty() {
                    "Not given".to_owned()
                } else {
                    f.pv_name
                }),
                date_of_birth: hidden(
                    parse_iso(&f.pv_dob).map_or_else(|| "Not known".to_owned(), long_date),
                ),
                nationality: hidden(f.nationality),
                status: state.label().to_owned(),
                received: long_date(ymd_from_unix(f.received_at)),
                reference: f.reference,
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(PersonSearchView {
        query,
        matches,
        more,
        searched: true,
        errors: Vec::new(),
    })
}
