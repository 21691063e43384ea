//! The state every handler, page render and server function reaches.

use app::api::backend::SharedBackend;
use app::api::StatisticsView;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use std::sync::Arc;
use tokio::sync::Notify;

use crate::identity::allowlist::EmailAllowlist;
use crate::identity::sessions::{Audience, Lifetime, SessionCookie};
use crate::platform::cache::Cached;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::files::FileStore;

/// What every handler can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub allowlist: Arc<EmailAllowlist>,
    /// Where evidence files are kept.
    pub files: Arc<dyn FileStore>,
    /// Wakes the outbox worker when a message is queued.
    pub mail_wake: Arc<Notify>,
    /// The statistics last counted, and when.
    pub statistics: Cached<StatisticsView>,
    /// What the server functions call ([`crate::web::backend`]).
    pub backend: SharedBackend,
}

impl AppState {
    /// How long a session started now lasts, for staff or a first responder.
    pub fn session_lifetime(&self, audience: Audience) -> Lifetime {
        Lifetime {
            idle: self.config.session_idle_seconds,
            max: match audience {
                Audience::Staff => self.config.staff_session_seconds,
                Audience::Responder => self.config.responder_session_seconds,
            },
        }
    }

    /// How the session cookie is named and set here (`__Host-` over HTTPS).
    pub fn session_cookie(&self) -> SessionCookie {
        SessionCookie {
            secure: self.config.secure_cookies(),
        }
    }
}

/// What every page render and server function can reach: the state, the
/// backend behind the server functions, and the response's CSP nonce.
pub fn provide_page_context(state: &AppState) {
    provide_context(state.clone());
    provide_context(state.backend.clone());
    leptos::nonce::provide_nonce();
}
