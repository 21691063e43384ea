//! The pages as a browser without JavaScript gets them.

use crate::common::TestApp;

async fn body_of(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

on_both_databases!(
    start_page_explains_the_service_and_links_to_sign_in,
    |app: TestApp| async move {
        let (status, html) = body_of(&app, "/").await;
        assert_eq!(status, 200);
        assert!(html.contains("<html lang=\"en\""));
        assert!(html.contains("<title>Refer a potential victim of modern slavery</title>"));
        let skip_link = html
            .split("<a ")
            .find(|tag| tag.contains("govuk-skip-link"))
            .expect("a skip link");
        assert!(skip_link.contains("href=\"#main-content\""));
        assert!(html.contains("id=\"main-content\""));
        assert!(html.contains("href=\"/verify/who-do-you-work-for\""));
        assert!(html.contains("Start now"));
        assert!(html.contains("href=\"/accessibility\""));
        assert!(html.contains("href=\"/privacy\""));
        // Not a gov.uk-hosted service: no crown, no GDS Transport.
        assert!(!html.contains("govuk-header__logotype"));
        assert!(!html.contains("govuk-footer__crown"));
    }
);

on_both_databases!(footer_pages_are_real_pages, |app: TestApp| async move {
    let (status, html) = body_of(&app, "/accessibility").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1 class=\"govuk-heading-l\">Accessibility statement</h1>"));
    assert!(html.contains("WCAG"));
    let (status, html) = body_of(&app, "/privacy").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1 class=\"govuk-heading-l\">Privacy notice</h1>"));
    assert!(html.contains("How long we keep it"));
});

on_both_databases!(
    unknown_pages_are_404_with_a_helpful_page,
    |app: TestApp| async move {
        let (status, html) = body_of(&app, "/no-such-page").await;
        assert_eq!(status, 404);
        assert!(html.contains("Page not found"));
        assert!(html.contains("<title>Page not found"));
    }
);

on_both_databases!(
    pages_carry_security_headers_and_a_nonce_policy,
    |app: TestApp| async move {
        let response = app.get("/verify/who-do-you-work-for").await;
        let headers = response.headers().clone();
        let html = response.text().await.unwrap();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["referrer-policy"], "same-origin");
        assert_eq!(headers["cache-control"], "no-store");
        assert!(!headers["x-request-id"].is_empty());
        let csp = headers["content-security-policy"].to_str().unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("policy has a nonce");
        assert!(html.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")));
        assert!(csp.contains("frame-ancestors 'none'"));
        // A second page gets a different nonce.
        let again = app.get("/verify/who-do-you-work-for").await;
        assert!(!again.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(nonce));
    }
);

on_both_databases!(request_ids_are_echoed_or_made, |app: TestApp| async move {
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-123");
});

on_both_databases!(
    reference_lists_are_served_to_the_browser_and_kept_by_version,
    |app: TestApp| async move {
        use app::reference::List;
        let path = |list: List, version: u64| {
            format!("/api/reference-list?list={list:?}&version={version}")
        };
        let response = app.get(&path(List::UkTowns, List::UkTowns.version())).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let text: String = response.json().await.expect("a JSON string");
        assert_eq!(text, List::UkTowns.file_text());
        assert!(text.lines().any(|line| line == "Aberdeen"));

        // A page from before the list changed asks for another version: it
        // gets today's list, not to be kept.
        let response = app.get(&path(List::PoliceForces, 1)).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["cache-control"], "no-cache");
        let text: String = response.json().await.expect("a JSON string");
        assert_eq!(text, List::PoliceForces.file_text());

        // Anything else is refused.
        let response = app
            .get("/api/reference-list?list=Passwords&version=1")
            .await;
        assert!(response.status().is_client_error() || response.status().is_server_error());
        assert!(!response.text().await.unwrap().contains("Aberdeen"));
    }
);

/// `path` as a browser that takes `encoding` (none when empty) gets it.
async fn fetched(app: &TestApp, path: &str, encoding: &str) -> reqwest::Response {
    let request = app.client.get(app.url(path));
    let request = if encoding.is_empty() {
        request
    } else {
        request.header("accept-encoding", encoding)
    };
    request.send().await.expect("request sent")
}

on_both_databases!(
    pages_go_compressed_to_browsers_that_take_it,
    |app: TestApp| async move {
        let fetch = |encoding: &'static str| fetched(&app, "/", encoding);
        // What Chromium asks for: zstd, the cheapest to make of the three.
        let zstd = fetch("gzip, deflate, br, zstd").await;
        assert_eq!(zstd.headers()["content-encoding"], "zstd");
        let zstd_body = zstd.bytes().await.unwrap();
        let zstd_size = zstd_body.len();
        // Weighed lower than brotli, or refused: brotli.
        for asked in ["br;q=1, zstd;q=0.5", "zstd;q=0, br"] {
            let response = fetch(asked).await;
            assert_eq!(response.headers()["content-encoding"], "br", "{asked}");
        }
        let br = fetch("br, gzip").await;
        assert_eq!(br.headers()["content-encoding"], "br");
        assert!(br.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("accept-encoding"));
        let compressed = br.bytes().await.unwrap().len();
        let gzip = fetch("gzip").await;
        assert_eq!(gzip.headers()["content-encoding"], "gzip");
        let plain = fetch("").await;
        assert!(plain.headers().get("content-encoding").is_none());
        // A server function's answer too (the browser's reference lists).
        let list = app::reference::List::UkTowns;
        let answer = app
            .client
            .get(app.url(&format!(
                "/api/reference-list?list={list:?}&version={}",
                list.version()
            )))
            .header("accept-encoding", "br, gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200);
        assert_eq!(answer.headers()["content-encoding"], "br");
        let html = plain.text().await.unwrap();
        assert!(html.contains("Start now"));
        // The zstd page is the whole page (only its script nonce differs),
        // in a frame a 128 KB window decodes.
        let mut decoder = zstd::stream::read::Decoder::new(&zstd_body[..]).unwrap();
        decoder.window_log_max(17).unwrap();
        let mut decoded = String::new();
        std::io::Read::read_to_string(&mut decoder, &mut decoded).unwrap();
        assert_eq!(decoded.len(), html.len());
        assert!(decoded.contains("Start now") && decoded.ends_with("</script>"));
        assert!(
            compressed * 2 < html.len() && zstd_size * 2 < html.len(),
            "brotli {compressed} bytes, zstd {zstd_size}, against {} plain",
            html.len()
        );
    }
);

/// A built site as `cargo leptos build --release --precompress` leaves one
/// (hashed names, each file beside its brotli and gzip copies), in a folder
/// of the test's own.
pub async fn with_built_site(backend: crate::common::Backend) -> Option<TestApp> {
    let root = std::env::temp_dir().join(format!("nrm-site-{}", uuid::Uuid::new_v4().simple()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm = b"\0asm the wasm, raw".repeat(50);
    std::fs::write(pkg.join("nrm.AbCdEfGhIjKlMnOpQrStUv.wasm"), &wasm).unwrap();
    std::fs::write(
        pkg.join("nrm.AbCdEfGhIjKlMnOpQrStUv.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    std::fs::write(
        pkg.join("nrm.AbCdEfGhIjKlMnOpQrStUv.wasm.gz"),
        b"gzip bytes",
    )
    .unwrap();
    std::fs::write(pkg.join("nrm.css"), b"body{}").unwrap();
    let root: &'static str = Box::leak(root.display().to_string().into_boxed_str());
    crate::common::spawn_with_settings(backend, &[("LEPTOS_SITE_ROOT", root)]).await
}

on_both_databases!(
    built_files_go_precompressed_and_hashed_ones_are_cached_for_good,
    with_built_site,
    |app: TestApp| async move {
        let get = |path: &'static str, encoding: &'static str| fetched(&app, path, encoding);
        let wasm = "/pkg/nrm.AbCdEfGhIjKlMnOpQrStUv.wasm";
        let br = get(wasm, "br, gzip").await;
        assert_eq!(br.status().as_u16(), 200);
        assert_eq!(br.headers()["content-encoding"], "br");
        assert_eq!(br.headers()["content-type"], "application/wasm");
        assert_eq!(
            br.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
        let gzip = get(wasm, "gzip").await;
        assert_eq!(gzip.headers()["content-encoding"], "gzip");
        assert_eq!(gzip.bytes().await.unwrap().as_ref(), b"gzip bytes");
        let plain = get(wasm, "").await;
        assert!(plain.headers().get("content-encoding").is_none());
        assert_eq!(plain.bytes().await.unwrap().len(), 18 * 50);
        // An unhashed name (a debug build) is checked again each time.
        let css = get("/pkg/nrm.css", "br, gzip").await;
        assert_eq!(css.status().as_u16(), 200);
        assert_eq!(css.headers()["cache-control"], "no-cache");
        // Nothing else is served from the folder: a missing file is a 404.
        assert_eq!(get("/pkg/nrm.js", "").await.status().as_u16(), 404);
    }
);
