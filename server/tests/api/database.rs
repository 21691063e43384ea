//! The database layer, run on SQLite and on PostgreSQL.

use crate::common::{Backend, TestApp};
use app::domain::WorkEmail;
use server::identity::accounts;
use server::prepare;
use server::tools::demo;

on_both_databases!(
    health_check_reports_the_database,
    |mut app: TestApp| async move {
        let response = app.get("/healthz").await;
        assert_eq!(response.status().as_u16(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["database"], "ok");

        // With the database gone, the check says so.
        app.db.close().await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status().as_u16(), 503);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["database"], "unreachable");
        app.stop().await.expect("clean stop");
    }
);

on_both_databases!(
    demo_accounts_load_once_and_are_found_case_insensitively,
    |app: TestApp| async move {
        demo::load(&app.db).await.unwrap();
        demo::load(&app.db).await.unwrap();
        assert_eq!(
            accounts::count(&app.db).await.unwrap(),
            demo::DEMO_ACCOUNTS.len() as i64
        );
        let email = WorkEmail::parse("Demo.Caseworker@SCA.example.gov.uk").unwrap();
        let found = accounts::find_by_email(&app.db, &email)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.role, app::casework::lifecycle::Role::Caseworker);
        assert_eq!(found.email, "demo.caseworker@sca.example.gov.uk");
        let nobody = WorkEmail::parse("nobody@example.gov.uk").unwrap();
        assert!(accounts::find_by_email(&app.db, &nobody)
            .await
            .unwrap()
            .is_none());
    }
);

on_both_databases!(
    graceful_shutdown_finishes_cleanly,
    |mut app: TestApp| async move {
        assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
        app.stop().await.expect("server stops without error");
        assert!(app.client.get(app.url("/healthz")).send().await.is_err());
    }
);

async fn migrations_are_idempotent(backend: Backend) {
    let Some(app) = crate::common::spawn_with(backend, true).await else {
        eprintln!("NRM_TEST_POSTGRES_URL is not set: PostgreSQL run skipped");
        return;
    };
    // Starting again on the same database applies nothing twice and keeps the data.
    let url = sqlx_url(&app).await;
    let again = prepare(&crate::common::test_config(&url, true))
        .await
        .unwrap();
    assert_eq!(
        accounts::count(&again.db).await.unwrap(),
        demo::DEMO_ACCOUNTS.len() as i64
    );
}

async fn sqlx_url(app: &TestApp) -> String {
    // The pool's options know where it points; rebuild the URL from them.
    let backend = app.db.backend().await.unwrap();
    match backend.as_str() {
        "sqlite" => {
            let row: (String,) =
                sqlx::query_as("SELECT file FROM pragma_database_list WHERE name = 'main'")
                    .fetch_one(app.db.pool())
                    .await
                    .unwrap();
            format!("sqlite://{}", row.0)
        }
        _ => {
            let row: (String,) = sqlx::query_as("SELECT CAST(current_database() AS TEXT)")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            let base = crate::common::postgres_url().unwrap();
            let server = base.rsplit_once('/').map(|(s, _)| s.to_owned()).unwrap();
            format!("{server}/{}", row.0)
        }
    }
}

#[tokio::test]
async fn migrations_are_idempotent_sqlite() {
    migrations_are_idempotent(Backend::Sqlite).await;
}

#[tokio::test]
async fn migrations_are_idempotent_postgres() {
    migrations_are_idempotent(Backend::Postgres).await;
}

#[tokio::test]
async fn sqlite_syncs_every_commit() {
    let app = crate::common::spawn(Backend::Sqlite)
        .await
        .expect("sqlite app");
    // 2 is FULL: the log is synced at each commit (NORMAL, 1, may lose the last ones).
    let level: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(level, 2);
}

on_both_databases!(
    a_scheduled_period_is_claimed_by_one_process_only,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        use server::jobs::{claim_period, runs_of, CLEAN_UP};
        // Eight claims at once, as eight processes would make them.
        let claims = (0..8).map(|_| claim_period(&app.db, CLEAN_UP, 42, 1));
        let won = futures::future::join_all(claims)
            .await
            .into_iter()
            .filter(|claim| *claim.as_ref().unwrap())
            .count();
        assert_eq!(won, 1);
        assert!(claim_period(&app.db, CLEAN_UP, 43, 2).await.unwrap());
        assert_eq!(runs_of(&app.db, CLEAN_UP).await.unwrap(), vec![42, 43]);
    }
);

on_both_databases!(
    postgres_plans_each_query_for_its_values_without_parallel_workers_or_memoizing,
    |app: TestApp| async move {
        if app.db.kind() != server::platform::db::DbKind::Postgres {
            return;
        }
        // Every connection of the pool, not only the first one made.
        let mut held = Vec::new();
        for _ in 0..3 {
            let mut conn = app.db.pool().acquire().await.unwrap();
            for (setting, wanted) in [
                ("plan_cache_mode", "force_custom_plan"),
                ("max_parallel_workers_per_gather", "0"),
                ("enable_memoize", "off"),
            ] {
                let value: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT current_setting('{setting}')"
                )))
                .fetch_one(&mut *conn)
                .await
                .unwrap();
                assert_eq!(value, wanted, "{setting} on connection {}", held.len());
            }
            held.push(conn);
        }
    }
);

/// A write for the group test: it waits `wait` ms, then inserts `n`, or
/// fails for a negative `n` (its table is not there).
struct Probe {
    n: i64,
    wait: u64,
}

impl server::platform::db::GroupWrite for Probe {
    fn write_all<'c>(
        group: &'c [Self],
        conn: &'c mut server::platform::db::Conn,
    ) -> futures::future::BoxFuture<'c, Result<(), server::platform::db::DbError>> {
        Box::pin(async move {
            for probe in group {
                tokio::time::sleep(std::time::Duration::from_millis(probe.wait)).await;
                let table = if probe.n < 0 {
                    "no_such_table"
                } else {
                    "grouped_probe"
                };
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO {table} (n) VALUES ($1)"
                )))
                .bind(probe.n)
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        })
    }
}

on_both_databases!(
    writes_made_together_are_each_committed_and_fail_alone,
    |app: TestApp| async move {
        sqlx::query("CREATE TABLE grouped_probe (n INTEGER NOT NULL)")
            .execute(app.db.pool())
            .await
            .unwrap();
        let probe = |n: i64, wait: u64| Probe { n, wait };
        // The first write keeps the writer busy while twenty more queue up
        // behind it, the failing one among them: they go as one group.
        let mut writes = tokio::task::JoinSet::new();
        let db = app.db.clone();
        writes.spawn(async move { (0, db.in_group(probe(0, 300)).await.is_ok()) });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        for n in [
            1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
        ] {
            let db = app.db.clone();
            writes.spawn(async move {
                let done = db.in_group(probe(n, 0)).await.is_ok();
                // Once it returns, the write is committed: another
                // connection sees it.
                let seen: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM grouped_probe WHERE n = $1")
                        .bind(n)
                        .fetch_one(db.pool())
                        .await
                        .unwrap();
                assert_eq!(seen, i64::from(done), "write {n}");
                (n, done)
            });
        }
        for (n, done) in writes.join_all().await {
            assert_eq!(done, n >= 0, "write {n}");
        }
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM grouped_probe")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(rows, 20, "every write but the failing one, each once");
    }
);
