//! A case's documents over HTTP, on both databases: by category on the
//! Documents tab; caseworkers add information received, decision letters
//! and other documents, checked as uploads are; refusals come back to the
//! tab with their reasons and keep nothing; what a caseworker adds is never
//! the referrer's to download; every addition is on record.

use crate::casework::a_case_now;
use crate::common::{location, page_as, signed_in, staff_sign_in, TestApp};

const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";
const REVIEWER: &str = "demo.reviewer@sca.example.gov.uk";
const ADMIN: &str = "demo.admin@sca.example.gov.uk";
const PASSWORD: &str = server::identity::staff::DEMO_PASSWORD;
/// Who sent the test's cases (`common::new_referral`).
const REFERRER: &str = "jo@met.police.uk";

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// The stored files (the test's file store), by name.
fn stored_files(app: &TestApp) -> Vec<String> {
    let dir = std::path::PathBuf::from(format!("{}-files", app.mail_dir.display()));
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

async fn version(app: &TestApp, reference: &str) -> i64 {
    sqlx::query_scalar("SELECT version FROM referral WHERE reference = $1")
        .bind(reference)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

on_both_databases!(
    caseworkers_add_documents_by_category_checked_as_uploads_are,
    with_demo,
    |app: TestApp| async move {
        let reference = "NRM-1999-000901";
        a_case_now(&app, reference, "2099-01-05").await;
        let tab = app::routes::CaseTab::Documents.href(reference);
        let add = app::routes::add_document_href(reference);
        let caseworker = staff_sign_in(&app, CASEWORKER, PASSWORD).await.unwrap();

        // The tab lists every category, each empty, and offers the form.
        let page = page_as(&app, &caseworker, &tab).await;
        for heading in [
            "Evidence from the referrer",
            "Information received",
            "Decision letters",
            "Other documents",
        ] {
            assert!(page.contains(heading), "no {heading}: {page}");
        }
        assert!(page.contains("No information received has been added."));
        assert!(page.contains(&format!("action=\"{add}\"")), "{page}");
        assert!(page.contains("enctype=\"multipart/form-data\""));

        // Nothing chosen: both problems, back on the tab, nothing kept.
        let response = app
            .upload_with(&caseworker, &add, &[], ("", Vec::new()))
            .await;
        assert_eq!(response.status(), 303);
        let back = location(&response);
        assert_eq!(back, format!("{tab}?refused=no-category,no-file"));
        let page = page_as(&app, &caseworker, &back).await;
        assert!(page.contains("<title>Error: Documents"), "{page}");
        assert!(
            page.contains("href=\"#category\" target=\"_self\">Select what kind of document it is"),
            "{page}"
        );
        assert!(page.contains("href=\"#upload-file\" target=\"_self\">Select a file to upload"));

        // An older Word document is refused, and the category chosen is kept.
        let old_word = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0].to_vec();
        let response = app
            .upload_with(
                &caseworker,
                &add,
                &[("category", "information-received")],
                ("police-report.doc", old_word),
            )
            .await;
        let back = location(&response);
        assert_eq!(
            back,
            format!("{tab}?refused=old-word&category=information-received")
        );
        let page = page_as(&app, &caseworker, &back).await;
        assert!(page.contains("older Word document"), "{page}");
        assert!(
            page.contains("value=\"information-received\" checked"),
            "the category chosen is not kept: {page}"
        );

        // The referrer's evidence comes only with the referral.
        let pdf = b"%PDF-1.7\n% the police's account\n".to_vec();
        let response = app
            .upload_with(
                &caseworker,
                &add,
                &[("category", "from-referrer")],
                ("account.pdf", pdf.clone()),
            )
            .await;
        assert_eq!(location(&response), format!("{tab}?refused=no-category"));
        assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evidence_file")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(rows, 0);

        // A PDF of information received: added, with who and when, and the
        // case's version goes up (a decision drafted before it is refused).
        let before = version(&app, reference).await;
        let response = app
            .upload_with(
                &caseworker,
                &add,
                &[("category", "information-received")],
                ("Police account — Ana.pdf", pdf.clone()),
            )
            .await;
        assert_eq!(location(&response), format!("{tab}?added=1"));
        assert_eq!(version(&app, reference).await, before + 1);
        let page = page_as(&app, &caseworker, &location(&response)).await;
        assert!(page.contains("The document was added to the case."));
        let received = page
            .split("id=\"documents-information-received\"")
            .nth(1)
            .expect("a table of information received");
        assert!(received.contains("Police account — Ana.pdf"), "{page}");
        assert!(received.contains(CASEWORKER));
        assert!(page.contains("No decision letters have been added."));
        let (id, category): (String, String) =
            sqlx::query_as("SELECT id, category FROM evidence_file")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(category, "information-received");

        // Caseworkers read it; the referrer, though the case is theirs, does not.
        let download = format!("{}/{id}", app::routes::EVIDENCE);
        let response = app.get_as(&caseworker, &download).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.bytes().await.unwrap().as_ref(), pdf.as_slice());
        let referrer = signed_in(&app, REFERRER).await;
        assert_eq!(app.get_as(&referrer, &download).await.status(), 404);

        // On record by category, never by the file's name (it can name the person).
        let (detail,): (String,) = sqlx::query_as(
            "SELECT detail FROM audit_log WHERE action = 'document-added' AND actor = $1 \
             AND target = $2",
        )
        .bind(CASEWORKER)
        .bind(format!("case:{reference}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(detail, "information-received");

        // Administrators do not add documents.
        let admin = staff_sign_in(&app, ADMIN, PASSWORD).await.unwrap();
        let response = app
            .upload_with(
                &admin,
                &add,
                &[("category", "other")],
                ("note.pdf", pdf.clone()),
            )
            .await;
        assert_eq!(response.status(), 403);

        // A restricted case takes nothing from those it is closed to.
        let reviewer = staff_sign_in(&app, REVIEWER, PASSWORD).await.unwrap();
        let fields = [
            ("form", "restrict"),
            ("restrict-to", REVIEWER),
            ("restrict-reason", "A member of staff"),
        ];
        assert_eq!(
            crate::common::case_form(&app, &reviewer, reference, &fields).await,
            "done"
        );
        let response = app
            .upload_with(
                &caseworker,
                &add,
                &[("category", "other")],
                ("note.pdf", pdf.clone()),
            )
            .await;
        assert_eq!(response.status(), 403);
        let response = app
            .upload_with(
                &reviewer,
                &add,
                &[("category", "decision-letter")],
                ("RG letter.pdf", pdf),
            )
            .await;
        assert_eq!(location(&response), format!("{tab}?added=1"));
        assert_eq!(stored_files(&app).len(), 2);
    }
);
