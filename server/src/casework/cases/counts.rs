//! Counts of cases: the `case_tally` table (kept in step with every change of
//! state, so the queue's counts need not count a million rows) and the
//! statistics' counts of the `referral` table.

use std::collections::BTreeMap;

use app::casework::lifecycle::State;
use app::casework::referral::{AgeGroup, ReferralKind};

use crate::platform::db::{Conn, Db, DbError};

/// Adds a lifecycle change to the per-state counts.
pub async fn tally(
    conn: &mut Conn,
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

/// Counts a referral received, by kind (inside the change that receives it).
pub async fn tally_kind(conn: &mut Conn, kind: ReferralKind, change: i64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO kind_tally (kind, n) VALUES ($1, $2) \
         ON CONFLICT (kind) DO UPDATE SET n = kind_tally.n + excluded.n",
    )
    .bind(kind.as_str())
    .bind(change)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many referrals of a kind were received.
pub async fn of_kind(db: &Db, kind: ReferralKind) -> Result<i64, DbError> {
    let n: Option<i64> = sqlx::query_scalar("SELECT n FROM kind_tally WHERE kind = $1")
        .bind(kind.as_str())
        .fetch_optional(db.pool())
        .await?;
    Ok(n.unwrap_or(0))
}

/// Counts every case again (after bulk loads): NRM cases by state, and
/// referrals by kind.
pub async fn recount(db: &Db) -> Result<(), DbError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM kind_tally")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO kind_tally (kind, n) SELECT kind, COUNT(*) FROM referral GROUP BY kind",
    )
    .execute(&mut *tx)
    .await?;
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

/// The per-state counts of open and closed NRM cases, by adult or child.
pub async fn tallies(db: &Db) -> Result<Vec<(State, String, i64)>, DbError> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT state, adult_or_child, n FROM case_tally")
            .fetch_all(db.pool())
            .await?;
    rows.into_iter()
        .map(|(state, age, n)| Ok((state.parse()?, age, n)))
        .collect()
}

/// Cases per state (every NRM case counted once, under its state now).
pub async fn per_state(db: &Db) -> Result<BTreeMap<State, i64>, DbError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, CAST(SUM(n) AS BIGINT) AS n FROM case_tally GROUP BY state")
            .fetch_all(db.pool())
            .await?;
    rows.into_iter()
        .map(|(state, n)| Ok((state.parse()?, n)))
        .collect()
}

/// What a breakdown of the last year's NRM referrals counts by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown {
    Gender,
    Nationality,
    /// The comma-separated exploitation types named.
    Exploitation,
    OrganisationType,
}

impl Breakdown {
    fn column(self) -> &'static str {
        match self {
            Breakdown::Gender => "pv_gender",
            Breakdown::Nationality => "nationality",
            Breakdown::Exploitation => "exploitation",
            Breakdown::OrganisationType => "organisation_type",
        }
    }
}

/// NRM referrals received since `since`, per value of `by`, most first.
pub async fn breakdown(db: &Db, by: Breakdown, since: i64) -> Result<Vec<(String, i64)>, DbError> {
    let column = by.column();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {column} AS label, COUNT(*) AS n FROM referral WHERE kind = $2 \
         AND received_at >= $1 GROUP BY {column} ORDER BY COUNT(*) DESC, {column}"
    )))
    .bind(since)
    .bind(ReferralKind::Nrm.as_str())
    .fetch_all(db.pool())
    .await?)
}

/// Referrals received on one day (days since 1970) of one kind and age group.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DayCount {
    pub day: i64,
    #[sqlx(try_from = "String")]
    pub kind: ReferralKind,
    #[sqlx(try_from = "String")]
    pub adult_or_child: AgeGroup,
    pub n: i64,
}

/// Every referral and report ever received, counted per day, kind and age group.
pub async fn per_day(db: &Db) -> Result<Vec<DayCount>, DbError> {
    Ok(sqlx::query_as(
        "SELECT received_at / 86400 AS day, kind, adult_or_child, COUNT(*) AS n FROM referral \
         GROUP BY received_at / 86400, kind, adult_or_child",
    )
    .fetch_all(db.pool())
    .await?)
}
