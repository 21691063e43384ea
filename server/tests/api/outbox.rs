//! The outbox and SMTP: mail goes out through a real SMTP conversation, and a
//! refused message is kept and retried later, never lost.

use crate::common::TestApp;
use server::platform::clock::now_seconds;
use server::platform::mail::Mailer;
use server::platform::outbox;
use sqlx::Row;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP server on a free local port. It answers `reply_to_data`
/// after DATA and keeps every message it accepts.
async fn smtp_sink(reply_to_data: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ready\r\n").await.ok();
                let mut in_data = false;
                let mut message = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            if reply_to_data.starts_with('2') {
                                store.lock().unwrap().push(std::mem::take(&mut message));
                            }
                            write
                                .write_all(format!("{reply_to_data}\r\n").as_bytes())
                                .await
                                .ok();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 sink\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (url, received)
}

async fn queue(app: &TestApp, to: &str, body: &str) {
    let mut tx = app.db.pool().begin().await.unwrap();
    outbox::enqueue(&mut tx, to, "A subject", body, now_seconds())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

on_both_databases!(
    mail_goes_out_over_smtp,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let (url, received) = smtp_sink("250 accepted").await;
        let mailer = Mailer::new(
            Some(&url),
            app.mail_dir.clone(),
            "NRM <no-reply@nrm.example>",
        )
        .unwrap();
        queue(
            &app,
            "jo@met.police.uk",
            "Hello <b>Jo</b>, see https://nrm.example/x",
        )
        .await;
        let sent = outbox::send_due(&app.db, &mailer, now_seconds())
            .await
            .unwrap();
        assert_eq!(sent, 1);
        let messages = received.lock().unwrap().clone();
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("To: jo@met.police.uk"));
        assert!(messages[0].contains("Subject: A subject"));
        assert!(messages[0].contains("https://nrm.example/x"));
        let row = sqlx::query("SELECT sent_at, body FROM outbox")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert!(row.try_get::<Option<i64>, _>("sent_at").unwrap().is_some());
        assert_eq!(row.try_get::<String, _>("body").unwrap(), "");
        // Nothing is sent twice.
        assert_eq!(
            outbox::send_due(&app.db, &mailer, now_seconds())
                .await
                .unwrap(),
            0
        );
    }
);

on_both_databases!(
    a_refused_message_is_kept_and_retried,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let (refusing, _) = smtp_sink("451 try again later").await;
        let mailer = Mailer::new(
            Some(&refusing),
            app.mail_dir.clone(),
            "NRM <no-reply@nrm.example>",
        )
        .unwrap();
        queue(&app, "jo@met.police.uk", "Your link: https://nrm.example/y").await;
        let now = now_seconds();
        assert_eq!(outbox::send_due(&app.db, &mailer, now).await.unwrap(), 0);
        let row =
            sqlx::query("SELECT attempts, next_attempt_at, last_error, body, sent_at FROM outbox")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(row.try_get::<i64, _>("attempts").unwrap(), 1);
        assert_eq!(
            row.try_get::<i64, _>("next_attempt_at").unwrap(),
            now + outbox::backoff_seconds(1)
        );
        assert!(row
            .try_get::<String, _>("last_error")
            .unwrap()
            .contains("451"));
        assert!(row
            .try_get::<String, _>("body")
            .unwrap()
            .contains("https://nrm.example/y"));
        assert!(row.try_get::<Option<i64>, _>("sent_at").unwrap().is_none());

        // Not due yet: nothing happens.
        assert_eq!(
            outbox::send_due(&app.db, &mailer, now + 1).await.unwrap(),
            0
        );
        // Once due, a working server gets it.
        let (working, received) = smtp_sink("250 accepted").await;
        let mailer = Mailer::new(
            Some(&working),
            app.mail_dir.clone(),
            "NRM <no-reply@nrm.example>",
        )
        .unwrap();
        let later = now + outbox::backoff_seconds(1);
        assert_eq!(outbox::send_due(&app.db, &mailer, later).await.unwrap(), 1);
        assert_eq!(received.lock().unwrap().len(), 1);
    }
);

on_both_databases!(
    a_message_given_up_is_listed_counted_and_sent_again_by_an_administrator,
    crate::common::spawn_without_jobs_with_demo,
    |app: TestApp| async move {
        let (refusing, _) = smtp_sink("550 no such mailbox").await;
        let refused = Mailer::new(
            Some(&refusing),
            app.mail_dir.clone(),
            "NRM <no-reply@nrm.example>",
        )
        .unwrap();
        queue(
            &app,
            "gone@met.police.uk",
            "Your link: https://nrm.example/z",
        )
        .await;
        // Every attempt fails, each once due.
        let mut now = now_seconds();
        for attempt in 1..=outbox::MAX_ATTEMPTS {
            assert_eq!(outbox::send_due(&app.db, &refused, now).await.unwrap(), 0);
            now += outbox::backoff_seconds(attempt);
        }
        // Past its last attempt, nothing tries it again...
        let calls = outbox::send_due(&app.db, &refused, now + 86_400).await;
        assert_eq!(calls.unwrap(), 0);
        let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
        assert_eq!(health["failed_mail"], 1, "the health check counts it");

        // ...but administrators see it, and why.
        let admin = crate::common::staff_sign_in(
            &app,
            "demo.admin@sca.example.gov.uk",
            server::identity::staff::DEMO_PASSWORD,
        )
        .await
        .unwrap();
        let page = app
            .get_as(&admin, app::routes::FAILED_MAIL)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("1 email was not sent."), "{page}");
        assert!(page.contains("gone@met.police.uk"));
        assert!(page.contains("550"), "the mail server's answer is shown");
        let id: String = sqlx::query_scalar("SELECT id FROM outbox")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        let retry = format!("{}/{id}/retry", app::routes::FAILED_MAIL);
        assert!(page.contains(&retry), "its button");

        // A caseworker may not press it.
        let caseworker = crate::common::demo_caseworker(&app).await;
        let response = app.post_as(&caseworker, &retry, &[]).await;
        assert_eq!(response.status().as_u16(), 403);

        let response = app.post_as(&admin, &retry, &[]).await;
        assert_eq!(crate::common::location(&response), app::routes::FAILED_MAIL);
        let health: serde_json::Value = app.get("/healthz").await.json().await.unwrap();
        assert_eq!(health["failed_mail"], 0);
        let (working, received) = smtp_sink("250 accepted").await;
        let working = Mailer::new(
            Some(&working),
            app.mail_dir.clone(),
            "NRM <no-reply@nrm.example>",
        )
        .unwrap();
        assert_eq!(
            outbox::send_due(&app.db, &working, now_seconds())
                .await
                .unwrap(),
            1
        );
        assert_eq!(received.lock().unwrap().len(), 1);
        // The retry is on record, as the administrator's.
        let (actor, target): (String, String) =
            sqlx::query_as("SELECT actor, target FROM audit_log WHERE action = 'mail-retried'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(actor, "demo.admin@sca.example.gov.uk");
        assert_eq!(target, format!("mail:{id}"));
        // Pressed again (an old page): nothing more happens.
        let response = app.post_as(&admin, &retry, &[]).await;
        assert_eq!(crate::common::location(&response), app::routes::FAILED_MAIL);
        let retries: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'mail-retried'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(retries, 1);
    }
);

on_both_databases!(
    two_workers_at_once_send_each_message_once,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let (url, received) = smtp_sink("250 accepted").await;
        let mailer = Mailer::new(
            Some(&url),
            app.mail_dir.clone(),
            "NRM <no-reply@nrm.example>",
        )
        .unwrap();
        for n in 0..30 {
            queue(&app, &format!("p{n}@met.police.uk"), "Hello").await;
        }
        let now = now_seconds();
        let (a, b, c) = tokio::join!(
            outbox::send_due(&app.db, &mailer, now),
            outbox::send_due(&app.db, &mailer, now),
            outbox::send_due(&app.db, &mailer, now),
        );
        assert_eq!(a.unwrap() + b.unwrap() + c.unwrap(), 30);
        let messages = received.lock().unwrap().clone();
        assert_eq!(messages.len(), 30, "each message once");
        let mut to: Vec<&str> = messages
            .iter()
            .filter_map(|m| m.lines().find(|l| l.starts_with("To: ")))
            .collect();
        to.sort_unstable();
        to.dedup();
        assert_eq!(to.len(), 30);
        // Each carries its outbox id, for receivers to drop a second copy.
        assert!(messages.iter().all(|m| m.contains("Message-ID: <")));
    }
);
