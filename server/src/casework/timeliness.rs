//! Timeliness, as the Home Office publishes it and Parliament asks: how long
//! reasonable grounds (RG) and conclusive grounds (CG) decisions take, the
//! share of RG decisions made within the statutory 5 working days, and the
//! cases awaiting a CG decision and for how long — each by adult or child and
//! by sex. Counted from the case events that made each decision (never from
//! a case's arrival, which generated cases record in any state).

use app::api::StatTable;
use app::casework::lifecycle::{Event, State};
use app::casework::referral::{AgeGroup, ReferralKind};
use app::casework::statistics::percent;
use app::dates::ymd_from_unix;

use crate::casework::charts::chart;
use crate::platform::db::{sql_list, Db, DbError};

const DAY: i64 = 86_400;

/// The states an RG decision leads to, and a CG decision.
const RG_DECIDED: &[State] = &[State::RecoveryPeriod, State::RgNegative];
const CG_DECIDED: &[State] = &[State::CgPositive, State::CgNegative];
/// The states of a case waiting for its CG decision.
const AWAITING_CG: &[State] = &[
    State::RecoveryPeriod,
    State::CgPending,
    State::CgNegativeInReview,
];

/// A group a row counts in: everyone, by adult or child, and by sex.
fn groups(adult_or_child: &str, sex: &str) -> Result<[String; 3], DbError> {
    let age: AgeGroup = adult_or_child.parse()?;
    let sex = if sex.trim().is_empty() {
        "Sex not known".to_owned()
    } else {
        sex.to_owned()
    };
    Ok(["All".to_owned(), age.label().to_owned(), sex])
}

/// The groups in the order the tables show them.
fn group_order() -> Vec<String> {
    let mut order = vec!["All".to_owned()];
    order.extend(AgeGroup::ALL.iter().map(|a| a.label().to_owned()));
    order.extend(["Female", "Male", "Other", "Sex not known"].map(String::from));
    order
}

/// The middle value (the mean of the middle two), in days to one decimal.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid] as f64
    } else {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    })
}

fn shown(median: Option<f64>) -> String {
    median.map_or_else(|| "None".to_owned(), |m| format!("{m:.1}"))
}

fn iso((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A case with a decision: its groups, receipt, RG due day and when each
/// decision was first made.
#[derive(sqlx::FromRow)]
struct Decided {
    adult_or_child: String,
    pv_gender: String,
    received_at: i64,
    rg_due_on: String,
    rg_at: Option<i64>,
    cg_at: Option<i64>,
}

#[derive(Default)]
struct Decisions {
    days_to_rg: Vec<i64>,
    rg_in_time: i64,
    days_to_cg: Vec<i64>,
}

/// Time to RG and CG decisions, and the share of RG decisions in time.
pub async fn decisions(db: &Db) -> Result<StatTable, DbError> {
    let rg = sql_list(RG_DECIDED.iter().map(|s| s.as_str()));
    let cg = sql_list(CG_DECIDED.iter().map(|s| s.as_str()));
    let rows: Vec<Decided> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.adult_or_child, r.pv_gender, r.received_at, r.rg_due_on, \
             MIN(CASE WHEN e.to_state IN ({rg}) THEN e.at END) AS rg_at, \
             MIN(CASE WHEN e.to_state IN ({cg}) THEN e.at END) AS cg_at \
             FROM referral r JOIN case_event e ON e.referral_id = r.id \
             WHERE r.kind = $1 AND e.event <> $2 AND e.to_state IN ({rg}, {cg}) \
             GROUP BY r.id, r.adult_or_child, r.pv_gender, r.received_at, r.rg_due_on"
    )))
    .bind(ReferralKind::Nrm.as_str())
    .bind(Event::Submit.as_str())
    .fetch_all(db.pool())
    .await?;
    let mut by_group: std::collections::BTreeMap<String, Decisions> = Default::default();
    for Decided {
        adult_or_child: age,
        pv_gender: sex,
        received_at,
        rg_due_on,
        rg_at,
        cg_at,
    } in rows
    {
        for group in groups(&age, &sex)? {
            let counted = by_group.entry(group).or_default();
            if let Some(at) = rg_at {
                counted.days_to_rg.push((at - received_at) / DAY);
                // Within 5 working days: decided on or before the RG clock's due day.
                if iso(ymd_from_unix(at)) <= rg_due_on {
                    counted.rg_in_time += 1;
                }
            }
            if let Some(at) = cg_at {
                counted.days_to_cg.push((at - received_at) / DAY);
            }
        }
    }
    let mut labels = Vec::new();
    let (mut rg_medians, mut cg_medians) = (Vec::new(), Vec::new());
    let mut table_rows = Vec::new();
    for group in group_order() {
        let Some(mut counted) = by_group.remove(&group) else {
            continue;
        };
        let rg_made = counted.days_to_rg.len() as i64;
        let cg_made = counted.days_to_cg.len() as i64;
        let rg_median = median(&mut counted.days_to_rg);
        let cg_median = median(&mut counted.days_to_cg);
        table_rows.push(vec![
            group.clone(),
            rg_made.to_string(),
            shown(rg_median),
            percent(counted.rg_in_time, rg_made),
            cg_made.to_string(),
            shown(cg_median),
        ]);
        labels.push(group);
        rg_medians.push(rg_median.map_or(0, |m| m.round() as i64));
        cg_medians.push(cg_median.map_or(0, |m| m.round() as i64));
    }
    Ok(StatTable {
        id: "timeliness".into(),
        title: "Time to decisions, in days from referral (median), by adult or child and by sex"
            .into(),
        columns: [
            "Group",
            "RG decisions",
            "Median days to RG",
            "RG within 5 working days",
            "CG decisions",
            "Median days to CG",
        ]
        .map(String::from)
        .to_vec(),
        rows: table_rows,
        chart: chart(
            &labels,
            &[
                ("Median days to RG", rg_medians),
                ("Median days to CG", cg_medians),
            ],
        ),
    })
}

/// The cases awaiting a CG decision now, and how long since their referral.
pub async fn awaiting_cg(db: &Db, now: i64) -> Result<StatTable, DbError> {
    let states = sql_list(AWAITING_CG.iter().map(|s| s.as_str()));
    let rows: Vec<(String, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT adult_or_child, pv_gender, received_at FROM referral \
         WHERE kind = $1 AND state IN ({states})"
    )))
    .bind(ReferralKind::Nrm.as_str())
    .fetch_all(db.pool())
    .await?;
    let mut by_group: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for (age, sex, received_at) in rows {
        for group in groups(&age, &sex)? {
            by_group
                .entry(group)
                .or_default()
                .push((now - received_at) / DAY);
        }
    }
    let (mut labels, mut counts, mut table_rows) = (Vec::new(), Vec::new(), Vec::new());
    for group in group_order() {
        let Some(mut days) = by_group.remove(&group) else {
            continue;
        };
        let longest = days.iter().max().copied().unwrap_or_default();
        let waiting = days.len() as i64;
        table_rows.push(vec![
            group.clone(),
            waiting.to_string(),
            shown(median(&mut days)),
            longest.to_string(),
        ]);
        labels.push(group);
        counts.push(waiting);
    }
    Ok(StatTable {
        id: "awaiting-cg".into(),
        title: "Cases awaiting a conclusive grounds decision, by adult or child and by sex".into(),
        columns: [
            "Group",
            "Awaiting CG",
            "Median days since referral",
            "Longest, days",
        ]
        .map(String::from)
        .to_vec(),
        rows: table_rows,
        chart: chart(&labels, &[("Awaiting CG", counts)]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        assert_eq!(median(&mut [10, 1, 4, 3]), Some(3.5));
        assert_eq!(shown(Some(3.5)), "3.5");
        assert_eq!(shown(None), "None");
    }

    #[test]
    fn a_case_counts_in_all_its_age_group_and_its_sex() {
        assert_eq!(
            groups("Child", "").unwrap(),
            ["All", "Child", "Sex not known"].map(String::from)
        );
        assert!(
            groups("Teen", "Male").is_err(),
            "an unknown stored value is an error"
        );
        for group in groups("Adult", "Female").unwrap() {
            assert!(group_order().contains(&group), "{group}");
        }
    }
}
