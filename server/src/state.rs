use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tokio::sync::Notify;

use crate::allowlist::EmailAllowlist;
use crate::config::Config;
use crate::db::Db;
use crate::evidence::FileStore;

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
    pub statistics: crate::statistics::Cache,
}
