//! The time, as the database stores it: whole seconds since the Unix epoch.
//!
//! Browser tests of the whole lifecycle must see a recovery period pass. They
//! name a file in `NRM_CLOCK_OFFSET_FILE` and write into it how many seconds
//! the service's clock runs ahead. Without that variable (as in production)
//! the clock is the system's.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

pub const OFFSET_FILE_VAR: &str = "NRM_CLOCK_OFFSET_FILE";

fn offset_file() -> Option<&'static PathBuf> {
    static FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
    FILE.get_or_init(|| std::env::var_os(OFFSET_FILE_VAR).map(PathBuf::from))
        .as_ref()
}

/// Seconds the clock is moved forward (0 unless a test moved it).
fn offset() -> i64 {
    offset_file()
        .and_then(|file| std::fs::read_to_string(file).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0)
}

/// Whether a test may move this process's clock.
pub fn is_movable() -> bool {
    offset_file().is_some()
}

pub fn now_seconds() -> i64 {
    let system = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or_default();
    system.saturating_add(offset())
}
