use server::{config::Config, prepare, serve, shutdown_signal, telemetry, StartError};
use std::process::ExitCode;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "the service stopped");
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), StartError> {
    let config = Config::from_env()?;
    telemetry::init(config.log_json);
    let state = prepare(&config).await?;
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Listen {
            addr: config.addr,
            source,
        })?;
    tracing::info!("listening on http://{}", config.addr);
    let grace = config.shutdown_grace;
    let shutdown = async move {
        shutdown_signal().await;
        // Requests still running after the grace period are cut off.
        tokio::spawn(async move {
            tokio::time::sleep(grace).await;
            tracing::warn!("grace period over: exiting");
            std::process::exit(0);
        });
    };
    serve(listener, state, shutdown).await
}
