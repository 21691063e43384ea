//! Configuration, read once from the environment at start.

use leptos::config::LeptosOptions;
use std::{env, net::SocketAddr, path::PathBuf, time::Duration};

/// Every setting the server reads. The README's configuration table lists them.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`: the address and port to listen on.
    pub addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`: the folder cargo-leptos builds the site into.
    pub site_root: String,
    /// `LEPTOS_OUTPUT_NAME`: the base name of the wasm, JS and CSS files.
    pub output_name: String,
    /// `LOG_FORMAT`: `text` (default) or `json`.
    pub log_json: bool,
    /// `DEMO_DATA`: load the demo accounts at start (`true` or `false`).
    pub demo_data: bool,
    /// `SHUTDOWN_GRACE_SECONDS`: how long requests in flight get to finish after SIGTERM.
    pub shutdown_grace: Duration,
    /// `PUBLIC_URL`: the address users reach the service at, for links in email.
    pub public_url: String,
    /// `SMTP_URL`: send email over SMTP (`smtps://user:pass@host:465`); unset writes `.eml` files.
    pub smtp_url: Option<String>,
    /// `MAIL_DIR`: where `.eml` files go when there is no SMTP server.
    pub mail_dir: PathBuf,
    /// `FILE_DIR`: where uploaded evidence files are kept.
    pub file_dir: PathBuf,
    /// `MAIL_FROM`: the sender of the service's email.
    pub mail_from: String,
    /// `SESSION_IDLE_MINUTES`: sign-out after this long without a request.
    pub session_idle_seconds: i64,
    /// `SESSION_WARNING_MINUTES`: how long before that sign-out the page warns.
    pub session_warning_seconds: i64,
    /// `BACKGROUND_JOBS`: run the outbox worker and clean-up in this process (`true`, the default).
    pub background_jobs: bool,
    /// `DRAFT_EXPIRY_DAYS`: a draft is deleted at the end of the day this many days after its last change.
    pub draft_expiry_days: i64,
    /// `STATISTICS_CACHE_SECONDS`: how long the statistics page reuses its figures (300).
    pub statistics_cache_seconds: i64,
    /// `SIGN_IN_LINKS_PER_ADDRESS`: links sent to one address per window (3).
    pub links_per_address: i64,
    /// `SIGN_IN_LINKS_PER_CLIENT`: links one client may ask for per window (30).
    pub links_per_client: i64,
    /// `SIGN_IN_LINK_WINDOW_MINUTES`: the window those limits count in (15).
    pub link_window_seconds: i64,
    /// `WRONG_PASSWORDS_PER_CLIENT`: wrong staff passwords one client gets free,
    /// across every address, before it must wait (20).
    pub wrong_passwords_per_client: i64,
    /// `STAFF_SESSION_HOURS`: a staff session ends this long after sign-in, however busy (10).
    pub staff_session_seconds: i64,
    /// `RESPONDER_SESSION_HOURS`: the same for a first responder's session (12).
    pub responder_session_seconds: i64,
    /// `EVIDENCE_QUOTA_MB`: what one first responder's unsent drafts may hold in
    /// evidence files, in megabytes (500).
    pub evidence_quota_bytes: i64,
    /// `CLEAN_UP_EVERY_SECONDS`: the period of the scheduled clean-up (600);
    /// with several servers it runs once per period, in whichever process
    /// claims that period first.
    pub clean_up_seconds: i64,
    /// `RECONCILE_FILES_EVERY_SECONDS`: how often evidence files are compared
    /// with their rows (86400, daily); once per period across processes.
    pub reconcile_seconds: i64,
    /// `CLIENT_ADDRESS_HEADER`: the header a proxy in front puts the client's
    /// address in (its last entry is used); unset, the connection's address.
    pub client_address_header: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/nrm.db";

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can supply their own.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str, default: &str| lookup(name).unwrap_or_else(|| default.to_owned());
        let addr = get("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
        let addr = addr.parse().map_err(|e| ConfigError::Invalid {
            name: "LEPTOS_SITE_ADDR",
            reason: format!("{e} (expected host:port, like 127.0.0.1:3000)"),
        })?;
        let log_format = get("LOG_FORMAT", "text");
        let log_json = match log_format.as_str() {
            "text" => false,
            "json" => true,
            other => {
                return Err(ConfigError::Invalid {
                    name: "LOG_FORMAT",
                    reason: format!("'{other}' (expected text or json)"),
                })
            }
        };
        let demo_data = parse_bool("DEMO_DATA", &get("DEMO_DATA", "false"))?;
        let background_jobs = parse_bool("BACKGROUND_JOBS", &get("BACKGROUND_JOBS", "true"))?;
        let grace = get("SHUTDOWN_GRACE_SECONDS", "20");
        let shutdown_grace =
            grace
                .parse()
                .map(Duration::from_secs)
                .map_err(|e| ConfigError::Invalid {
                    name: "SHUTDOWN_GRACE_SECONDS",
                    reason: format!("'{grace}': {e}"),
                })?;
        let idle = get("SESSION_IDLE_MINUTES", "60");
        let session_idle_seconds = idle
            .parse::<i64>()
            .ok()
            .filter(|m| *m > 0)
            .map(|m| m * 60)
            .ok_or_else(|| ConfigError::Invalid {
                name: "SESSION_IDLE_MINUTES",
                reason: format!("'{idle}' (expected a whole number of minutes)"),
            })?;
        let warning = get("SESSION_WARNING_MINUTES", "5");
        let session_warning_seconds = warning
            .parse::<i64>()
            .ok()
            .map(|m| m * 60)
            .filter(|s| *s > 0 && *s < session_idle_seconds)
            .ok_or_else(|| ConfigError::Invalid {
                name: "SESSION_WARNING_MINUTES",
                reason: format!(
                    "'{warning}' (expected whole minutes, fewer than SESSION_IDLE_MINUTES)"
                ),
            })?;
        let days = get("DRAFT_EXPIRY_DAYS", "28");
        let draft_expiry_days = days
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=365).contains(d))
            .ok_or_else(|| ConfigError::Invalid {
                name: "DRAFT_EXPIRY_DAYS",
                reason: format!("'{days}' (expected whole days from 1 to 365)"),
            })?;
        let cache = get("STATISTICS_CACHE_SECONDS", "300");
        let statistics_cache_seconds = cache
            .parse::<i64>()
            .ok()
            .filter(|s| (0..=86_400).contains(s))
            .ok_or_else(|| ConfigError::Invalid {
                name: "STATISTICS_CACHE_SECONDS",
                reason: format!("'{cache}' (expected seconds from 0 to 86400)"),
            })?;
        let whole = |name: &'static str, default: &str, range: std::ops::RangeInclusive<i64>| {
            let value = get(name, default);
            value
                .parse::<i64>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| ConfigError::Invalid {
                    name,
                    reason: format!(
                        "'{value}' (expected a whole number from {} to {})",
                        range.start(),
                        range.end()
                    ),
                })
        };
        let links_per_address = whole("SIGN_IN_LINKS_PER_ADDRESS", "3", 1..=100)?;
        let links_per_client = whole("SIGN_IN_LINKS_PER_CLIENT", "30", 1..=100_000)?;
        let link_window_seconds = whole("SIGN_IN_LINK_WINDOW_MINUTES", "15", 1..=30)? * 60;
        let wrong_passwords_per_client = whole("WRONG_PASSWORDS_PER_CLIENT", "20", 1..=100_000)?;
        let staff_session_seconds = whole("STAFF_SESSION_HOURS", "10", 1..=24)? * 3600;
        let responder_session_seconds = whole("RESPONDER_SESSION_HOURS", "12", 1..=24)? * 3600;
        let evidence_quota_bytes = whole("EVIDENCE_QUOTA_MB", "500", 1..=100_000)? * 1024 * 1024;
        let clean_up_seconds = whole("CLEAN_UP_EVERY_SECONDS", "600", 1..=86_400)?;
        let reconcile_seconds = whole("RECONCILE_FILES_EVERY_SECONDS", "86400", 1..=604_800)?;
        let public_url = get("PUBLIC_URL", &format!("http://{addr}"))
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "PUBLIC_URL",
                reason: format!("'{public_url}' (expected http://… or https://…)"),
            });
        }
        Ok(Self {
            public_url,
            smtp_url: lookup("SMTP_URL").filter(|v| !v.is_empty()),
            mail_dir: PathBuf::from(get("MAIL_DIR", "data/mail")),
            file_dir: PathBuf::from(get("FILE_DIR", "data/files")),
            mail_from: get(
                "MAIL_FROM",
                "Modern slavery referrals <no-reply@nrm.example>",
            ),
            session_idle_seconds,
            session_warning_seconds,
            draft_expiry_days,
            statistics_cache_seconds,
            links_per_address,
            links_per_client,
            link_window_seconds,
            wrong_passwords_per_client,
            staff_session_seconds,
            responder_session_seconds,
            evidence_quota_bytes,
            clean_up_seconds,
            reconcile_seconds,
            client_address_header: lookup("CLIENT_ADDRESS_HEADER")
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty()),
            background_jobs,
            database_url: get("DATABASE_URL", DEFAULT_DATABASE_URL),
            addr,
            site_root: get("LEPTOS_SITE_ROOT", "target/site"),
            output_name: get("LEPTOS_OUTPUT_NAME", "nrm"),
            log_json,
            demo_data,
            shutdown_grace,
        })
    }

    /// Cookies get `Secure` when users reach the service over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name(self.output_name.as_str())
            .site_root(self.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .hash_files(built_with_hashed_names())
            .build()
    }

    /// The folder of a `sqlite://` database file, created before connecting.
    pub fn sqlite_dir(&self) -> Option<PathBuf> {
        let path = self.database_url.strip_prefix("sqlite://")?;
        let path = path.split('?').next()?;
        PathBuf::from(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(PathBuf::from)
    }
}

/// Whether cargo-leptos gave the built files hashed names (`hash-files` in
/// Cargo.toml): it then writes `hash.txt` beside the server binary, which the
/// pages read to name them. A binary built without the site (the server
/// tests) has none, and names them plainly.
fn built_with_hashed_names() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        other => Err(ConfigError::Invalid {
            name,
            reason: format!("'{other}' (expected true or false)"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost_3000() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.sqlite_dir(), Some(PathBuf::from("data")));
        assert!(!c.log_json);
        assert!(!c.demo_data);
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert_eq!(c.session_idle_seconds, 3600);
        assert_eq!(c.mail_dir, PathBuf::from("data/mail"));
        assert!(c.smtp_url.is_none());
        assert!(!c.secure_cookies());
    }

    #[test]
    fn https_public_urls_make_cookies_secure() {
        let c = config(&[("PUBLIC_URL", "https://nrm.example/")]).unwrap();
        assert_eq!(c.public_url, "https://nrm.example");
        assert!(c.secure_cookies());
        assert!(config(&[("PUBLIC_URL", "nrm.example")]).is_err());
        assert!(config(&[("SESSION_IDLE_MINUTES", "0")]).is_err());
        assert!(config(&[("SESSION_WARNING_MINUTES", "60")]).is_err());
        assert_eq!(config(&[]).unwrap().session_warning_seconds, 300);
        assert_eq!(config(&[]).unwrap().draft_expiry_days, 28);
        assert!(config(&[("DRAFT_EXPIRY_DAYS", "0")]).is_err());
    }

    #[test]
    fn bad_values_are_named_in_the_error() {
        let err = config(&[("LEPTOS_SITE_ADDR", "nowhere")]).unwrap_err();
        assert!(err.to_string().starts_with("LEPTOS_SITE_ADDR"));
        let err = config(&[("LOG_FORMAT", "xml")]).unwrap_err();
        assert!(err.to_string().contains("text or json"));
        assert!(config(&[("DEMO_DATA", "maybe")]).is_err());
    }

    #[test]
    fn postgres_urls_have_no_sqlite_dir() {
        let c = config(&[("DATABASE_URL", "postgres://localhost/nrm")]).unwrap();
        assert_eq!(c.sqlite_dir(), None);
    }
}
