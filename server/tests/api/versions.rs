//! "Someone else is here", on both databases: a case shows who else opened
//! it in the last few minutes, and notes, flags and events made from a page
//! that showed an older version of the case are refused, keeping what was
//! typed.

use crate::casework::a_case_now;
use crate::common::{case_form, first_problem, page_as, staff_sign_in, TestApp};
use app::casework::case_forms::CHANGED_MEANWHILE;

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const REVIEWER: &str = "demo.reviewer@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// The version the page's forms send back.
fn version_on(page: &str) -> String {
    let at = page
        .find(r#"name="version" value=""#)
        .expect("a form with the case's version");
    let rest = &page[at + r#"name="version" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

on_both_databases!(
    others_here_are_shown_and_writes_against_an_older_version_are_refused,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000501";
        a_case_now(&app, reference, "2099-01-05").await;
        let path = format!("/casework/cases/{reference}");
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();

        // Alone on the case: nobody else is shown.
        let first = page_as(&app, &caseworker, &path).await;
        assert!(!first.contains("others-here"));
        let seen = version_on(&first);

        // The reviewer opens it too: each sees the other, never themselves.
        let theirs = page_as(&app, &reviewer, &path).await;
        assert!(theirs.contains(r#"id="others-here""#));
        assert!(theirs.contains(&format!("{CASEWORKER} (caseworker), at ")));
        assert!(!theirs.contains(&format!("{REVIEWER} (senior caseworker), at ")));
        let mine = page_as(&app, &caseworker, &path).await;
        assert!(mine.contains(&format!("{REVIEWER} (senior caseworker), at ")));

        // The reviewer writes a note: the caseworker's page is now old.
        let note = [("form", "note"), ("note", "Spoke to the referrer")];
        assert_eq!(case_form(&app, &reviewer, reference, &note).await, "done");

        let typed = "Tried to call them back";
        let response = app
            .post_as(
                &caseworker,
                &path,
                &[("form", "note"), ("note", typed), ("version", &seen)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let refused = response.text().await.unwrap();
        assert_eq!(
            first_problem(&refused),
            format!("#note {CHANGED_MEANWHILE}")
        );
        assert!(refused.contains(typed), "what was typed is kept");
        assert_ne!(
            version_on(&refused),
            seen,
            "the page shows the case as it is now"
        );

        let stale = |fields: Vec<(&'static str, &'static str)>| {
            let (app, caseworker, seen) = (&app, caseworker.clone(), seen.clone());
            async move {
                let mut fields: Vec<(&str, &str)> = fields;
                fields.push(("version", &seen));
                case_form(app, &caseworker, reference, &fields).await
            }
        };
        assert_eq!(
            stale(vec![("form", "flag"), ("flag", "immediate-risk")]).await,
            format!("#flag {CHANGED_MEANWHILE}")
        );
        assert_eq!(
            stale(vec![("form", "event"), ("event", "Open")]).await,
            format!("#next-steps {CHANGED_MEANWHILE}")
        );
        let garbled = [("form", "event"), ("event", "Open"), ("version", "x")];
        assert_eq!(
            case_form(&app, &caseworker, reference, &garbled).await,
            format!("#next-steps {CHANGED_MEANWHILE}")
        );
        let notes: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM case_note n JOIN referral r ON r.id = n.referral_id \
             WHERE r.reference = $1",
        )
        .bind(reference)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(notes, 1, "only the reviewer's note");
        let state: String = sqlx::query_scalar("SELECT state FROM referral WHERE reference = $1")
            .bind(reference)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(state, "Submitted");

        // From the page as it is now, the same writes are made.
        let open = [("form", "event"), ("event", "Open")];
        assert_eq!(case_form(&app, &caseworker, reference, &open).await, "done");
        let flag = [("form", "flag"), ("flag", "immediate-risk")];
        assert_eq!(case_form(&app, &caseworker, reference, &flag).await, "done");
        assert_eq!(
            case_form(
                &app,
                &caseworker,
                reference,
                &[("form", "note"), ("note", typed)]
            )
            .await,
            "done"
        );
    }
);
