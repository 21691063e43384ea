//! Working without a signal, as the server sees it: the key and copy a
//! responder's browser is given, the key dying with the session, the shell
//! and the worker's list of files, and the header that has a browser forget
//! what it kept.

use crate::common::{location, signed_in, TestApp};
use app::forms::FormValues;
use app::journey::offline::{OfflineStart, PendingSave};
use app::routes;

const ME: &str = "jo@met.police.uk";

async fn start_offline(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.post_as(cookie, "/api/start-offline", &[]).await
}

async fn offline_start(app: &TestApp, cookie: &str) -> OfflineStart {
    let response = start_offline(app, cookie).await;
    assert_eq!(response.status().as_u16(), 200);
    let start: Option<OfflineStart> = response.json().await.expect("the copy, as JSON");
    start.expect("a live session gets a copy")
}

on_both_databases!(
    a_responder_gets_their_draft_and_a_key_that_dies_with_the_session,
    |app: TestApp| async move {
        let cookie = signed_in(&app, ME).await;
        let saved = app
            .post_as(&cookie, "/nrm/reference", &[("reference", "Farm visit 12")])
            .await;
        assert_eq!(saved.status().as_u16(), 303);
        let first = offline_start(&app, &cookie).await;
        assert_eq!(first.key.len(), 64);
        assert!(first.key.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            first
                .copy
                .progress
                .answers
                .get("reference")
                .map(String::as_str),
            Some("Farm visit 12")
        );
        assert_eq!(first.copy.report_name.as_deref(), Some("Farm visit 12"));
        assert_eq!(first.copy.email, ME);
        assert!(first.copy.pending.is_empty());
        assert!(first.ends_at > server::platform::clock::now_seconds());
        // The same session keeps its key (a reload opens the same copy).
        assert_eq!(offline_start(&app, &cookie).await.key, first.key);
        // Another session, even the same person's, has another key.
        let other = signed_in(&app, ME).await;
        assert_ne!(offline_start(&app, &other).await.key, first.key);
        // Signing out ends the session, and its key with it; the browser is
        // told to forget what it kept.
        let out = app.post_as(&cookie, routes::SIGN_OUT, &[]).await;
        assert_eq!(location(&out), routes::SIGNED_OUT);
        assert_eq!(out.headers()["clear-site-data"], "\"storage\"");
        let after = start_offline(&app, &cookie).await;
        assert_ne!(after.status().as_u16(), 200);
        let kept: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM user_session WHERE offline_key = $1")
                .bind(&first.key)
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(kept, 0);
    }
);

on_both_databases!(
    past_its_absolute_end_a_session_gets_no_key,
    |app: TestApp| async move {
        let cookie = signed_in(&app, ME).await;
        let key = offline_start(&app, &cookie).await.key;
        // However busy it was, the session's absolute end has come.
        sqlx::query("UPDATE user_session SET ends_at = $1")
            .bind(server::platform::clock::now_seconds() - 1)
            .execute(app.db.pool())
            .await
            .unwrap();
        let after = start_offline(&app, &cookie).await;
        assert_ne!(after.status().as_u16(), 200);
        assert!(!after.text().await.unwrap().contains(&key));
    }
);

on_both_databases!(
    save_and_exit_has_the_browser_forget_what_it_kept,
    |app: TestApp| async move {
        let cookie = signed_in(&app, ME).await;
        let out = app
            .post_as(
                &cookie,
                "/nrm/reference",
                &[("reference", "Van stop"), ("save-and-exit", "true")],
            )
            .await;
        assert!(location(&out).starts_with(routes::REPORT_SAVED));
        assert_eq!(out.headers()["clear-site-data"], "\"storage\"");
    }
);

on_both_databases!(
    the_shell_shown_without_a_signal_holds_no_answers,
    |app: TestApp| async move {
        let cookie = signed_in(&app, ME).await;
        app.post_as(&cookie, "/nrm/reference", &[("reference", "Lorry park 7")])
            .await;
        let shell = app.get_as(&cookie, routes::OFFLINE_SHELL).await;
        assert_eq!(shell.status().as_u16(), 200);
        let html = shell.text().await.unwrap();
        assert!(
            html.contains(app::pages::offline_shell::OFFLINE_SHELL_MARKER),
            "{html}"
        );
        assert!(html.contains(routes::OFFLINE_STORE));
        assert!(!html.contains("Lorry park 7"));
    }
);

on_both_databases!(
    the_worker_keeps_the_shell_and_every_built_file,
    crate::pages::with_built_site,
    |app: TestApp| async move {
        let worker = app.get(routes::OFFLINE_WORKER).await;
        assert_eq!(worker.status().as_u16(), 200);
        assert!(worker.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        assert_eq!(worker.headers()["cache-control"], "no-cache");
        let script = worker.text().await.unwrap();
        for kept in [
            routes::OFFLINE_SHELL,
            routes::OFFLINE_STORE,
            "/pkg/nrm.AbCdEfGhIjKlMnOpQrStUv.wasm",
            "/pkg/nrm.css",
        ] {
            assert!(
                script.contains(&format!("\"{kept}\"")),
                "{kept} in {script}"
            );
        }
        // The list pickers' lists, at the very addresses the pickers ask for.
        let nationalities = format!(
            "/api/reference-list?list=Nationalities&version={}",
            app::reference::List::Nationalities.version()
        );
        assert!(script.contains(&nationalities), "{script}");
        let listed = app.get(&nationalities).await;
        assert_eq!(listed.status().as_u16(), 200);
        // The compressed copies are the same files: not kept twice.
        assert!(!script.contains(".wasm.br"));
    }
);

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

async fn sync(app: &TestApp, cookie: &str, saves: &[PendingSave]) -> reqwest::Response {
    app.client
        .post(app.url("/api/sync-steps"))
        .header("cookie", cookie)
        .json(&serde_json::json!({ "saves": saves }))
        .send()
        .await
        .expect("request sent")
}

async fn draft_of(app: &TestApp) -> (String, String) {
    sqlx::query_as("SELECT answers, history FROM draft WHERE owner_email = $1")
        .bind(ME)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

on_both_databases!(
    steps_saved_offline_reach_the_draft_and_the_newer_answer_wins,
    with_demo,
    |app: TestApp| async move {
        let cookie = signed_in(&app, ME).await;
        app.post_as(&cookie, "/nrm/reference", &[("reference", "Farm visit")])
            .await;
        let mut phone = offline_start(&app, &cookie).await.copy;
        // On the phone, without a signal: a new name for the report (saved
        // an hour ago) and the next step.
        let now = server::platform::clock::now_seconds();
        let today = app::dates::ymd_from_unix(now);
        let values = |name: &str, value: &str| FormValues::from_pairs([(name, value)], &[name]);
        phone.save(
            "reference",
            false,
            &values("reference", "Named on the phone"),
            today,
            now - 3600,
        );
        phone.save(
            "organisation",
            false,
            &values("user-organisation", "Aberdeen City Council"),
            today,
            now - 3600,
        );
        assert_eq!(phone.pending.len(), 2);
        // Meanwhile the name was changed on another device, later.
        app.post_as(
            &cookie,
            "/nrm/reference",
            &[("reference", "Named at the desk")],
        )
        .await;

        let synced = sync(&app, &cookie, &phone.pending).await;
        assert_eq!(synced.status().as_u16(), 200);
        assert_eq!(synced.json::<usize>().await.unwrap(), 1);
        let (answers, history) = draft_of(&app).await;
        assert!(answers.contains("Named at the desk"), "{answers}");
        assert!(answers.contains("Aberdeen City Council"), "{answers}");
        assert!(history.contains("Named on the phone"), "{history}");
        // Sent again (the answer was lost on the way): nothing changes.
        assert_eq!(
            sync(&app, &cookie, &phone.pending).await.status().as_u16(),
            200
        );
        assert_eq!(draft_of(&app).await, (answers, history));

        // A phone answer newer than the change elsewhere wins; the older is kept.
        let mut later = offline_start(&app, &cookie).await.copy;
        app.post_as(&cookie, "/nrm/reference", &[("reference", "Renamed again")])
            .await;
        later.save(
            "reference",
            false,
            &values("reference", "Newest, from the phone"),
            today,
            now + 3600,
        );
        assert_eq!(
            sync(&app, &cookie, &later.pending).await.status().as_u16(),
            200
        );
        let (answers, history) = draft_of(&app).await;
        assert!(answers.contains("Newest, from the phone"), "{answers}");
        assert!(history.contains("Renamed again"), "{history}");
        // The phone's copy now carries the history, for check-your-answers.
        let fresh = offline_start(&app, &cookie).await.copy;
        assert_eq!(fresh.history.len(), 2);

        // Staff have no drafts to sync into.
        let staff = crate::common::demo_caseworker(&app).await;
        assert_ne!(
            sync(&app, &staff, &later.pending).await.status().as_u16(),
            200
        );
    }
);
