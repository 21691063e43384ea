//! The referral journey over plain form posts (JavaScript off), on both
//! databases: routing, step order, validation, drafts, sending, uploads.

use crate::common::{location, signed_in, TestApp};
use app::limits::UploadRefusal;
use sqlx::Row;

const ME: &str = "jo@met.police.uk";

use crate::answers::{Answers, ADULT_NRM_END, ADULT_START, DTN_END};

/// Posts a step; returns where it sends the responder.
async fn answer(app: &TestApp, cookie: &str, slug: &str, fields: &[(&str, &str)]) -> String {
    let response = app.post_as(cookie, &format!("/nrm/{slug}"), fields).await;
    let status = response.status().as_u16();
    let to = location(&response);
    assert_eq!(
        status,
        303,
        "{slug}: {}",
        response.text().await.unwrap_or_default()
    );
    to
}

/// Walks the steps in order, checking each leads to the next; returns where the last leads.
async fn walk(app: &TestApp, cookie: &str, routes: &[&[(&str, Answers)]]) -> String {
    let steps: Vec<&(&str, Answers)> = routes.iter().flat_map(|r| r.iter()).collect();
    let mut last = String::new();
    for (i, (slug, fields)) in steps.iter().enumerate() {
        let to = answer(app, cookie, slug, fields).await;
        if let Some((next, _)) = steps.get(i + 1) {
            assert_eq!(to, format!("/nrm/{next}"), "after {slug}");
        }
        last = to;
    }
    last
}

async fn start(app: &TestApp) -> String {
    let cookie = signed_in(app, ME).await;
    let response = app.post_as(&cookie, "/nrm/new", &[]).await;
    assert_eq!(location(&response), "/nrm/reference");
    cookie
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n FROM {table}"
    )))
    .fetch_one(app.db.pool())
    .await
    .unwrap()
    .try_get("n")
    .unwrap()
}

on_both_databases!(
    case_4_to_18_adult_nrm_route_and_send_once,
    |app: TestApp| async move {
        let cookie = start(&app).await;
        let end = walk(&app, &cookie, &[ADULT_START, ADULT_NRM_END]).await;
        assert_eq!(
            end, "/nrm/confirm",
            "case 18: no files goes to check your answers"
        );

        // Check your answers shows every section, with hostile text escaped.
        let page = app
            .get_as(&cookie, "/nrm/confirm")
            .await
            .text()
            .await
            .unwrap();
        for section in [
            "Your report",
            "The potential victim",
            "Who gets the decision",
            "Your details",
            "Evidence",
        ] {
            assert!(page.contains(section), "{section}");
        }
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script>alert(1)"));
        assert!(page.contains("No files uploaded"));
        assert!(page.contains("/nrm/pv-dob?change=true"));

        // Send twice: one referral, one reference.
        let first = app.post_as(&cookie, "/nrm/confirm", &[]).await;
        let second = app.post_as(&cookie, "/nrm/confirm", &[]).await;
        let to = location(&first);
        assert!(to.starts_with("/nrm/confirmation?reference=NRM-"), "{to}");
        assert_eq!(location(&second), to);
        assert_eq!(count(&app, "referral").await, 1);
        assert_eq!(count(&app, "draft").await, 0);

        let page = app.get_as(&cookie, &to).await.text().await.unwrap();
        let reference = to.rsplit_once('=').unwrap().1;
        assert!(page.contains(reference), "case: the reference is on screen");
        assert!(page.contains("5 working days"));
        let email = app.emails_to(ME).await.join("\n");
        assert!(email.contains(reference));
        assert!(
            !email.contains("Ana"),
            "the email carries nothing about the person"
        );

        let row = sqlx::query("SELECT kind, adult_or_child, nation, payload FROM referral")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(row.get::<String, _>("kind"), "NRM");
        assert_eq!(row.get::<String, _>("adult_or_child"), "Adult");
        let payload: serde_json::Value =
            serde_json::from_str(&row.get::<String, _>("payload")).unwrap();
        assert_eq!(payload["WhoToSendDecisionTo"], "Someone else");
        assert_eq!(payload["ExploitationLocationPresented"], "BOTH");
        assert_eq!(payload["Country1"], "Albania");
        assert_eq!(payload["Customer.DOB"], "2000-02-01");
        assert!(payload.get("reference").is_none());
    }
);

on_both_databases!(case_20_adult_dtn_anonymous, |app: TestApp| async move {
    let cookie = start(&app).await;
    let end = walk(&app, &cookie, &[ADULT_START, DTN_END]).await;
    assert_eq!(end, "/nrm/confirm");
    let page = app
        .get_as(&cookie, "/nrm/confirm")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Duty to Notify"));
    assert!(!page.contains("What is their name"));
    let to = location(&app.post_as(&cookie, "/nrm/confirm", &[]).await);
    assert!(to.contains("reference=DTN-"), "{to}");
    let page = app.get_as(&cookie, &to).await.text().await.unwrap();
    assert!(page.contains("Duty to Notify report sent"));
    assert!(
        !page.contains("5 working days"),
        "case 21: no support section for a DtN"
    );
});

on_both_databases!(case_22_to_24_child_route, |app: TestApp| async move {
    let cookie = start(&app).await;
    for (slug, fields) in &ADULT_START[..3] {
        answer(&app, &cookie, slug, fields).await;
    }
    let to = answer(
        &app,
        &cookie,
        "pv-under-age",
        &[("pv-under-age", "not-sure")],
    )
    .await;
    assert_eq!(to, "/nrm/local-authority-contacted-about-child");
    let la = "local-authority-contacted-about-child-local-authority";
    // The page carries the list for the picker's suggestions, with or without JS.
    let page = app
        .get_as(&cookie, "/nrm/local-authority-contacted-about-child")
        .await
        .text()
        .await
        .unwrap();
    let suggestions = page
        .split(&format!(r#"<datalist id="{la}-name-options">"#))
        .nth(1)
        .and_then(|rest| rest.split("</datalist>").next())
        .expect("a datalist");
    assert_eq!(suggestions.matches("<option value=").count(), 451);
    assert!(suggestions.contains(r#"<option value="The Aberdeen City Council"></option>"#));
    let to = answer(
        &app,
        &cookie,
        "local-authority-contacted-about-child",
        &[
            (&format!("{la}-name") as &str, "The Aberdeen City Council"),
            (&format!("{la}-phone"), "01224 522000"),
            (&format!("{la}-email"), "children@aberdeencity.gov.uk"),
        ],
    )
    .await;
    assert_eq!(to, "/nrm/what-is-their-background");
    // The back link on the background page goes to the local authority step (defect 5).
    let page = app
        .get_as(&cookie, "/nrm/what-is-their-background")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(
            r#"href="/nrm/local-authority-contacted-about-child" class="govuk-back-link""#
        ),
        "{page}"
    );
    for (slug, fields) in &ADULT_START[5..] {
        answer(&app, &cookie, slug, fields).await;
    }
    answer(
        &app,
        &cookie,
        "authorities-cooperation",
        &[("authorities-cooperation", "no")],
    )
    .await;
    // Case 23: the consent page needs nothing from a child.
    let to = answer(&app, &cookie, "pv-want-to-submit-nrm", &[]).await;
    assert_eq!(to, "/nrm/pv-name-referral");
});

on_both_databases!(
    a_step_out_of_order_goes_to_the_first_unanswered_step,
    |app: TestApp| async move {
        let cookie = start(&app).await;
        answer(&app, &cookie, "reference", &[("reference", "Case")]).await;
        let response = app.get_as(&cookie, "/nrm/professional-insight").await;
        assert_eq!(response.status().as_u16(), 302);
        assert_eq!(location(&response), "/nrm/organisation");
        let to = answer(
            &app,
            &cookie,
            "professional-insight",
            &[("professional-insight", "x")],
        )
        .await;
        assert_eq!(to, "/nrm/organisation");
        let saved = sqlx::query("SELECT answers FROM draft")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert!(
            !saved
                .get::<String, _>("answers")
                .contains("professional-insight"),
            "nothing saved"
        );
    }
);

on_both_databases!(
    posts_without_a_live_session_go_to_sign_in,
    |app: TestApp| async move {
        let response = app.post_form("/nrm/reference", &[("reference", "x")]).await;
        assert_eq!(location(&response), "/verify/who-do-you-work-for");
        let stale = format!("nrm_session={}", "b".repeat(64));
        let response = app
            .post_as(&stale, "/nrm/reference", &[("reference", "x")])
            .await;
        assert_eq!(location(&response), "/verify/who-do-you-work-for");
        assert_eq!(count(&app, "draft").await, 0);
    }
);

on_both_databases!(
    case_25_to_28_errors_keep_what_was_typed,
    |app: TestApp| async move {
        let cookie = start(&app).await;
        let response = app
            .post_as(&cookie, "/nrm/reference", &[("reference", "")])
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("Enter a name for this report"));
        assert!(page.contains("<title>Error: "));
        for (slug, fields) in &ADULT_START[..5] {
            answer(&app, &cookie, slug, fields).await;
        }
        let long = "y".repeat(15_001);
        let response = app
            .post_as(
                &cookie,
                "/nrm/what-is-their-background",
                &[("birthplace", "<b>Tirana</b>"), ("family", &long)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("Their family must be 15,000 characters or fewer"));
        assert!(page.contains("Enter what you know about their education"));
        assert!(
            page.contains("&lt;b&gt;Tirana&lt;/b&gt;"),
            "typed values come back, escaped"
        );
        assert!(page.contains(&long), "the long text is not lost");
    }
);

on_both_databases!(
    save_and_exit_signs_out_and_keeps_the_draft,
    |app: TestApp| async move {
        let cookie = start(&app).await;
        let response = app
            .post_as(
                &cookie,
                "/nrm/reference",
                &[("reference", "Kept"), ("save-and-exit", "true")],
            )
            .await;
        let to = location(&response);
        assert!(to.starts_with("/report-saved?until="), "{to}");
        assert!(response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        let after = app.get_as(&cookie, "/nrm/reports").await;
        assert_eq!(
            location(&after),
            "/verify/who-do-you-work-for",
            "signed out"
        );
        assert_eq!(count(&app, "draft").await, 1);
        let page = app.get(&to).await.text().await.unwrap();
        assert!(page.contains("Your report has been saved"));
    }
);

on_both_databases!(reports_list_resume_and_delete, |app: TestApp| async move {
    let cookie = start(&app).await;
    for (slug, fields) in &ADULT_START[..4] {
        answer(&app, &cookie, slug, fields).await;
    }
    let page = app
        .get_as(&cookie, "/nrm/reports")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("123"), "the responder's own label");
    assert!(
        page.contains("28 days") || page.contains("29 days"),
        "{page}"
    );
    let id: String = sqlx::query("SELECT id FROM draft")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .get("id");
    // Resume where they left off.
    let other = signed_in(&app, ME).await;
    let response = app
        .post_as(&other, "/nrm/continue-report", &[("id", &id)])
        .await;
    assert_eq!(
        location(&response),
        "/nrm/pv-under-age-at-time-of-exploitation"
    );
    // Someone else cannot resume or delete it.
    let stranger = signed_in(&app, "sam@gmp.police.uk").await;
    let response = app
        .post_as(&stranger, "/nrm/continue-report", &[("id", &id)])
        .await;
    assert_eq!(location(&response), "/nrm/reports");
    app.post_as(&stranger, "/nrm/are-you-sure", &[("id", &id)])
        .await;
    assert_eq!(count(&app, "draft").await, 1);
    let page = app
        .get_as(&cookie, &format!("/nrm/are-you-sure?id={id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Are you sure you want to delete this report?"));
    let response = app
        .post_as(&cookie, "/nrm/are-you-sure", &[("id", &id)])
        .await;
    assert_eq!(location(&response), "/nrm/reports?deleted=true");
    assert_eq!(count(&app, "draft").await, 0);
});

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

async fn to_upload_step(app: &TestApp) -> String {
    let cookie = start(app).await;
    let end = walk(
        app,
        &cookie,
        &[ADULT_START, &ADULT_NRM_END[..ADULT_NRM_END.len() - 1]],
    )
    .await;
    assert_eq!(end, "/nrm/upload-evidence");
    cookie
}

on_both_databases!(
    case_19_and_37_uploads_checked_by_content_size_and_count,
    |app: TestApp| async move {
        let cookie = to_upload_step(&app).await;
        let up = "/nrm/upload-evidence/upload";
        let response = app.upload_as(&cookie, up, "photo.png", PNG.to_vec()).await;
        assert_eq!(location(&response), "/nrm/upload-evidence");
        let page = app
            .get_as(&cookie, "/nrm/upload-evidence")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("photo.png"),
            "case 19: the page lists the file"
        );

        let response = app
            .upload_as(
                &cookie,
                up,
                "statement.pdf",
                b"MZ\x90\0\x03\0\0\0rest".to_vec(),
            )
            .await;
        upload_refused(&app, &cookie, response, UploadRefusal::NotTaken).await;
        // A Word 97–2003 document (macros) is refused with its own reason.
        let ole2 = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of a compound file".to_vec();
        let response = app.upload_as(&cookie, up, "statement.doc", ole2).await;
        upload_refused(&app, &cookie, response, UploadRefusal::OldWord).await;

        let mut big = PNG.to_vec();
        big.resize(25 * 1024 * 1024 + 1, 0);
        let response = app.upload_as(&cookie, up, "big.png", big).await;
        upload_refused(&app, &cookie, response, UploadRefusal::TooLarge).await;
        assert_eq!(count(&app, "evidence_file").await, 1);

        // With one file, continue leads to the description (case 19).
        let to = answer(&app, &cookie, "upload-evidence", &[]).await;
        assert_eq!(to, "/nrm/what-evidence-you-will-submit");
        let response = app
            .post_as(
                &cookie,
                "/nrm/what-evidence-you-will-submit",
                &[("what-evidence-you-will-submit", "")],
            )
            .await;
        assert_eq!(
            response.status().as_u16(),
            422,
            "case 37: the description is required"
        );

        // Remove it again.
        let id: String = sqlx::query("SELECT id FROM evidence_file")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
            .get("id");
        let response = app
            .post_as(&cookie, "/nrm/upload-evidence/remove", &[("id", &id)])
            .await;
        assert_eq!(location(&response), "/nrm/upload-evidence");
        assert_eq!(count(&app, "evidence_file").await, 0);
        let files: Vec<_> = std::fs::read_dir(format!("{}-files", app.mail_dir.display()))
            .unwrap()
            .collect();
        assert!(files.is_empty(), "the bytes are gone too");
    }
);

on_both_databases!(
    a_file_is_kept_and_offered_under_the_ending_of_its_type,
    |app: TestApp| async move {
        let cookie = to_upload_step(&app).await;
        // A PDF named as a program: kept, listed and downloaded as a PDF.
        let response = app
            .upload_as(
                &cookie,
                "/nrm/upload-evidence/upload",
                "invoice.hta",
                b"%PDF-1.7\n%rest".to_vec(),
            )
            .await;
        assert_eq!(location(&response), "/nrm/upload-evidence");
        let page = app
            .get_as(&cookie, "/nrm/upload-evidence")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("invoice.pdf") && !page.contains("invoice.hta"));
        let id: String = sqlx::query_scalar("SELECT id FROM evidence_file")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        let download = app.get_as(&cookie, &format!("/evidence/{id}")).await;
        let disposition = download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.contains("filename=\"invoice.pdf\""),
            "{disposition}"
        );
        assert_eq!(download.headers()["content-type"], "application/pdf");
    }
);

on_both_databases!(
    case_37_the_101st_file_is_refused,
    |app: TestApp| async move {
        let cookie = to_upload_step(&app).await;
        for n in 0..100 {
            let response = app
                .upload_as(
                    &cookie,
                    "/nrm/upload-evidence/upload",
                    &format!("p{n}.png"),
                    PNG.to_vec(),
                )
                .await;
            assert_eq!(response.status().as_u16(), 303, "file {n}");
        }
        let response = app
            .upload_as(
                &cookie,
                "/nrm/upload-evidence/upload",
                "p100.png",
                PNG.to_vec(),
            )
            .await;
        upload_refused(&app, &cookie, response, UploadRefusal::TooMany).await;
        assert_eq!(count(&app, "evidence_file").await, 100);
    }
);

on_both_databases!(
    changes_from_check_answers_return_there_unless_the_branch_needs_more,
    |app: TestApp| async move {
        let cookie = start(&app).await;
        assert_eq!(
            walk(&app, &cookie, &[ADULT_START, DTN_END]).await,
            "/nrm/confirm"
        );
        // A plain answer changed: straight back to check your answers.
        let response = app
            .post_as(
                &cookie,
                "/nrm/professional-insight?change=true",
                &[("professional-insight", "Changed view")],
            )
            .await;
        assert_eq!(location(&response), "/nrm/confirm");
        // The back link of a change goes to check your answers too.
        let page = app
            .get_as(&cookie, "/nrm/professional-insight?change=true")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains(r#"href="/nrm/confirm" class="govuk-back-link""#));
        // Still exploited now: the step that branch needs comes first (spec §3 rule 8).
        let response = app
            .post_as(
                &cookie,
                "/nrm/is-the-potential-victim-still-in-an-exploitative-situation?change=true",
                &[("still-in-exploitative-situation", "yes")],
            )
            .await;
        assert_eq!(
            location(&response),
            "/nrm/reasons-preventing-potential-victim-from-leaving?change=true"
        );
        let response = app
            .post_as(
                &cookie,
                "/nrm/reasons-preventing-potential-victim-from-leaving?change=true",
                &[("what-is-keeping-them-in-situation", "Debt")],
            )
            .await;
        assert_eq!(location(&response), "/nrm/confirm");
        // Cooperation changed to yes on a DtN: the name and contact steps come next.
        let response = app
            .post_as(
                &cookie,
                "/nrm/authorities-cooperation?change=true",
                &[("authorities-cooperation", "yes")],
            )
            .await;
        assert_eq!(location(&response), "/nrm/pv-name-dtn?change=true");
    }
);

on_both_databases!(
    defect_1_the_consent_question_is_the_consent_pages_legend,
    |app: TestApp| async move {
        let cookie = start(&app).await;
        walk(&app, &cookie, &[ADULT_START, &DTN_END[..1]]).await;
        let page = app
            .get_as(&cookie, "/nrm/pv-want-to-submit-nrm")
            .await
            .text()
            .await
            .unwrap();
        let legend_start = page.find("<legend").expect("a legend");
        let legend =
            &page[legend_start..page[legend_start..].find("</legend>").unwrap() + legend_start];
        assert!(
            legend.contains("Do they agree to be referred to the National Referral Mechanism?"),
            "{legend}"
        );
        assert!(!legend.contains("crime reference"));
    }
);

on_both_databases!(
    evidence_is_served_only_to_its_uploader_and_caseworkers,
    with_demo,
    |app: TestApp| async move {
        let cookie = to_upload_step(&app).await;
        let response = app
            .upload_as(
                &cookie,
                "/nrm/upload-evidence/upload",
                "my <statement>.png",
                PNG.to_vec(),
            )
            .await;
        assert_eq!(location(&response), "/nrm/upload-evidence");
        let id: String = sqlx::query("SELECT id FROM evidence_file")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
            .get("id");
        let path = format!("/evidence/{id}");
        let mine = app.get_as(&cookie, &path).await;
        assert_eq!(mine.status().as_u16(), 200);
        let headers = mine.headers().clone();
        assert_eq!(headers["content-type"], "image/png");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["content-length"], PNG.len().to_string().as_str());
        assert!(headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"my _statement_.png\""));
        assert_eq!(mine.bytes().await.unwrap().as_ref(), PNG);

        // A download is never compressed on the way, even for a browser that
        // takes brotli: it keeps its length (and PDFs are compressed already).
        let pdf = b"%PDF-1.4\n%%EOF\n".repeat(200);
        app.upload_as(
            &cookie,
            "/nrm/upload-evidence/upload",
            "notes.pdf",
            pdf.clone(),
        )
        .await;
        let pdf_id: String =
            sqlx::query("SELECT id FROM evidence_file WHERE file_name = 'notes.pdf'")
                .fetch_one(app.db.pool())
                .await
                .unwrap()
                .get("id");
        let download = app
            .client
            .get(app.url(&format!("/evidence/{pdf_id}")))
            .header("cookie", &cookie)
            .header("accept-encoding", "br, gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(download.status().as_u16(), 200);
        assert!(download.headers().get("content-encoding").is_none());
        assert_eq!(
            download.headers()["content-length"],
            pdf.len().to_string().as_str()
        );
        assert_eq!(download.bytes().await.unwrap().as_ref(), pdf.as_slice());

        let colleague = signed_in(&app, "sam@met.police.uk").await;
        assert_eq!(app.get_as(&colleague, &path).await.status().as_u16(), 404);
        assert_eq!(app.get(&path).await.status().as_u16(), 404);
        let staff = crate::common::demo_caseworker(&app).await;
        assert_eq!(
            app.get_as(&staff, &path).await.status().as_u16(),
            404,
            "a draft's files are the uploader's alone"
        );
        sqlx::query("UPDATE evidence_file SET referral_id = 'sent', draft_id = NULL")
            .execute(app.db.pool())
            .await
            .unwrap();
        let theirs = app.get_as(&staff, &path).await;
        assert_eq!(
            theirs.status().as_u16(),
            200,
            "caseworkers read sent evidence"
        );
        assert_eq!(theirs.bytes().await.unwrap().as_ref(), PNG);
        assert_eq!(
            app.get_as(&colleague, "/evidence/no-such-file")
                .await
                .status()
                .as_u16(),
            404
        );
    }
);

async fn with_demo(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with(backend, true).await
}

/// A refused upload goes back to the upload step's own page, which shows
/// the reason as a GOV.UK error (so its forms are the step's).
async fn upload_refused(
    app: &TestApp,
    cookie: &str,
    response: reqwest::Response,
    refusal: UploadRefusal,
) {
    let to = location(&response);
    assert_eq!(
        to,
        format!("/nrm/upload-evidence?upload-refused={}", refusal.as_str())
    );
    let page = app.get_as(cookie, &to).await.text().await.unwrap();
    let message = refusal.message();
    assert!(page.contains("<title>Error: "), "{message}");
    assert!(page.contains("govuk-error-summary"), "{message}");
    assert!(page.contains(&message), "{message}: {page}");
}

async fn with_a_one_megabyte_quota(backend: crate::common::Backend) -> Option<TestApp> {
    crate::common::spawn_with_settings(backend, &[("EVIDENCE_QUOTA_MB", "1")]).await
}

on_both_databases!(
    uploads_stop_at_the_responders_quota_and_each_is_on_record,
    with_a_one_megabyte_quota,
    |app: TestApp| async move {
        let cookie = to_upload_step(&app).await;
        let up = "/nrm/upload-evidence/upload";
        let mut file = PNG.to_vec();
        file.resize(600 * 1024, 0);
        let response = app.upload_as(&cookie, up, "one.png", file.clone()).await;
        assert_eq!(location(&response), "/nrm/upload-evidence");
        // A second 600 KB file would pass 1 MB across the responder's drafts.
        let response = app.upload_as(&cookie, up, "two.png", file).await;
        upload_refused(&app, &cookie, response, UploadRefusal::QuotaFull).await;
        assert_eq!(count(&app, "evidence_file").await, 1);
        let files: Vec<String> = std::fs::read_dir(format!("{}-files", app.mail_dir.display()))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files.len(), 1, "the refused file's bytes are not kept");

        // The draft's start and the file are on record, as the responder's.
        let actions: Vec<(String, String)> = sqlx::query_as(
            "SELECT action, actor FROM audit_log WHERE role <> 'service' ORDER BY seq",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let of = |name: &str| actions.iter().filter(|(a, _)| a == name).count();
        assert_eq!(of("draft-started"), 1);
        assert_eq!(of("evidence-uploaded"), 1);
        assert!(actions.iter().all(|(_, actor)| actor == ME));

        // Removing it is on record too, and frees the space.
        let id: String = sqlx::query_scalar("SELECT id FROM evidence_file")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        app.post_as(&cookie, "/nrm/upload-evidence/remove", &[("id", &id)])
            .await;
        let removed: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'evidence-removed'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        assert_eq!(removed, 1);
        let mut file = PNG.to_vec();
        file.resize(600 * 1024, 0);
        let response = app.upload_as(&cookie, up, "three.png", file).await;
        assert_eq!(location(&response), "/nrm/upload-evidence");
    }
);

on_both_databases!(
    fifty_uploads_at_once_never_pass_the_file_limit,
    |app: TestApp| async move {
        let cookie = to_upload_step(&app).await;
        // 90 files one after another, then 30 at once for the last 10 places.
        for n in 0..90 {
            app.upload_as(
                &cookie,
                "/nrm/upload-evidence/upload",
                &format!("{n}.png"),
                PNG.to_vec(),
            )
            .await;
        }
        let uploads = (0..30).map(|n| {
            let (app, cookie) = (&app, &cookie);
            async move {
                app.upload_as(
                    cookie,
                    "/nrm/upload-evidence/upload",
                    &format!("x{n}.png"),
                    PNG.to_vec(),
                )
                .await
            }
        });
        futures::future::join_all(uploads).await;
        assert_eq!(count(&app, "evidence_file").await, 100);
    }
);
