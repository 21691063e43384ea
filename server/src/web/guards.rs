//! Checks made before any handler runs: who is signed in, who may see a
//! page, and whether a form post came from our own pages.

use app::routes;
use app::session::IdleTimeout;
use axum::{
    body::Body,
    extract::State,
    http::{header, Method, Request},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::identity::access::{Responder, Staff};
use crate::identity::sessions;
use crate::platform::clock::now_seconds;
use crate::web::context::AppState;
use crate::web::error::AppError;

/// Pages under `/nrm/` that need no session: the link's landing page and its failure page.
const OPEN_NRM_PAGES: &[&str] = &[routes::SIGN_IN_LINK, routes::TOKEN_INVALID];

/// Finds the session named by the cookie and puts the signed-in user in the
/// request for pages and handlers; sends anyone signed out from a first
/// responder's page to the sign-in question.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    // Static files and the health check need no session: no look-up, and no
    // write to slide the session on for every stylesheet or wasm download.
    if is_static(request.uri().path()) {
        return next.run(request).await;
    }
    if let Some(id) = sessions::cookie_value(request.headers()) {
        match sessions::find_active(
            &state.db,
            &id,
            state.config.session_idle_seconds,
            now_seconds(),
        )
        .await
        {
            Ok(Some((user, active))) => {
                request.extensions_mut().insert(user);
                request.extensions_mut().insert(active);
                request.extensions_mut().insert(IdleTimeout {
                    idle_seconds: clamp_u32(state.config.session_idle_seconds),
                    warning_seconds: clamp_u32(state.config.session_warning_seconds),
                });
            }
            Ok(None) => {}
            Err(error) => {
                tracing::error!(%error, "session look-up failed");
                return AppError::Unavailable.into_response();
            }
        }
    }
    let path = request.uri().path();
    if path.starts_with(routes::CASEWORK) && Staff::from_extensions(request.extensions()).is_none()
    {
        // Casework is for staff: first responders and the signed-out see only staff sign-in.
        return Redirect::to(routes::STAFF_SIGN_IN).into_response();
    }
    let needs_session = path.starts_with("/nrm/") && !OPEN_NRM_PAGES.contains(&path);
    // A staff session is not a first responder's: it cannot refer.
    if needs_session && Responder::from_extensions(request.extensions()).is_none() {
        return Redirect::to(routes::WHO_DO_YOU_WORK_FOR).into_response();
    }
    next.run(request).await
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg" || path == routes::HEALTHZ
}

fn clamp_u32(seconds: i64) -> u32 {
    u32::try_from(seconds.max(0)).unwrap_or(u32::MAX)
}

/// Refuses state-changing requests sent from another site (cross-site request
/// forgery). The session cookie is also `SameSite=Lax`; this is the second lock.
pub async fn same_origin_posts(request: Request<Body>, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let headers = request.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site");
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        let foreign_origin = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|origin| {
                let origin_host = origin.split("://").nth(1).unwrap_or(origin);
                origin == "null" || Some(origin_host) != host
            });
        if cross_site || foreign_origin {
            tracing::warn!(path = %request.uri().path(), "cross-site post refused");
            return AppError::CrossSite.into_response();
        }
    }
    next.run(request).await
}
