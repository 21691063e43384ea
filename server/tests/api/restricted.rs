//! Restricted cases over HTTP, on both databases: a senior caseworker
//! restricts a case to named caseworkers; anyone else sees only that it
//! exists and cannot write to it; they ask for access, which is refused or
//! granted; every step is on record.

use crate::casework::{a_case_now, first_in_the_lists};
use crate::common::{case_form, page_as, staff_sign_in, TestApp};

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const REVIEWER: &str = "demo.reviewer@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// The id of the request for access that waits.
async fn latest_request(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT id FROM access_request WHERE decision IS NULL")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

on_both_databases!(
    a_restricted_case_is_closed_to_others_until_a_senior_grants_access,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000701";
        a_case_now(&app, reference, "2099-01-05").await;
        // First in Available work, ahead of the demo cases.
        first_in_the_lists(&app, reference).await;
        let path = format!("/casework/cases/{reference}");
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();

        // Only a senior caseworker restricts, naming people who hold cases and saying why.
        let restrict = |to: &'static str, reason: &'static str| {
            vec![
                ("form", "restrict"),
                ("restrict-to", to),
                ("restrict-reason", reason),
            ]
        };
        assert_eq!(
            case_form(&app, &caseworker, reference, &restrict(CASEWORKER, "Mine")).await,
            "status 403"
        );
        assert_eq!(
            case_form(&app, &reviewer, reference, &restrict("", " ")).await,
            "#restrict-to Select who may open the case"
        );
        assert_eq!(
            case_form(
                &app,
                &reviewer,
                reference,
                &restrict("x@evil.example", "Why")
            )
            .await,
            "#restrict-to Select caseworkers from the list"
        );
        assert_eq!(
            case_form(
                &app,
                &reviewer,
                reference,
                &restrict(REVIEWER, "A member of staff")
            )
            .await,
            "done"
        );
        let access = page_as(&app, &reviewer, &format!("{path}/access")).await;
        assert!(access.contains("A member of staff"));
        assert!(access.contains(&format!("{REVIEWER}, let in by {REVIEWER} on ")));

        // Closed to the caseworker: only that it exists, on every tab; no
        // writes, no task given to them; in lists only its reference.
        for tab in ["", "/referral", "/timeline"] {
            let seen = page_as(&app, &caseworker, &format!("{path}{tab}")).await;
            assert!(seen.contains("This case is restricted."), "{tab}");
            assert!(!seen.contains("Ana B"), "{tab}: the name is not shown");
        }
        let note = [("form", "note"), ("note", "Looked")];
        assert_eq!(
            case_form(&app, &caseworker, reference, &note).await,
            "status 403"
        );
        let give = [("form", "assign"), ("assignee", CASEWORKER)];
        assert_eq!(
            case_form(&app, &reviewer, reference, &give).await,
            "#assignee This case is restricted: give the task to someone who may open it"
        );
        let available = page_as(&app, &caseworker, "/casework/available-work").await;
        let row = available
            .split("<tr")
            .find(|row| row.contains(reference))
            .expect("listed");
        assert!(
            row.contains("Restricted") && !row.contains("Adult"),
            "{row}"
        );

        // Asking, refused, asking again, granted.
        let ask = |reason: &'static str| {
            let (app, caseworker) = (&app, caseworker.clone());
            async move {
                let fields = [("form", "ask-access"), ("access-reason", reason)];
                case_form(app, &caseworker, reference, &fields).await
            }
        };
        assert_eq!(
            ask(" ").await,
            "#access-reason Enter why you need to open this case"
        );
        assert_eq!(ask("Covering the duty desk").await, "done");
        let waiting = page_as(&app, &caseworker, &path).await;
        assert!(waiting.contains("A senior caseworker will decide."));
        assert!(!waiting.contains("Ask for access"), "one request at a time");
        let decide = |decision: &'static str| {
            let (app, reviewer) = (&app, reviewer.clone());
            async move {
                let id = latest_request(app).await;
                let fields = [
                    ("form", "decide-access"),
                    ("request-id", id.as_str()),
                    ("decision", decision),
                ];
                case_form(app, &reviewer, reference, &fields).await
            }
        };
        assert!(page_as(&app, &reviewer, &format!("{path}/access"))
            .await
            .contains("Covering the duty desk"));
        assert_eq!(decide("refused").await, "done");
        let refused = page_as(&app, &caseworker, &path).await;
        assert!(refused.contains("was refused on"));
        assert_eq!(ask("The referrer asked for me").await, "done");
        assert_eq!(decide("granted").await, "done");
        let open = page_as(&app, &caseworker, &path).await;
        assert!(open.contains("Ana B"), "open to them now");
        assert_eq!(case_form(&app, &caseworker, reference, &note).await, "done");

        // Lifted: open to everyone again.
        assert_eq!(
            case_form(&app, &reviewer, reference, &[("form", "unrestrict")]).await,
            "done"
        );
        let restricted: i32 =
            sqlx::query_scalar("SELECT restricted FROM referral WHERE reference = $1")
                .bind(reference)
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(restricted, 0);

        let logged: Vec<(String, String)> = sqlx::query_as(
            "SELECT action, detail FROM audit_log WHERE target = $1 AND action IN \
             ('case-restricted', 'access-requested', 'access-granted', 'access-refused', \
             'restriction-lifted') ORDER BY seq",
        )
        .bind(format!("case:{reference}"))
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let expected = [
            ("case-restricted", REVIEWER),
            ("access-requested", ""),
            ("access-refused", CASEWORKER),
            ("access-requested", ""),
            ("access-granted", CASEWORKER),
            ("restriction-lifted", ""),
        ]
        .map(|(a, d)| (a.to_owned(), d.to_owned()));
        assert_eq!(logged, expected);
    }
);
