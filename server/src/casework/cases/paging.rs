//! How the desk's lists of cases page and count: the queue ([`super::lists`])
//! and My work and Available work ([`super::tasks`]) alike.
//!
//! A list's first page, and any page asked for by number alone, is read by
//! counting rows to it (`OFFSET`). The pager's Next and Previous links also
//! name the case they go on from (`after=`, `before=`): such a page is read
//! on from that case's place in the list's order along the list's index, so
//! that page 500 costs what the first does.

use crate::platform::db::{Db, DbError};

/// Rows on one page of a list.
pub const PAGE_SIZE: i64 = 25;

/// Counts above this are shown as "more than": counting every match of a
/// free-text search across a million cases would make the page slow.
pub const COUNT_CAP: i64 = 10_000;

/// How many pages a list has, as far as its pager can tell: those of an
/// exact count; for a count cut off at its cap ("more than"), at least one
/// more after a full page, so that Next goes on past the count.
pub fn pages(total: i64, exact: bool, page: i64, rows_here: usize) -> i64 {
    let counted = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let full = i64::try_from(rows_here).is_ok_and(|rows| rows == PAGE_SIZE);
    if exact {
        counted
    } else if full {
        counted.max(page + 2)
    } else {
        counted.max(page + 1)
    }
}

/// Which way a column of a list's order runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
}

/// What a column of an order holds, so that a case's value of it is bound
/// as what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    Text,
    Number,
}

/// A case's value of one of an order's columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Number(i64),
}

/// A list's order on `referral`: its columns, the last of them unique
/// (`reference`), so that every case has one place in it.
#[derive(Clone, Copy, Debug)]
pub struct Order(pub &'static [(&'static str, Dir, Holds)]);

/// Where a page starts, as a list reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// Page n (from 0), counted to.
    Page(i64),
    /// Page n, the one after this case (Next).
    After(i64, String),
    /// Page n, the one before this case (Previous).
    Before(i64, String),
}

impl Default for Start {
    fn default() -> Self {
        Start::Page(0)
    }
}

impl Start {
    /// From a page's address: its number, and the case the pager's link
    /// named, if any.
    pub fn of(page: i64, after: &str, before: &str) -> Start {
        let page = page.clamp(0, 1_000_000);
        match (after.trim(), before.trim()) {
            (after, _) if !after.is_empty() => Start::After(page, after.to_owned()),
            (_, before) if !before.is_empty() => Start::Before(page, before.to_owned()),
            _ => Start::Page(page),
        }
    }

    /// The page's number (from 0), as its pager shows it.
    pub fn page(&self) -> i64 {
        match self {
            Start::Page(page) | Start::After(page, _) | Start::Before(page, _) => *page,
        }
    }
}

/// One way of reading on from a case: rows meeting `condition`, in
/// `order`. A page reads its arms in turn until it is full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arm {
    pub condition: String,
    pub binds: Vec<Value>,
    pub order: String,
}

impl Order {
    /// `ORDER BY` of the list.
    pub fn sql(&self) -> String {
        order_by(
            self.0
                .iter()
                .map(|(column, dir, _)| (*column, runs_up(*dir, true))),
        )
    }

    /// A case's values of the order's columns, if it is there and has them
    /// all (a case without a task has no due date to go on from).
    pub async fn key_of(&self, db: &Db, reference: &str) -> Result<Option<Vec<Value>>, DbError> {
        use sqlx::Row;
        let columns: Vec<&str> = self.0.iter().map(|(column, _, _)| *column).collect();
        let sql = format!(
            "SELECT {} FROM referral WHERE reference = $1",
            columns.join(", ")
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(reference)
            .fetch_optional(db.pool())
            .await?
        else {
            return Ok(None);
        };
        let mut key = Vec::new();
        for (n, (_, _, holds)) in self.0.iter().enumerate() {
            let value = match holds {
                Holds::Text => row.try_get::<Option<String>, _>(n)?.map(Value::Text),
                Holds::Number => row.try_get::<Option<i64>, _>(n)?.map(Value::Number),
            };
            match value {
                Some(value) => key.push(value),
                None => return Ok(None),
            }
        }
        Ok(Some(key))
    }

    /// The arms that read the rows beyond `key` going `forward` (or back
    /// before it), placeholders numbered from `first`. Each arm is one
    /// range of the list's index: columns running the same way are compared
    /// as a row (`(a, b) > ($1, $2)`); where the way changes (most urgent
    /// first, then soonest due), rows equal on the leading columns are read
    /// first, then those beyond them.
    pub fn arms(&self, key: &[Value], forward: bool, first: usize) -> Vec<Arm> {
        let columns: Vec<(&str, bool)> = self
            .0
            .iter()
            .map(|(column, dir, _)| (*column, runs_up(*dir, forward)))
            .collect();
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        for n in 0..columns.len() {
            match runs.last_mut() {
                Some(run) if columns[run.start].1 == columns[n].1 => run.end = n + 1,
                _ => runs.push(n..n + 1),
            }
        }
        runs.iter()
            .rev()
            .map(|beyond| {
                let mut binds = Vec::new();
                let mut place = |value: &Value| {
                    binds.push(value.clone());
                    format!("${}", first + binds.len() - 1)
                };
                let mut conditions: Vec<String> = (0..beyond.start)
                    .map(|n| format!("{} = {}", columns[n].0, place(&key[n])))
                    .collect();
                let names: Vec<&str> = columns[beyond.clone()].iter().map(|(c, _)| *c).collect();
                let values: Vec<String> = key[beyond.clone()].iter().map(&mut place).collect();
                let op = if columns[beyond.start].1 { ">" } else { "<" };
                conditions.push(if names.len() == 1 {
                    format!("{} {op} {}", names[0], values[0])
                } else {
                    format!("({}) {op} ({})", names.join(", "), values.join(", "))
                });
                let order = order_by(columns[beyond.start..].iter().copied());
                Arm {
                    condition: conditions.join(" AND "),
                    binds,
                    order,
                }
            })
            .collect()
    }

    /// What a list's page query reads its page's references from (`reference
    /// IN (…)`), and the values it binds: counted to for a page by number
    /// (the filter's own `binds`); otherwise read on from the case named,
    /// and listed.
    pub async fn page_of(
        &self,
        db: &Db,
        filter_sql: &str,
        binds: &[String],
        start: &Start,
    ) -> Result<(String, Vec<String>), DbError> {
        let by_number = |page: i64| {
            let sql = format!(
                "SELECT reference FROM referral WHERE {filter_sql} ORDER BY {} \
                 LIMIT {PAGE_SIZE} OFFSET {}",
                self.sql(),
                page * PAGE_SIZE
            );
            (sql, binds.to_vec())
        };
        let (reference, forward) = match start {
            Start::Page(page) => return Ok(by_number(*page)),
            Start::After(_, reference) => (reference, true),
            Start::Before(_, reference) => (reference, false),
        };
        // A case no longer there (or without a place) leaves the page's number.
        let Some(key) = self.key_of(db, reference).await? else {
            return Ok(by_number(start.page()));
        };
        let mut references: Vec<String> = Vec::new();
        for arm in self.arms(&key, forward, binds.len() + 1) {
            let wanted = PAGE_SIZE - references.len() as i64;
            if wanted <= 0 {
                break;
            }
            let sql = format!(
                "SELECT reference FROM referral WHERE {filter_sql} AND {} ORDER BY {} LIMIT {wanted}",
                arm.condition, arm.order
            );
            let mut query = sqlx::query_as::<_, (String,)>(sqlx::AssertSqlSafe(sql));
            for value in binds {
                query = query.bind(value.clone());
            }
            for value in arm.binds {
                query = match value {
                    Value::Text(text) => query.bind(text),
                    Value::Number(number) => query.bind(number),
                };
            }
            references.extend(query.fetch_all(db.pool()).await?.into_iter().map(|(r,)| r));
        }
        if references.is_empty() {
            return Ok(("NULL".to_owned(), Vec::new()));
        }
        let places: Vec<String> = (1..=references.len()).map(|n| format!("${n}")).collect();
        Ok((places.join(", "), references))
    }
}

/// `a, b DESC`: columns each running up (true) or down.
fn order_by<'a>(columns: impl Iterator<Item = (&'a str, bool)>) -> String {
    columns
        .map(|(column, up)| match up {
            true => column.to_owned(),
            false => format!("{column} DESC"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a column runs up (ascending) when read `forward` or back.
fn runs_up(dir: Dir, forward: bool) -> bool {
    (dir == Dir::Up) == forward
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_count_pages_on_while_pages_are_full() {
        // Exact: the count's pages, wherever the reader is.
        assert_eq!(pages(51, true, 0, 25), 3);
        assert_eq!(pages(50, true, 1, 25), 2);
        assert_eq!(pages(0, true, 0, 0), 0);
        // "More than 1,000": 40 pages counted, and Next beyond them while
        // the page is full.
        assert_eq!(pages(1_000, false, 0, 25), 40);
        assert_eq!(pages(1_000, false, 39, 25), 41);
        assert_eq!(pages(1_000, false, 120, 25), 122);
        // A page that is not full is the last.
        assert_eq!(pages(1_000, false, 120, 7), 121);
    }

    const TASKS: Order = Order(&[
        ("task_priority", Dir::Down, Holds::Number),
        ("task_due_on", Dir::Up, Holds::Text),
        ("reference", Dir::Up, Holds::Text),
    ]);

    fn key() -> Vec<Value> {
        vec![
            Value::Number(2),
            Value::Text("2026-12-01".into()),
            Value::Text("NRM-2026-000001".into()),
        ]
    }

    #[test]
    fn a_page_goes_on_from_a_case_along_each_way_its_order_runs() {
        assert_eq!(TASKS.sql(), "task_priority DESC, task_due_on, reference");
        let arms = TASKS.arms(&key(), true, 3);
        let read: Vec<(&str, &str)> = arms
            .iter()
            .map(|arm| (arm.condition.as_str(), arm.order.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (
                    "task_priority = $3 AND (task_due_on, reference) > ($4, $5)",
                    "task_due_on, reference"
                ),
                (
                    "task_priority < $3",
                    "task_priority DESC, task_due_on, reference"
                ),
            ]
        );
        assert_eq!(arms[0].binds, key());
        assert_eq!(arms[1].binds, key()[..1]);
        // Back: the same ranges the other way.
        let back = TASKS.arms(&key(), false, 1);
        assert_eq!(
            back.iter()
                .map(|arm| (arm.condition.as_str(), arm.order.as_str()))
                .collect::<Vec<_>>(),
            [
                (
                    "task_priority = $1 AND (task_due_on, reference) < ($2, $3)",
                    "task_due_on DESC, reference DESC"
                ),
                (
                    "task_priority > $1",
                    "task_priority, task_due_on DESC, reference DESC"
                ),
            ]
        );
        // One way throughout: one row comparison.
        const NEWEST: Order = Order(&[
            ("received_at", Dir::Down, Holds::Number),
            ("reference", Dir::Down, Holds::Text),
        ]);
        let arms = NEWEST.arms(&key()[1..], true, 1);
        assert_eq!(arms.len(), 1);
        assert_eq!(arms[0].condition, "(received_at, reference) < ($1, $2)");
        assert_eq!(arms[0].order, "received_at DESC, reference DESC");
    }

    #[test]
    fn a_page_starts_where_its_address_says() {
        assert_eq!(Start::of(3, "", ""), Start::Page(3));
        assert_eq!(Start::of(-2, " ", ""), Start::Page(0));
        let after = Start::of(3, "NRM-1", "NRM-2");
        assert_eq!(after, Start::After(3, "NRM-1".into()));
        assert_eq!(after.page(), 3);
        assert_eq!(Start::of(3, "", "NRM-2"), Start::Before(3, "NRM-2".into()));
    }
}
