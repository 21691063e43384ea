use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::db::Db;

/// What every handler can reach.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}
