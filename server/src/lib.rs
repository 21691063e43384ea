//! The NRM service's server: configuration, database, HTTP and background work.

#![recursion_limit = "512"]

pub mod casework;
pub mod evidence;
pub mod identity;
pub mod jobs;
pub mod journey;
pub mod platform;
pub mod retention;
pub mod tools;
pub mod web;

use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::identity::allowlist::EmailAllowlist;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::mail::Mailer;
use crate::web::context::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] platform::config::ConfigError),
    #[error(transparent)]
    Db(#[from] platform::db::DbError),
    #[error("could not listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
    #[error("mail settings: {0}")]
    Mail(#[from] platform::mail::MailError),
    #[error("the audit log is broken at row {seq}")]
    AuditBroken { seq: i64 },
}

/// Opens the database (creating and migrating it), loads demo data if asked,
/// and returns the state the router needs.
pub async fn prepare(config: &Config) -> Result<AppState, StartError> {
    if let Some(dir) = config.sqlite_dir() {
        std::fs::create_dir_all(&dir).map_err(platform::db::DbError::from)?;
    }
    let db = Db::connect(&config.database_url).await?;
    platform::audit::install_guards(&db).await?;
    tracing::info!(backend = %db.backend().await?, "database ready");
    if platform::clock::is_movable() {
        tracing::warn!(
            variable = platform::clock::OFFSET_FILE_VAR,
            "the clock can be moved by a test: never set this in production"
        );
    }
    if config.demo_data {
        tools::demo::load(&db).await?;
    }
    let filled = casework::sent_cases::fill_in_referrer_domains(&db).await?;
    if filled > 0 {
        tracing::info!(filled, "referrer domains filled in for older referrals");
    }
    let tasks = casework::cases::tasks::open_missing(&db).await?;
    if tasks > 0 {
        tracing::info!(
            tasks,
            "tasks opened for cases received before tasks existed"
        );
    }
    let derived = casework::cases::intake::derive_missing(&db).await?;
    if derived > 0 {
        tracing::info!(
            cases = derived,
            "made the flags and search terms of cases received before them"
        );
    }
    // Until a case's name bits are worked out every search checks its
    // terms: the pass runs beside the service rather than before it.
    let filling = db.clone();
    tokio::spawn(async move {
        match casework::person_search::fill_name_bits(&filling).await {
            Ok(0) => {}
            Ok(cases) => tracing::info!(cases, "worked out the name bits of older cases"),
            Err(error) => tracing::error!(%error, "working out older cases' name bits failed"),
        }
    });
    let allowlist = EmailAllowlist::built_in();
    tracing::info!(entries = allowlist.len(), "email allowlist loaded");
    Ok(AppState {
        leptos_options: config.leptos_options(),
        db,
        config: Arc::new(config.clone()),
        allowlist: Arc::new(allowlist),
        files: Arc::new(platform::files::FolderStore::new(config.file_dir.clone())),
        mail_wake: Arc::new(Notify::new()),
        statistics: Default::default(),
        backend: web::backend::ServerBackend::shared(),
    })
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let db = state.db.clone();
    let config = &state.config;
    let mailer = Mailer::new(
        config.smtp_url.as_deref(),
        config.mail_dir.clone(),
        &config.mail_from,
    )?;
    match &config.smtp_url {
        Some(_) => tracing::info!("email goes out over SMTP"),
        None => {
            tracing::info!(folder = %config.mail_dir.display(), "email is written to a folder (no SMTP_URL)")
        }
    }
    let jobs = if config.background_jobs {
        jobs::spawn(state.clone(), mailer)
    } else {
        tracing::info!("background jobs are off (BACKGROUND_JOBS=false)");
        Vec::new()
    };
    let app = web::router::router(state);
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(StartError::Serve);
    for job in jobs {
        job.abort();
    }
    db.close().await;
    served
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
