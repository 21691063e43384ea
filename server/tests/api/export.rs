//! An administrator's export of everything held about one case.

use crate::common::{spawn_with, staff_sign_in, TestApp};
use crate::retention::a_case;
use app::casework::lifecycle::State;
use server::platform::clock::now_seconds;
use std::io::Read;

const REFERENCE: &str = "NRM-1997-000001";

async fn spawn_demo(backend: crate::common::Backend) -> Option<TestApp> {
    spawn_with(backend, true).await
}

on_both_databases!(
    an_administrator_downloads_the_whole_case_and_it_is_on_record,
    spawn_demo,
    |app: TestApp| async move {
        let now = now_seconds();
        let id = a_case(&app, REFERENCE, now - 86_400, State::Submitted).await;
        sqlx::query(
            "INSERT INTO case_note (id, referral_id, at, author_email, body) \
             VALUES ('n1', $1, $2, 'cw@sca.example.gov.uk', 'Called the referrer')",
        )
        .bind(&id)
        .bind(now)
        .execute(app.db.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO case_flag (id, referral_id, kind, detail, added_at, added_by) \
             VALUES ('g1', $1, 'other', 'Works for the SCA', $2, 'cw@sca.example.gov.uk')",
        )
        .bind(&id)
        .bind(now)
        .execute(app.db.pool())
        .await
        .unwrap();
        let dir = std::path::PathBuf::from(format!("{}-files", app.mail_dir.display()));
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = b"%PDF-1.4 a witness statement";
        std::fs::write(dir.join("0123456789abcdef0123456789abcdef"), bytes).unwrap();
        sqlx::query(
            "INSERT INTO evidence_file (id, owner_email, draft_id, file_name, media_type, \
             size_bytes, storage_key, uploaded_at, referral_id) VALUES ('f1', \
             'jo@met.police.uk', NULL, 'statement.pdf', 'application/pdf', $1, \
             '0123456789abcdef0123456789abcdef', $2, $3)",
        )
        .bind(bytes.len() as i64)
        .bind(now)
        .bind(&id)
        .execute(app.db.pool())
        .await
        .unwrap();

        let admin = "demo.admin@sca.example.gov.uk";
        let cookie = staff_sign_in(&app, admin, server::identity::staff::DEMO_PASSWORD)
            .await
            .expect("signed in");
        let href = app::routes::case_export(REFERENCE);
        // The audit page offers it once a case is asked for.
        let page = app
            .get_as(
                &cookie,
                &format!("{}?case={REFERENCE}", app::routes::AUDIT_LOG),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(&href), "no export link: {page}");

        let response = app.get_as(&cookie, &href).await;
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "application/zip");
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        let body = response.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body.to_vec())).unwrap();
        let mut read = |name: &str| {
            let mut text = Vec::new();
            zip.by_name(name)
                .unwrap_or_else(|_| panic!("{name} is in the zip"))
                .read_to_end(&mut text)
                .unwrap();
            text
        };
        let case: serde_json::Value = serde_json::from_slice(&read("case.json")).unwrap();
        assert_eq!(case["reference"], REFERENCE);
        assert_eq!(case["answers"]["pv-name-first-name"], "Arben");
        assert_eq!(case["notes"][0]["body"], "Called the referrer");
        // The answers' flag (an interpreter), then the caseworker's.
        assert_eq!(case["flags"][0]["kind"], "interpreter-needed");
        assert_eq!(case["flags"][0]["text"], "Albanian");
        assert_eq!(case["flags"][0]["added_by"], serde_json::Value::Null);
        assert_eq!(case["flags"][1]["text"], "Works for the SCA");
        assert_eq!(case["flags"][1]["added_by"], "cw@sca.example.gov.uk");
        assert_eq!(
            case["timeline"][0]["event"],
            app::casework::lifecycle::Event::Submit.as_str()
        );
        assert_eq!(case["files"][0]["in_this_zip"], "files/f1-statement.pdf");
        assert_eq!(read("files/f1-statement.pdf"), bytes);
        let trail: serde_json::Value = serde_json::from_slice(&read("audit.json")).unwrap();
        let actions: Vec<&str> = trail
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["action"].as_str().unwrap())
            .collect();
        // The export is on record before it is written, so it is in it.
        assert!(
            actions.contains(&app::audit::AuditAction::CaseExported.as_str()),
            "{actions:?}"
        );

        // An unknown case is not found; a caseworker may not export.
        let unknown = app::routes::case_export("NRM-1997-999999");
        assert_eq!(app.get_as(&cookie, &unknown).await.status(), 404);
        let caseworker = crate::common::demo_caseworker(&app).await;
        assert_eq!(app.get_as(&caseworker, &href).await.status(), 403);
    }
);
