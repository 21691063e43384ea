use server::platform::{config::Config, telemetry};
use server::{prepare, serve, shutdown_signal, StartError};
use std::process::ExitCode;
use tokio::net::TcpListener;

/// mimalloc instead of the system allocator: rendering a page makes many small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => return generate(&config, &args[1..]).await,
        Some("demo-code") => return demo_code(),
        Some("audit") if args.get(1).map(String::as_str) == Some("verify") => {
            return audit_verify(&config).await
        }
        _ => {}
    }
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

/// `server demo-code`: prints the demo staff accounts' second-factor code
/// of the moment (they share a published secret; local runs only).
fn demo_code() -> Result<(), StartError> {
    let now = server::platform::clock::now_seconds();
    match server::tools::demo::demo_code(now) {
        Ok((code, left)) => {
            println!("{code}  (the demo staff accounts' code for the next {left} s)");
            Ok(())
        }
        Err(error) => {
            eprintln!("error: {error}");
            Ok(())
        }
    }
}

/// `server audit verify`: walks the audit log's hash chain in the database
/// in `DATABASE_URL`, prints what it found, and fails naming the first row
/// that does not hold.
async fn audit_verify(config: &Config) -> Result<(), StartError> {
    use server::platform::audit::{self, Verdict};
    let db = server::platform::db::Db::connect(&config.database_url).await?;
    match audit::verify(&db, server::platform::clock::now_seconds()).await? {
        Verdict::Intact { rows } => {
            println!("the audit log holds: {rows} rows, each following from the one before");
            Ok(())
        }
        Verdict::Broken { seq, rows, why } => {
            println!("the audit log is broken at row {seq}: {why} ({rows} rows hold before it)");
            Err(StartError::AuditBroken { seq })
        }
    }
}

/// `server generate --cases N [--dtn M] [--seed S]`: adds synthetic cases to
/// the database in `DATABASE_URL` (for demos and load tests), then exits.
async fn generate(config: &Config, args: &[String]) -> Result<(), StartError> {
    let number = |flag: &str, default: u64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(default)
    };
    let cases = number("--cases", 1000);
    let dtn = number("--dtn", cases / 10);
    let seed = number("--seed", 2023);
    let state = prepare(config).await?;
    let started = std::time::Instant::now();
    server::tools::volume::generate(&state.db, cases, dtn, seed).await?;
    let seconds = started.elapsed().as_secs_f64();
    tracing::info!(cases, dtn, seconds, "synthetic cases generated");
    println!("generated {cases} cases and {dtn} Duty to Notify reports in {seconds:.1} s");
    Ok(())
}
