//! Synthetic cases and Duty to Notify reports for demos and load tests, in
//! roughly the 2023 mix: 44% children; the UK, Albania and Vietnam the most
//! common nationalities; criminal exploitation most common for children,
//! labour for adults; cases in every state with their events. Deterministic
//! for a given seed. Inserted in batches inside transactions, so a million
//! cases take minutes on either database.

use app::casework::calendar::add_working_days;
use app::casework::lifecycle::{Event, Role, State};
use app::casework::referral::{Nation, ReferralKind};
use app::dates::{ymd_from_days, ymd_from_unix};
use sqlx::Row;

use crate::platform::db::{Db, DbError};

const ROWS_PER_STATEMENT: usize = 250;
const ROWS_PER_TRANSACTION: usize = 10_000;
const DAY: i64 = 86_400;

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// One of the weighted choices.
    fn pick<'a, T>(&mut self, choices: &'a [(T, u64)]) -> &'a T {
        let total: u64 = choices.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (choice, weight) in choices {
            if roll < *weight {
                return choice;
            }
            roll -= weight;
        }
        &choices[0].0
    }
}

const NATIONALITIES: &[(&str, u64)] = &[
    ("British", 25),
    ("Albanian", 15),
    ("Vietnamese", 8),
    ("Eritrean", 6),
    ("Sudanese", 5),
    ("Romanian", 4),
    ("Indian", 4),
    ("Afghan", 4),
    ("Iranian", 3),
    ("Iraqi", 3),
    ("Chinese", 3),
    ("Nigerian", 3),
    ("Polish", 2),
    ("Ethiopian", 2),
    ("Pakistani", 2),
    ("Unknown", 11),
];

const ORGANISATIONS: &[(&str, &str, u64)] = &[
    ("Metropolitan Police Service", "met.police.uk", 20),
    ("Greater Manchester Police", "gmp.police.uk", 8),
    ("West Midlands Police", "westmidlands.police.uk", 7),
    ("Police Scotland", "scotland.police.uk", 6),
    ("Police Service of Northern Ireland", "psni.police.uk", 3),
    (
        "Home Office Immigration Enforcement",
        "homeoffice.gov.uk",
        20,
    ),
    ("Birmingham City Council", "birmingham.gov.uk", 8),
    ("Leeds City Council", "leeds.gov.uk", 6),
    ("Cardiff Council", "cardiff.gov.uk", 4),
    ("The Salvation Army", "salvationarmy.org.uk", 10),
    ("Barnardo's", "barnardos.org.uk", 8),
];

const CHILD_TYPES: &[(&str, u64)] = &[
    ("forced-to-commit-crime", 60),
    ("child-exploitation", 15),
    ("forced-to-work", 15),
    ("unpaid-household-work", 10),
];
const ADULT_TYPES: &[(&str, u64)] = &[
    ("forced-to-work", 45),
    ("prostitution", 20),
    ("forced-to-commit-crime", 20),
    ("unpaid-household-work", 10),
    ("wages-taken", 5),
];

const STATES: &[(State, u64)] = &[
    (State::Submitted, 6),
    (State::RgPending, 10),
    (State::InformationRequested, 3),
    (State::RgNegativeInReview, 1),
    (State::RgNegative, 8),
    (State::RecoveryPeriod, 15),
    (State::CgPending, 25),
    (State::CgNegativeInReview, 1),
    (State::CgNegative, 6),
    (State::CgPositive, 22),
    (State::Withdrawn, 2),
    (State::Duplicate, 1),
];

const FIRST_NAMES: &[&str] = &[
    "Ana", "Besnik", "Minh", "Lan", "Yonas", "Sara", "Ahmed", "Elira", "Jo", "Sam", "Ion", "Maria",
    "Daniel", "Chloe", "Arben",
];
const LAST_NAMES: &[&str] = &[
    "Hoxha", "Nguyen", "Tesfaye", "Smith", "Popescu", "Kaur", "Rahimi", "Ali", "Brown", "Kowalski",
    "Tran", "Osei", "Jones",
];

struct Generated {
    values: [String; 12],
    received_at: i64,
    state: State,
    gender: &'static str,
    exploitation: &'static str,
    domain: &'static str,
}

/// Adds `cases` NRM referrals and `dtn` Duty to Notify reports; returns how many of each.
pub async fn generate(db: &Db, cases: u64, dtn: u64, seed: u64) -> Result<(u64, u64), DbError> {
    let mut rng = Rng(seed.max(1) | 1);
    // 2023-01-01 to 2026-11-29.
    let first_day = app::dates::days_from_ymd((2023, 1, 1));
    let last_day = app::dates::days_from_ymd((2026, 11, 29));
    let mut counters = std::collections::BTreeMap::<(String, i32), i64>::new();
    for row in
        sqlx::query("SELECT kind, CAST(year AS BIGINT) AS year, last_number FROM reference_counter")
            .fetch_all(db.pool())
            .await?
    {
        let year: i64 = row.try_get::<i64, _>("year")?;
        counters.insert(
            (row.try_get("kind")?, year as i32),
            row.try_get("last_number")?,
        );
    }
    let total = cases + dtn;
    let mut made = 0u64;
    let mut batch: Vec<Generated> = Vec::with_capacity(ROWS_PER_TRANSACTION);
    while made < total {
        let kind = if made < cases {
            ReferralKind::Nrm
        } else {
            ReferralKind::Dtn
        };
        let day = first_day + rng.below((last_day - first_day) as u64) as i64;
        let received_at = day * DAY + 8 * 3600 + rng.below(10 * 3600) as i64;
        let (year, _, _) = ymd_from_days(day);
        let counter = counters
            .entry((kind.as_str().to_owned(), year))
            .or_insert(0);
        *counter += 1;
        let reference = kind.reference(year, *counter);
        let child = kind == ReferralKind::Nrm && rng.below(100) < 44;
        let nation = *rng.pick(&[
            (Nation::England, 80),
            (Nation::Wales, 5),
            (Nation::Scotland, 9),
            (Nation::NorthernIreland, 6),
        ]);
        let location = nation.answer();
        let nationality = *rng.pick(NATIONALITIES);
        let (org, domain, _) = ORGANISATIONS[rng.below(ORGANISATIONS.len() as u64) as usize];
        let kind_type = *rng.pick(if child { CHILD_TYPES } else { ADULT_TYPES });
        let state = if kind == ReferralKind::Dtn {
            State::Submitted
        } else {
            *rng.pick(STATES)
        };
        let received_on = ymd_from_unix(received_at);
        let due = add_working_days(
            received_on,
            app::casework::policy::Policy::on(received_on).rg_target_working_days,
            nation.calendar(),
        );
        let gender = *rng.pick(&[("Male", 55), ("Female", 44), ("Other", 1)]);
        let first = FIRST_NAMES[rng.below(FIRST_NAMES.len() as u64) as usize];
        let last = LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize];
        let answers = format!(
            r#"{{"reference":"Generated {made}","fr-location":"{location}","pv-under-age":"{}","pv-name-first-name":"{first}","pv-name-last-name":"{last}","pv-nationality":"{nationality}","types-of-exploitation-{kind_type}":"true","pv-want-to-submit-nrm":"{}"}}"#,
            if child { "yes" } else { "no" },
            if kind == ReferralKind::Dtn {
                "no"
            } else {
                "yes"
            },
        );
        batch.push(Generated {
            values: [
                uuid::Uuid::new_v4().to_string(),
                reference,
                kind.as_str().to_owned(),
                format!("generated-{seed}-{made}"),
                nation.as_str().to_owned(),
                if child { "Child" } else { "Adult" }.to_owned(),
                format!("fr{}@{domain}", rng.below(40)),
                org.to_owned(),
                answers,
                format!("{:04}-{:02}-{:02}", due.0, due.1, due.2),
                nationality.to_owned(),
                format!("{first} {last}"),
            ],
            received_at,
            state,
            gender,
            exploitation: app::casework::statistics::EXPLOITATION_TYPES
                .iter()
                .find(|(_, choices)| choices.contains(&kind_type))
                .map_or("Other", |(group, _)| group),
            domain,
        });
        made += 1;
        if batch.len() == ROWS_PER_TRANSACTION || made == total {
            write(db, &batch).await?;
            batch.clear();
        }
    }
    let mut tx = db.pool().begin().await?;
    for ((kind, year), last) in counters {
        sqlx::query(
            "INSERT INTO reference_counter (kind, year, last_number) VALUES ($1, $2, $3) \
             ON CONFLICT (kind, year) DO UPDATE SET last_number = $3",
        )
        .bind(kind)
        .bind(year)
        .bind(last)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    crate::casework::cases::recount(db).await?;
    // Fresh statistics, so the planners pick the queue's indexes.
    sqlx::query("ANALYZE").execute(db.pool()).await?;
    Ok((cases, dtn))
}

async fn write(db: &Db, rows: &[Generated]) -> Result<(), DbError> {
    let mut tx = db.pool().begin().await?;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO referral (id, reference, kind, draft_id, nation, adult_or_child, \
             referrer_email, referrer_organisation, answers, rg_due_on, nationality, pv_name, \
             received_at, adult_or_child_during_exploitation, payload, state, in_queue, pv_name_key, \
             pv_gender, exploitation, organisation_type, referrer_domain) VALUES ",
        );
        for (i, _) in chunk.iter().enumerate() {
            let base = i * 21;
            let params: Vec<String> = (1..=21).map(|n| format!("${}", base + n)).collect();
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "({}, '{{}}', {})",
                params[..14].join(", "),
                params[14..].join(", ")
            ));
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for value in &row.values {
                query = query.bind(value.clone());
            }
            query = query
                .bind(row.received_at)
                .bind(row.values[5].clone())
                .bind(row.state.as_str())
                .bind(i32::from(
                    row.values[2] == ReferralKind::Nrm.as_str() && row.state.is_open(),
                ))
                .bind(app::casework::duplicates::name_key(&row.values[11]))
                .bind(row.gender)
                .bind(row.exploitation)
                .bind(app::casework::statistics::organisation_type(row.domain))
                .bind(row.domain);
        }
        query.execute(&mut *tx).await?;
        // Each case's first event: received.
        let mut events = String::from(
            "INSERT INTO case_event (id, referral_id, at, actor_email, actor_role, event, from_state, \
             to_state, reasons) VALUES ",
        );
        for (i, _) in chunk.iter().enumerate() {
            let base = i * 5;
            if i > 0 {
                events.push(',');
            }
            events.push_str(&format!(
                "(${}, ${}, ${}, ${}, '{}', '{}', '', ${}, '')",
                base + 1,
                base + 2,
                base + 3,
                base + 4,
                Role::FirstResponder.as_str(),
                Event::Submit.as_str(),
                base + 5
            ));
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(events));
        for row in chunk {
            query = query
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(row.values[0].clone())
                .bind(row.received_at)
                .bind(row.values[6].clone())
                .bind(row.state.as_str());
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
