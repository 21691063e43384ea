//! Signing in with an emailed, single-use link (spec cases 1 to 3).

use crate::common::{session_cookie, TestApp};
use server::identity::sessions;
use server::identity::sign_in_links;
use server::platform::clock::now_seconds;
use server::platform::mail::Mailer;
use server::platform::outbox;

const WHO: &str = "/verify/who-do-you-work-for";

/// The sign-in link in an email (quoted-printable may fold long lines).
fn link_in(email: &str) -> String {
    let unfolded = email
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    unfolded
        .split_whitespace()
        .find(|w| w.contains("/nrm/start?token="))
        .expect("a sign-in link in the email")
        .to_owned()
}

fn token_of(link: &str) -> String {
    link.rsplit_once("token=").unwrap().1.to_owned()
}

/// Asks for a sign-in link as a responder does, on the form.
pub async fn ask_for_link(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_form(
        WHO,
        &[("organisation", "Police Scotland"), ("email", email)],
    )
    .await
}

async fn press_continue(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_form("/nrm/start", &[("token", token)]).await
}

/// Signs in as `email` through the real link; returns the session cookie.
async fn sign_in(app: &TestApp, email: &str) -> String {
    ask_for_link(app, email).await;
    let token = token_of(&link_in(&app.emails_to(email).await[0]));
    session_cookie(&press_continue(app, &token).await).expect("a session cookie")
}

on_both_databases!(
    spec_case_1_an_unlisted_domain_is_not_recognised,
    |app: TestApp| async move {
        let response = ask_for_link(&app, "test@test.com").await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(
            response.headers()["location"],
            "/verify/email-not-recognised"
        );
        let page = app
            .get("/verify/email-not-recognised")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("We do not recognise that email address"));
        // The suffix matches on a dot boundary only.
        let response = ask_for_link(&app, "someone@xpolice.uk").await;
        assert_eq!(
            response.headers()["location"],
            "/verify/email-not-recognised"
        );
        assert!(app.emails_to("test@test.com").await.is_empty());
    }
);

on_both_databases!(
    spec_cases_2_and_3_a_link_is_emailed_and_works_once,
    |app: TestApp| async move {
        let response = ask_for_link(&app, "Jo.Bloggs@Scotland.Police.UK").await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/verify/check-inbox");

        let emails = app.emails_to("Jo.Bloggs@scotland.police.uk").await;
        assert_eq!(emails.len(), 1, "one email");
        let link = link_in(&emails[0]);
        assert!(link.starts_with(&app.base) || link.starts_with("http://127.0.0.1:"));
        let token = token_of(&link);
        assert_eq!(token.len(), 64, "256-bit token");

        // Opening the link only shows a button: a mail scanner cannot use it up.
        let landing = app.get(&format!("/nrm/start?token={token}")).await;
        assert_eq!(landing.status().as_u16(), 200);
        assert!(landing
            .text()
            .await
            .unwrap()
            .contains(&format!("value=\"{token}\"")));

        let first = press_continue(&app, &token).await;
        assert_eq!(first.status().as_u16(), 303);
        assert_eq!(first.headers()["location"], "/nrm/reports");
        let cookie = session_cookie(&first).expect("a session cookie");
        let set_cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));

        let reports = app
            .client
            .get(app.url("/nrm/reports"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(reports.status().as_u16(), 200);
        let html = reports.text().await.unwrap();
        assert!(html.contains("Your reports"));
        assert!(html.contains("Jo.Bloggs@scotland.police.uk"));

        // Used once: a second press fails.
        let second = press_continue(&app, &token).await;
        assert_eq!(second.headers()["location"], "/nrm/token-invalid");
        assert!(session_cookie(&second).is_none());
    }
);

on_both_databases!(
    spec_case_3_an_expired_or_unknown_link_is_refused,
    |app: TestApp| async move {
        let email = app::domain::WorkEmail::parse("old@met.police.uk").unwrap();
        let org = app::domain::OrganisationName::parse("Metropolitan Police").unwrap();
        // Issued 31 minutes ago: past its 30 minutes.
        sign_in_links::issue(&app.db, &email, &org, &app.base, now_seconds() - 31 * 60)
            .await
            .unwrap();
        // Nothing woke the worker: send the queued mail directly.
        let mailer = Mailer::new(None, app.mail_dir.clone(), "Test <test@nrm.example>").unwrap();
        outbox::send_due(&app.db, &mailer, now_seconds())
            .await
            .unwrap();
        let emails = app.emails_to("old@met.police.uk").await;
        let token = token_of(&link_in(&emails[0]));
        let response = press_continue(&app, &token).await;
        assert_eq!(response.headers()["location"], "/nrm/token-invalid");

        for junk in ["", "abc", &"0".repeat(64), "../../etc/passwd"] {
            let response = press_continue(&app, junk).await;
            assert_eq!(
                response.headers()["location"],
                "/nrm/token-invalid",
                "{junk}"
            );
        }
        let page = app.get("/nrm/token-invalid").await;
        assert_eq!(page.status().as_u16(), 200);
        assert!(page.text().await.unwrap().contains("Get a new link"));
    }
);

on_both_databases!(
    tokens_and_sessions_are_stored_only_as_hashes,
    |app: TestApp| async move {
        ask_for_link(&app, "hash@met.police.uk").await;
        let emails = app.emails_to("hash@met.police.uk").await;
        let token = token_of(&link_in(&emails[0]));
        let stored: (String,) = sqlx::query_as("SELECT token_hash FROM sign_in_token")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_ne!(stored.0, token);
        assert!(!stored.0.contains(&token));

        let cookie = session_cookie(&press_continue(&app, &token).await).unwrap();
        let id = cookie.trim_start_matches("nrm_session=");
        let stored: (String,) = sqlx::query_as("SELECT id_hash FROM user_session")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_ne!(stored.0, id);

        // Once sent, the outbox no longer holds the link.
        let body: (String,) = sqlx::query_as("SELECT body FROM outbox WHERE sent_at IS NOT NULL")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(body.0, "");
    }
);

on_both_databases!(
    signed_out_users_get_only_the_sign_in_page,
    |app: TestApp| async move {
        let response = app.get("/nrm/reports").await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], WHO);
        let forged = app
            .client
            .get(app.url("/nrm/reports"))
            .header("cookie", format!("nrm_session={}", "a".repeat(64)))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.headers()["location"], WHO);
    }
);

on_both_databases!(signing_out_ends_the_session, |app: TestApp| async move {
    let cookie = sign_in(&app, "out@met.police.uk").await;
    let out = app.post_as(&cookie, "/sign-out", &[]).await;
    assert_eq!(out.headers()["location"], "/signed-out");
    assert!(out.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after = app.get_as(&cookie, "/nrm/reports").await;
    assert_eq!(after.headers()["location"], WHO);
    let id = cookie.trim_start_matches("nrm_session=");
    assert!(sessions::find(&app.db, id, 3600, now_seconds())
        .await
        .unwrap()
        .is_none());
});

on_both_databases!(
    posts_from_other_sites_are_refused,
    |app: TestApp| async move {
        let form = [
            ("organisation", "Metropolitan Police Service"),
            ("email", "a@met.police.uk"),
        ];
        let evil = app
            .post_form_with_header(WHO, &form, "origin", "https://evil.example")
            .await;
        assert_eq!(evil.status().as_u16(), 403);
        let cross = app
            .post_form_with_header(WHO, &form, "sec-fetch-site", "cross-site")
            .await;
        assert_eq!(cross.status().as_u16(), 403);
        // Our host over another scheme is another origin.
        let https = app.base.replace("http://", "https://");
        let other_scheme = app
            .post_form_with_header(WHO, &form, "origin", &https)
            .await;
        assert_eq!(other_scheme.status().as_u16(), 403);
        // A post that does not say where it came from (curl, a script) is refused.
        let bare = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(app.url(WHO))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(bare.status().as_u16(), 403);
        let (queued,): (i64,) = sqlx::query_as("SELECT COUNT(*) AS n FROM outbox")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(queued, 0, "no refused post sent a link");
        // Our own origin is fine, and so is a browser's same-origin fetch.
        let own = app
            .post_form_with_header(WHO, &form, "origin", &app.base)
            .await;
        assert_eq!(own.status().as_u16(), 303);
        let fetched = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(app.url(WHO))
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(fetched.status().as_u16(), 303);
    }
);

on_both_databases!(
    over_https_the_cookie_is_host_bound_and_browsers_are_told_https_only,
    crate::common::spawn_https,
    |app: TestApp| async move {
        let page = app.get(WHO).await;
        assert_eq!(
            page.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains"
        );
        ask_for_link(&app, "secure@met.police.uk").await;
        let token = token_of(&link_in(&app.emails_to("secure@met.police.uk").await[0]));
        let response = press_continue(&app, &token).await;
        let set = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(set.starts_with("__Host-nrm_session="), "{set}");
        assert!(set.contains("; Secure") && set.contains("; Path=/") && !set.contains("Domain"));
        let cookie = set.split(';').next().unwrap().to_owned();
        assert_eq!(app.get_as(&cookie, "/nrm/reports").await.status(), 200);
        // The plain name, which another host could have set, opens nothing.
        let plain = cookie.replace("__Host-nrm_session", "nrm_session");
        assert_eq!(app.get_as(&plain, "/nrm/reports").await.status(), 303);
        // Our page posting from the plain-HTTP address is another origin.
        let form = [
            ("organisation", "Metropolitan Police Service"),
            ("email", "a@met.police.uk"),
        ];
        let http = app
            .post_form_with_header(WHO, &form, "origin", "http://nrm.example.gov.uk")
            .await;
        assert_eq!(http.status().as_u16(), 403);
    }
);

on_both_databases!(
    keep_alive_needs_a_session_and_keeps_it,
    |app: TestApp| async move {
        let anonymous = app.post_form("/session/keep-alive", &[]).await;
        assert_eq!(anonymous.status().as_u16(), 401);
        ask_for_link(&app, "alive@met.police.uk").await;
        let token = token_of(&link_in(&app.emails_to("alive@met.police.uk").await[0]));
        let cookie = session_cookie(&press_continue(&app, &token).await).unwrap();
        let alive = app
            .client
            .post(app.url("/session/keep-alive"))
            .header("cookie", &cookie)
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap();
        assert_eq!(alive.status().as_u16(), 204);
        // Signed-in pages carry the timeout for the warning.
        let html = app
            .client
            .get(app.url("/nrm/reports"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"timeout-warning\""));
        assert!(html.contains("we will sign you out in 5 minutes"));
        // Signed-out pages do not.
        let start = app.get("/").await.text().await.unwrap();
        assert!(!start.contains("id=\"timeout-warning\""));
    }
);

on_both_databases!(
    an_idle_session_ends,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let user = app::session::SignedIn {
            email: "idle@met.police.uk".into(),
            organisation: "Met".into(),
        };
        let idle = 3600;
        let now = now_seconds();
        let lifetime = sessions::Lifetime {
            idle,
            max: 12 * 3600,
        };
        let id = sessions::start(&app.db, &user, lifetime, now - 2 * idle)
            .await
            .unwrap();
        // Used within the hour, it lives on for an hour from that use...
        let used = now - idle - 10;
        let found = sessions::find(&app.db, &id, idle, used).await.unwrap();
        assert_eq!(found, Some(user));
        // ...and no longer: by now it has been idle for an hour and ten seconds.
        assert!(sessions::find(&app.db, &id, idle, now)
            .await
            .unwrap()
            .is_none());
        let page = app
            .get_as(&format!("nrm_session={id}"), "/nrm/reports")
            .await;
        assert_eq!(page.headers()["location"], WHO);
    }
);

on_both_databases!(
    static_files_do_not_touch_the_session,
    |app: TestApp| async move {
        let cookie = sign_in(&app, "assets@met.police.uk").await;
        let seen = || async {
            let row: (i64,) = sqlx::query_as("SELECT last_seen_at FROM user_session")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            row.0
        };
        sqlx::query("UPDATE user_session SET last_seen_at = 1")
            .execute(app.db.pool())
            .await
            .unwrap();
        app.get_as(&cookie, "/favicon.svg").await;
        app.get_as(&cookie, "/pkg/nrm.css").await;
        app.get_as(&cookie, "/healthz").await;
        assert_eq!(seen().await, 1);
        app.get_as(&cookie, "/nrm/reports").await;
        assert!(seen().await > 1);
    }
);

on_both_databases!(
    a_session_is_written_at_most_once_a_minute,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let user = app::session::SignedIn {
            email: "busy@met.police.uk".into(),
            organisation: "Met".into(),
        };
        let start = now_seconds() - 600;
        let lifetime = sessions::Lifetime {
            idle: 3600,
            max: 12 * 3600,
        };
        let id = sessions::start(&app.db, &user, lifetime, start)
            .await
            .unwrap();
        let seen = || async {
            let row: (i64,) = sqlx::query_as("SELECT last_seen_at FROM user_session")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            row.0
        };
        assert!(sessions::find(&app.db, &id, 3600, start + 30)
            .await
            .unwrap()
            .is_some());
        assert_eq!(seen().await, start, "no write within the minute");
        assert!(sessions::find(&app.db, &id, 3600, start + 61)
            .await
            .unwrap()
            .is_some());
        assert_eq!(seen().await, start + 61);
    }
);

/// The emails sent to `to`, once there are `n` (the worker sends them a moment later).
async fn emails_counted(app: &TestApp, to: &str, n: usize) -> Vec<String> {
    for _ in 0..50 {
        let emails = app.emails_to(to).await;
        if emails.len() >= n {
            return emails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("fewer than {n} emails to {to}");
}

/// How many sign-in emails have been queued for `email` (sent or not): the
/// outbox rows still waiting, and the messages delivered to the mail folder
/// (a sent row is blanked of its recipient), counted once each by outbox id.
async fn links_queued_for(app: &TestApp, email: &str) -> usize {
    let waiting: Vec<String> = sqlx::query_scalar("SELECT id FROM outbox WHERE recipient = $1")
        .bind(email)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    let to = format!("To: {email}");
    let delivered = std::fs::read_dir(&app.mail_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| {
            std::fs::read_to_string(entry.path())
                .is_ok_and(|text| text.lines().any(|line| line.trim_end() == to))
        })
        .filter_map(|entry| {
            let path = entry.path();
            Some(path.file_stem()?.to_str()?.to_owned())
        });
    let ids: std::collections::BTreeSet<String> = waiting.into_iter().chain(delivered).collect();
    ids.len()
}

on_both_databases!(
    a_new_link_revokes_the_older_ones_and_an_address_gets_three_per_window,
    |app: TestApp| async move {
        let email = "many@met.police.uk";
        ask_for_link(&app, email).await;
        let first = token_of(&link_in(&app.emails_to(email).await[0]));
        ask_for_link(&app, email).await;
        // Only the newest link works.
        assert_eq!(
            press_continue(&app, &first).await.headers()["location"],
            "/nrm/token-invalid"
        );
        ask_for_link(&app, email).await;
        assert_eq!(links_queued_for(&app, email).await, 3);
        // The fourth and later in the window get the same calm answer and no email.
        for _ in 0..3 {
            let response = ask_for_link(&app, email).await;
            assert_eq!(response.headers()["location"], "/verify/check-inbox");
        }
        assert_eq!(links_queued_for(&app, email).await, 3);
        // The newest link sent still works.
        let emails = emails_counted(&app, email, 3).await;
        let newest = token_of(&link_in(&emails[2]));
        let signed_in = press_continue(&app, &newest).await;
        assert_eq!(signed_in.headers()["location"], "/nrm/reports");
        // Another address is not held up, and after the window the address may ask again.
        ask_for_link(&app, "other@met.police.uk").await;
        assert_eq!(links_queued_for(&app, "other@met.police.uk").await, 1);
        sqlx::query("UPDATE attempt_gate SET window_start = window_start - 901")
            .execute(app.db.pool())
            .await
            .unwrap();
        ask_for_link(&app, email).await;
        assert_eq!(links_queued_for(&app, email).await, 4);
    }
);

on_both_databases!(
    one_client_gets_at_most_thirty_links_per_window,
    |app: TestApp| async move {
        for n in 0..30 {
            ask_for_link(&app, &format!("person{n}@met.police.uk")).await;
        }
        let response = ask_for_link(&app, "person30@met.police.uk").await;
        assert_eq!(response.headers()["location"], "/verify/check-inbox");
        assert_eq!(links_queued_for(&app, "person29@met.police.uk").await, 1);
        assert_eq!(links_queued_for(&app, "person30@met.police.uk").await, 0);
    }
);

on_both_databases!(
    a_busy_session_still_ends_at_its_absolute_lifetime,
    crate::common::spawn_without_jobs,
    |app: TestApp| async move {
        let user = app::session::SignedIn {
            email: "busy.all.day@met.police.uk".into(),
            organisation: "Met".into(),
        };
        let lifetime = sessions::Lifetime {
            idle: 3600,
            max: 12 * 3600,
        };
        let start = now_seconds() - 13 * 3600;
        let id = sessions::start(&app.db, &user, lifetime, start)
            .await
            .unwrap();
        // Used every half hour all day, it lives until twelve hours after sign-in...
        for half_hours in 1..24 {
            let at = start + half_hours * 1800;
            assert!(
                sessions::find(&app.db, &id, 3600, at)
                    .await
                    .unwrap()
                    .is_some(),
                "at {half_hours} half hours"
            );
        }
        // ...and not a moment longer, however recently it was used.
        assert!(sessions::find(&app.db, &id, 3600, start + 12 * 3600)
            .await
            .unwrap()
            .is_none());
        let cookie = format!("nrm_session={id}");
        assert_eq!(
            app.get_as(&cookie, "/nrm/reports").await.headers()["location"],
            WHO
        );
    }
);

on_both_databases!(
    signing_in_again_replaces_the_browsers_old_session,
    |app: TestApp| async move {
        let before = sign_in(&app, "twice@met.police.uk").await;
        assert_eq!(app.get_as(&before, "/nrm/reports").await.status(), 200);
        // The same browser (the old cookie with it) signs in again.
        ask_for_link(&app, "twice@met.police.uk").await;
        let emails = emails_counted(&app, "twice@met.police.uk", 2).await;
        let token = token_of(&link_in(&emails[1]));
        let response = app
            .post_as(&before, "/nrm/start", &[("token", token.as_str())])
            .await;
        let after = session_cookie(&response).expect("a new session");
        assert_ne!(after, before, "a new id");
        assert_eq!(app.get_as(&after, "/nrm/reports").await.status(), 200);
        assert_eq!(
            app.get_as(&before, "/nrm/reports").await.headers()["location"],
            WHO,
            "the old id opens nothing"
        );
    }
);
