//! Timeliness statistics over HTTP, on both databases: median days to the
//! reasonable and conclusive grounds decisions, the share of RG decisions in
//! 5 working days, and the cases awaiting CG, by adult or child and by sex,
//! counted from the events that made each decision.

use crate::common::{staff_sign_in, TestApp};
use app::casework::lifecycle::State;
use app::casework::referral::AgeGroup;

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;
const DAY: i64 = 86_400;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

fn iso(at: i64) -> String {
    let (y, m, d) = app::dates::ymd_from_unix(at);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A case received at `received_at` (RG due a week later), then moved to
/// each state at its time.
async fn decided(
    app: &TestApp,
    reference: &str,
    (age, sex): (AgeGroup, &str),
    received_at: i64,
    moves: &[(State, i64)],
) {
    use server::casework::cases::intake;
    let mut referral = crate::common::new_referral(reference, received_at, &[], ("", ""));
    referral.adult_or_child = age;
    referral.pv_gender = sex.to_owned();
    referral.state = moves.last().map_or(State::Submitted, |(s, _)| *s);
    let id = referral.id.clone();
    let mut conn = app.db.pool().acquire().await.unwrap();
    intake::receive(&mut conn, &referral).await.unwrap();
    sqlx::query("UPDATE referral SET rg_due_on = $1 WHERE id = $2")
        .bind(iso(received_at + 7 * DAY))
        .bind(&id)
        .execute(&mut *conn)
        .await
        .unwrap();
    for (n, (to, at)) in moves.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_event (id, referral_id, at, actor_email, actor_role, event, \
             from_state, to_state, reasons) VALUES ($1, $2, $3, 'cw@sca.example.gov.uk', \
             'caseworker', 'Open', 'Submitted', $4, '')",
        )
        .bind(format!("{reference}-{n}"))
        .bind(&id)
        .bind(*at)
        .bind(to.as_str())
        .execute(&mut *conn)
        .await
        .unwrap();
    }
}

on_both_databases!(
    timeliness_by_adult_or_child_and_by_sex,
    with_demo,
    |app: TestApp| async move {
        let now = server::platform::clock::now_seconds();
        let adult = now - 100 * DAY;
        decided(
            &app,
            "NRM-1999-000901",
            (AgeGroup::Adult, "Female"),
            adult,
            &[
                (State::RecoveryPeriod, adult + 3 * DAY),
                (State::CgPositive, adult + 95 * DAY),
            ],
        )
        .await;
        let child = now - 50 * DAY;
        decided(
            &app,
            "NRM-1999-000902",
            (AgeGroup::Child, "Male"),
            child,
            &[(State::RgNegative, child + 10 * DAY)],
        )
        .await;
        decided(
            &app,
            "NRM-1999-000903",
            (AgeGroup::Adult, "Female"),
            now - 400 * DAY,
            &[(State::RecoveryPeriod, now - 390 * DAY)],
        )
        .await;

        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let csv = |name: &'static str| {
            let (app, caseworker) = (&app, caseworker.clone());
            async move {
                app.get_as(&caseworker, &format!("/casework/statistics/{name}.csv"))
                    .await
                    .text()
                    .await
                    .unwrap()
            }
        };
        let rows: Vec<String> = csv("timeliness").await.lines().map(str::to_owned).collect();
        let row = |group: &str| {
            rows.iter()
                .find(|r| r.starts_with(&format!("\"{group}\",")))
                .cloned()
                .unwrap_or_else(|| panic!("{group}: {rows:?}"))
        };
        // Days from referral: RG after 3, 10 and 10 days; CG after 95. The
        // first was in time (due in a week), the others not.
        assert_eq!(row("All"), r#""All","3","10.0","33%","1","95.0""#);
        assert_eq!(row("Adult"), r#""Adult","2","6.5","50%","1","95.0""#);
        assert_eq!(row("Child"), r#""Child","1","10.0","0%","0","None""#);
        assert_eq!(row("Female"), r#""Female","2","6.5","50%","1","95.0""#);
        assert_eq!(row("Male"), r#""Male","1","10.0","0%","0","None""#);

        // Awaiting CG: every case in a waiting state (the demo's too), the
        // longest at least the 400 days of the third.
        let awaiting = csv("awaiting-cg").await;
        let all = awaiting
            .lines()
            .find(|r| r.starts_with("\"All\","))
            .unwrap();
        let cells: Vec<&str> = all.split(',').map(|c| c.trim_matches('"')).collect();
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM referral WHERE kind = 'NRM' AND state IN \
             ('RecoveryPeriod', 'CgPending', 'CgNegativeInReview')",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(cells[1], waiting.to_string());
        assert!(cells[3].parse::<i64>().unwrap() >= 400, "{all}");

        let page = app
            .get_as(&caseworker, "/casework/statistics")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Time to decisions, in days from referral"));
        assert!(page.contains("Cases awaiting a conclusive grounds decision"));
    }
);
