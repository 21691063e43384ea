//! Synthetic cases and Duty to Notify reports for demos and load tests, in
//! roughly the 2023 mix: 44% children; the UK, Albania and Vietnam the most
//! common nationalities; criminal exploitation most common for children,
//! labour for adults; cases in every state with their events. Deterministic
//! for a given seed. Inserted in batches inside transactions, so a million
//! cases take minutes on either database.

use app::casework::lifecycle::State;
use app::casework::referral::{AgeGroup, Nation, ReferralKind};
use app::dates::ymd_from_days;

use crate::casework::cases::intake::{self, NewReferral};
use crate::platform::db::{Db, DbError};

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

/// Caseworkers the generated tasks are spread over; the first is the demo
/// caseworker, so My work has something in it.
const CASEWORKERS: u64 = 300;

/// Who holds a generated case's task: seven in ten open cases are being
/// worked, by one of [`CASEWORKERS`]; reviews wait for a senior caseworker.
fn holder(rng: &mut Rng, kind: ReferralKind, state: State) -> Option<String> {
    use app::casework::tasks::TaskKind;
    let task = TaskKind::usual_for(state).filter(|_| kind == ReferralKind::Nrm)?;
    if task == TaskKind::ReviewNegative || rng.below(10) >= 7 {
        return None;
    }
    Some(match rng.below(CASEWORKERS) {
        0 => super::demo::DEMO_CASEWORKER.to_owned(),
        n => format!("caseworker{n}@sca.example.gov.uk"),
    })
}

/// Adds `cases` NRM referrals and `dtn` Duty to Notify reports; returns how many of each.
pub async fn generate(db: &Db, cases: u64, dtn: u64, seed: u64) -> Result<(u64, u64), DbError> {
    let mut rng = Rng(seed.max(1) | 1);
    // 2023-01-01 to 2026-11-29.
    let first_day = app::dates::days_from_ymd((2023, 1, 1));
    let last_day = app::dates::days_from_ymd((2026, 11, 29));
    let mut counters: std::collections::BTreeMap<(ReferralKind, i32), i64> =
        intake::last_numbers(db)
            .await?
            .into_iter()
            .map(|(kind, year, last)| ((kind, year), last))
            .collect();
    let total = cases + dtn;
    let mut made = 0u64;
    let mut batch: Vec<NewReferral> = Vec::with_capacity(ROWS_PER_TRANSACTION);
    while made < total {
        let kind = if made < cases {
            ReferralKind::Nrm
        } else {
            ReferralKind::Dtn
        };
        let day = first_day + rng.below((last_day - first_day) as u64) as i64;
        let received_at = day * DAY + 8 * 3600 + rng.below(10 * 3600) as i64;
        let (year, _, _) = ymd_from_days(day);
        let counter = counters.entry((kind, year)).or_insert(0);
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
        let exploitation = app::casework::statistics::EXPLOITATION_TYPES
            .iter()
            .find(|(_, choices)| choices.contains(&kind_type))
            .map_or("Other", |(group, _)| group);
        let age = if child {
            AgeGroup::Child
        } else {
            AgeGroup::Adult
        };
        let pv_name = format!("{first} {last}");
        // A date of birth from the count (not the random stream, which the
        // demo's cases follow): about 60 people share each at 1,000,000.
        let born_in = if child {
            2009 + made / 336 % 9
        } else {
            1960 + made / 336 % 45
        };
        let pv_dob = format!(
            "{born_in:04}-{:02}-{:02}",
            made / 28 % 12 + 1,
            made % 28 + 1
        );
        batch.push(NewReferral {
            id: uuid::Uuid::new_v4().to_string(),
            reference,
            kind,
            draft_id: format!("generated-{seed}-{made}"),
            received_at,
            nation,
            adult_or_child: age,
            adult_or_child_during_exploitation: age,
            referrer_email: format!("fr{}@{domain}", rng.below(40)),
            referrer_organisation: org.to_owned(),
            answers,
            payload: "{}".to_owned(),
            state,
            nationality: nationality.to_owned(),
            pv_name_key: app::casework::duplicates::name_key(&pv_name),
            pv_name,
            pv_dob,
            pv_gender: gender.to_owned(),
            exploitation: exploitation.to_owned(),
            organisation_type: app::casework::statistics::organisation_type(domain).to_owned(),
            referrer_domain: domain.to_owned(),
            priority: app::casework::tasks::Priority::of(age, rng.below(100) < 15),
            assignee: holder(&mut rng, kind, state),
        });
        made += 1;
        if batch.len() == ROWS_PER_TRANSACTION || made == total {
            intake::receive_many(db, &batch).await?;
            batch.clear();
        }
    }
    let numbers: Vec<(ReferralKind, i32, i64)> = counters
        .into_iter()
        .map(|((kind, year), last)| (kind, year, last))
        .collect();
    intake::set_last_numbers(db, &numbers).await?;
    crate::casework::cases::recount(db).await?;
    // Fresh statistics, so the planners pick the queue's indexes.
    db.analyze().await?;
    Ok((cases, dtn))
}
