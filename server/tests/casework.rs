//! The casework desk over HTTP, on both databases: staff sign-in, who may see
//! what, and a case moved through its lifecycle by the right people.

mod common;

use common::{location, signed_in, TestApp};
use sqlx::Row;

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const REVIEWER: &str = "demo.reviewer@sca.example.gov.uk";
const PASSWORD: &str = server::staff::DEMO_PASSWORD;

async fn with_demo(backend: common::Backend) -> Option<TestApp> {
    common::spawn_with(backend, true).await
}

async fn staff_sign_in(app: &TestApp, email: &str, password: &str) -> Option<String> {
    let response = app
        .post_form(
            "/staff/sign-in",
            &[("email", email), ("password", password)],
        )
        .await;
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("nrm_session=") && !v.contains("Max-Age=0"))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

/// A received referral, as submission stores it.
async fn a_case(app: &TestApp, reference: &str, received_at: i64, rg_due: &str) {
    sqlx::query(
        "INSERT INTO referral (id, reference, kind, draft_id, received_at, nation, adult_or_child, \
         adult_or_child_during_exploitation, referrer_email, referrer_organisation, answers, payload, \
         state, rg_due_on, nationality, pv_name, in_queue) VALUES ($1, $2, 'NRM', $3, $4, 'ENGLAND', 'Adult', \
         'Adult', 'jo@met.police.uk', 'Metropolitan Police Service', $5, '{}', 'Submitted', $6, 'Albanian', 'Ana B', 1)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(reference)
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(received_at)
    .bind(r#"{"reference":"x","fr-location":"england","pv-under-age":"no","pv-name-first-name":"Ana"}"#)
    .bind(rg_due)
    .execute(app.db.pool())
    .await
    .unwrap();
    server::cases::recount(&app.db).await.unwrap();
}

async fn event(app: &TestApp, cookie: &str, reference: &str, event: &str, reasons: &str) -> u16 {
    app.post_as(
        cookie,
        &format!("/casework/cases/{reference}/events"),
        &[("event", event), ("reasons", reasons)],
    )
    .await
    .status()
    .as_u16()
}

async fn state_of(app: &TestApp, reference: &str) -> String {
    sqlx::query("SELECT state FROM referral WHERE reference = $1")
        .bind(reference)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .get("state")
}

on_both_databases!(
    staff_sign_in_with_a_password,
    with_demo,
    |app: TestApp| async move {
        assert!(staff_sign_in(&app, CASEWORKER, "wrong").await.is_none());
        let response = app
            .post_form(
                "/staff/sign-in",
                &[("email", CASEWORKER), ("password", "wrong")],
            )
            .await;
        assert_eq!(location(&response), "/staff/sign-in?failed=true");
        // First responders have no password and cannot get in this way.
        assert!(staff_sign_in(&app, "demo.responder@example.police.uk", "")
            .await
            .is_none());
        let cookie = staff_sign_in(&app, CASEWORKER, PASSWORD)
            .await
            .expect("signed in");
        let page = app.get_as(&cookie, "/casework").await;
        assert_eq!(page.status().as_u16(), 200);
        assert!(page.text().await.unwrap().contains("Signed in as"));
        let hash: String = sqlx::query("SELECT password_hash FROM user_account WHERE email = $1")
            .bind(CASEWORKER)
            .fetch_one(app.db.pool())
            .await
            .unwrap()
            .get("password_hash");
        assert!(hash.starts_with("$argon2id$"), "stored as an argon2id hash");
    }
);

on_both_databases!(
    first_responders_and_the_signed_out_get_no_casework,
    with_demo,
    |app: TestApp| async move {
        a_case(&app, "NRM-1999-000001", 1_795_957_200, "2026-12-04").await;
        let responder = signed_in(&app, "jo@met.police.uk").await;
        for path in ["/casework", "/casework/cases/NRM-1999-000001"] {
            assert_eq!(
                location(&app.get_as(&responder, path).await),
                "/staff/sign-in",
                "{path}"
            );
            assert_eq!(location(&app.get(path).await), "/staff/sign-in", "{path}");
        }
        let response = app
            .post_as(
                &responder,
                "/casework/cases/NRM-1999-000001/events",
                &[("event", "Open"), ("reasons", "")],
            )
            .await;
        assert_eq!(location(&response), "/staff/sign-in");
        // The server functions refuse too.
        let response = app
            .post_as(
                &responder,
                "/api/casework-case",
                &[("reference", "NRM-1999-000001")],
            )
            .await;
        assert!(response.status().is_server_error() || response.status().is_client_error());
        assert!(!response.text().await.unwrap().contains("Ana"));
        assert_eq!(state_of(&app, "NRM-1999-000001").await, "Submitted");
    }
);

on_both_databases!(
    a_case_through_its_lifecycle,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000002";
        a_case(&app, reference, server::clock::now_seconds(), "2000-01-05").await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();

        let queue = app
            .get_as(&caseworker, "/casework")
            .await
            .text()
            .await
            .unwrap();
        assert!(queue.contains(reference));
        assert!(queue.contains("5 January 2000"), "the RG due date");
        assert!(queue.contains("Overdue"));

        let response = app
            .post_as(
                &caseworker,
                &format!("/casework/cases/{reference}/assign"),
                &[("assignee", "me")],
            )
            .await;
        assert_eq!(location(&response), format!("/casework/cases/{reference}"));
        let mine = app
            .get_as(&caseworker, "/casework?mine=true")
            .await
            .text()
            .await
            .unwrap();
        assert!(mine.contains(reference));

        assert_eq!(event(&app, &caseworker, reference, "Open", "").await, 303);
        assert_eq!(
            event(&app, &caseworker, reference, "RequestInformation", "").await,
            409,
            "reasons needed"
        );
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "RequestInformation",
                "When did it start?"
            )
            .await,
            303
        );
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "ReceiveInformation",
                "Spring 2024"
            )
            .await,
            303
        );
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "DecideRgPositive",
                "Credible account"
            )
            .await,
            303
        );
        assert_eq!(state_of(&app, reference).await, "RecoveryPeriod");
        // The recovery period must run first.
        assert_eq!(
            event(&app, &caseworker, reference, "StartConclusiveGrounds", "").await,
            409
        );
        sqlx::query("UPDATE referral SET recovery_started_on = '2020-01-01' WHERE reference = $1")
            .bind(reference)
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_eq!(
            event(&app, &caseworker, reference, "StartConclusiveGrounds", "").await,
            303
        );
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "ProposeCgNegative",
                "Inconsistent"
            )
            .await,
            303
        );
        // A caseworker cannot review; the reviewer can.
        assert_eq!(
            event(&app, &caseworker, reference, "ConfirmNegative", "Agree").await,
            409
        );
        assert_eq!(
            event(
                &app,
                &reviewer,
                reference,
                "OverturnNegative",
                "The account holds"
            )
            .await,
            303
        );
        assert_eq!(state_of(&app, reference).await, "CgPositive");

        let page = app
            .get_as(&reviewer, &format!("/casework/cases/{reference}"))
            .await
            .text()
            .await
            .unwrap();
        for step in [
            "Start work on the case",
            "Ask the first responder for more information",
            "Positive reasonable grounds decision",
            "Propose a negative conclusive grounds decision",
            "Overturn the negative decision",
            "The account holds",
        ] {
            assert!(page.contains(step), "timeline shows {step}");
        }
        let events: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM case_event e JOIN referral r ON r.id = e.referral_id \
             WHERE r.reference = $1",
        )
        .bind(reference)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .get("n");
        assert_eq!(events, 7, "one record per accepted event");
    }
);

on_both_databases!(
    a_responder_answers_a_request_and_sees_only_their_organisations_cases,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000003";
        a_case(&app, reference, server::clock::now_seconds(), "2026-12-04").await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        assert_eq!(event(&app, &caseworker, reference, "Open", "").await, 303);
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "RequestInformation",
                "Where is the person staying?"
            )
            .await,
            303
        );

        // A colleague at the same organisation (same email domain) sees it and the request.
        let colleague = signed_in(&app, "sam@met.police.uk").await;
        let list = app
            .get_as(&colleague, "/nrm/cases")
            .await
            .text()
            .await
            .unwrap();
        assert!(list.contains(reference));
        let page = app
            .get_as(&colleague, &format!("/nrm/cases/{reference}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Where is the person staying?"));
        assert!(page.contains("Further information requested"));

        // Another organisation sees nothing of it, and cannot answer.
        let other = signed_in(&app, "kim@gmp.police.uk").await;
        let list = app.get_as(&other, "/nrm/cases").await.text().await.unwrap();
        assert!(!list.contains(reference));
        let page = app.get_as(&other, &format!("/nrm/cases/{reference}")).await;
        assert_eq!(page.status().as_u16(), 404);
        let response = app
            .post_as(
                &other,
                &format!("/nrm/cases/{reference}/answer"),
                &[("answer", "x")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 404);

        // An empty answer is refused with a message; a real one goes back to the caseworker.
        let response = app
            .post_as(
                &colleague,
                &format!("/nrm/cases/{reference}/answer"),
                &[("answer", " ")],
            )
            .await;
        assert_eq!(
            location(&response),
            format!("/nrm/cases/{reference}?empty=true")
        );
        let response = app
            .post_as(
                &colleague,
                &format!("/nrm/cases/{reference}/answer"),
                &[("answer", "With a friend in Leeds")],
            )
            .await;
        assert_eq!(location(&response), format!("/nrm/cases/{reference}"));
        assert_eq!(state_of(&app, reference).await, "RgPending");
        let desk = app
            .get_as(&caseworker, &format!("/casework/cases/{reference}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(desk.contains("With a friend in Leeds"));
    }
);

on_both_databases!(
    synthetic_cases_follow_the_2023_mix,
    |app: TestApp| async move {
        let (cases, dtn) = server::volume::generate(&app.db, 3000, 300, 7)
            .await
            .unwrap();
        assert_eq!((cases, dtn), (3000, 300));
        let count = |sql: &'static str| {
            let db = app.db.clone();
            async move {
                sqlx::query(sql)
                    .fetch_one(db.pool())
                    .await
                    .unwrap()
                    .get::<i64, _>("n")
            }
        };
        assert_eq!(
            count("SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM'").await,
            3000
        );
        assert_eq!(
            count("SELECT COUNT(*) AS n FROM referral WHERE kind = 'DTN'").await,
            300
        );
        let children = count(
            "SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM' AND adult_or_child = 'Child'",
        )
        .await;
        assert!(
            (1200..=1440).contains(&children),
            "about 44% children: {children}"
        );
        let top: String = sqlx::query(
            "SELECT nationality FROM referral GROUP BY nationality ORDER BY COUNT(*) DESC LIMIT 1",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .get("nationality");
        assert_eq!(top, "British");
        let states =
            count("SELECT COUNT(DISTINCT state) AS n FROM referral WHERE kind = 'NRM'").await;
        assert_eq!(states, 12, "cases in every state");
        assert_eq!(count("SELECT COUNT(*) AS n FROM case_event").await, 3300);
        // A real submission afterwards takes the next reference, not a generated one.
        let last: i64 =
            sqlx::query("SELECT MAX(last_number) AS n FROM reference_counter WHERE kind = 'NRM'")
                .fetch_one(app.db.pool())
                .await
                .unwrap()
                .get("n");
        assert!(last > 0);
    }
);

on_both_databases!(
    the_queue_counts_filters_sorts_and_pages,
    with_demo,
    |app: TestApp| async move {
        use app::casework::lifecycle::State;
        use server::cases::{queue, QueueFilter, QueueSort};
        server::volume::generate(&app.db, 400, 20, 11)
            .await
            .unwrap();
        let count = |sql: String| {
            let db = app.db.clone();
            async move {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_one(db.pool())
                    .await
                    .unwrap()
                    .get::<i64, _>("n")
            }
        };
        let open_states =
            "('Submitted', 'RgPending', 'InformationRequested', 'RgNegativeInReview', \
                           'RecoveryPeriod', 'CgPending', 'CgNegativeInReview')";
        let open = count(format!(
            "SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM' AND state IN {open_states}"
        ))
        .await;
        let all = queue(&app.db, &QueueFilter::default()).await.unwrap();
        assert_eq!(all.total, open);
        assert!(all.exact);
        assert_eq!(all.by_state.iter().map(|(_, n)| n).sum::<i64>(), open);
        assert_eq!(all.by_state.len(), 7, "one count per open state");
        let due: Vec<&str> = all.rows.iter().map(|r| r.rg_due_on.as_str()).collect();
        assert!(due.windows(2).all(|w| w[0] <= w[1]), "soonest due first");
        assert_eq!(all.rows.len(), 25);

        let second = queue(
            &app.db,
            &QueueFilter {
                page: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(second.rows[0].rg_due_on >= all.rows[24].rg_due_on);
        assert!(
            !all.rows.iter().any(|r| second.rows.contains(r)),
            "pages do not overlap"
        );

        let newest = queue(
            &app.db,
            &QueueFilter {
                sort: QueueSort::Received,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let received: Vec<i64> = newest.rows.iter().map(|r| r.received_at).collect();
        assert!(received.windows(2).all(|w| w[0] >= w[1]), "newest first");

        let children = queue(
            &app.db,
            &QueueFilter {
                adult_or_child: Some("Child".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let open_children = count(format!(
            "SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM' AND adult_or_child = 'Child' \
             AND state IN {open_states}"
        ))
        .await;
        assert_eq!(children.total, open_children);
        assert!(children.rows.iter().all(|r| r.adult_or_child == "Child"));
        let pending = children
            .by_state
            .iter()
            .find(|(s, _)| *s == State::CgPending)
            .unwrap()
            .1;
        assert_eq!(
            pending,
            count(format!(
                "SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM' AND adult_or_child = 'Child' \
                 AND state = 'CgPending'"
            ))
            .await,
            "a status count under the age filter"
        );

        // A decision moves the case out of the queue and its count with it.
        let reference = "NRM-1999-000003";
        a_case(&app, reference, server::clock::now_seconds(), "2000-01-05").await;
        let before = queue(&app.db, &QueueFilter::default()).await.unwrap();
        assert_eq!(before.total, open + 1);
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "Withdraw",
                "Duplicate referral by phone"
            )
            .await,
            303
        );
        let after = queue(&app.db, &QueueFilter::default()).await.unwrap();
        assert_eq!(after.total, open);
        let searched = queue(
            &app.db,
            &QueueFilter {
                search: Some(reference.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(searched.total, 0, "a withdrawn case leaves the queue");

        let page = app
            .get_as(&caseworker, "/casework?age=Child")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("{open_children} open cases")),
            "the count shows on the page"
        );
        assert!(page.contains(&format!("Conclusive grounds pending ({pending})")));
        assert!(
            page.contains("aria-sort=\"ascending\""),
            "the order shows on its column"
        );
    }
);
