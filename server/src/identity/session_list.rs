//! `/sessions`: a person's own sessions, and ending them. Anyone fully
//! signed in may see and end their own sessions, and only their own.

use app::api::SessionEntry;
use app::dates::long_date_time;
use app::pages::sessions::{ALL_OTHERS, SESSION};
use app::routes;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
};

use crate::identity::access::SignedInPerson;
use crate::identity::sessions;
use crate::platform::clock::now_seconds;
use crate::platform::db::DbError;
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

/// The person's sessions, the one asking first.
pub async fn list(state: &AppState, me: &SignedInPerson) -> Result<Vec<SessionEntry>, DbError> {
    let mut entries: Vec<SessionEntry> =
        sessions::list_for(&state.db, &me.user.email, now_seconds())
            .await?
            .into_iter()
            .map(|s| SessionEntry {
                this_one: s.id_hash == me.session.id_hash,
                handle: s.id_hash,
                started: long_date_time(s.created_at),
                last_used: long_date_time(s.last_seen_at),
                browser: describe(&s.user_agent),
            })
            .collect();
    entries.sort_by_key(|e| !e.this_one);
    Ok(entries)
}

/// `POST /sessions`: ends one of the person's other sessions (`session`), or
/// all of them (`all-others`). Another person's session is never found.
pub async fn post_end(
    State(state): State<AppState>,
    me: SignedInPerson,
    form: FormBody,
) -> Result<Response, AppError> {
    let values = form.values(&[SESSION, ALL_OTHERS]);
    let mine = &me.session.id_hash;
    let ended = if values.get(ALL_OTHERS) == "true" {
        sessions::end_others(&state.db, &me.user.email, mine).await?;
        "all"
    } else {
        let handle = values.get(SESSION);
        // This session is ended by signing out, not here.
        if handle.is_empty() || handle == mine {
            return Err(AppError::BadRequest);
        }
        if !sessions::end_own(&state.db, &me.user.email, handle).await? {
            return Err(AppError::NotFound);
        }
        "one"
    };
    tracing::info!(ended, "sessions ended by their owner");
    Ok(Redirect::to(&format!("{}?ended={ended}", routes::SESSIONS)).into_response())
}

/// A browser's `User-Agent` in words: "Chrome on Android".
pub fn describe(user_agent: &str) -> String {
    const BROWSERS: &[(&str, &str)] = &[
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: &[(&str, &str)] = &[
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "Mac"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let find = |names: &[(&str, &'static str)]| {
        names
            .iter()
            .find(|(marker, _)| user_agent.contains(marker))
            .map(|(_, name)| *name)
    };
    match (find(BROWSERS), find(SYSTEMS)) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) => "An unknown browser".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_are_named_in_words() {
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(describe(android), "Chrome on Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(describe(iphone), "Safari on iPhone");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(describe(edge), "Edge on Windows");
        assert_eq!(describe(""), "An unknown browser");
        assert_eq!(describe("curl/8.5"), "An unknown browser");
    }
}
