//! Checks made before any handler runs: who is signed in, who may see a
//! page, and whether a form post came from our own pages.

use app::routes;
use app::session::IdleTimeout;
use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, HeaderValue, Method, Request},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::identity::access::{Responder, SecondFactorDue, Staff};
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
    if let Some(id) = state.session_cookie().value(request.headers()) {
        match sessions::find_active(
            &state.db,
            &id,
            state.config.session_idle_seconds,
            now_seconds(),
        )
        .await
        {
            Ok(Some((user, active))) if active.second_factor_due => {
                // Half signed in: the second-factor pages alone see them.
                if let Some(role) = active.staff_role {
                    request.extensions_mut().insert(SecondFactorDue {
                        email: user.email,
                        organisation: user.organisation,
                        role,
                    });
                }
            }
            Ok(Some((user, active))) => {
                if let Some(role) = active.staff_role.filter(|r| r.is_staff()) {
                    request.extensions_mut().insert(app::session::DeskUser {
                        email: user.email.clone(),
                        role,
                    });
                }
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
    path.starts_with("/pkg/")
        || [
            "/favicon.svg",
            routes::HEALTHZ,
            routes::OFFLINE_WORKER,
            routes::OFFLINE_STORE,
        ]
        .contains(&path)
}

fn clamp_u32(seconds: i64) -> u32 {
    u32::try_from(seconds.max(0)).unwrap_or(u32::MAX)
}

/// Refuses state-changing requests that do not show they came from our own
/// pages (cross-site request forgery). The session cookie is also
/// `SameSite`; this is the second lock.
pub async fn same_origin_posts(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let safe = request.method() == Method::GET || request.method() == Method::HEAD;
    if !safe && !from_our_pages(request.headers(), &state.config.public_url) {
        tracing::warn!(path = %request.uri().path(), "cross-site post refused");
        return AppError::CrossSite.into_response();
    }
    next.run(request).await
}

/// Whether a request's headers show it was sent by one of our pages: a
/// browser's `Sec-Fetch-Site` says same-origin (or that the person asked for
/// it themselves), and an `Origin` is ours, scheme included. A request that
/// carries neither header is refused: every browser we serve sends one.
pub fn from_our_pages(headers: &HeaderMap, public_url: &str) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let site = text("sec-fetch-site");
    if site.is_some_and(|site| site != "same-origin" && site != "none") {
        return false;
    }
    match text(header::ORIGIN.as_str()) {
        Some(origin) => is_our_origin(origin, public_url, text(header::HOST.as_str())),
        None => site.is_some(),
    }
}

/// `scheme://host[:port]` of the public address, or of this request's host
/// under the public address's scheme (a local run reached as 127.0.0.1).
fn is_our_origin(origin: &str, public_url: &str, host: Option<&str>) -> bool {
    let Some((scheme, rest)) = public_url.split_once("://") else {
        return false;
    };
    let public_host = rest.split('/').next().unwrap_or_default();
    let ours = |host: &str| origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"));
    ours(public_host) || host.is_some_and(ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    const PUBLIC: &str = "https://nrm.example.gov.uk";

    #[test]
    fn our_own_pages_may_post() {
        let ours = [("origin", "https://nrm.example.gov.uk")];
        assert!(from_our_pages(&headers(&ours), PUBLIC));
        let fetched = [("sec-fetch-site", "same-origin")];
        assert!(from_our_pages(&headers(&fetched), PUBLIC));
        let both = [
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://nrm.example.gov.uk"),
        ];
        assert!(from_our_pages(&headers(&both), PUBLIC));
        // A local run reached by another name for the same host.
        let local = [
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ];
        assert!(from_our_pages(&headers(&local), "http://localhost:3000"));
    }

    #[test]
    fn anything_else_is_refused() {
        for refused in [
            &[][..],
            &[("origin", "https://evil.example")][..],
            &[("origin", "null")][..],
            // The right host over the wrong scheme.
            &[("origin", "http://nrm.example.gov.uk")][..],
            &[("sec-fetch-site", "cross-site")][..],
            &[("sec-fetch-site", "same-site")][..],
            &[
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://nrm.example.gov.uk"),
            ][..],
            // A foreign page's Origin with our Host header.
            &[
                ("origin", "https://evil.example"),
                ("host", "nrm.example.gov.uk"),
            ][..],
        ] {
            assert!(!from_our_pages(&headers(refused), PUBLIC), "{refused:?}");
        }
    }
}
