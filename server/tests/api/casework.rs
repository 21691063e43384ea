//! The casework desk over HTTP, on both databases: staff sign-in, who may see
//! what, and a case moved through its lifecycle by the right people.

use crate::common::{first_problem, location, signed_in, staff_sign_in, TestApp};
use sqlx::Row;

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const REVIEWER: &str = "demo.reviewer@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// A case received just now (see [`a_case`]).
pub async fn a_case_now(app: &TestApp, reference: &str, rg_due: &str) {
    a_case(
        app,
        reference,
        server::platform::clock::now_seconds(),
        rg_due,
    )
    .await
}

/// Puts the case first in the task lists (a child still being exploited),
/// ahead of the demo cases.
pub async fn first_in_the_lists(app: &TestApp, reference: &str) {
    sqlx::query("UPDATE referral SET task_priority = 3 WHERE reference = $1")
        .bind(reference)
        .execute(app.db.pool())
        .await
        .unwrap();
}

/// A received referral, as submission stores it.
pub async fn a_case(app: &TestApp, reference: &str, received_at: i64, rg_due: &str) {
    a_case_about(
        app,
        reference,
        received_at,
        rg_due,
        &[
            ("fr-location", "england"),
            ("pv-under-age", "no"),
            ("pv-name-first-name", "Ana"),
        ],
        ("Ana B", ""),
    )
    .await;
}

/// A received referral with these answers, about a person (name, ISO date of birth).
pub async fn a_case_about(
    app: &TestApp,
    reference: &str,
    received_at: i64,
    rg_due: &str,
    answers: &[(&str, &str)],
    (name, dob): (&str, &str),
) {
    use server::casework::cases::intake;
    let referral = crate::common::new_referral(reference, received_at, answers, (name, dob));
    let mut conn = app.db.pool().acquire().await.unwrap();
    intake::receive(&mut conn, &referral).await.unwrap();
    // The test's own deadline, on both clocks the case reads.
    sqlx::query("UPDATE referral SET rg_due_on = $1, task_due_on = $1 WHERE reference = $2")
        .bind(rg_due)
        .bind(reference)
        .execute(&mut *conn)
        .await
        .unwrap();
}

/// Signs a first responder in; their session and their organisation's sent cases page.
async fn sent_cases_seen_by(app: &TestApp, email: &str) -> (String, String) {
    let cookie = signed_in(app, email).await;
    let page = app
        .get_as(&cookie, "/nrm/cases")
        .await
        .text()
        .await
        .unwrap();
    (cookie, page)
}

/// Posts the change-password form: current password, new password, and it again.
async fn change_password(app: &TestApp, email: &str, passwords: [&str; 3]) -> reqwest::Response {
    let [current, new, again] = passwords;
    app.post_form(
        "/staff/change-password",
        &[
            ("email", email),
            ("current-password", current),
            ("new-password", new),
            ("new-password-again", again),
        ],
    )
    .await
}

/// Posts an event: "moved", or the refusal the case page is drawn again
/// with (422), as "#<field the summary links to> <message>".
async fn event(app: &TestApp, cookie: &str, reference: &str, event: &str, reasons: &str) -> String {
    let fields = [("form", "event"), ("event", event), ("reasons", reasons)];
    match crate::common::case_form(app, cookie, reference, &fields).await {
        done if done == "done" => "moved".to_owned(),
        status if status.starts_with("status") => panic!("{event}: {status}"),
        problem => problem,
    }
}

/// The case's tabs' pages, one after another, as `cookie` gets them.
async fn case_tabs(app: &TestApp, cookie: &str, reference: &str, tabs: &[&str]) -> String {
    let mut pages = String::new();
    for tab in tabs {
        let path = format!("/casework/cases/{reference}/{tab}");
        pages.push_str(&crate::common::page_as(app, cookie, &path).await);
    }
    pages
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
        crate::common::assert_refused_with(response, "Enter a correct email address and password")
            .await;
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
    a_stored_state_this_version_does_not_know_is_an_error_never_a_default,
    with_demo,
    |app: TestApp| async move {
        a_case(&app, "NRM-1999-000001", 1_795_957_200, "2026-12-04").await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let page = "/casework/cases/NRM-1999-000001";
        assert_eq!(app.get_as(&caseworker, page).await.status(), 200);
        // As a newer version (or a bad hand edit) might leave it.
        sqlx::query("UPDATE referral SET state = 'Archived' WHERE reference = $1")
            .bind("NRM-1999-000001")
            .execute(app.db.pool())
            .await
            .unwrap();
        let response = app.get_as(&caseworker, page).await;
        assert_eq!(response.status(), 500, "the case page");
        let html = response.text().await.unwrap();
        assert!(html.contains("Sorry, there is a problem with the service"));
        assert!(!html.contains("Archived") && !html.contains("Ana"));
        // No event can move it from a state nobody knows.
        let response = app
            .post_as(
                &caseworker,
                page,
                &[("form", "event"), ("event", "Open"), ("reasons", "")],
            )
            .await;
        assert_eq!(response.status(), 500, "an event");
        assert_eq!(state_of(&app, "NRM-1999-000001").await, "Archived");
    }
);

on_both_databases!(
    staff_sign_out_from_the_desk_header_ends_the_session,
    with_demo,
    |app: TestApp| async move {
        let response = app
            .post_form(
                "/staff/sign-in",
                &[("email", CASEWORKER), ("password", PASSWORD)],
            )
            .await;
        let set = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(set.contains("SameSite=Strict"), "{set}");
        let half = crate::common::session_cookie(&response).unwrap();
        let caseworker =
            crate::common::pass_second_factor(&app, CASEWORKER, &half, &location(&response))
                .await
                .unwrap();
        let desk = app
            .get_as(&caseworker, "/casework")
            .await
            .text()
            .await
            .unwrap();
        // Every signed-in page's header has a sign-out form that posts.
        assert!(
            desk.contains(r#"<form method="post" action="/sign-out" class="nrm-header-sign-out""#),
            "a sign-out form in the header"
        );
        let out = app.post_as(&caseworker, "/sign-out", &[]).await;
        assert_eq!(location(&out), "/signed-out");
        assert_eq!(
            location(&app.get_as(&caseworker, "/casework").await),
            "/staff/sign-in"
        );
        // Signed out, the header offers no sign-out.
        let page = app.get("/staff/sign-in").await.text().await.unwrap();
        assert!(!page.contains("nrm-header-sign-out"));
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
                "/casework/cases/NRM-1999-000001",
                &[("form", "event"), ("event", "Open"), ("reasons", "")],
            )
            .await;
        assert_eq!(location(&response), "/staff/sign-in");
        // The server functions refuse too.
        let response = app
            .post_as(
                &responder,
                "/api/casework-case",
                &[("reference", "NRM-1999-000001"), ("tab", "")],
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
        a_case_now(&app, reference, "2000-01-05").await;
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
        // The row's own tag, not the filter's "Overdue only" label.
        assert!(
            queue.contains(r#"<strong class="govuk-tag govuk-tag--red">Overdue</strong>"#),
            "the overdue case is tagged"
        );

        let response = app
            .post_as(
                &caseworker,
                &format!("/casework/cases/{reference}"),
                &[("form", "assign"), ("assignee", "me")],
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

        assert_eq!(
            event(&app, &caseworker, reference, "Open", "").await,
            "moved"
        );
        assert_eq!(
            event(&app, &caseworker, reference, "RequestInformation", "").await,
            "#reasons-0 Enter the reasons",
            "reasons needed, pointing at the first button's box"
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
            "moved"
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
            "moved"
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
            "moved"
        );
        assert_eq!(state_of(&app, reference).await, "RecoveryPeriod");
        // The recovery period must run first; the page says until when, and
        // keeps what was typed.
        let ends = app::dates::long_date(app::dates::add_days(
            app::dates::ymd_from_unix(server::platform::clock::now_seconds()),
            30,
        ));
        assert_eq!(
            event(&app, &caseworker, reference, "StartConclusiveGrounds", "").await,
            format!(
                "#next-steps The recovery period runs until {ends}: the conclusive grounds decision cannot start before then"
            )
        );
        let refused = app
            .post_as(
                &caseworker,
                &format!("/casework/cases/{reference}"),
                &[
                    ("form", "event"),
                    ("event", "ProposeRgNegative"),
                    ("reasons", "  "),
                ],
            )
            .await;
        assert_eq!(refused.status().as_u16(), 422);
        let page = refused.text().await.unwrap();
        assert!(
            page.contains(&format!("<title>Error: Summary - {reference}")),
            "a refusal shows as an error"
        );
        assert!(page.contains("href=\"#next-steps\""), "not from this state");
        sqlx::query("UPDATE referral SET recovery_started_on = '2020-01-01' WHERE reference = $1")
            .bind(reference)
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_eq!(
            event(&app, &caseworker, reference, "StartConclusiveGrounds", "").await,
            "moved"
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
            "moved"
        );
        // A caseworker cannot review; the reviewer can.
        assert_eq!(
            event(&app, &caseworker, reference, "ConfirmNegative", "Agree").await,
            "#next-steps Your role cannot do this"
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
            "moved"
        );
        assert_eq!(state_of(&app, reference).await, "CgPositive");

        let page = app
            .get_as(&reviewer, &format!("/casework/cases/{reference}/timeline"))
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
        assert_eq!(events, 1 + 7, "received, and one record per accepted event");
    }
);

on_both_databases!(
    a_responder_sees_only_what_they_sent_or_a_colleague_shared_and_answers_for_it,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000003";
        a_case_now(&app, reference, "2026-12-04").await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        assert_eq!(
            event(&app, &caseworker, reference, "Open", "").await,
            "moved"
        );
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "RequestInformation",
                "Where is the person staying?"
            )
            .await,
            "moved"
        );

        let case_page = format!("/nrm/cases/{reference}");
        let answer = |text: &'static str| [("form", "answer"), ("answer", text)];
        // The referrer sees it and the request.
        let (referrer, list) = sent_cases_seen_by(&app, "jo@met.police.uk").await;
        assert!(list.contains(reference));
        let page = app
            .get_as(&referrer, &case_page)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Where is the person staying?"));
        assert!(page.contains("Further information requested"));

        // Nobody else does, the same email domain included, and nobody else can answer.
        for someone in ["sam@met.police.uk", "kim@gmp.police.uk"] {
            let (other, list) = sent_cases_seen_by(&app, someone).await;
            assert!(!list.contains(reference), "{someone}");
            let page = app.get_as(&other, &case_page).await;
            assert_eq!(page.status().as_u16(), 404, "{someone}");
            let response = app.post_as(&other, &case_page, &answer("x")).await;
            assert_eq!(response.status().as_u16(), 404, "{someone}");
        }

        // The referrer shares it with a colleague at the same organisation only.
        let share = |with: &'static str| [("form", "share"), ("colleague", with)];
        let refused = app
            .post_as(&referrer, &case_page, &share("kim@gmp.police.uk"))
            .await;
        assert_eq!(refused.status().as_u16(), 422);
        assert_eq!(
            first_problem(&refused.text().await.unwrap()),
            "#colleague Enter the email address of a colleague at your organisation, ending @met.police.uk"
        );
        let shared = app
            .post_as(&referrer, &case_page, &share("Sam@met.police.uk"))
            .await;
        assert_eq!(location(&shared), case_page);
        let (colleague, list) = sent_cases_seen_by(&app, "sam@met.police.uk").await;
        assert!(list.contains(reference));
        let page = app
            .get_as(&colleague, &case_page)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Where is the person staying?"));
        // A colleague it is shared with cannot share it on.
        let onward = app
            .post_as(&colleague, &case_page, &share("ali@met.police.uk"))
            .await;
        assert_eq!(onward.status().as_u16(), 403);
        // Another colleague still sees nothing.
        let (other, list) = sent_cases_seen_by(&app, "ali@met.police.uk").await;
        assert!(!list.contains(reference));
        assert_eq!(app.get_as(&other, &case_page).await.status(), 404);

        // An empty answer is refused with a message; a real one goes back to the caseworker.
        let response = app.post_as(&colleague, &case_page, &answer(" ")).await;
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("<title>Error: Referral"));
        assert_eq!(
            first_problem(&page),
            "#answer Enter the information asked for"
        );
        let response = app
            .post_as(&colleague, &case_page, &answer("With a friend in Leeds"))
            .await;
        assert_eq!(location(&response), case_page);
        assert_eq!(state_of(&app, reference).await, "RgPending");
        let desk = case_tabs(&app, &caseworker, reference, &["timeline", "access"]).await;
        assert!(desk.contains("With a friend in Leeds"));
        assert!(desk.contains("Shared with sam@met.police.uk by jo@met.police.uk, since"));

        // The referrer stops sharing: the colleague loses it; the SCA sees both dates.
        let stopped = app
            .post_as(
                &referrer,
                &case_page,
                &[("form", "stop-sharing"), ("colleague", "sam@met.police.uk")],
            )
            .await;
        assert_eq!(location(&stopped), case_page);
        let (_, list) = sent_cases_seen_by(&app, "sam@met.police.uk").await;
        assert!(!list.contains(reference));
        assert_eq!(app.get_as(&colleague, &case_page).await.status(), 404);
        let desk = app
            .get_as(&caseworker, &format!("/casework/cases/{reference}/access"))
            .await
            .text()
            .await
            .unwrap();
        assert!(desk.contains("Shared with sam@met.police.uk by jo@met.police.uk, from"));
        // A form this version does not know is refused.
        let unknown = app
            .post_as(&referrer, &case_page, &[("form", "delete")])
            .await;
        assert_eq!(unknown.status().as_u16(), 400);
    }
);

on_both_databases!(
    synthetic_cases_follow_the_2023_mix,
    |app: TestApp| async move {
        let (cases, dtn) = server::tools::volume::generate(&app.db, 3000, 300, 7)
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
        use server::casework::cases::{queue, QueueFilter, QueueSort};
        server::tools::volume::generate(&app.db, 400, 20, 11)
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
        let open_states = format!(
            "({})",
            server::casework::cases::state_list(app::casework::lifecycle::State::is_open)
        );
        let open = count(format!(
            "SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM' AND state IN {open_states}"
        ))
        .await;
        let all = queue(&app.db, &QueueFilter::default()).await.unwrap();
        assert_eq!(all.total, open);
        assert!(all.exact);
        assert_eq!(all.by_state.iter().map(|(_, n)| n).sum::<i64>(), open);
        assert_eq!(all.by_state.len(), 7, "one count per open state");
        // Every open case has a task; the soonest-due task comes first.
        let due: Vec<&str> = all
            .rows
            .iter()
            .map(|r| r.task.task_due_on.as_deref().expect("a task"))
            .collect();
        assert!(due.windows(2).all(|w| w[0] <= w[1]), "soonest due first");
        assert_eq!(all.rows.len(), 25);

        let second = queue(
            &app.db,
            &QueueFilter {
                start: server::casework::cases::paging::Start::Page(1),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(second.rows[0].task.task_due_on >= all.rows[24].task.task_due_on);
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
            count(
                "SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM' AND adult_or_child = 'Child' \
                 AND state = 'CgPending'"
                    .to_owned()
            )
            .await,
            "a status count under the age filter"
        );

        let albanian_labour = queue(
            &app.db,
            &QueueFilter {
                nationality: Some("Albanian".into()),
                exploitation: Some("Labour"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(albanian_labour.total > 0);
        assert_eq!(
            albanian_labour.total,
            count(format!(
                "SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM' AND state IN {open_states} \
                 AND nationality = 'Albanian' AND exploitation LIKE '%Labour%'"
            ))
            .await
        );
        assert!(albanian_labour
            .rows
            .iter()
            .all(|r| r.nationality == "Albanian"));
        let met = queue(
            &app.db,
            &QueueFilter {
                organisation: Some("metropolitan".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(met
            .rows
            .iter()
            .all(|r| r.organisation == "Metropolitan Police Service"));
        assert!(!met.rows.is_empty());

        // A decision moves the case out of the queue and its count with it.
        let reference = "NRM-1999-000003";
        a_case_now(&app, reference, "2000-01-05").await;
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
            "moved"
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

/// Moves a case to CG pending with its recovery period behind it.
async fn to_conclusive_grounds(app: &TestApp, caseworker: &str, reference: &str) {
    assert_eq!(event(app, caseworker, reference, "Open", "").await, "moved");
    assert_eq!(
        event(app, caseworker, reference, "DecideRgPositive", "Credible").await,
        "moved"
    );
    sqlx::query("UPDATE referral SET recovery_started_on = '2020-01-01' WHERE reference = $1")
        .bind(reference)
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(
        event(app, caseworker, reference, "StartConclusiveGrounds", "").await,
        "moved"
    );
}

async fn letters_of(app: &TestApp, reference: &str) -> Vec<(String, String, String, String)> {
    sqlx::query(
        "SELECT l.decision, l.recipient, l.route, l.address FROM case_letter l \
         JOIN referral r ON r.id = l.referral_id WHERE r.reference = $1 ORDER BY l.at, l.recipient, l.route",
    )
    .bind(reference)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get("decision"), r.get("recipient"), r.get("route"), r.get("address")))
    .collect()
}

on_both_databases!(
    decision_letters_go_only_by_safe_routes,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000010";
        a_case_about(
            &app,
            reference,
            server::platform::clock::now_seconds(),
            "2000-01-05",
            &[
                ("who-contact", "potential-victim"),
                ("pv-contact-details-email", "true"),
                ("pv-contact-details-email-input", "ana.safe@example.com"),
                ("pv-contact-details-email-check", "true"),
                ("pv-contact-details-post", "true"),
                ("pv-contact-details-street", "1 Unsafe Road"),
                ("pv-contact-details-town", "Leeds"),
                ("pv-contact-details-postcode", "LS1 1AA"),
            ],
            ("Ana B", ""),
        )
        .await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();
        assert_eq!(
            event(&app, &caseworker, reference, "Open", "").await,
            "moved"
        );
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "ProposeRgNegative",
                "Thin account"
            )
            .await,
            "moved"
        );
        assert!(
            letters_of(&app, reference).await.is_empty(),
            "a proposal in review is not issued"
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
            "moved"
        );
        let letters = letters_of(&app, reference).await;
        assert_eq!(
            letters,
            vec![
                (
                    "RgPositive".into(),
                    "first responder".into(),
                    "email".into(),
                    "jo@met.police.uk".into()
                ),
                (
                    "RgPositive".into(),
                    "potential victim".into(),
                    "email".into(),
                    "ana.safe@example.com".into()
                ),
            ],
            "no letter by post: the address was not marked safe"
        );
        let to_victim = app.emails_to("ana.safe@example.com").await;
        assert_eq!(to_victim.len(), 1);
        assert!(to_victim[0].contains(reference));
        assert!(
            !to_victim[0].contains("The account holds"),
            "reasons stay out of email"
        );
        let to_responder = app.emails_to("jo@met.police.uk").await;
        assert!(to_responder[0].contains(&format!("/nrm/cases/{reference}")));
        let page = case_tabs(&app, &caseworker, reference, &["timeline", "letters"]).await;
        assert!(page.contains("Letter to the potential victim by email"));
        assert!(!page.contains("1 Unsafe Road</td>"));
    }
);

on_both_databases!(
    notes_stay_internal_and_seniors_reassign,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000011";
        a_case_now(&app, reference, "2000-01-05").await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();
        let notes = format!("/casework/cases/{reference}");
        let response = app
            .post_as(&caseworker, &notes, &[("form", "note"), ("note", "   ")])
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains(&format!("<title>Error: Summary - {reference}")));
        assert_eq!(first_problem(&page), "#note Enter a note");
        let long = "x".repeat(5_001);
        let response = app
            .post_as(&caseworker, &notes, &[("form", "note"), ("note", &long)])
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert_eq!(
            first_problem(&page),
            "#note A note must be 5,000 characters or fewer"
        );
        assert!(page.contains(&long), "the note typed is kept");
        let response = app
            .post_as(
                &caseworker,
                &notes,
                &[
                    ("form", "note"),
                    ("note", "Called the <b>responder</b>; they will send more."),
                ],
            )
            .await;
        assert_eq!(
            location(&response),
            format!("/casework/cases/{reference}/timeline")
        );
        let page = app
            .get_as(
                &caseworker,
                &format!("/casework/cases/{reference}/timeline"),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Internal note"));
        assert!(
            page.contains("Called the &lt;b&gt;responder&lt;/b&gt;"),
            "escaped"
        );
        let responder = signed_in(&app, "jo@met.police.uk").await;
        let theirs = app
            .get_as(&responder, &format!("/nrm/cases/{reference}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(theirs.contains(reference));
        assert!(
            !theirs.contains("Called the"),
            "first responders never see notes"
        );
        // Their reading it is on record, as a first responder's.
        let viewed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'case-viewed' \
             AND actor = 'jo@met.police.uk' AND role = 'first_responder' AND target = $1",
        )
        .bind(format!("case:{reference}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(viewed, 1);

        // Only a senior gives a case to someone else, and only to a caseworker.
        let assign = format!("/casework/cases/{reference}");
        let response = app
            .post_as(
                &caseworker,
                &assign,
                &[("form", "assign"), ("assignee", REVIEWER)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 403);
        let response = app
            .post_as(
                &reviewer,
                &assign,
                &[("form", "assign"), ("assignee", "jo@met.police.uk")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 400);
        let response = app
            .post_as(
                &reviewer,
                &assign,
                &[("form", "assign"), ("assignee", CASEWORKER)],
            )
            .await;
        assert_eq!(location(&response), format!("/casework/cases/{reference}"));
        let team = app
            .get_as(&reviewer, "/casework/team")
            .await
            .text()
            .await
            .unwrap();
        assert!(team.contains("Team workload"));
        assert!(team.contains(CASEWORKER));
        let theirs = app
            .get_as(&reviewer, &format!("/casework?assignee={CASEWORKER}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(theirs.contains(reference));
        let refused = app
            .get_as(&caseworker, "/casework/team")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !refused.contains("Team workload"),
            "caseworkers do not see the team's workload"
        );
    }
);

on_both_databases!(
    candidate_duplicates_are_found_and_linked,
    with_demo,
    |app: TestApp| async move {
        let now = server::platform::clock::now_seconds();
        a_case_about(
            &app,
            "NRM-1999-000020",
            now - 86_400,
            "2000-01-05",
            &[],
            ("Arben Hoxha", "1999-04-02"),
        )
        .await;
        a_case_about(
            &app,
            "NRM-1999-000021",
            now,
            "2000-01-05",
            &[],
            ("Hoxa Arben", "1999-04-02"),
        )
        .await;
        a_case_about(
            &app,
            "NRM-1999-000022",
            now,
            "2000-01-05",
            &[],
            ("Arben Hoxha", "2001-07-07"),
        )
        .await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let page = app
            .get_as(&caseworker, "/casework/cases/NRM-1999-000021/linked-cases")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Similar name and the same date of birth"));
        assert!(page.contains("/casework/cases/NRM-1999-000020"));
        // The candidate as the caseworker compares it: its name as given,
        // its date of birth and who referred it.
        assert!(
            page.contains(": Arben Hoxha, born 2 April 1999, Albanian, referred by Metropolitan Police Service."),
            "{page}"
        );
        // Each tab reads and sends only what it shows: the summary carries
        // no candidates, not even in the data the page hydrates from.
        let summary = app
            .get_as(&caseworker, "/casework/cases/NRM-1999-000021")
            .await
            .text()
            .await
            .unwrap();
        assert!(summary.contains("Next steps"));
        assert!(!summary.contains("NRM-1999-000020"));
        let response = app
            .get_as(&caseworker, "/casework/cases/NRM-1999-000021/nonsense")
            .await;
        assert_eq!(response.status().as_u16(), 404, "a tab that does not exist");
        assert!(
            !page.contains("NRM-1999-000022"),
            "another date of birth is another person"
        );
        let response = app
            .post_as(
                &caseworker,
                "/casework/cases/NRM-1999-000021",
                &[
                    ("form", "event"),
                    ("event", "LinkAsDuplicate"),
                    ("duplicate-of", "NRM-1999-999999"),
                    ("reasons", ""),
                ],
            )
            .await;
        assert_eq!(
            response.status().as_u16(),
            400,
            "only to a case that exists"
        );
        let response = app
            .post_as(
                &caseworker,
                "/casework/cases/NRM-1999-000021",
                &[
                    ("form", "event"),
                    ("event", "LinkAsDuplicate"),
                    ("duplicate-of", "NRM-1999-000020"),
                    ("reasons", ""),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(state_of(&app, "NRM-1999-000021").await, "Duplicate");
        let linked: Option<String> =
            sqlx::query("SELECT duplicate_of FROM referral WHERE reference = 'NRM-1999-000021'")
                .fetch_one(app.db.pool())
                .await
                .unwrap()
                .get("duplicate_of");
        assert_eq!(linked.as_deref(), Some("NRM-1999-000020"));
        let page = app
            .get_as(&caseworker, "/casework/cases/NRM-1999-000021/timeline")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("The same person as NRM-1999-000020"));
    }
);

on_both_databases!(
    a_case_without_a_date_of_birth_is_found_however_many_share_its_name,
    with_demo,
    |app: TestApp| async move {
        let now = server::platform::clock::now_seconds();
        let mut referral = crate::common::new_referral(
            "NRM-1999-000030",
            now - 30 * 86_400,
            &[],
            ("Arben Hoxha", ""),
        );
        let mut elsewhere = crate::common::new_referral(
            "NRM-1999-000031",
            now - 30 * 86_400,
            &[],
            ("Arben Hoxha", ""),
        );
        elsewhere.nationality = "Kosovan".to_owned();
        // The same date of birth, the name spelt another way.
        let spelt = crate::common::new_referral(
            "NRM-1999-000033",
            now - 30 * 86_400,
            &[],
            ("Arben Hoxa", "1999-04-02"),
        );
        // 250 newer people of the same name: the newest 51 with a date of
        // birth other than this case's, 199 with none (candidates too, which
        // with the two above make more than one read's 200).
        let mut cases = vec![referral.clone(), elsewhere, spelt];
        for n in 0..250 {
            let dob = if n < 199 { "" } else { "1980-01-01" };
            cases.push(crate::common::new_referral(
                &format!("NRM-1998-{n:06}"),
                now - 86_400 + n,
                &[],
                ("Arben Hoxha", dob),
            ));
        }
        server::casework::cases::intake::receive_many(&app.db, &cases)
            .await
            .unwrap();
        referral.reference = "NRM-1999-000032".to_owned();
        referral.id = uuid::Uuid::new_v4().to_string();
        referral.draft_id = uuid::Uuid::new_v4().to_string();
        referral.pv_dob = "1999-04-02".to_owned();
        referral.received_at = now;
        server::casework::cases::intake::receive_many(&app.db, &[referral])
            .await
            .unwrap();
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let page = app
            .get_as(&caseworker, "/casework/cases/NRM-1999-000032/linked-cases")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("/casework/cases/NRM-1999-000030"),
            "the oldest of the name, with no date of birth, is still a candidate"
        );
        assert!(
            page.contains("Similar name and the same nationality (a date of birth is not known)")
        );
        assert!(
            page.contains("/casework/cases/NRM-1999-000033"),
            "the same date of birth, however many newer people share the name"
        );
        assert!(
            !page.contains("/casework/cases/NRM-1999-000031"),
            "no date of birth and another nationality: not a candidate"
        );
        assert!(
            !page.contains("/casework/cases/NRM-1998-000249")
                && page.contains("/casework/cases/NRM-1998-000198"),
            "another date of birth is another person; none is a candidate"
        );
    }
);

on_both_databases!(
    cg_letters_to_someone_else_with_permission,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000012";
        a_case_about(
            &app,
            reference,
            server::platform::clock::now_seconds(),
            "2000-01-05",
            &[
                ("who-contact", "someone-else"),
                ("someone-else-email", "true"),
                ("someone-else-email-input", "helper@charity.example.org"),
                ("someone-else-post", "true"),
                ("someone-else-street", "2 Safe Street"),
                ("someone-else-town", "York"),
                ("someone-else-postcode", "YO1 1AA"),
                ("someone-else-permission-check", "true"),
            ],
            ("Ana B", ""),
        )
        .await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();
        to_conclusive_grounds(&app, &caseworker, reference).await;
        assert_eq!(
            event(
                &app,
                &caseworker,
                reference,
                "ProposeCgNegative",
                "Inconsistent"
            )
            .await,
            "moved"
        );
        assert_eq!(
            event(&app, &reviewer, reference, "ConfirmNegative", "Agreed").await,
            "moved"
        );
        let cg: Vec<_> = letters_of(&app, reference)
            .await
            .into_iter()
            .filter(|l| l.0 == "CgNegative")
            .collect();
        assert_eq!(cg.len(), 3, "{cg:?}");
        assert!(cg.contains(&(
            "CgNegative".into(),
            "decision recipient".into(),
            "post".into(),
            "2 Safe Street\nYork\nYO1 1AA".into()
        )));
        // The RG letter came first; wait for the CG one.
        let mut told = false;
        for _ in 0..50 {
            let mail = app.emails_to("helper@charity.example.org").await;
            if mail.iter().any(|m| m.contains("reconsider")) {
                told = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(told, "the CG letter reached the decision recipient");
    }
);

on_both_databases!(
    statistics_in_the_quarterly_shape_with_csv,
    with_demo,
    |app: TestApp| async move {
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let page = app
            .get_as(&caseworker, "/casework/statistics")
            .await
            .text()
            .await
            .unwrap();
        for title in [
            "Referrals and Duty to Notify reports per quarter",
            "Referrals in the last year by gender",
            "the 10 most common nationalities",
            "by type of exploitation",
            "by kind of referring organisation",
            "Decisions issued",
        ] {
            assert!(page.contains(title), "{title}");
        }
        assert!(
            page.contains("<svg viewBox="),
            "charts are drawn on the server"
        );
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
        let csv = app
            .get_as(&caseworker, "/casework/statistics/quarters.csv")
            .await;
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        assert!(csv.starts_with("\"Quarter\",\"Adult\",\"Child\""));
        // Every referral and report is counted once in the quarterly table.
        let (mut nrm, mut dtn) = (0i64, 0i64);
        for line in csv.lines().skip(1) {
            let cells: Vec<i64> = line
                .split(',')
                .skip(1)
                .map(|c| c.trim_matches('"').parse().unwrap())
                .collect();
            nrm += cells[3];
            dtn += cells[4];
        }
        assert_eq!(
            nrm,
            count("SELECT COUNT(*) AS n FROM referral WHERE kind = 'NRM'").await
        );
        assert_eq!(
            dtn,
            count("SELECT COUNT(*) AS n FROM referral WHERE kind = 'DTN'").await
        );
        let decisions = app
            .get_as(&caseworker, "/casework/statistics/decisions.csv")
            .await
            .text()
            .await
            .unwrap();
        let cg_positive =
            count("SELECT COUNT(*) AS n FROM referral WHERE state = 'CgPositive'").await;
        assert!(
            decisions.contains(&format!("\"Conclusive grounds\",\"{cg_positive}\"")),
            "{decisions}"
        );
        assert_eq!(
            app.get_as(&caseworker, "/casework/statistics/nothing.csv")
                .await
                .status()
                .as_u16(),
            404
        );
        // Not for first responders.
        let responder = signed_in(&app, "jo@met.police.uk").await;
        let response = app
            .get_as(&responder, "/casework/statistics/quarters.csv")
            .await;
        assert_eq!(location(&response), "/staff/sign-in");
    }
);

on_both_databases!(
    admins_add_and_disable_staff,
    with_demo,
    |app: TestApp| async move {
        const ADMIN: &str = "demo.admin@sca.example.gov.uk";
        let admin = staff_sign_in(&app, ADMIN, PASSWORD).await.unwrap();
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let page = app
            .get_as(&admin, "/casework/admin/staff")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Staff accounts"));
        assert!(page.contains(CASEWORKER));
        let not_theirs = app
            .get_as(&caseworker, "/casework/admin/staff")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !not_theirs.contains(REVIEWER),
            "caseworkers do not see staff accounts"
        );
        let response = app
            .post_as(
                &caseworker,
                "/casework/admin/staff",
                &[
                    ("email", "x@sca.example.gov.uk"),
                    ("name", "X"),
                    ("role", "admin"),
                    ("password", "long enough password"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 403);

        let response = app
            .post_as(
                &admin,
                "/casework/admin/staff",
                &[
                    ("email", "sam@sca.example.gov.uk"),
                    ("name", "Sam <Lee>"),
                    ("role", "owner"),
                    ("password", "sh0rt-pw"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("<title>Error: Staff accounts"));
        assert_eq!(first_problem(&page), "#role Select a role");
        assert!(page.contains("Select a role"));
        assert!(page.contains("at least 12 characters"));
        assert!(
            page.contains("value=\"Sam &lt;Lee&gt;\""),
            "what was typed is kept"
        );
        assert!(!page.contains("sh0rt-pw"), "never the password");

        let new = [
            ("email", "sam@sca.example.gov.uk"),
            ("name", "Sam Lee"),
            ("role", "caseworker"),
            ("password", "a long first password"),
        ];
        let response = app.post_as(&admin, "/casework/admin/staff", &new).await;
        assert!(location(&response).contains("added=sam%40sca.example.gov.uk"));
        let response = app.post_as(&admin, "/casework/admin/staff", &new).await;
        assert_eq!(response.status().as_u16(), 422);
        assert_eq!(
            first_problem(&response.text().await.unwrap()),
            "#email There is already an account with this email address"
        );
        // The administrator's password opens nothing but the page to replace it.
        let response = app
            .post_form(
                "/staff/sign-in",
                &[
                    ("email", "sam@sca.example.gov.uk"),
                    ("password", "a long first password"),
                ],
            )
            .await;
        assert!(crate::common::session_cookie(&response).is_none());
        assert_eq!(
            location(&response),
            "/staff/change-password?due=true&email=sam%40sca.example.gov.uk"
        );
        for (current, new, again, problem) in [
            (
                "a long first password",
                "a long first password",
                "a long first password",
                "must be different from your current password",
            ),
            (
                "a long first password",
                "sams own password",
                "sams own passw0rd",
                "Enter the same new password again",
            ),
            (
                "not the password at all",
                "sams own password",
                "sams own password",
                "Enter the email address and current password of a staff account",
            ),
        ] {
            let response =
                change_password(&app, "sam@sca.example.gov.uk", [current, new, again]).await;
            assert_eq!(response.status().as_u16(), 422, "{problem}");
            assert!(crate::common::session_cookie(&response).is_none());
            let page = response.text().await.unwrap();
            assert!(page.contains(problem), "{problem}: {page}");
            assert!(page.contains("value=\"sam@sca.example.gov.uk\""));
            assert!(!page.contains("sams own"), "passwords are never sent back");
            assert!(
                !page.contains("not the password"),
                "passwords are never sent back"
            );
        }
        let response = change_password(
            &app,
            "sam@sca.example.gov.uk",
            [
                "a long first password",
                "sams own password",
                "sams own password",
            ],
        )
        .await;
        // A new account sets up its second factor next.
        assert_eq!(location(&response), app::routes::SECOND_FACTOR_SET_UP);
        let half = crate::common::session_cookie(&response).expect("half signed in");
        let sam = crate::common::pass_second_factor(
            &app,
            "sam@sca.example.gov.uk",
            &half,
            app::routes::SECOND_FACTOR_SET_UP,
        )
        .await
        .expect("signed in");
        assert!(
            staff_sign_in(&app, "sam@sca.example.gov.uk", "a long first password")
                .await
                .is_none(),
            "the first password no longer works"
        );
        assert!(app
            .get_as(&sam, "/casework")
            .await
            .text()
            .await
            .unwrap()
            .contains("open case"));

        let response = app
            .post_as(
                &admin,
                "/casework/admin/staff/sam@sca.example.gov.uk/disable",
                &[],
            )
            .await;
        assert_eq!(location(&response), "/casework/admin/staff");
        assert_eq!(
            location(&app.get_as(&sam, "/casework").await),
            "/staff/sign-in",
            "sessions end"
        );
        assert!(
            staff_sign_in(&app, "sam@sca.example.gov.uk", "sams own password")
                .await
                .is_none()
        );
        let response = app
            .post_as(
                &admin,
                &format!("/casework/admin/staff/{ADMIN}/disable"),
                &[],
            )
            .await;
        assert_eq!(response.status().as_u16(), 400, "not yourself");
        let response = app
            .post_as(
                &admin,
                "/casework/admin/staff/sam@sca.example.gov.uk/enable",
                &[],
            )
            .await;
        assert_eq!(location(&response), "/casework/admin/staff");
        assert!(
            staff_sign_in(&app, "sam@sca.example.gov.uk", "sams own password")
                .await
                .is_some()
        );
    }
);

on_both_databases!(
    duty_to_notify_reports_are_a_searchable_register_without_decisions,
    with_demo,
    |app: TestApp| async move {
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reports: i64 = sqlx::query("SELECT COUNT(*) AS n FROM referral WHERE kind = 'DTN'")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
            .get("n");
        assert!(reports > 0, "the demo data holds reports");
        let page = app
            .get_as(&caseworker, "/casework/duty-to-notify")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!("{reports} reports")));
        let one: String = sqlx::query(
            "SELECT reference FROM referral WHERE kind = 'DTN' ORDER BY received_at LIMIT 1",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .get("reference");
        let found = app
            .get_as(
                &caseworker,
                &format!("/casework/duty-to-notify?search={}", one.to_lowercase()),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(found.contains("1 report<"), "search by reference");
        assert!(found.contains(&one));
        let report = app
            .get_as(&caseworker, &format!("/casework/cases/{one}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(report.contains("There is nothing you can do to this case now."));
        let response = app
            .post_as(
                &caseworker,
                &format!("/casework/cases/{one}"),
                &[("form", "event"), ("event", "Open"), ("reasons", "")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 404, "reports have no lifecycle");
    }
);

on_both_databases!(
    referrals_stored_before_the_domain_column_get_their_domain,
    |app: TestApp| async move {
        // As migration 0010 leaves them: no referrer domain yet.
        for (reference, email) in [
            ("NRM-1999-000010", "jo@MET.police.uk"),
            ("NRM-1999-000011", "kim@gmp.police.uk"),
            ("NRM-1999-000012", "not an address"),
        ] {
            sqlx::query(
                "INSERT INTO referral (id, reference, kind, draft_id, received_at, nation, \
                 adult_or_child, adult_or_child_during_exploitation, referrer_email, \
                 referrer_organisation, answers, payload, state, rg_due_on, nationality, pv_name, \
                 in_queue) VALUES ($1, $2, 'NRM', $3, 1000, 'ENGLAND', 'Adult', 'Adult', $4, \
                 'Police', '{}', '{}', 'Submitted', '2000-01-05', 'Albanian', 'Ana', 1)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(reference)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(email)
            .execute(app.db.pool())
            .await
            .unwrap();
        }
        let filled = server::casework::sent_cases::fill_in_referrer_domains(&app.db)
            .await
            .unwrap();
        assert_eq!(filled, 3);
        assert_eq!(
            server::casework::sent_cases::fill_in_referrer_domains(&app.db)
                .await
                .unwrap(),
            0,
            "each row once"
        );
        // The referrer finds theirs, however they write their address; a
        // colleague at the same domain finds nothing.
        let (_, list) = sent_cases_seen_by(&app, "jo@met.police.uk").await;
        assert!(list.contains("NRM-1999-000010"), "{list}");
        assert!(!list.contains("NRM-1999-000011"));
        let (_, list) = sent_cases_seen_by(&app, "sam@met.police.uk").await;
        assert!(!list.contains("NRM-1999-000010"), "{list}");
        let domain: String =
            sqlx::query("SELECT referrer_domain FROM referral WHERE reference = 'NRM-1999-000010'")
                .fetch_one(app.db.pool())
                .await
                .unwrap()
                .get("referrer_domain");
        assert_eq!(domain, "met.police.uk");
        let domain: String =
            sqlx::query("SELECT referrer_domain FROM referral WHERE reference = 'NRM-1999-000012'")
                .fetch_one(app.db.pool())
                .await
                .unwrap()
                .get("referrer_domain");
        assert_eq!(
            domain, "",
            "an address that does not parse belongs to no organisation"
        );
    }
);

on_both_databases!(
    wrong_staff_passwords_make_the_next_attempt_wait,
    with_demo,
    |app: TestApp| async move {
        for _ in 0..5 {
            assert!(staff_sign_in(&app, CASEWORKER, "not my password")
                .await
                .is_none());
        }
        // The sixth attempt waits, even with the right password.
        let response = app
            .post_form(
                "/staff/sign-in",
                &[("email", CASEWORKER), ("password", PASSWORD)],
            )
            .await;
        assert!(crate::common::session_cookie(&response).is_none());
        crate::common::assert_refused_with(
            response,
            "Too many wrong passwords. Wait 1 minute, then try again",
        )
        .await;
        // Changing the password waits too.
        let response = change_password(
            &app,
            CASEWORKER,
            [PASSWORD, "a brand new password", "a brand new password"],
        )
        .await;
        crate::common::assert_refused_with(response, "Too many wrong passwords").await;
        // An address without an account is answered the same way.
        for _ in 0..5 {
            assert!(staff_sign_in(&app, "nobody@sca.example.gov.uk", "guess")
                .await
                .is_none());
        }
        let response = app
            .post_form(
                "/staff/sign-in",
                &[
                    ("email", "nobody@sca.example.gov.uk"),
                    ("password", "guess"),
                ],
            )
            .await;
        crate::common::assert_refused_with(response, "Too many wrong passwords").await;
        // Once the wait is over (the gates moved an hour back here), the
        // right password works and the address's count starts again.
        sqlx::query("UPDATE attempt_gate SET allowed_from = allowed_from - 3700")
            .execute(app.db.pool())
            .await
            .unwrap();
        assert!(staff_sign_in(&app, CASEWORKER, PASSWORD).await.is_some());
        for _ in 0..5 {
            assert!(staff_sign_in(&app, CASEWORKER, "not my password")
                .await
                .is_none());
        }
        let response = app
            .post_form(
                "/staff/sign-in",
                &[("email", CASEWORKER), ("password", PASSWORD)],
            )
            .await;
        crate::common::assert_refused_with(response, "Too many wrong passwords").await;
    }
);

/// Posts wrong passwords for these addresses all at once; how many were
/// checked (told the password was wrong) and how many were told to wait.
async fn guess_in_parallel(app: &TestApp, emails: &[String]) -> (usize, usize) {
    let mut guesses = tokio::task::JoinSet::new();
    for email in emails {
        let (client, url, email) = (app.client.clone(), app.url("/staff/sign-in"), email.clone());
        guesses.spawn(async move {
            let form = [("email", email.as_str()), ("password", "a wrong guess")];
            let response = client.post(url).form(&form).send().await.unwrap();
            let status = response.status();
            let page = response.text().await.unwrap();
            assert_eq!(
                status,
                422,
                "{}",
                page.chars().take(300).collect::<String>()
            );
            first_problem(&page)
        });
    }
    let answers: Vec<String> = guesses.join_all().await;
    let checked = answers
        .iter()
        .filter(|a| a.contains("Enter a correct email address and password"))
        .count();
    let waited = answers
        .iter()
        .filter(|a| a.contains("Too many wrong passwords"))
        .count();
    assert_eq!(checked + waited, emails.len(), "{answers:?}");
    (checked, waited)
}

on_both_databases!(
    parallel_guesses_get_no_more_than_the_free_tries,
    with_demo,
    |app: TestApp| async move {
        // Fifty at once at one address: the count is taken before the
        // check, so only the free five reach it.
        let one = vec![CASEWORKER.to_owned(); 50];
        assert_eq!(
            guess_in_parallel(&app, &one).await,
            (server::identity::throttle::FREE_FAILURES as usize, 45)
        );
        // One client spraying one guess at many addresses is held too,
        // after WRONG_PASSWORDS_PER_CLIENT (20 by default, 5 spent above).
        let many: Vec<String> = (0..30)
            .map(|n| format!("person{n}@sca.example.gov.uk"))
            .collect();
        assert_eq!(guess_in_parallel(&app, &many).await, (15, 15));
    }
);

on_both_databases!(
    roles_are_held_to_the_permission_table,
    with_demo,
    |app: TestApp| async move {
        const ADMIN: &str = "demo.admin@sca.example.gov.uk";
        let reference = "NRM-1999-000077";
        a_case_now(&app, reference, "2000-01-05").await;
        let response = app
            .post_form(
                "/staff/sign-in",
                &[("email", ADMIN), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(location(&response), app::routes::SECOND_FACTOR);
        let half = crate::common::session_cookie(&response).unwrap();
        let code = crate::common::code_now(server::tools::demo::DEMO_SECOND_FACTOR_SECRET);
        let response = app
            .post_as(&half, app::routes::SECOND_FACTOR, &[("code", &code)])
            .await;
        assert_eq!(
            location(&response),
            "/casework/admin/staff",
            "administrators land on staff accounts, not the queue"
        );
        let admin = crate::common::session_cookie(&response).unwrap();
        // Administrators manage accounts and do not read case files.
        let queue = app.get_as(&admin, "/casework").await;
        assert_eq!(queue.status().as_u16(), 403);
        let queue = queue.text().await.unwrap();
        assert!(queue.contains("You cannot open this page"));
        assert!(!queue.contains(reference), "an administrator saw the queue");
        let case = app
            .get_as(&admin, &format!("/casework/cases/{reference}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!case.contains("Ana"), "an administrator read the case");
        let note = app
            .post_as(
                &admin,
                &format!("/casework/cases/{reference}"),
                &[("form", "note"), ("note", "an admin's note")],
            )
            .await;
        assert_eq!(note.status().as_u16(), 403);
        let event = app
            .post_as(
                &admin,
                &format!("/casework/cases/{reference}"),
                &[("form", "event"), ("event", "Open"), ("reasons", "")],
            )
            .await;
        assert_eq!(event.status().as_u16(), 403);
        assert_eq!(state_of(&app, reference).await, "Submitted");
        // A caseworker takes a case but does not give it to someone else.
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let give = app
            .post_as(
                &caseworker,
                &format!("/casework/cases/{reference}"),
                &[("form", "assign"), ("assignee", REVIEWER)],
            )
            .await;
        assert_eq!(give.status().as_u16(), 403);
        // A staff session is not a first responder's: no referral from the desk.
        let start = app.get_as(&caseworker, "/nrm/reports").await;
        assert_eq!(location(&start), "/verify/who-do-you-work-for");
        let new = app.post_as(&caseworker, app::routes::NEW_REPORT, &[]).await;
        assert!(
            new.status().is_redirection() || new.status().is_client_error(),
            "{}",
            new.status()
        );
        let drafts: i64 = sqlx::query("SELECT COUNT(*) AS n FROM draft")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(drafts, 0, "a staff session started a referral");
    }
);

/// Asks for a sign-in link for `email` and returns the newest link's token
/// once it is in the outbox (`None` when no link was sent).
async fn link_for(app: &TestApp, email: &str) -> Option<String> {
    let before = links_to(app, email).await;
    let response = app
        .post_form(
            "/verify/who-do-you-work-for",
            &[
                ("organisation", "Metropolitan Police Service"),
                ("email", email),
            ],
        )
        .await;
    assert_eq!(location(&response), "/verify/check-inbox");
    links_to(app, email)
        .await
        .into_iter()
        .find(|token| !before.contains(token))
}

/// The tokens of the sign-in links queued for `email`.
async fn links_to(app: &TestApp, email: &str) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT body FROM outbox WHERE recipient = $1 AND body <> ''")
            .bind(email)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    rows.into_iter()
        .filter_map(|(body,)| {
            body.split_whitespace()
                .find_map(|w| w.split_once("token=").map(|(_, t)| t.to_owned()))
        })
        .collect()
}

on_both_databases!(
    an_administrator_bars_a_responder_who_is_signed_out_and_cannot_sign_in,
    crate::common::spawn_without_jobs_with_demo,
    |app: TestApp| async move {
        const ADMIN: &str = "demo.admin@sca.example.gov.uk";
        let responder = "leaver@met.police.uk";
        // The first sign-in makes their account.
        let token = link_for(&app, responder).await.expect("a link");
        let response = app.post_form("/nrm/start", &[("token", &token)]).await;
        let session = crate::common::session_cookie(&response).expect("signed in");
        assert_eq!(app.get_as(&session, "/nrm/reports").await.status(), 200);
        let unused = link_for(&app, responder).await.expect("a second link");

        // Only an administrator finds and bars them.
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let bar = format!("/casework/admin/responders/{responder}/bar");
        assert_eq!(app.post_as(&caseworker, &bar, &[]).await.status(), 403);
        let admin = staff_sign_in(&app, ADMIN, PASSWORD).await.unwrap();
        let found = app
            .get_as(&admin, "/casework/admin/responders?email=leaver")
            .await
            .text()
            .await
            .unwrap();
        assert!(found.contains(responder) && found.contains("Active"));
        let barred = app.post_as(&admin, &bar, &[]).await;
        assert_eq!(
            location(&barred),
            format!(
                "/casework/admin/responders?email={}",
                app::routes::encode(responder)
            )
        );
        let found = app
            .get_as(&admin, "/casework/admin/responders?email=leaver")
            .await
            .text()
            .await
            .unwrap();
        assert!(found.contains("Barred") && found.contains("Lift the bar"));

        // Signed out at once; the unused link opens nothing; no new link is sent.
        assert_eq!(
            location(&app.get_as(&session, "/nrm/reports").await),
            "/verify/who-do-you-work-for"
        );
        let response = app.post_form("/nrm/start", &[("token", &unused)]).await;
        assert_eq!(location(&response), "/nrm/token-invalid");
        assert!(
            link_for(&app, responder).await.is_none(),
            "no link for a barred address"
        );

        // With the bar lifted they sign in again.
        let lift = format!("/casework/admin/responders/{responder}/lift");
        app.post_as(&admin, &lift, &[]).await;
        let token = link_for(&app, responder).await.expect("a link again");
        let response = app.post_form("/nrm/start", &[("token", &token)]).await;
        assert!(crate::common::session_cookie(&response).is_some());

        // A member of staff's address never gets a responder's link.
        assert!(link_for(&app, CASEWORKER).await.is_none());

        // When they leave, their referrals go to a colleague at the same organisation.
        a_case_about(
            &app,
            "NRM-1999-000090",
            server::platform::clock::now_seconds(),
            "2000-01-05",
            &[("fr-location", "england")],
            ("Ana B", ""),
        )
        .await;
        sqlx::query("UPDATE referral SET referrer_email = $1 WHERE reference = 'NRM-1999-000090'")
            .bind(responder)
            .execute(app.db.pool())
            .await
            .unwrap();
        let hand_over = |leaver: &'static str, successor: &'static str| {
            let admin = admin.clone();
            let app = &app;
            async move {
                app.post_as(
                    &admin,
                    "/casework/admin/responders",
                    &[("leaver", leaver), ("successor", successor)],
                )
                .await
            }
        };
        let refused = hand_over("nobody@met.police.uk", "sam@met.police.uk").await;
        assert_eq!(refused.status().as_u16(), 422);
        assert_eq!(
            first_problem(&refused.text().await.unwrap()),
            "#leaver No first responder has this email address"
        );
        let refused = hand_over(responder, "kim@gmp.police.uk").await;
        assert_eq!(refused.status().as_u16(), 422);
        let handed = hand_over(responder, "sam@met.police.uk").await;
        assert_eq!(
            location(&handed),
            "/casework/admin/responders?handed=1&to=sam%40met.police.uk"
        );
        let (_, list) = sent_cases_seen_by(&app, "sam@met.police.uk").await;
        assert!(list.contains("NRM-1999-000090"), "{list}");
        // Only an administrator hands referrals over.
        let response = app
            .post_as(
                &caseworker,
                "/casework/admin/responders",
                &[
                    ("leaver", "sam@met.police.uk"),
                    ("successor", "ali@met.police.uk"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 403);
    }
);
