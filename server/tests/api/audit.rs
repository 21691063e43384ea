//! The audit log: what is put on record (a case opened, an event sent, a note,
//! a sign-in and a failed one, a sign-out), that the service's own connection
//! can neither change nor delete a row, and that `server audit verify` names
//! the first row altered behind the service's back.

use server::platform::audit::{self, Verdict};
use server::platform::clock::now_seconds;

use crate::common::{location, staff_sign_in, TestApp};

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";

/// The scheduled clean-up puts its runs on record too: these tests count
/// rows, so they run without it (jobs.rs's own test covers its record).
async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_without_jobs_with_demo(backend).await
}

/// The rows as `(actor, role, action, target)`, oldest first.
async fn rows(app: &TestApp) -> Vec<(String, String, String, String)> {
    sqlx::query_as("SELECT actor, role, action, target FROM audit_log ORDER BY seq")
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

async fn an_open_case(app: &TestApp) -> String {
    // One whose task nobody holds yet, so that anyone may claim it.
    sqlx::query_scalar(
        "SELECT reference FROM referral WHERE kind = 'NRM' AND state = 'Submitted' \
         AND assignee_email IS NULL ORDER BY reference LIMIT 1",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

fn row(actor: &str, role: &str, action: &str, target: &str) -> (String, String, String, String) {
    (actor.into(), role.into(), action.into(), target.into())
}

on_both_databases!(
    reads_and_changes_are_on_record_with_who_and_where_from,
    with_demo,
    |app: TestApp| async move {
        assert!(rows(&app).await.is_empty(), "demo data is not on record");
        // A wrong password, then a sign-in (password and code).
        let refused = app
            .post_form(
                app::routes::STAFF_SIGN_IN,
                &[("email", CASEWORKER), ("password", "not the password")],
            )
            .await;
        assert_eq!(refused.status().as_u16(), 422);
        let desk = staff_sign_in(&app, CASEWORKER, server::identity::staff::DEMO_PASSWORD)
            .await
            .unwrap();
        // The case opened, assigned, noted.
        let reference = an_open_case(&app).await;
        let page = format!("{}/{reference}", app::routes::CASES);
        assert!(app.get_as(&desk, &page).await.status().is_success());
        let assigned = app
            .post_as(&desk, &page, &[("form", "assign"), ("assignee", "me")])
            .await;
        assert_eq!(location(&assigned), page);
        let noted = app
            .post_as(&desk, &page, &[("form", "note"), ("note", "Called the FR")])
            .await;
        assert!(location(&noted).starts_with(&page));
        // Signing out.
        let out = app.post_as(&desk, app::routes::SIGN_OUT, &[]).await;
        assert_eq!(location(&out), app::routes::SIGNED_OUT);

        let person = format!("person:{CASEWORKER}");
        let case = format!("case:{reference}");
        assert_eq!(
            rows(&app).await,
            vec![
                row(CASEWORKER, "unverified", "staff-sign-in-failed", &person),
                row(CASEWORKER, "caseworker", "staff-signed-in", &person),
                row(CASEWORKER, "caseworker", "case-viewed", &case),
                row(CASEWORKER, "caseworker", "case-assigned", &case),
                row(CASEWORKER, "caseworker", "note-added", &case),
                row(CASEWORKER, "caseworker", "signed-out", &person),
            ]
        );
        // Where each came from: the client's address and the request's id.
        let (client, request_id): (String, String) =
            sqlx::query_as("SELECT client, request_id FROM audit_log ORDER BY seq LIMIT 1")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(client, "127.0.0.1");
        assert_eq!(request_id.len(), 36, "a request id: {request_id}");
        let recorded = rows(&app).await.len() as i64;
        assert_eq!(
            audit::verify(&app.db, now_seconds()).await.unwrap(),
            Verdict::Intact { rows: recorded }
        );
    }
);

/// Drops the triggers, as someone with the database's owner rights could.
async fn drop_guards(app: &TestApp) {
    let statements: &[&str] = if app.db.backend().await.unwrap() == "postgres" {
        &["DROP TRIGGER audit_log_no_change ON audit_log"]
    } else {
        &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ]
    };
    for statement in statements.iter().copied() {
        sqlx::query(statement).execute(app.db.pool()).await.unwrap();
    }
}

/// `server audit verify` on the test's database: whether it passed, and what it printed.
fn verify_command(app: &TestApp) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "error")
        .output()
        .expect("the server binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

on_both_databases!(
    the_log_refuses_changes_and_verify_names_an_altered_row,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        // Three failed sign-ins: three rows.
        for n in 0..3 {
            let email = format!("someone.{n}@sca.example.gov.uk");
            let response = app
                .post_form(
                    app::routes::STAFF_SIGN_IN,
                    &[("email", email.as_str()), ("password", "a wrong guess")],
                )
                .await;
            assert_eq!(response.status().as_u16(), 422);
        }
        assert_eq!(rows(&app).await.len(), 3);
        let (passed, said) = verify_command(&app);
        assert!(passed, "{said}");
        assert!(said.contains("3 rows"), "{said}");

        // The service's own connection can neither change nor delete a row.
        for statement in [
            "UPDATE audit_log SET actor = 'nobody@example.org' WHERE seq = 2",
            "DELETE FROM audit_log WHERE seq = 3",
        ] {
            let refused = sqlx::query(statement).execute(app.db.pool()).await;
            let error = refused.expect_err(statement).to_string();
            assert!(error.contains("append-only"), "{statement}: {error}");
        }
        assert_eq!(rows(&app).await.len(), 3);

        // With the triggers gone, an altered row is named.
        drop_guards(&app).await;
        sqlx::query("UPDATE audit_log SET actor = 'nobody@example.org' WHERE seq = 2")
            .execute(app.db.pool())
            .await
            .unwrap();
        let (passed, said) = verify_command(&app);
        assert!(!passed, "{said}");
        assert!(said.contains("broken at row 2"), "{said}");
        assert_eq!(
            audit::verify(&app.db, now_seconds()).await.unwrap(),
            Verdict::Broken {
                seq: 2,
                rows: 1,
                why: "its content does not match its hash"
            }
        );
        // The last verification is kept for the administrators' page.
        let broken: Option<i64> =
            sqlx::query_scalar("SELECT broken_seq FROM audit_verification WHERE id = 1")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(broken, Some(2));
    }
);

on_both_databases!(
    a_removed_last_row_is_found_too,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        for _ in 0..2 {
            app.post_form(
                app::routes::STAFF_SIGN_IN,
                &[("email", CASEWORKER), ("password", "a wrong guess")],
            )
            .await;
        }
        drop_guards(&app).await;
        sqlx::query("DELETE FROM audit_log WHERE seq = 2")
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_eq!(
            audit::verify(&app.db, now_seconds()).await.unwrap(),
            Verdict::Broken {
                seq: 2,
                rows: 1,
                why: "rows after it were removed"
            }
        );
    }
);

on_both_databases!(
    writers_at_once_make_one_unbroken_chain,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let mut guesses = tokio::task::JoinSet::new();
        for n in 0..15 {
            let (client, url) = (app.client.clone(), app.url(app::routes::STAFF_SIGN_IN));
            guesses.spawn(async move {
                let email = format!("parallel.{n}@sca.example.gov.uk");
                let form = [("email", email.as_str()), ("password", "a wrong guess")];
                client.post(url).form(&form).send().await.unwrap().status()
            });
        }
        for status in guesses.join_all().await {
            assert_eq!(status.as_u16(), 422);
        }
        assert_eq!(
            audit::verify(&app.db, now_seconds()).await.unwrap(),
            Verdict::Intact { rows: 15 }
        );
    }
);

on_both_databases!(
    entries_appended_together_chain_and_count_their_views,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        // One earlier row, so the group chains on from a head that is not
        // the genesis.
        app.post_form(
            app::routes::STAFF_SIGN_IN,
            &[("email", CASEWORKER), ("password", "a wrong guess")],
        )
        .await;
        let origin = audit::Origin {
            client: "test".into(),
            request_id: "group".into(),
        };
        let (ana, ben) = (
            audit::Actor::new("ana@sca.example.gov.uk", "caseworker"),
            audit::Actor::new("ben@sca.example.gov.uk", "senior-caseworker"),
        );
        let view = |actor, case, at| audit::Entry {
            actor,
            action: app::audit::AuditAction::CaseViewed,
            target: audit::Target::Case(case),
            detail: "",
            origin: &origin,
            at,
        };
        // Ana opens one case twice and Ben once among other rows, all in
        // one group: one summary row each, with both of Ana's views.
        let entries = [
            view(&ana, "NRM-2026-000001", 100),
            view(&ben, "NRM-2026-000001", 101),
            audit::Entry {
                action: app::audit::AuditAction::EventSent,
                detail: "claim",
                ..view(&ana, "NRM-2026-000001", 102)
            },
            view(&ana, "NRM-2026-000001", 103),
            view(&ana, "NRM-2026-000002", 104),
        ];
        let mut tx = app.db.pool().begin().await.unwrap();
        audit::record_all(&mut tx, &entries).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            audit::verify(&app.db, now_seconds()).await.unwrap(),
            Verdict::Intact { rows: 6 }
        );
        let seqs: Vec<i64> = sqlx::query_scalar("SELECT seq FROM audit_log ORDER BY seq")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
        assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
        let viewers: Vec<(String, i64, i64)> =
            audit::viewers(&app.db, audit::Target::Case("NRM-2026-000001"))
                .await
                .unwrap()
                .into_iter()
                .map(|v| (v.actor, v.last, v.times))
                .collect();
        assert_eq!(
            viewers,
            [(ana.email.clone(), 103, 2), (ben.email.clone(), 101, 1)]
        );
        // A later group adds to the summary rather than replacing it.
        let mut tx = app.db.pool().begin().await.unwrap();
        audit::record_all(&mut tx, &[view(&ben, "NRM-2026-000001", 99)])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let ben_now: Vec<(i64, i64)> =
            audit::viewers(&app.db, audit::Target::Case("NRM-2026-000001"))
                .await
                .unwrap()
                .into_iter()
                .filter(|v| v.actor == ben.email)
                .map(|v| (v.last, v.times))
                .collect();
        assert_eq!(ben_now, [(101, 2)], "the latest view stays the latest");
    }
);

on_both_databases!(
    administrators_read_the_log_and_a_case_shows_who_opened_it,
    with_demo,
    |app: TestApp| async move {
        let desk = staff_sign_in(&app, CASEWORKER, server::identity::staff::DEMO_PASSWORD)
            .await
            .unwrap();
        let reference = an_open_case(&app).await;
        let page = format!("{}/{reference}", app::routes::CASES);
        app.get_as(&desk, &page).await;
        let again = app
            .get_as(&desk, &format!("{page}/access"))
            .await
            .text()
            .await
            .unwrap();
        // The case's Access tab lists who opened it, and how often.
        let listed = again
            .split("id=\"viewed-by\"")
            .nth(1)
            .expect("the viewed-by list")
            .split("</ul>")
            .next()
            .unwrap();
        assert!(listed.contains(CASEWORKER), "{listed}");
        assert!(listed.contains("2 times"), "{listed}");
        // A second person's views, then: the summary the page reads
        // (`case_viewer`, kept with each view) says what the log's own
        // views say, as the migration that made it counted them.
        let reviewer = staff_sign_in(
            &app,
            "demo.reviewer@sca.example.gov.uk",
            server::identity::staff::DEMO_PASSWORD,
        )
        .await
        .unwrap();
        for _ in 0..3 {
            app.get_as(&reviewer, &format!("{page}/timeline")).await;
        }
        let from_log: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT actor, role, MAX(at), COUNT(*) FROM audit_log \
             WHERE target = $1 AND action = 'case-viewed' GROUP BY actor, role \
             ORDER BY MAX(at) DESC, actor",
        )
        .bind(format!("case:{reference}"))
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let kept: Vec<(String, String, i64, i64)> =
            audit::viewers(&app.db, server::platform::audit::Target::Case(&reference))
                .await
                .unwrap()
                .into_iter()
                .map(|v| (v.actor, v.role, v.last, v.times))
                .collect();
        assert_eq!(kept, from_log);
        assert_eq!(kept.len(), 2);
        // Each view says which tab was read (the Summary's says none).
        let tabs: Vec<String> = sqlx::query_scalar(
            "SELECT detail FROM audit_log WHERE target = $1 AND action = 'case-viewed' ORDER BY seq",
        )
        .bind(format!("case:{reference}"))
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        assert_eq!(tabs, ["", "access", "timeline", "timeline", "timeline"]);

        // Administrators read the log by case and by person; the log's own
        // check is shown once it has run.
        let admin = staff_sign_in(
            &app,
            "demo.admin@sca.example.gov.uk",
            server::identity::staff::DEMO_PASSWORD,
        )
        .await
        .unwrap();
        let by_case = app
            .get_as(
                &admin,
                &format!("{}?case={reference}", app::routes::AUDIT_LOG),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(by_case.contains("The newest 5 records"), "five views");
        assert!(by_case.contains("Opened the case"));
        assert!(by_case.contains("not been checked yet"));
        audit::verify(&app.db, now_seconds()).await.unwrap();
        let by_person = app
            .get_as(
                &admin,
                &format!("{}?person={CASEWORKER}", app::routes::AUDIT_LOG),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(by_person.contains("Signed in to the casework desk"));
        assert!(by_person.contains("Intact"), "the last check");
        // Nobody else reads it.
        let refused = app.get_as(&desk, app::routes::AUDIT_LOG).await;
        assert_eq!(refused.status().as_u16(), 403);
    }
);
