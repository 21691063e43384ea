//! The router: pages, form posts, health check, static files and the layers around them.

use app::{routes, shell, App};
use axum::{
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderName, HeaderValue, Request, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::{
    compression::{CompressionLayer, DefaultPredicate, Predicate},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::casework::case_posts;
use crate::casework::documents;
use crate::casework::export;
use crate::casework::failed_mail;
use crate::casework::sent_cases;
use crate::casework::statistics;
use crate::evidence;
use crate::identity::sign_in;
use crate::identity::staff;
use crate::identity::{responder_admin, second_factor_steps, session_list, staff_admin};
use crate::journey::posts;
use crate::platform::outbox;
use crate::platform::telemetry;
use crate::web::context::{provide_page_context, AppState};
use crate::web::guards;
use crate::web::offline;
use crate::web::zstd_pages;

/// An upload's whole request: the largest file plus room for the form's other parts.
const UPLOAD_BODY_LIMIT: usize = crate::evidence::MAX_FILE_BYTES as usize + 64 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static(crate::web::client::REQUEST_ID);

/// The app's pages, found by running the app once. Leptos suppresses every
/// resource in the process while it does (a process-wide flag), and a page
/// whose resource first runs in that moment never finishes: so it is done
/// once per process, before any page is served, however many servers the
/// process starts (the tests start one per test, side by side).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let route_list = route_list();
    let options = state.leptos_options.clone();
    let page_context = {
        let state = state.clone();
        move || provide_page_context(&state)
    };
    let server_fn_state = state.clone();
    Router::new()
        .route(routes::HEALTHZ, get(healthz))
        .route(routes::OFFLINE_WORKER, get(offline::get_worker))
        .leptos_routes_with_context(&state, route_list, page_context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .route(
            routes::WHO_DO_YOU_WORK_FOR,
            post(sign_in::post_who_do_you_work_for),
        )
        .route(routes::SIGN_IN_LINK, post(sign_in::post_sign_in_link))
        .route(routes::SIGN_OUT, post(sign_in::post_sign_out))
        .route(routes::KEEP_ALIVE, post(sign_in::post_keep_alive))
        .route(routes::NEW_REPORT, post(posts::post_new_report))
        .route(routes::CONTINUE_REPORT, post(posts::post_continue_report))
        .route(routes::DELETE_REPORT, post(posts::post_delete_report))
        .route(routes::CONFIRM, post(posts::post_confirm))
        .route(
            routes::UPLOAD,
            post(posts::post_upload)
                // The file's own limit is checked as it streams; this bounds the whole body.
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(routes::REMOVE_UPLOAD, post(posts::post_remove_upload))
        .route("/nrm/{step}", post(posts::post_step))
        .route("/nrm/cases/{reference}", post(sent_cases::post_sent_case))
        .route(routes::STAFF_SIGN_IN, post(staff::post_sign_in))
        .route(routes::STAFF_PASSWORD, post(staff::post_change_password))
        .route(routes::SECOND_FACTOR, post(second_factor_steps::post_code))
        .route(
            routes::SECOND_FACTOR_SET_UP,
            post(second_factor_steps::post_set_up),
        )
        .route(
            routes::RECOVERY_CODE,
            post(second_factor_steps::post_recovery_code),
        )
        .route(routes::SESSIONS, post(session_list::post_end))
        .route("/casework/cases/{reference}", post(case_posts::post_case))
        .route(
            routes::ADD_DOCUMENT_ROUTE,
            post(documents::post_add).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/evidence/{id}", get(evidence::download::get_file))
        .route("/casework/statistics/{file}", get(statistics::get_csv))
        .route(routes::STAFF_ADMIN, post(staff_admin::post_create))
        .route(
            "/casework/admin/staff/{email}/{action}",
            post(staff_admin::post_active),
        )
        .route(
            routes::RESPONDERS_ADMIN,
            post(responder_admin::post_hand_over),
        )
        .route(
            "/casework/admin/responders/{email}/{action}",
            post(responder_admin::post_bar),
        )
        .route(
            "/casework/admin/failed-mail/{id}/retry",
            post(failed_mail::post_retry),
        )
        .route("/casework/admin/export/{file}", get(export::get_export))
        .route(
            "/api/{*function}",
            post(move |request: Request<axum::body::Body>| {
                let state = server_fn_state.clone();
                async move {
                    leptos_axum::handle_server_fns_with_context(
                        move || provide_page_context(&state),
                        request,
                    )
                    .await
                }
            }),
        )
        .nest_service(&format!("/{}", options.site_pkg_dir), built_files(&options))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(leptos::nonce::provide_nonce, shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guards::resolve_session,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guards::same_origin_posts,
        ))
        .layer(middleware::from_fn(no_store_for_pages))
        // Headers every response carries. The content security policy needs
        // the page's nonce, so it is set where the page is rendered (app::csp).
        .layer(
            ServiceBuilder::new()
                // Served over HTTPS: browsers are to use nothing else for a year.
                .option_layer(state.config.secure_cookies().then(|| {
                    header_layer(
                        header::STRICT_TRANSPORT_SECURITY,
                        "max-age=31536000; includeSubDomains",
                    )
                }))
                .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
                // same-origin: addresses never leak to other sites, and our own
                // form posts keep their Origin header (no-referrer makes it "null").
                .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
                .layer(header_layer(
                    HeaderName::from_static("permissions-policy"),
                    "camera=(), geolocation=(), microphone=()",
                )),
        )
        // Pages and server-function answers go compressed to browsers that
        // take it: zstd first (Chromium and Firefox ask for it; `zstd_pages`,
        // with tables sized for a page), else brotli (at quality 4), else
        // gzip. Brotli was half of the server's work on a desk page
        // (callgrind: 5 M of 10 M instructions for the queue); zstd costs a
        // fraction of that for a few per cent more bytes. Built files are
        // not compressed here: they are compressed once when built
        // (`built_files`). Downloads never are (see `compressible`).
        .layer(middleware::from_fn(
            |request: Request<axum::body::Body>, next: Next| {
                zstd_pages::encode(worth_compressing(), request, next)
            },
        ))
        .layer(
            CompressionLayer::new()
                .zstd(false)
                .br(true)
                .gzip(true)
                .compress_when(worth_compressing()),
        )
        .layer(middleware::from_fn(time_limit))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(telemetry::request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Reports whether the service can reach its database.
async fn healthz(State(state): State<AppState>) -> Response {
    let checked = match state.db.check().await {
        Ok(()) => outbox::failed_count(&state.db).await,
        Err(error) => Err(error),
    };
    match checked {
        // Failed mail is for administrators to act on (their list has a retry
        // button), not a reason to take this process out of a load balancer.
        Ok(failed_mail) => Json(serde_json::json!({
            "status": "ok",
            "database": "ok",
            "failed_mail": failed_mail,
        }))
        .into_response(),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" })),
            )
                .into_response()
        }
    }
}

/// How long a request may take: 30 seconds, except an upload (a responder's
/// evidence, a caseworker's document), which on a poor signal can take
/// minutes for 25 MB.
async fn time_limit(request: Request<axum::body::Body>, next: Next) -> Response {
    let path = request.uri().path();
    let limit = if path == routes::UPLOAD || routes::is_add_document(path) {
        Duration::from_secs(15 * 60)
    } else {
        Duration::from_secs(30)
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// `/pkg/…`: the built wasm, JS, CSS and split chunks. A release build
/// (`cargo leptos build --release --precompress`) leaves each beside its
/// brotli (quality 11) and gzip copies, which are sent to browsers that take
/// them; nothing is compressed per request. With `hash-files` each name holds
/// a hash of its content, so the file is cached for a year and never asked
/// for again; an unhashed name (a debug build) is checked each time.
fn built_files(options: &leptos::config::LeptosOptions) -> Router {
    let folder =
        std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    Router::new()
        .fallback_service(
            tower_http::services::ServeDir::new(folder)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::from_fn(cache_built_files))
}

/// `Cache-Control` for a built file, by whether its name holds a content hash.
async fn cache_built_files(request: Request<axum::body::Body>, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let policy = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Whether a file name holds a content hash as cargo-leptos writes one: 22
/// characters of unpadded base64url (an MD5), as a dot-separated part
/// (`nrm.3kM…Q.wasm`) or the whole stem of a split chunk. The placeholder of
/// an unhashed build (22 underscores) is not one.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.').any(|part| {
        part.len() == 22
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && part.bytes().any(|b| b != b'_')
    })
}

/// Pages can hold a potential victim's details: browsers and proxies must not keep them.
async fn no_store_for_pages(request: Request<axum::body::Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Which responses are compressed: those of more than a few bytes, not
/// images, that `compressible` lets through.
fn worth_compressing() -> impl Predicate {
    DefaultPredicate::new().and(compressible)
}

/// What is compressed on the fly: pages and server-function answers (JSON
/// or text), never an attachment (evidence files are PDFs,
/// images and Word packages, compressed already, and keep their length).
fn compressible(
    _: StatusCode,
    _: http::Version,
    headers: &http::HeaderMap,
    _: &http::Extensions,
) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let attachment = text(header::CONTENT_DISPOSITION).is_some_and(|v| v.starts_with("attachment"));
    let generated = text(header::CONTENT_TYPE).is_some_and(|v| {
        ["text/html", "application/json", "text/plain"]
            .iter()
            .any(|kind| v.starts_with(kind))
    });
    generated && !attachment
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn hashed_names_are_told_from_plain_ones() {
        assert!(is_content_hashed("/pkg/nrm.3kMx0P2m-qZ_7aB1cD2eFg.wasm"));
        assert!(is_content_hashed("/pkg/AbCdEfGhIjKlMnOpQrStUv.wasm"));
        assert!(!is_content_hashed("/pkg/nrm.wasm"));
        assert!(!is_content_hashed(
            "/pkg/__wasm_split.______________________.js"
        ));
        assert!(!is_content_hashed("/pkg/nrm.3kMx0P2m.wasm"));
    }
}
