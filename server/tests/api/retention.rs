//! The retention schedule, run by the scheduled clean-up, and the daily
//! reconciliation of evidence files with their rows.

use crate::common::{Backend, TestApp};
use app::casework::lifecycle::State;
use server::casework::cases::intake;
use server::platform::clock::now_seconds;
use std::time::Duration;

const YEAR: i64 = 365 * 86_400;

/// Jobs every second: the schedule and the reconciliation run at once.
async fn spawn_busy(backend: Backend) -> Option<TestApp> {
    crate::common::spawn_demo_with_settings(
        backend,
        &[
            ("CLEAN_UP_EVERY_SECONDS", "1"),
            ("RECONCILE_FILES_EVERY_SECONDS", "1"),
        ],
    )
    .await
}

pub async fn a_case(app: &TestApp, reference: &str, received_at: i64, state: State) -> String {
    a_case_noted(app, reference, received_at, state, None).await
}

/// A case, and a note on it written in the same change (so that no
/// clean-up runs between them).
pub async fn a_case_noted(
    app: &TestApp,
    reference: &str,
    received_at: i64,
    state: State,
    note: Option<&str>,
) -> String {
    let mut referral = crate::common::new_referral(
        reference,
        received_at,
        &[
            ("pv-name-first-name", "Arben"),
            ("pv-name-last-name", "Hoxha"),
            ("pv-interpreter-requirements", "yes"),
            ("pv-interpreter-requirements-language", "Albanian"),
        ],
        ("Arben Hoxha", "1990-04-02"),
    );
    referral.state = state;
    referral.payload = r#"{"name":"Arben Hoxha"}"#.to_owned();
    referral.pv_gender = "Male".to_owned();
    referral.exploitation = "labour".to_owned();
    referral.organisation_type = "police".to_owned();
    let id = referral.id.clone();
    let mut tx = app.db.pool().begin().await.unwrap();
    intake::receive(&mut tx, &referral).await.unwrap();
    if let Some(note) = note {
        sqlx::query(
            "INSERT INTO case_note (id, referral_id, at, author_email, body) \
             VALUES ($1, $2, $3, 'cw@sca.example.gov.uk', $4)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&id)
        .bind(received_at)
        .bind(note)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    id
}

async fn held(app: &TestApp, reference: &str) -> (String, String, String, Option<i64>) {
    sqlx::query_as(
        "SELECT answers, pv_name, pv_gender, redacted_at FROM referral WHERE reference = $1",
    )
    .bind(reference)
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

async fn until<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("waited 10 s for {what}");
}

on_both_databases!(
    closed_cases_lose_their_personal_details_after_seven_years_and_nothing_else_does,
    spawn_busy,
    |app: TestApp| async move {
        let now = now_seconds();
        let old = "NRM-1998-000001";
        a_case_noted(
            &app,
            old,
            now - 8 * YEAR,
            State::Withdrawn,
            Some("Lives at 4 Elm Road"),
        )
        .await;
        a_case(&app, "NRM-1998-000002", now - YEAR, State::CgNegative).await;
        a_case(&app, "NRM-1998-000003", now - 8 * YEAR, State::Submitted).await;

        until("the old closed case to be redacted", || async {
            held(&app, old).await.3.is_some()
        })
        .await;
        let (answers, name, gender, _) = held(&app, old).await;
        assert_eq!((answers.as_str(), name.as_str()), ("{}", ""));
        // Nothing of the name's beginnings stays in its name bits either.
        let bits: i64 = sqlx::query_scalar("SELECT name_bits FROM referral WHERE reference = $1")
            .bind(old)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(bits, app::casework::person_search::name_bits(""));
        assert_ne!(bits, app::casework::person_search::name_bits("arben hoxha"));
        // What the statistics count is kept.
        assert_eq!(gender, "Male");
        let notes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM case_note")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(notes, 0, "the note went with the details");
        let flagged: Vec<String> = sqlx::query_scalar(
            "SELECT r.reference FROM case_flag f JOIN referral r ON r.id = f.referral_id \
             WHERE r.reference LIKE 'NRM-1998-%' ORDER BY r.reference",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        assert_eq!(
            flagged,
            ["NRM-1998-000002", "NRM-1998-000003"],
            "the flags (\"Interpreter needed: Albanian\") went with the details"
        );
        // A case closed a year ago, and an open one received long ago, keep theirs.
        for kept in ["NRM-1998-000002", "NRM-1998-000003"] {
            let (answers, name, _, redacted) = held(&app, kept).await;
            assert_eq!(redacted, None, "{kept}");
            assert!(answers.contains("Arben") && name == "Arben Hoxha", "{kept}");
        }
        // On record, as the service's own act.
        let (actor, role): (String, String) =
            sqlx::query_as("SELECT actor, role FROM audit_log WHERE action = $1 AND target = $2")
                .bind(app::audit::AuditAction::CaseRedacted.as_str())
                .bind(format!("case:{old}"))
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!((actor.as_str(), role.as_str()), ("", "service"));
        // The caseworker still finds the case, and is told why it is empty.
        let cookie = crate::common::demo_caseworker(&app).await;
        let page = app
            .get_as(&cookie, &format!("{}/{old}", app::routes::CASES))
            .await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("personal details were removed"), "{page}");
        assert!(!page.contains("Arben") && !page.contains("Elm Road"));
    }
);

on_both_databases!(
    sent_mail_is_blanked_at_once_and_deleted_after_thirty_days,
    spawn_busy,
    |app: TestApp| async move {
        let now = now_seconds();
        // A responder asks for a sign-in link: the message that carries it is
        // queued with the request and the worker is woken to send it.
        let asked = crate::sign_in_links::ask_for_link(&app, "jo@met.police.uk").await;
        assert_eq!(asked.status(), 303);
        until("the message to be sent", || async {
            let sent: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
                    .fetch_one(app.db.pool())
                    .await
                    .unwrap();
            sent == 1
        })
        .await;
        let (recipient, subject, body): (String, String, String) =
            sqlx::query_as("SELECT recipient, subject, body FROM outbox")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(
            (recipient, subject, body),
            (String::new(), String::new(), String::new())
        );
        // Thirty-one days on, the next clean-up deletes it.
        sqlx::query("UPDATE outbox SET sent_at = $1")
            .bind(now - 31 * 86_400)
            .execute(app.db.pool())
            .await
            .unwrap();
        until("the old message to be deleted", || async {
            let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            left == 0
        })
        .await;
    }
);

on_both_databases!(
    a_file_without_a_row_is_removed_and_a_row_without_a_file_is_reported,
    spawn_busy,
    |app: TestApp| async move {
        let dir = std::path::PathBuf::from(format!("{}-files", app.mail_dir.display()));
        std::fs::create_dir_all(&dir).unwrap();
        let stray = dir.join("0123456789abcdef0123456789abcdef");
        let fresh = dir.join("fedcba9876543210fedcba9876543210");
        std::fs::write(&stray, b"%PDF-1.4 left by a crash").unwrap();
        std::fs::write(&fresh, b"%PDF-1.4 an upload in progress").unwrap();
        // Written two hours ago: past the hour an upload may take to commit.
        let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
        std::fs::File::options()
            .write(true)
            .open(&stray)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
        let now = now_seconds();
        sqlx::query(
            "INSERT INTO evidence_file (id, owner_email, draft_id, file_name, media_type, \
             size_bytes, storage_key, uploaded_at, referral_id) VALUES ('lost-file', \
             'jo@met.police.uk', NULL, 'a.pdf', 'application/pdf', 10, 'aaaabbbbccccdddd', $1, 'r1')",
        )
        .bind(now - 7200)
        .execute(app.db.pool())
        .await
        .unwrap();
        until("the stray file to be removed", || async { !stray.exists() }).await;
        assert!(
            fresh.exists(),
            "a file written a moment ago waits for its row"
        );
        until("the missing file to be reported", || async {
            let details: Vec<String> = sqlx::query_scalar(
                "SELECT detail FROM audit_log WHERE action = $1 AND target = $2",
            )
            .bind(app::audit::AuditAction::ScheduledJobRun.as_str())
            .bind(format!("job:{}", server::jobs::RECONCILE_FILES))
            .fetch_all(app.db.pool())
            .await
            .unwrap();
            details.iter().any(|d| d.contains("lost-file"))
        })
        .await;
        // Reported, not deleted: someone must look for it.
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evidence_file")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }
);
