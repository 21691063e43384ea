//! Flags over HTTP, on both databases: set from the referral's answers,
//! added and removed by caseworkers with who and when, refused when wrong,
//! shown on the case and filterable in the queue, and in the audit log.

use crate::casework::a_case_about;
use crate::common::{case_form, page_as, staff_sign_in, TestApp};

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// A case whose referral says the person needs an interpreter and is still
/// being exploited.
async fn flagged_case(app: &TestApp, reference: &str) {
    a_case_about(
        app,
        reference,
        server::platform::clock::now_seconds(),
        "2099-01-05",
        &[
            ("fr-location", "england"),
            ("pv-under-age", "no"),
            ("pv-interpreter-requirements", "yes"),
            ("pv-interpreter-requirements-language", "Tigrinya"),
            ("still-in-exploitative-situation", "yes"),
        ],
        ("Ana B", ""),
    )
    .await;
}

async fn flag(app: &TestApp, cookie: &str, reference: &str, kind: &str, text: &str) -> String {
    let fields = [("form", "flag"), ("flag", kind), ("flag-text", text)];
    case_form(app, cookie, reference, &fields).await
}

/// The id of the case's current flag of a kind.
async fn current(app: &TestApp, reference: &str, kind: &str) -> Option<String> {
    sqlx::query_scalar(
        "SELECT f.id FROM case_flag f JOIN referral r ON r.id = f.referral_id \
         WHERE r.reference = $1 AND f.kind = $2 AND f.removed_at IS NULL",
    )
    .bind(reference)
    .bind(kind)
    .fetch_optional(app.db.pool())
    .await
    .unwrap()
}

on_both_databases!(
    flags_come_from_the_answers_and_caseworkers_add_and_remove_them,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000401";
        flagged_case(&app, reference).await;
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let case_path = format!("/casework/cases/{reference}");
        let case = page_as(&app, &caseworker, &case_path).await;
        // In the identity bar, above every tab, and listed with where they came from.
        assert!(case.contains(
            r#"<strong class="govuk-tag govuk-tag--grey">Interpreter needed: Tigrinya</strong>"#
        ));
        assert!(case.contains(
            r#"<strong class="govuk-tag govuk-tag--red">Still in the situation</strong>"#
        ));
        assert!(case.contains("From the referral, "));
        assert!(!case.contains("Immediate risk</strong>"));

        // Refused: no kind, "other" without its text, text too long (kept as typed).
        assert_eq!(
            flag(&app, &caseworker, reference, "", "").await,
            "#flag Select a flag"
        );
        assert_eq!(
            flag(&app, &caseworker, reference, "other", " ").await,
            "#flag-text Enter what the flag is"
        );
        let long = "A member of staff ".repeat(12);
        let response = app
            .post_as(
                &caseworker,
                &case_path,
                &[("form", "flag"), ("flag", "other"), ("flag-text", &long)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let refused = response.text().await.unwrap();
        assert!(refused.contains("text must be 200 characters or fewer"));
        assert!(refused.contains(long.trim_end()), "what was typed is kept");

        // Added, once: a second of the same kind is refused; "other" may repeat.
        assert_eq!(
            flag(&app, &caseworker, reference, "immediate-risk", "").await,
            "done"
        );
        assert_eq!(
            flag(&app, &caseworker, reference, "immediate-risk", "").await,
            "#flag The case is already flagged “Immediate risk”"
        );
        assert_eq!(
            flag(&app, &caseworker, reference, "other", "Works for the SCA").await,
            "done"
        );
        let case = page_as(&app, &caseworker, &case_path).await;
        assert!(
            case.contains(r#"<strong class="govuk-tag govuk-tag--red">Immediate risk</strong>"#)
        );
        assert!(case.contains("Works for the SCA</strong>"));
        assert!(case.contains(&format!("Added by {CASEWORKER}, ")));

        // Filterable in the queue.
        let risky = page_as(&app, &caseworker, "/casework?flag=immediate-risk").await;
        assert!(risky.contains(reference));
        let children = page_as(&app, &caseworker, "/casework?flag=child").await;
        assert!(!children.contains(reference));

        // Removed: gone from the case and the filter, kept in the timeline.
        let id = current(&app, reference, "immediate-risk").await.unwrap();
        let fields = [("form", "unflag"), ("flag-id", id.as_str())];
        assert_eq!(
            case_form(&app, &caseworker, reference, &fields).await,
            "done"
        );
        // Removing it again (another caseworker a moment later) changes nothing.
        assert_eq!(
            case_form(&app, &caseworker, reference, &fields).await,
            "done"
        );
        assert_eq!(current(&app, reference, "immediate-risk").await, None);
        let case = page_as(&app, &caseworker, &case_path).await;
        assert!(!case.contains("Immediate risk</strong>"));
        assert!(!page_as(&app, &caseworker, "/casework?flag=immediate-risk")
            .await
            .contains(reference));
        let timeline = page_as(&app, &caseworker, &format!("{case_path}/timeline")).await;
        assert!(timeline.contains("Flag added: Immediate risk"));
        assert!(timeline.contains("Flag removed: Immediate risk"));
        assert!(timeline.contains("Flag added: Interpreter needed: Tigrinya"));

        // Each change is in the audit log, by kind (never the flag's text).
        let logged: Vec<(String, String)> = sqlx::query_as(
            "SELECT action, detail FROM audit_log WHERE target = $1 AND action LIKE 'flag-%' \
             ORDER BY seq",
        )
        .bind(format!("case:{reference}"))
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let expected = [
            ("flag-added", "immediate-risk"),
            ("flag-added", "other"),
            ("flag-removed", "immediate-risk"),
        ]
        .map(|(a, d)| (a.to_owned(), d.to_owned()));
        assert_eq!(logged, expected);
    }
);

on_both_databases!(
    cases_received_before_flags_get_theirs_at_start,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000402";
        flagged_case(&app, reference).await;
        sqlx::query(
            "DELETE FROM case_flag WHERE referral_id = \
             (SELECT id FROM referral WHERE reference = $1)",
        )
        .bind(reference)
        .execute(app.db.pool())
        .await
        .unwrap();
        sqlx::query("UPDATE referral SET flags_set = 0 WHERE reference = $1")
            .bind(reference)
            .execute(app.db.pool())
            .await
            .unwrap();
        assert_eq!(
            server::casework::cases::intake::derive_missing(&app.db)
                .await
                .unwrap(),
            1
        );
        assert!(current(&app, reference, "interpreter-needed")
            .await
            .is_some());
        assert!(current(&app, reference, "still-in-situation")
            .await
            .is_some());
        assert_eq!(
            server::casework::cases::intake::derive_missing(&app.db)
                .await
                .unwrap(),
            0
        );
    }
);
