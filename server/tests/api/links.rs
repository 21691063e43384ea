//! Linked cases over HTTP, on both databases: a link with why, shown on both
//! cases, refused when wrong, removed with reasons; a duplicate link is the
//! event that closes the case and stays; each change is on both cases' record.

use crate::casework::a_case;
use crate::common::{case_form, page_as, staff_sign_in, TestApp};

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

async fn link(
    app: &TestApp,
    cookie: &str,
    from: &str,
    to: &str,
    kind: &str,
    reasons: &str,
) -> String {
    let fields = [
        ("form", "link"),
        ("link-to", to),
        ("link-kind", kind),
        ("link-reasons", reasons),
    ];
    case_form(app, cookie, from, &fields).await
}

on_both_databases!(
    cases_are_linked_with_reasons_on_both_and_a_duplicate_link_closes_the_case,
    with_demo,
    |app: TestApp| async move {
        let now = server::platform::clock::now_seconds();
        let [first, second, third] = ["NRM-1999-000601", "NRM-1999-000602", "NRM-1999-000603"];
        for reference in [first, second, third] {
            a_case(&app, reference, now, "2099-01-05").await;
        }
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let tab = |reference: &str| format!("/casework/cases/{reference}/linked-cases");

        // Refused clearly.
        assert_eq!(
            link(&app, &caseworker, first, " ", "", "").await,
            "#link-to Enter the reference of the case to link to"
        );
        assert_eq!(
            link(
                &app,
                &caseworker,
                first,
                "nrm-1999-000601",
                "same-family",
                "x"
            )
            .await,
            "#link-to A case cannot be linked to itself"
        );
        assert_eq!(
            link(
                &app,
                &caseworker,
                first,
                "NRM-1999-999999",
                "same-family",
                "x"
            )
            .await,
            "#link-to There is no NRM case NRM-1999-999999"
        );
        assert_eq!(
            link(&app, &caseworker, first, second, "same-family", " ").await,
            "#link-reasons Enter why you are linking the cases"
        );

        // Linked: shown on both cases, once.
        assert_eq!(
            link(
                &app,
                &caseworker,
                first,
                &second.to_lowercase(),
                "same-family",
                "Sisters"
            )
            .await,
            "done"
        );
        assert_eq!(
            link(&app, &caseworker, second, first, "same-exploiters", "Again").await,
            format!("#link-to This case is already linked to {first}")
        );
        let on_second = page_as(&app, &caseworker, &tab(second)).await;
        assert!(on_second.contains(&format!(r#"href="/casework/cases/{first}""#)));
        assert!(on_second.contains("Same family"));
        assert!(on_second.contains("Sisters"));
        assert!(on_second.contains(&format!("Linked by {CASEWORKER}, ")));
        assert!(page_as(&app, &caseworker, &tab(first))
            .await
            .contains(second));

        // Removed with reasons, from either case; kept in both timelines.
        let id: String = sqlx::query_scalar("SELECT id FROM case_link WHERE kind = 'same-family'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        let unlink = |reasons: &'static str| {
            let (app, caseworker, id) = (&app, caseworker.clone(), id.clone());
            async move {
                let fields = [
                    ("form", "unlink"),
                    ("link-id", id.as_str()),
                    ("unlink-reasons", reasons),
                ];
                case_form(app, &caseworker, second, &fields).await
            }
        };
        assert_eq!(
            unlink(" ").await,
            format!("#unlink-reasons-{id} Enter why you are removing the link")
        );
        assert_eq!(unlink("Not related after all").await, "done");
        assert!(page_as(&app, &caseworker, &tab(first))
            .await
            .contains("This case is not linked to another."));
        let timeline = page_as(
            &app,
            &caseworker,
            &format!("/casework/cases/{first}/timeline"),
        )
        .await;
        assert!(timeline.contains(&format!("Link removed: Same family, {second}")));
        assert!(timeline.contains("Not related after all"));

        // A duplicate link closes the case and stays.
        assert_eq!(
            link(
                &app,
                &caseworker,
                third,
                first,
                "duplicate",
                "The same person, referred twice"
            )
            .await,
            "done"
        );
        let state: String = sqlx::query_scalar("SELECT state FROM referral WHERE reference = $1")
            .bind(third)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(state, "Duplicate");
        let on_first = page_as(&app, &caseworker, &tab(first)).await;
        assert!(on_first.contains("Duplicate: the same person"));
        assert!(on_first.contains(third));
        assert!(!on_first.contains(&format!("Remove the link to {third}")));

        // On both cases' record, by kind and case (never the reasons).
        let logged: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT action, target, detail FROM audit_log WHERE action LIKE 'link-%' ORDER BY seq",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let row = |a: &str, t: &str, d: String| (a.to_owned(), format!("case:{t}"), d);
        assert_eq!(
            logged,
            vec![
                row("link-added", first, format!("same-family {second}")),
                row("link-added", second, format!("same-family {first}")),
                row("link-removed", second, format!("same-family {first}")),
                row("link-removed", first, format!("same-family {second}")),
                row("link-added", third, format!("duplicate {first}")),
                row("link-added", first, format!("duplicate {third}")),
            ]
        );
    }
);
