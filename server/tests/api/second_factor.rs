//! The staff second factor: setting it up at the first sign-in, signing in
//! with a code or a recovery code, codes never accepted twice (in turn or
//! at once), guessing held to the free tries, an administrator's reset, and
//! the sessions page.

use app::routes;
use server::identity::totp;
use server::platform::clock::now_seconds;
use server::tools::demo::DEMO_SECOND_FACTOR_SECRET;

use crate::common::{code_now, location, pass_second_factor, session_cookie, TestApp};

const KIM: &str = "kim@sca.example.gov.uk";
const KIM_PASSWORD: &str = "kims long password";
const ADMIN: &str = "demo.admin@sca.example.gov.uk";
const CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// A caseworker whose password is set and who has no second factor yet.
async fn kim(app: &TestApp) {
    let email = app::domain::WorkEmail::parse(KIM).unwrap();
    server::identity::accounts::add_if_absent(
        &app.db,
        &email,
        "Kim",
        app::casework::lifecycle::Role::Caseworker,
        "Single Competent Authority",
    )
    .await
    .unwrap();
    server::identity::staff::set_password(&app.db, KIM, KIM_PASSWORD)
        .await
        .unwrap();
}

/// A demo member of staff signed in (password and code): their cookie.
async fn demo_staff(app: &TestApp, email: &str) -> String {
    crate::common::staff_sign_in(app, email, server::identity::staff::DEMO_PASSWORD)
        .await
        .expect("signed in")
}

/// Whether the session opens the queue (or is sent to sign in).
async fn opens_desk(app: &TestApp, cookie: &str) -> bool {
    let response = app.get_as(cookie, routes::CASEWORK).await;
    if response.status().is_success() {
        return true;
    }
    assert_eq!(location(&response), routes::STAFF_SIGN_IN);
    false
}

/// The password step: the half-open session's cookie and where it was sent.
async fn password(app: &TestApp, email: &str, password: &str) -> (String, String) {
    let response = app
        .post_form(
            routes::STAFF_SIGN_IN,
            &[("email", email), ("password", password)],
        )
        .await;
    let to = location(&response);
    (session_cookie(&response).expect("a half-open session"), to)
}

/// A well-formed code that is none of the accepted steps' codes.
fn a_wrong_code(secret: &str) -> String {
    let step = totp::step_at(now_seconds());
    let accepted: Vec<String> = (step - 1..=step + 1)
        .map(|s| totp::code_at(secret, s).unwrap())
        .collect();
    (0..)
        .map(|n| format!("{:06}", 111_111 + n))
        .find(|c| !accepted.contains(c))
        .unwrap()
}

async fn page_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The recovery codes listed on the page that issued them.
fn recovery_codes(page: &str) -> Vec<String> {
    let list = page
        .split("id=\"recovery-codes\"")
        .nth(1)
        .expect("a list of recovery codes")
        .split("</ol>")
        .next()
        .unwrap();
    list.split("<code>")
        .skip(1)
        .map(|rest| rest.split("</code>").next().unwrap().to_owned())
        .collect()
}

on_both_databases!(
    a_first_sign_in_sets_up_the_second_factor_and_codes_work_once,
    with_demo,
    |app: TestApp| async move {
        kim(&app).await;
        let (half, to) = password(&app, KIM, KIM_PASSWORD).await;
        assert_eq!(to, routes::SECOND_FACTOR_SET_UP);
        // Half signed in, nothing of the desk opens and no server function answers.
        assert!(!opens_desk(&app, &half).await);
        let queue = app
            .post_as(&half, "/api/casework-queue", &crate::common::QUEUE_FORM)
            .await
            .text()
            .await
            .unwrap();
        assert!(queue.contains("Sign in as a member of staff"), "{queue}");

        // The set-up page: a QR code drawn on the server, and the key typed out.
        let page = app
            .get_as(&half, routes::SECOND_FACTOR_SET_UP)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("src=\"data:image/svg+xml,"), "a QR code");
        let secret = crate::common::secret_on_set_up_page(&app, &half).await;
        assert_eq!(secret.len(), 32, "the same key on every visit: {secret}");
        assert_eq!(
            crate::common::secret_on_set_up_page(&app, &half).await,
            secret
        );

        // Not a code, then a wrong one: the page again, with the error.
        let (status, page) = page_of(
            app.post_as(&half, routes::SECOND_FACTOR_SET_UP, &[("code", "12 34")])
                .await,
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Enter the code as 6 digits"));
        let wrong = a_wrong_code(&secret);
        let (status, page) = page_of(
            app.post_as(&half, routes::SECOND_FACTOR_SET_UP, &[("code", &wrong)])
                .await,
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("The code is not right"), "{page}");

        // The right code: the answer shows ten recovery codes, once, and a
        // new session (the half-open one is over).
        let code = code_now(&secret);
        let response = app
            .post_as(&half, routes::SECOND_FACTOR_SET_UP, &[("code", &code)])
            .await;
        let full = session_cookie(&response).expect("a new session");
        assert_ne!(full, half, "the id changes at the second factor");
        let (status, page) = page_of(response).await;
        assert_eq!(status, 200);
        let codes = recovery_codes(&page);
        assert_eq!(codes.len(), 10, "{page}");
        assert!(app
            .get_as(&full, routes::CASEWORK)
            .await
            .text()
            .await
            .unwrap()
            .contains("open case"));
        assert!(!opens_desk(&app, &half).await);
        // Stored hashed: no code appears in the table.
        let hashes: Vec<(String,)> =
            sqlx::query_as("SELECT code_hash FROM recovery_code WHERE email = $1")
                .bind(KIM)
                .fetch_all(app.db.pool())
                .await
                .unwrap();
        assert_eq!(hashes.len(), 10);
        for code in &codes {
            let plain = code.replace('-', "");
            assert!(hashes.iter().all(|(h,)| !h.contains(&plain)));
        }
        // Shown once: the set-up page now says it is done, with no codes.
        let (half, to) = password(&app, KIM, KIM_PASSWORD).await;
        assert_eq!(to, routes::SECOND_FACTOR);
        let again = app
            .get_as(&half, routes::SECOND_FACTOR_SET_UP)
            .await
            .text()
            .await
            .unwrap();
        assert!(again.contains("already set up") && !again.contains(&codes[0]));

        // The code that set it up is spent: never accepted twice.
        let (status, page) = page_of(
            app.post_as(&half, routes::SECOND_FACTOR, &[("code", &code)])
                .await,
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("it was used already"));

        // A recovery code works once (typed in capitals, without hyphens).
        let typed = codes[3].replace('-', "").to_uppercase();
        let response = app
            .post_as(&half, routes::RECOVERY_CODE, &[("recovery-code", &typed)])
            .await;
        assert_eq!(location(&response), routes::MY_WORK);
        assert!(session_cookie(&response).is_some());
        let (half, _) = password(&app, KIM, KIM_PASSWORD).await;
        let (status, page) = page_of(
            app.post_as(
                &half,
                routes::RECOVERY_CODE,
                &[("recovery-code", &codes[3])],
            )
            .await,
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("This recovery code is not right, or it was used already"));
        let response = app
            .post_as(
                &half,
                routes::RECOVERY_CODE,
                &[("recovery-code", &codes[4])],
            )
            .await;
        assert_eq!(location(&response), routes::MY_WORK);
    }
);

on_both_databases!(
    one_code_opens_one_session_even_at_once,
    with_demo,
    |app: TestApp| async move {
        // Two browsers past the password, one code sent from both at once.
        let (a, _) = password(&app, CASEWORKER, server::identity::staff::DEMO_PASSWORD).await;
        let (b, _) = password(&app, CASEWORKER, server::identity::staff::DEMO_PASSWORD).await;
        let code = code_now(DEMO_SECOND_FACTOR_SECRET);
        let form = [("code", code.as_str())];
        let (first, second) = tokio::join!(
            app.post_as(&a, routes::SECOND_FACTOR, &form),
            app.post_as(&b, routes::SECOND_FACTOR, &form),
        );
        let passed = [first.status().as_u16(), second.status().as_u16()];
        let pages = [first.text().await.unwrap(), second.text().await.unwrap()];
        assert!(
            passed == [303, 422] || passed == [422, 303],
            "exactly one passes: {passed:?}, {:?}",
            pages.map(|page| page.chars().take(300).collect::<String>())
        );
    }
);

on_both_databases!(
    parallel_wrong_codes_get_no_more_than_the_free_tries,
    with_demo,
    |app: TestApp| async move {
        let (half, _) = password(&app, CASEWORKER, server::identity::staff::DEMO_PASSWORD).await;
        let wrong = a_wrong_code(DEMO_SECOND_FACTOR_SECRET);
        let mut guesses = tokio::task::JoinSet::new();
        for n in 0..50 {
            let (client, url, half) = (
                app.client.clone(),
                app.url(if n % 2 == 0 {
                    routes::SECOND_FACTOR
                } else {
                    routes::RECOVERY_CODE
                }),
                half.clone(),
            );
            let form = if n % 2 == 0 {
                [("code", wrong.clone())]
            } else {
                [("recovery-code", "abcd-efgh-jkmn-pqrs".to_owned())]
            };
            guesses.spawn(async move {
                let response = client
                    .post(url)
                    .header("cookie", half)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 422);
                response.text().await.unwrap()
            });
        }
        let pages = guesses.join_all().await;
        let checked = pages
            .iter()
            .filter(|p| p.contains("is not right, or it was used already"))
            .count();
        let waited = pages
            .iter()
            .filter(|p| p.contains("Too many wrong codes"))
            .count();
        assert_eq!(
            (checked, waited),
            (server::identity::throttle::FREE_FAILURES as usize, 45),
            "app codes and recovery codes share the count"
        );
        // Even the right code waits now.
        let response = app
            .post_as(
                &half,
                routes::SECOND_FACTOR,
                &[("code", &code_now(DEMO_SECOND_FACTOR_SECRET))],
            )
            .await;
        crate::common::assert_refused_with(response, "Too many wrong codes").await;
    }
);

on_both_databases!(
    an_administrator_resets_a_second_factor,
    with_demo,
    |app: TestApp| async move {
        kim(&app).await;
        let kim_session = crate::common::staff_sign_in(&app, KIM, KIM_PASSWORD)
            .await
            .unwrap();
        let admin = demo_staff(&app, ADMIN).await;
        let caseworker = demo_staff(&app, CASEWORKER).await;
        let reset = format!("{}/{KIM}/reset-second-factor", routes::STAFF_ADMIN);
        assert_eq!(
            app.post_as(&caseworker, &reset, &[])
                .await
                .status()
                .as_u16(),
            403,
            "administrators only"
        );
        let page = app
            .post_as(&admin, "/api/staff-accounts", &[])
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(&reset), "a reset button for a set-up factor");
        assert_eq!(
            location(&app.post_as(&admin, &reset, &[]).await),
            routes::STAFF_ADMIN
        );
        // Kim's sessions ended; the reset is recorded; the next sign-in sets up anew.
        assert!(!opens_desk(&app, &kim_session).await);
        let page = app
            .post_as(&admin, "/api/staff-accounts", &[])
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(&format!("Reset by {ADMIN} on")), "{page}");
        assert!(!page.contains(&reset), "nothing left to reset");
        let (half, to) = password(&app, KIM, KIM_PASSWORD).await;
        assert_eq!(to, routes::SECOND_FACTOR_SET_UP);
        assert!(pass_second_factor(&app, KIM, &half, &to).await.is_some());
        assert_eq!(
            app.post_as(&admin, &reset, &[]).await.status().as_u16(),
            303,
            "set up again, it can be reset again"
        );
    }
);

on_both_databases!(
    every_sign_in_step_rotates_the_session,
    with_demo,
    |app: TestApp| async move {
        let before = demo_staff(&app, CASEWORKER).await;
        // Signing in again in the same browser: the old id ends at the password.
        let response = app
            .client
            .post(app.url(routes::STAFF_SIGN_IN))
            .header("cookie", &before)
            .form(&[
                ("email", CASEWORKER),
                ("password", server::identity::staff::DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        let half = session_cookie(&response).unwrap();
        assert_ne!(half, before);
        assert!(!opens_desk(&app, &before).await);
        // The half-open session lasts ten minutes at most.
        let (created, ends): (i64, i64) = sqlx::query_as(
            "SELECT created_at, ends_at FROM user_session WHERE second_factor_due = 1",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(ends - created, 600);
        let full = pass_second_factor(&app, CASEWORKER, &half, &location(&response))
            .await
            .unwrap();
        assert_ne!(full, half);
        let keep_alive = app.post_as(&half, routes::KEEP_ALIVE, &[]).await;
        assert_eq!(
            keep_alive.status().as_u16(),
            401,
            "the half-open id is over"
        );
    }
);

on_both_databases!(
    people_see_and_end_their_own_other_sessions,
    with_demo,
    |app: TestApp| async move {
        let phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        let response = app
            .post_form_with_header(
                routes::STAFF_SIGN_IN,
                &[
                    ("email", CASEWORKER),
                    ("password", server::identity::staff::DEMO_PASSWORD),
                ],
                "user-agent",
                phone,
            )
            .await;
        let half = session_cookie(&response).unwrap();
        let on_phone = app
            .client
            .post(app.url(routes::SECOND_FACTOR))
            .header("cookie", &half)
            .header("user-agent", phone)
            .form(&[("code", code_now(DEMO_SECOND_FACTOR_SECRET))])
            .send()
            .await
            .unwrap();
        let on_phone = session_cookie(&on_phone).unwrap();
        let here = demo_staff(&app, CASEWORKER).await;
        let third = demo_staff(&app, CASEWORKER).await;
        let someone_else = demo_staff(&app, "demo.reviewer@sca.example.gov.uk").await;
        let list: Vec<app::api::SessionEntry> = app
            .post_as(&here, "/api/my-sessions", &[])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list.len(), 3, "{list:?}");
        assert!(list[0].this_one && !list[1].this_one && !list[2].this_one);
        let phone_entry = list
            .iter()
            .find(|s| s.browser == "Chrome on Android")
            .expect("the phone, named");
        assert!(phone_entry.started.contains(" at "));
        // Another person's session is never found.
        let theirs: Vec<app::api::SessionEntry> = app
            .post_as(&someone_else, "/api/my-sessions", &[])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(theirs.len(), 1);
        let response = app
            .post_as(&here, routes::SESSIONS, &[("session", &theirs[0].handle)])
            .await;
        assert_eq!(response.status().as_u16(), 404);
        assert!(opens_desk(&app, &someone_else).await);
        // Ending the phone's session.
        let response = app
            .post_as(&here, routes::SESSIONS, &[("session", &phone_entry.handle)])
            .await;
        assert_eq!(location(&response), "/sessions?ended=one");
        assert!(!opens_desk(&app, &on_phone).await);
        // And all the others.
        let response = app
            .post_as(&here, routes::SESSIONS, &[("all-others", "true")])
            .await;
        assert_eq!(location(&response), "/sessions?ended=all");
        assert!(!opens_desk(&app, &third).await);
        assert!(opens_desk(&app, &here).await);
        let page = app
            .get_as(&here, routes::SESSIONS)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("You are not signed in anywhere else"),
            "{page}"
        );
    }
);
