//! Work as tasks over HTTP, on both databases: a task opens with the referral,
//! changes with the lifecycle and closes with it; My work and Available work;
//! claiming, giving and releasing, and what each refuses.

use crate::casework::{a_case, a_case_now, first_in_the_lists};
use crate::common::{case_form, page_as, staff_sign_in, TestApp};
use sqlx::Row;

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const REVIEWER: &str = "demo.reviewer@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// The case's task as stored: kind, due date, not-before date, holder.
async fn task_of(
    app: &TestApp,
    reference: &str,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    let row = sqlx::query(
        "SELECT task_kind, task_due_on, task_not_before, assignee_email FROM referral \
         WHERE reference = $1",
    )
    .bind(reference)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    (
        row.get("task_kind"),
        row.get("task_due_on"),
        row.get("task_not_before"),
        row.get("assignee_email"),
    )
}

async fn post(app: &TestApp, cookie: &str, reference: &str, fields: &[(&str, &str)]) -> String {
    case_form(app, cookie, reference, fields).await
}

async fn event(app: &TestApp, cookie: &str, reference: &str, event: &str) -> String {
    post(
        app,
        cookie,
        reference,
        &[("form", "event"), ("event", event), ("reasons", "Because")],
    )
    .await
}

async fn claim(app: &TestApp, cookie: &str, reference: &str, to: &str) -> String {
    post(
        app,
        cookie,
        reference,
        &[("form", "assign"), ("assignee", to)],
    )
    .await
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    page_as(app, cookie, path).await
}

fn iso(day: app::dates::Ymd) -> String {
    format!("{:04}-{:02}-{:02}", day.0, day.1, day.2)
}

on_both_databases!(
    a_task_opens_with_the_referral_follows_the_lifecycle_and_closes_with_it,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000301";
        a_case_now(&app, reference, "2000-01-05").await;
        // A child still being exploited: first in the lists, ahead of the demo cases.
        first_in_the_lists(&app, reference).await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();
        let (kind, due, _, holder) = task_of(&app, reference).await;
        assert_eq!(kind.as_deref(), Some("rg-decision"));
        assert_eq!(due.as_deref(), Some("2000-01-05"));
        assert_eq!(holder, None);

        // Nobody holds it: it waits in Available work, overdue, and in nobody's My work.
        let available = page(&app, &caseworker, "/casework/available-work").await;
        assert!(available.contains(reference));
        assert!(available.contains("Make the reasonable grounds decision"));
        assert!(available.contains(r#"<strong class="govuk-tag govuk-tag--red">Overdue</strong>"#));
        assert!(!page(&app, &caseworker, "/casework/my-work")
            .await
            .contains(reference));

        assert_eq!(claim(&app, &caseworker, reference, "me").await, "done");
        assert!(page(&app, &caseworker, "/casework/my-work")
            .await
            .contains(reference));
        assert!(!page(&app, &caseworker, "/casework/available-work")
            .await
            .contains(reference));

        // Starting work keeps the task; asking for information opens the
        // follow-up, due on the day chosen from those offered.
        assert_eq!(event(&app, &caseworker, reference, "Open").await, "done");
        assert_eq!(
            task_of(&app, reference).await.0.as_deref(),
            Some("rg-decision")
        );
        let today = app::dates::ymd_from_unix(server::platform::clock::now_seconds());
        let choices = app::casework::tasks::follow_up_choices(
            today,
            today,
            app::casework::calendar::Calendar::EnglandAndWales,
        );
        let ask = |follow_up: String| {
            let app = &app;
            let caseworker = caseworker.clone();
            async move {
                post(
                    app,
                    &caseworker,
                    reference,
                    &[
                        ("form", "event"),
                        ("event", "RequestInformation"),
                        ("reasons", "When did it start?"),
                        ("follow-up-on", &follow_up),
                    ],
                )
                .await
            }
        };
        assert_eq!(
            ask("2099-01-01".to_owned()).await,
            "#follow-up-on Select when to follow up the request from the list"
        );
        assert_eq!(ask(iso(choices[2])).await, "done");
        let (kind, due, _, holder) = task_of(&app, reference).await;
        assert_eq!(kind.as_deref(), Some("information-follow-up"));
        assert_eq!(due, Some(iso(choices[2])));
        assert_eq!(
            holder.as_deref(),
            Some(CASEWORKER),
            "the caseworker keeps it"
        );

        assert_eq!(
            event(&app, &caseworker, reference, "ReceiveInformation").await,
            "done"
        );
        assert_eq!(
            task_of(&app, reference).await.0.as_deref(),
            Some("rg-decision")
        );

        // A proposed negative waits for a senior caseworker: a caseworker
        // neither sees nor takes it, and the proposer cannot review it.
        assert_eq!(
            event(&app, &caseworker, reference, "ProposeRgNegative").await,
            "done"
        );
        let (kind, _, _, holder) = task_of(&app, reference).await;
        assert_eq!(kind.as_deref(), Some("review-negative"));
        assert_eq!(holder, None);
        assert!(!page(&app, &caseworker, "/casework/available-work")
            .await
            .contains(reference));
        assert!(page(&app, &reviewer, "/casework/available-work")
            .await
            .contains(reference));
        assert_eq!(
            claim(&app, &caseworker, reference, "me").await,
            "#assignee Only a senior caseworker can take this task"
        );
        assert_eq!(claim(&app, &reviewer, reference, "me").await, "done");
        assert!(page(&app, &reviewer, "/casework/my-work")
            .await
            .contains(reference));

        // Overturned: the conclusive grounds task goes back to the proposer,
        // not before the recovery period ends.
        assert_eq!(
            event(&app, &reviewer, reference, "OverturnNegative").await,
            "done"
        );
        let (kind, due, not_before, holder) = task_of(&app, reference).await;
        assert_eq!(kind.as_deref(), Some("cg-decision"));
        assert_eq!(holder.as_deref(), Some(CASEWORKER));
        let recovery_ends = app::dates::add_days(today, 30);
        assert_eq!(not_before, Some(iso(recovery_ends)));
        assert!(due.unwrap() >= iso(recovery_ends));
        let mine = page(&app, &caseworker, "/casework/my-work").await;
        assert!(mine.contains("Make the conclusive grounds decision"));
        assert!(mine.contains(&format!(
            "Not before {}",
            app::dates::long_date(recovery_ends)
        )));
        assert!(!page(&app, &reviewer, "/casework/my-work")
            .await
            .contains(reference));

        // Withdrawn: the case closes and so does its task.
        assert_eq!(
            event(&app, &caseworker, reference, "Withdraw").await,
            "done"
        );
        assert_eq!(task_of(&app, reference).await.0, None);
        assert!(!page(&app, &caseworker, "/casework/my-work")
            .await
            .contains(reference));
        let case = page(&app, &caseworker, &format!("/casework/cases/{reference}")).await;
        assert!(case.contains("The case has no open task."));
    }
);

on_both_databases!(
    claiming_giving_and_releasing_follow_the_rules,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000302";
        a_case_now(&app, reference, "2000-01-05").await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();
        // A senior caseworker gives it; the caseworker cannot take it back
        // from someone else, nor release another's.
        assert_eq!(claim(&app, &reviewer, reference, REVIEWER).await, "done");
        assert_eq!(
            claim(&app, &caseworker, reference, "me").await,
            "#assignee Someone else has already taken this task"
        );
        assert_eq!(
            claim(&app, &caseworker, reference, "nobody").await,
            "#assignee Only the person who holds this task, or a senior caseworker, can release it"
        );
        // Only seniors give, and only to people who hold cases.
        assert_eq!(
            claim(&app, &caseworker, reference, CASEWORKER).await,
            "status 403"
        );
        assert_eq!(
            claim(&app, &reviewer, reference, "jo@met.police.uk").await,
            "status 400"
        );
        assert_eq!(claim(&app, &reviewer, reference, CASEWORKER).await, "done");
        assert_eq!(
            task_of(&app, reference).await.3.as_deref(),
            Some(CASEWORKER)
        );
        let case = page(&app, &caseworker, &format!("/casework/cases/{reference}")).await;
        assert!(case.contains("Release this task"));
        assert!(!case.contains("Claim this task"));
        assert_eq!(claim(&app, &caseworker, reference, "nobody").await, "done");
        assert_eq!(task_of(&app, reference).await.3, None);
        // Every hand-over is in the audit log.
        let handed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'case-assigned' AND target = $1",
        )
        .bind(format!("case:{reference}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(handed, 3);
    }
);

on_both_databases!(
    cases_received_before_tasks_get_theirs_at_start,
    with_demo,
    |app: TestApp| async move {
        use server::casework::cases::tasks::open_missing;
        for (reference, state, recovery) in [
            ("NRM-1999-000311", "RecoveryPeriod", Some("2026-02-06")),
            ("NRM-1999-000312", "InformationRequested", None),
        ] {
            sqlx::query(
                "INSERT INTO referral (id, reference, kind, draft_id, received_at, nation, \
                 adult_or_child, adult_or_child_during_exploitation, referrer_email, \
                 referrer_organisation, answers, payload, state, rg_due_on, nationality, pv_name, \
                 in_queue, recovery_started_on) VALUES ($1, $2, 'NRM', $3, 1770000000, 'SCOTLAND', \
                 'Child', 'Child', 'jo@met.police.uk', 'Police', \
                 '{\"still-in-exploitative-situation\":\"yes\"}', '{}', $4, '2026-02-09', \
                 'Albanian', 'Ana', 1, $5)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(reference)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(state)
            .bind(recovery)
            .execute(app.db.pool())
            .await
            .unwrap();
        }
        assert_eq!(open_missing(&app.db).await.unwrap(), 2);
        assert_eq!(open_missing(&app.db).await.unwrap(), 0, "once only");
        // Received 2 February 2026; recovery from 6 February: 30 days to 8 March.
        let (kind, due, not_before, _) = task_of(&app, "NRM-1999-000311").await;
        assert_eq!(kind.as_deref(), Some("cg-decision"));
        assert_eq!(not_before.as_deref(), Some("2026-03-08"));
        assert_eq!(due.as_deref(), Some("2026-05-07"));
        let (kind, _, _, _) = task_of(&app, "NRM-1999-000312").await;
        assert_eq!(kind.as_deref(), Some("information-follow-up"));
        let priority: i32 =
            sqlx::query_scalar("SELECT task_priority FROM referral WHERE reference = $1")
                .bind("NRM-1999-000311")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(priority, 3, "a child still being exploited comes first");
    }
);

on_both_databases!(
    the_queue_and_the_team_read_the_task_clock,
    with_demo,
    |app: TestApp| async move {
        let now = server::platform::clock::now_seconds();
        // Past its reasonable grounds date, decided, and now late with its
        // conclusive grounds decision: overdue by its own task.
        let late = "NRM-1999-000321";
        a_case(&app, late, now, "2000-01-05").await;
        sqlx::query(
            "UPDATE referral SET state = 'RecoveryPeriod', task_kind = 'cg-decision', \
             task_due_on = '2000-03-01' WHERE reference = $1",
        )
        .bind(late)
        .execute(app.db.pool())
        .await
        .unwrap();
        // Its reasonable grounds date passed, but its open task is not yet due.
        let waiting = "NRM-1999-000322";
        a_case(&app, waiting, now, "2000-01-05").await;
        sqlx::query(
            "UPDATE referral SET state = 'InformationRequested', \
             task_kind = 'information-follow-up', task_due_on = '2999-01-04' WHERE reference = $1",
        )
        .bind(waiting)
        .execute(app.db.pool())
        .await
        .unwrap();
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();

        let overdue = page(&app, &caseworker, "/casework?overdue=true").await;
        assert!(overdue.contains(late), "overdue by its task's clock");
        assert!(overdue.contains("Make the conclusive grounds decision"));
        assert!(
            !overdue.contains(waiting),
            "not overdue by its task's clock"
        );

        // Soonest task first: the late case before the one due in 2999.
        let queue = page(
            &app,
            &caseworker,
            "/casework?sort=due&search=NRM-1999-00032",
        )
        .await;
        let at = |reference: &str| queue.find(reference).unwrap_or(usize::MAX);
        assert!(at(late) < at(waiting), "sorted by the task's due date");
        assert!(queue.contains("4 January 2999"), "the task's own due date");

        // The team's workload counts the same clock.
        let today = iso(app::dates::ymd_from_unix(now));
        let overdue_of = |loads: Vec<server::identity::accounts::Workload>| {
            loads
                .into_iter()
                .find(|w| w.email == CASEWORKER)
                .map_or(0, |w| w.overdue)
        };
        let before = overdue_of(
            server::identity::accounts::workloads(&app.db, &today)
                .await
                .unwrap(),
        );
        for reference in [late, waiting] {
            assert_eq!(claim(&app, &caseworker, reference, "me").await, "done");
        }
        let after = overdue_of(
            server::identity::accounts::workloads(&app.db, &today)
                .await
                .unwrap(),
        );
        assert_eq!(after, before + 1, "one more overdue: the late case only");
    }
);

on_both_databases!(
    a_long_list_of_tasks_counts_to_a_thousand_and_pages_on_past_it,
    with_demo,
    |app: TestApp| async move {
        // 6,000 cases: about 1,100 of their tasks wait for nobody.
        server::tools::volume::generate(&app.db, 6000, 0, 7)
            .await
            .unwrap();
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let first = page_as(&app, &caseworker, "/casework/available-work").await;
        let count = first
            .split(r#"id="task-count""#)
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .unwrap_or_default();
        assert!(count.contains("More than 1,000 tasks"), "{count}");
        assert!(first.contains(r#"href="/casework/available-work?page=1&amp;after=NRM-"#));
        // The 41st page lies past what was counted and is full: Next goes on.
        let past = page_as(&app, &caseworker, "/casework/available-work?page=40").await;
        assert!(past.contains("More than 1,000 tasks"));
        assert!(
            past.contains(r#"href="/casework/available-work?page=41&amp;after=NRM-"#),
            "a Next link past the count"
        );

        // Next and Previous read on from the case they name: the pages they
        // lead to are the pages by number, every case once, in order (most
        // generated tasks share a priority and a due date with others), on
        // Available work and on the queue in both its orders.
        for list in [
            "/casework/available-work",
            "/casework",
            "/casework?sort=received",
            "/casework?age=Adult",
        ] {
            let mut by_links = Vec::new();
            let mut here = list.to_owned();
            for page in 0..5 {
                let shown = page_as(&app, &caseworker, &here).await;
                let by_number = if page == 0 {
                    shown.clone()
                } else {
                    let joiner = if list.contains('?') { '&' } else { '?' };
                    page_as(&app, &caseworker, &format!("{list}{joiner}page={page}")).await
                };
                assert_eq!(listed(&shown), listed(&by_number), "{list}, page {page}");
                assert!(shown.contains(&format!("Page {} of", page + 1)), "{here}");
                by_links.push(listed(&shown));
                here = link(&shown, "next").expect("a Next link");
            }
            let every: Vec<&String> = by_links.iter().flatten().collect();
            let mut once = every.clone();
            once.sort();
            once.dedup();
            assert_eq!(
                (every.len(), once.len()),
                (125, 125),
                "{list}: each case once"
            );
            // And back, page by page, from the fifth.
            here = link(&page_as(&app, &caseworker, &here).await, "prev").expect("Previous");
            for page in (0..5).rev() {
                let shown = page_as(&app, &caseworker, &here).await;
                assert_eq!(
                    listed(&shown),
                    by_links[page],
                    "{list}: back to page {page}"
                );
                match link(&shown, "prev") {
                    Some(previous) => here = previous,
                    None => assert_eq!(page, 0, "{list}: Previous on every page but the first"),
                }
            }
        }
    }
);

/// The cases a list's page shows, in order.
fn listed(page: &str) -> Vec<String> {
    page.split(r#"<a href="/casework/cases/"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// Where the pager's link of this `rel` leads.
fn link(page: &str, rel: &str) -> Option<String> {
    let at = page.find(&format!(r#"rel="{rel}""#))?;
    let href = page[..at].rsplit(r#"href=""#).next()?;
    Some(href.split('"').next()?.replace("&amp;", "&"))
}
