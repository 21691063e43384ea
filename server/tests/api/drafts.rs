//! Drafts on both databases: owned, saved, expiring. The clean-up job is off:
//! these tests use fixed dates and expire drafts by hand.

use crate::common::TestApp;
use server::journey::drafts;

const OWNER: &str = "jo@met.police.uk";
const OTHER: &str = "sam@gmp.police.uk";
const NOW: i64 = 1_795_957_200; // 2026-11-29 13:00 UTC
const DAYS: i64 = 28;

on_both_databases!(
    drafts_belong_to_their_owner,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let mine = drafts::create(
            &mut app.db.pool().acquire().await.unwrap(),
            OWNER,
            "Met",
            "Case 1",
            NOW,
            DAYS,
        )
        .await
        .unwrap();
        drafts::create(
            &mut app.db.pool().acquire().await.unwrap(),
            OTHER,
            "GMP",
            "Theirs",
            NOW,
            DAYS,
        )
        .await
        .unwrap();
        let listed = drafts::list_for(&app.db, OWNER, NOW).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].label, "Case 1");
        assert!(listed[0].answers.is_empty());
        // Another responder cannot see, change or delete it.
        assert!(drafts::find_for(&app.db, OTHER, &mine.id, NOW)
            .await
            .unwrap()
            .is_none());
        let answers = [("reference".to_string(), "x".to_string())].into();
        assert!(
            !drafts::save(&app.db, OTHER, &mine.id, &answers, &[], NOW, DAYS)
                .await
                .unwrap()
        );
        assert!(!drafts::delete_for(&app.db, OTHER, &mine.id).await.unwrap());
        assert!(drafts::find_for(&app.db, OWNER, &mine.id, NOW)
            .await
            .unwrap()
            .is_some());
        assert!(drafts::delete_for(&app.db, OWNER, &mine.id).await.unwrap());
        assert!(drafts::list_for(&app.db, OWNER, NOW)
            .await
            .unwrap()
            .is_empty());
    }
);

on_both_databases!(
    saving_keeps_answers_and_moves_the_expiry_on,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let draft = drafts::create(
            &mut app.db.pool().acquire().await.unwrap(),
            OWNER,
            "Met",
            "<script>x</script>",
            NOW,
            DAYS,
        )
        .await
        .unwrap();
        let answers = [
            ("pv-under-age".to_string(), "no".to_string()),
            (
                "what-is-their-background".to_string(),
                "Line one\nLine two \"quoted\"".to_string(),
            ),
        ]
        .into();
        let steps = vec!["reference".to_string(), "organisation".to_string()];
        let later = NOW + 3 * 86_400;
        assert!(
            drafts::save(&app.db, OWNER, &draft.id, &answers, &steps, later, DAYS)
                .await
                .unwrap()
        );
        let saved = drafts::find_for(&app.db, OWNER, &draft.id, later)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved.answers, answers);
        assert_eq!(saved.completed_steps, steps);
        assert_eq!(saved.label, "<script>x</script>");
        assert_eq!(saved.updated_at, later);
        assert_eq!(saved.expires_at, drafts::expiry(later, DAYS));
        assert!(saved.expires_at > draft.expires_at);
    }
);

on_both_databases!(
    expired_drafts_are_hidden_then_deleted,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let old = drafts::create(
            &mut app.db.pool().acquire().await.unwrap(),
            OWNER,
            "Met",
            "Old",
            NOW,
            DAYS,
        )
        .await
        .unwrap();
        let fresh = drafts::create(
            &mut app.db.pool().acquire().await.unwrap(),
            OWNER,
            "Met",
            "Fresh",
            NOW + 10 * 86_400,
            DAYS,
        )
        .await
        .unwrap();
        let after_old_expired = old.expires_at + 1;
        let listed = drafts::list_for(&app.db, OWNER, after_old_expired)
            .await
            .unwrap();
        assert_eq!(
            listed.iter().map(|d| d.label.as_str()).collect::<Vec<_>>(),
            ["Fresh"]
        );
        assert!(drafts::find_for(&app.db, OWNER, &old.id, after_old_expired)
            .await
            .unwrap()
            .is_none());
        let answers = Default::default();
        assert!(!drafts::save(
            &app.db,
            OWNER,
            &old.id,
            &answers,
            &[],
            after_old_expired,
            DAYS
        )
        .await
        .unwrap());
        assert_eq!(
            drafts::delete_expired(&app.db, after_old_expired)
                .await
                .unwrap(),
            1
        );
        assert!(
            drafts::find_for(&app.db, OWNER, &fresh.id, after_old_expired)
                .await
                .unwrap()
                .is_some()
        );
    }
);

on_both_databases!(
    a_reminder_goes_once_7_days_before_expiry,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        use server::journey::reminders::queue_due;
        let draft = drafts::create(
            &mut app.db.pool().acquire().await.unwrap(),
            OWNER,
            "Met",
            "Case 1",
            NOW,
            DAYS,
        )
        .await
        .unwrap();
        // Three weeks on: the draft expires in 7 days and a bit, so not yet.
        let early = NOW + 20 * 86_400;
        assert_eq!(queue_due(&app.db, "http://x", early).await.unwrap(), 0);
        let due = draft.expires_at - 7 * 86_400 + 60;
        assert_eq!(queue_due(&app.db, "http://x", due).await.unwrap(), 1);
        assert_eq!(
            queue_due(&app.db, "http://x", due + 60).await.unwrap(),
            0,
            "only once"
        );
        let row = sqlx::query("SELECT recipient, subject, body FROM outbox")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        use sqlx::Row;
        assert_eq!(row.get::<String, _>("recipient"), OWNER);
        assert!(row.get::<String, _>("subject").contains("27 December 2026"));
        assert!(
            !row.get::<String, _>("body").contains("Case 1"),
            "nothing from the report itself"
        );
        // A change moves the expiry on and allows a new reminder later.
        let answers = [("reference".to_string(), "x".to_string())].into();
        assert!(
            drafts::save(&app.db, OWNER, &draft.id, &answers, &[], due, DAYS)
                .await
                .unwrap()
        );
        assert_eq!(queue_due(&app.db, "http://x", due + 60).await.unwrap(), 0);
    }
);
