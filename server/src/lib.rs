//! The NRM service's server: configuration, database, HTTP and background work.

pub mod accounts;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod form_post;
pub mod http;
pub mod sign_in;
pub mod state;
pub mod telemetry;

use std::future::Future;
use tokio::net::TcpListener;

use crate::{config::Config, db::Db, state::AppState};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("could not listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

/// Opens the database (creating and migrating it), loads demo data if asked,
/// and returns the state the router needs.
pub async fn prepare(config: &Config) -> Result<AppState, StartError> {
    if let Some(dir) = config.sqlite_dir() {
        std::fs::create_dir_all(&dir).map_err(db::DbError::from)?;
    }
    let db = Db::connect(&config.database_url).await?;
    tracing::info!(backend = %db.backend().await?, "database ready");
    if config.demo_data {
        demo::load(&db).await?;
    }
    Ok(AppState {
        leptos_options: config.leptos_options(),
        db,
    })
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let db = state.db.clone();
    let app = http::router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(StartError::Serve)?;
    db.close().await;
    Ok(())
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
