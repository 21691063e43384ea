//! The first sign-in question, posted as a plain form (JavaScript off).

use crate::common::TestApp;
use app::forms::{FormSpec, FormValues};
use app::sign_in::WhoDoYouWorkFor;

const PAGE: &str = "/verify/who-do-you-work-for";

/// The messages the shared rule gives for this input, in page order.
fn expected_messages(organisation: &str, email: &str) -> Vec<String> {
    let values = FormValues::from_pairs(
        [("organisation", organisation), ("email", email)],
        WhoDoYouWorkFor::FIELDS,
    );
    WhoDoYouWorkFor::errors(&values)
        .into_iter()
        .map(|e| e.message)
        .collect()
}

on_both_databases!(
    empty_answers_show_the_shared_rules_errors,
    |app: TestApp| async move {
        let response = app
            .post_form(PAGE, &[("organisation", ""), ("email", "")])
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let html = response.text().await.unwrap();
        let expected = expected_messages("", "");
        assert_eq!(expected.len(), 2);
        assert!(html.contains("<title>Error: Who do you work for?"));
        assert!(html.contains("There is a problem"));
        assert!(html.contains("id=\"error-summary\""));
        assert!(html.contains("autofocus"));
        // Each message links from the summary to its field, and shows inline.
        for (field, message) in ["organisation", "email"].iter().zip(&expected) {
            assert!(
                html.contains(&format!(
                    "<a href=\"#{field}\" target=\"_self\">{message}</a>"
                )),
                "{message}"
            );
            assert!(html.contains(&format!("<p id=\"{field}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error: </span>{message}</p>")), "{message}");
        }
        assert!(html.contains("aria-describedby=\"email-hint email-error\""));
        assert!(html.contains("govuk-input--error"));
    }
);

on_both_databases!(
    spec_case_1_badly_formed_email_keeps_what_was_typed,
    |app: TestApp| async move {
        let response = app
            .post_form(
                PAGE,
                &[("organisation", "Police Scotland"), ("email", "test@.com")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let html = response.text().await.unwrap();
        let expected = expected_messages("Police Scotland", "test@.com");
        assert_eq!(expected.len(), 1);
        assert!(html.contains(&expected[0]));
        assert!(html.contains("value=\"Police Scotland\""));
        assert!(html.contains("value=\"test@.com\""));
        assert!(!html.contains("Enter the name of the organisation"));
    }
);

on_both_databases!(
    a_valid_answer_goes_on_to_check_your_email,
    |app: TestApp| async move {
        let response = app
            .post_form(
                PAGE,
                &[
                    ("organisation", "Police Scotland"),
                    ("email", "jo@scotland.police.uk"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/verify/check-inbox");
        let (status, html) = {
            let r = app.get("/verify/check-inbox").await;
            (r.status().as_u16(), r.text().await.unwrap())
        };
        assert_eq!(status, 200);
        assert!(html.contains("Check your email"));
    }
);

on_both_databases!(hostile_input_is_shown_escaped, |app: TestApp| async move {
    let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let response = app
        .post_form(
            PAGE,
            &[("organisation", payload), ("email", "not an email")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
});

on_both_databases!(
    fields_the_form_does_not_have_are_ignored,
    |app: TestApp| async move {
        let response = app
            .post_form(
                PAGE,
                &[("organisation", ""), ("email", ""), ("extra", "<b>x</b>")],
            )
            .await;
        let html = response.text().await.unwrap();
        assert!(!html.contains("<b>x</b>"));
        assert!(!html.contains("&lt;b&gt;x"));
    }
);

on_both_databases!(
    bodies_that_are_not_forms_or_too_large_are_refused,
    |app: TestApp| async move {
        let json = app
            .client
            .post(app.url(PAGE))
            .header("content-type", "application/json")
            .body(r#"{"email":"a@b.com"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(json.status().as_u16(), 415);
        let huge = "x".repeat(300 * 1024);
        let big = app
            .post_form(PAGE, &[("organisation", &huge), ("email", "")])
            .await;
        assert_eq!(big.status().as_u16(), 413);
        let overlong = "x".repeat(201);
        let long = app
            .post_form(PAGE, &[("organisation", &overlong), ("email", "a@b.com")])
            .await;
        crate::common::assert_refused_with(long, "200 characters or fewer").await;
    }
);

on_both_databases!(
    an_organisation_not_in_the_list_is_refused_and_nothing_is_sent,
    |app: TestApp| async move {
        let form = [
            ("organisation", "Metropolitan Police"),
            ("email", "jo@met.police.uk"),
        ];
        let response = app.post_form(PAGE, &form).await;
        assert_eq!(response.status().as_u16(), 422);
        let html = response.text().await.unwrap();
        let expected = expected_messages(form[0].1, form[1].1);
        assert_eq!(expected.len(), 1);
        assert!(html.contains(&expected[0]), "{}", expected[0]);
        assert!(html.contains("value=\"jo@met.police.uk\""), "kept");
        let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(sent, 0, "no link");
        // The page suggests every organisation of the list.
        let page = app.get(PAGE).await.text().await.unwrap();
        assert_eq!(page.matches("<option value=").count(), 526);
        assert!(page.contains("list=\"organisation-options\""));
        // The list's name in any case or spacing is the list's entry.
        let response = app
            .post_form(
                PAGE,
                &[
                    ("organisation", " metropolitan police   SERVICE"),
                    ("email", "jo@met.police.uk"),
                ],
            )
            .await;
        assert_eq!(crate::common::location(&response), app::routes::CHECK_INBOX);
    }
);

on_both_databases!(
    free_attempts_stamped_out_of_order_all_pass,
    |app: TestApp| async move {
        use server::identity::throttle::{backoff, Counted, Gate};
        // Two requests at the same moment, the later-stamped one counted
        // first: while attempts are free neither waits.
        let client = Counted::PasswordsFrom("192.0.2.7");
        let now = server::platform::clock::now_seconds();
        assert_eq!(
            backoff(&app.db, client, 20, now + 1).await.unwrap(),
            Gate::Open
        );
        assert_eq!(backoff(&app.db, client, 20, now).await.unwrap(), Gate::Open);
    }
);
