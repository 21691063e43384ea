//! The statistics page's figures, in the shape of the Home Office's quarterly
//! NRM statistics: counted from the referrals, drawn as SVG bar charts on the
//! server (eb_bars) and offered as CSV. Counting a million cases takes a
//! moment, so figures are reused for `STATISTICS_CACHE_SECONDS`.

use std::collections::BTreeMap;

use crate::casework::cases::counts::{self, Breakdown, DayCount};
use crate::casework::charts::chart;
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;
use crate::web::error::AppError;
use app::api::{StatTable, StatisticsView};
use app::casework::lifecycle::State;
use app::casework::referral::{AgeGroup, ReferralKind};
use app::casework::statistics::{percent, quarter_of_day, ORGANISATION_TYPES};
use app::dates::{long_date, ymd_from_unix};
use axum::{
    extract::{Path, State as AxumState},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

const DAY: i64 = 86_400;
/// Breakdowns cover referrals received in the last year.
const YEAR_DAYS: i64 = 365;
/// The quarterly chart shows this many quarters (the table shows all).
const QUARTERS_CHARTED: usize = 8;

/// The figures, counted afresh when the cached ones are too old.
pub async fn view(state: &AppState) -> Result<StatisticsView, DbError> {
    let now = now_seconds();
    state
        .statistics
        .get_or_make(
            now,
            state.config.statistics_cache_seconds,
            count(state, now),
        )
        .await
}

/// Counts per value for NRM referrals of the last year.
async fn breakdown(
    state: &AppState,
    by: Breakdown,
    since: i64,
) -> Result<Vec<(String, i64)>, DbError> {
    counts::breakdown(&state.db, by, since).await
}

async fn count(state: &AppState, now: i64) -> Result<StatisticsView, DbError> {
    let since = now - YEAR_DAYS * DAY;
    let mut tables = vec![by_quarter(state).await?];

    let gender = breakdown(state, Breakdown::Gender, since).await?;
    tables.push(single(
        "gender",
        "Referrals in the last year by gender",
        "Gender",
        gender
            .into_iter()
            .map(|(g, n)| (if g.is_empty() { "Not known".into() } else { g }, n))
            .collect(),
    ));

    let nationality = breakdown(state, Breakdown::Nationality, since).await?;
    tables.push(single(
        "nationality",
        "Referrals in the last year: the 10 most common nationalities",
        "Nationality",
        nationality.into_iter().take(10).collect(),
    ));

    // A referral naming several types counts once under each.
    let mut types: BTreeMap<String, i64> = BTreeMap::new();
    for (combination, n) in breakdown(state, Breakdown::Exploitation, since).await? {
        let names: Vec<&str> = combination.split(',').filter(|t| !t.is_empty()).collect();
        if names.is_empty() {
            *types.entry("Not recorded".into()).or_default() += n;
        }
        for name in names {
            *types.entry(name.to_owned()).or_default() += n;
        }
    }
    let mut types: Vec<(String, i64)> = types.into_iter().collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    tables.push(single(
        "exploitation",
        "Referrals in the last year by type of exploitation (a referral can name more than one)",
        "Type of exploitation",
        types,
    ));

    let organisations = breakdown(state, Breakdown::OrganisationType, since).await?;
    tables.push(single(
        "organisation",
        "Referrals in the last year by kind of referring organisation",
        "Kind of organisation",
        ORGANISATION_TYPES
            .iter()
            .map(|kind| {
                let n = organisations
                    .iter()
                    .find(|(k, _)| k == kind)
                    .map_or(0, |(_, n)| *n);
                ((*kind).to_owned(), n)
            })
            .collect(),
    ));

    tables.push(decisions(state).await?);
    tables.push(crate::casework::timeliness::decisions(&state.db).await?);
    tables.push(crate::casework::timeliness::awaiting_cg(&state.db, now).await?);
    Ok(StatisticsView {
        counted: long_date(ymd_from_unix(now)),
        tables,
    })
}

/// NRM referrals per quarter by adult or child, and Duty to Notify reports.
async fn by_quarter(state: &AppState) -> Result<StatTable, DbError> {
    // quarter → [adult, child, not known, DtN]
    let mut quarters: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    for DayCount {
        day,
        kind,
        adult_or_child,
        n,
    } in counts::per_day(&state.db).await?
    {
        let slot = match (kind, adult_or_child) {
            (ReferralKind::Dtn, _) => 3,
            (_, AgeGroup::Adult) => 0,
            (_, AgeGroup::Child) => 1,
            (_, AgeGroup::Unknown) => 2,
        };
        quarters.entry(quarter_of_day(day)).or_default()[slot] += n;
    }
    let rows: Vec<Vec<String>> = quarters
        .iter()
        .rev()
        .map(|(quarter, [adult, child, unknown, dtn])| {
            vec![
                quarter.clone(),
                adult.to_string(),
                child.to_string(),
                unknown.to_string(),
                (adult + child + unknown).to_string(),
                dtn.to_string(),
            ]
        })
        .collect();
    let charted: Vec<(&String, &[i64; 4])> = quarters
        .iter()
        .rev()
        .take(QUARTERS_CHARTED)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let labels: Vec<String> = charted.iter().map(|(q, _)| (*q).clone()).collect();
    let series = [
        (
            AgeGroup::Adult.label(),
            charted.iter().map(|(_, c)| c[0]).collect(),
        ),
        (
            AgeGroup::Child.label(),
            charted.iter().map(|(_, c)| c[1]).collect(),
        ),
        (
            "Duty to Notify",
            charted.iter().map(|(_, c)| c[3]).collect(),
        ),
    ];
    Ok(StatTable {
        id: "quarters".into(),
        title: "Referrals and Duty to Notify reports per quarter".into(),
        columns: [
            "Quarter",
            AgeGroup::Adult.label(),
            AgeGroup::Child.label(),
            AgeGroup::Unknown.label(),
            "All NRM referrals",
            "Duty to Notify reports",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        chart: chart(&labels, &series),
    })
}

/// Reasonable and conclusive grounds decisions issued, and how many were positive.
async fn decisions(state: &AppState) -> Result<StatTable, DbError> {
    let in_state = counts::per_state(&state.db).await?;
    let sum = |states: &[State]| {
        states
            .iter()
            .map(|s| in_state.get(s).copied().unwrap_or(0))
            .sum::<i64>()
    };
    // A case past its RG decision with a positive outcome is in one of these states.
    let rg_positive = sum(&[
        State::RecoveryPeriod,
        State::CgPending,
        State::CgNegativeInReview,
        State::CgNegative,
        State::CgPositive,
    ]);
    let rg_negative = sum(&[State::RgNegative]);
    let cg_positive = sum(&[State::CgPositive]);
    let cg_negative = sum(&[State::CgNegative]);
    let row = |name: &str, positive: i64, negative: i64| {
        vec![
            name.to_owned(),
            positive.to_string(),
            negative.to_string(),
            percent(positive, positive + negative),
        ]
    };
    let labels = vec![
        "Reasonable grounds".to_owned(),
        "Conclusive grounds".to_owned(),
    ];
    Ok(StatTable {
        id: "decisions".into(),
        title: "Decisions issued (cases now past each decision)".into(),
        columns: ["Decision", "Positive", "Negative", "Positive rate"]
            .map(String::from)
            .to_vec(),
        rows: vec![
            row("Reasonable grounds", rg_positive, rg_negative),
            row("Conclusive grounds", cg_positive, cg_negative),
        ],
        chart: chart(
            &labels,
            &[
                ("Positive", vec![rg_positive, cg_positive]),
                ("Negative", vec![rg_negative, cg_negative]),
            ],
        ),
    })
}

/// A two-column table (label, referrals) and its chart.
fn single(id: &str, title: &str, label: &str, data: Vec<(String, i64)>) -> StatTable {
    let labels: Vec<String> = data.iter().map(|(l, _)| l.clone()).collect();
    let values: Vec<i64> = data.iter().map(|(_, n)| *n).collect();
    StatTable {
        id: id.into(),
        title: title.into(),
        columns: vec![label.to_owned(), "Referrals".to_owned()],
        rows: data
            .into_iter()
            .map(|(l, n)| vec![l, n.to_string()])
            .collect(),
        chart: chart(&labels, &[("Referrals", values)]),
    }
}

/// A CSV cell: quoted, and never read as a formula by a spreadsheet.
fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

pub fn to_csv(table: &StatTable) -> String {
    let mut out = String::new();
    for row in std::iter::once(&table.columns).chain(table.rows.iter()) {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `GET /casework/statistics/<id>.csv`: one table for spreadsheets (staff only:
/// the casework guard sees to that).
pub async fn get_csv(AxumState(state): AxumState<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".csv") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let view = match view(&state).await {
        Ok(view) => view,
        Err(error) => return AppError::Db(error).into_response(),
    };
    match view.tables.iter().find(|t| t.id == id) {
        Some(table) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"nrm-{id}.csv\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            to_csv(table),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        let table = StatTable {
            id: "t".into(),
            title: "T".into(),
            columns: vec!["Name".into(), "Referrals".into()],
            rows: vec![vec!["=HYPERLINK(\"x\")".into(), "3".into()]],
            chart: String::new(),
        };
        assert_eq!(
            to_csv(&table),
            "\"Name\",\"Referrals\"\r\n\"'=HYPERLINK(\"\"x\"\")\",\"3\"\r\n"
        );
    }
}
