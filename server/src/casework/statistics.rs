//! The statistics page's figures, in the shape of the Home Office's quarterly
//! NRM statistics: counted from the referrals, drawn as SVG bar charts on the
//! server (eb_bars) and offered as CSV. Counting a million cases takes a
//! moment, so figures are reused for `STATISTICS_CACHE_SECONDS`.

use std::collections::BTreeMap;

use crate::casework::cases::counts::{self, Breakdown, DayCount};
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;
use crate::web::error::AppError;
use app::api::{StatTable, StatisticsView};
use app::casework::lifecycle::State;
use app::casework::referral::{AgeGroup, ReferralKind};
use app::casework::statistics::{percent, quarter_of_day, ORGANISATION_TYPES};
use app::dates::{long_date, ymd_from_unix};
use app::markup::escape;
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
const BLUE: &str = "#1d70b8";
const PURPLE: &str = "#912b88";
const GREY: &str = "#505a5f";

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

/// A step for the value axis giving about five grid lines.
fn nice_step(max: i64) -> i64 {
    let rough = (max.max(1) as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powi(rough.log10().floor() as i32);
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    step as i64
}

/// A bar chart (one bar per label and series) as SVG that scales to its
/// container. The table beside it carries the same figures for everyone.
pub fn chart(labels: &[String], series: &[(&str, Vec<i64>)]) -> String {
    if labels.is_empty() || series.iter().all(|(_, v)| v.is_empty()) {
        return String::new();
    }
    let labels: Vec<String> = labels.iter().map(|l| escape(l)).collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let names: Vec<&str> = series.iter().map(|(name, _)| *name).collect();
    let values: Vec<Vec<f64>> = series
        .iter()
        .map(|(_, v)| v.iter().map(|n| *n as f64).collect())
        .collect();
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0);
    let step = nice_step(max);
    let top = ((max / step) + 1) * step;
    let mut plot = eb_bars::BarPlot::new();
    for (values, colour) in values.iter().zip([BLUE, PURPLE, GREY]) {
        plot.add_values(values);
        plot.add_bar_colors_by_category(colour);
    }
    plot.set_scale_range(0, top, step.unsigned_abs());
    plot.set_bin_markers(&label_refs);
    plot.set_bin_markers_middle();
    plot.set_text_color("#0b0c0c");
    plot.set_line_color("#b1b4b6");
    plot.set_tick_color("#0b0c0c");
    plot.set_show_horizontal_lines();
    plot.set_plot_window_size(88.0, 92.0, 78.0, 40.0);
    plot.set_font_size(130.0);
    if names.len() > 1 {
        plot.set_legend(&names);
        plot.set_legend_position(88.0, 10.0);
    }
    let (width, height) = (960, 420);
    let svg = plot.to_svg(width, height);
    // Only the <svg> element (no XML prologue inside HTML); it scales with the
    // page, and leaves the figures to the table.
    let svg = svg.find("<svg").map_or("", |start| &svg[start..]);
    styles_as_attributes(svg).replacen(
        &format!(r#"<svg width="{width}" height="{height}""#),
        &format!(
            r#"<svg viewBox="0 0 {width} {height}" class="nrm-chart" aria-hidden="true" focusable="false""#
        ),
        1,
    )
}

/// `style="fill: red; fill-opacity: 1"` as `fill="red" fill-opacity="1"`: the
/// pages' content security policy refuses inline styles, and SVG takes the
/// same properties as attributes.
fn styles_as_attributes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find(" style=\"") {
        out.push_str(&rest[..start]);
        let body = &rest[start + 8..];
        let Some(end) = body.find('"') else {
            rest = "";
            break;
        };
        for declaration in body[..end].split(';') {
            if let Some((name, value)) = declaration.split_once(':') {
                out.push_str(&format!(" {}=\"{}\"", name.trim(), value.trim()));
            }
        }
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
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

    #[test]
    fn charts_scale_and_escape() {
        let svg = chart(
            &["A&B".to_owned(), "<C>".to_owned()],
            &[("Referrals", vec![3, 17])],
        );
        assert!(svg.starts_with("<svg viewBox=\"0 0 960 420\""));
        assert!(
            !svg.contains("style="),
            "no inline styles (the CSP refuses them)"
        );
        assert!(svg.contains("fill=\"#1d70b8\""));
        assert!(svg.contains("A&amp;B"));
        assert!(!svg.contains("<C>"));
        assert_eq!(chart(&[], &[("Referrals", vec![])]), "");
    }

    #[test]
    fn styles_become_attributes() {
        assert_eq!(
            styles_as_attributes(
                r##"<rect x="1" style="fill-opacity: 1.000; fill: #fff;" /><g style="writing-mode: tb;">"##
            ),
            r##"<rect x="1" fill-opacity="1.000" fill="#fff" /><g writing-mode="tb">"##
        );
    }

    #[test]
    fn value_steps_are_round() {
        assert_eq!(nice_step(0), 1);
        assert_eq!(nice_step(17), 5);
        assert_eq!(nice_step(230), 50);
        assert_eq!(nice_step(610_000), 200_000);
    }
}
