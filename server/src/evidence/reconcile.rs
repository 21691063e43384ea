//! The files and their rows, compared: a file the store holds that no row
//! names (left by a crash between writing a file and committing its row, or
//! by a delete that failed) is removed; a row whose file the store does not
//! hold is reported, never deleted, since it may be a sent referral's
//! evidence that someone must look for.
//!
//! An upload writes its file first and commits its row after, so the two are
//! compared only for what is older than [`GRACE_SECONDS`]: a file written a
//! moment ago may be waiting for its row, and a row committed a moment ago
//! may name a file written after the store was listed.

use std::collections::HashSet;

use crate::evidence::store;
use crate::platform::db::{Db, DbError};
use crate::platform::files::FileStore;

/// How old a file or row must be before the other's absence counts.
pub const GRACE_SECONDS: i64 = 3600;

/// What one comparison found and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Keys of files that no row named, now removed.
    pub removed: Vec<String>,
    /// Files without a row that could not be removed (tried again next time).
    pub not_removed: usize,
    /// Ids of rows whose file is missing.
    pub missing: Vec<String>,
}

impl Reconciliation {
    /// One line for the audit log and the log: counts and the missing rows' ids.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{} stray file(s) removed, {} not removed, {} record(s) without their file",
            self.removed.len(),
            self.not_removed,
            self.missing.len()
        );
        if !self.missing.is_empty() {
            line.push_str(": ");
            line.push_str(&self.missing.join(", "));
        }
        line
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error("listing the file store: {0}")]
    Store(#[from] std::io::Error),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Compares the store with the rows as of `now`; removes stray files.
pub async fn reconcile(
    db: &Db,
    files: &dyn FileStore,
    now: i64,
) -> Result<Reconciliation, ReconcileError> {
    let settled = now - GRACE_SECONDS;
    // The store first, then the rows: a row that names a file listed here is
    // read whatever happens to it meanwhile.
    let held = files.list().await?;
    let rows = store::all_keys(db).await?;
    let named: HashSet<&str> = rows.iter().map(|r| r.storage_key.as_str()).collect();
    let held_keys: HashSet<&str> = held.iter().map(|f| f.key.as_str()).collect();
    let mut found = Reconciliation::default();
    for file in held
        .iter()
        .filter(|f| f.modified < settled && !named.contains(f.key.as_str()))
    {
        match files.delete(&file.key).await {
            Ok(()) => found.removed.push(file.key.clone()),
            Err(error) => {
                tracing::warn!(%error, "could not remove a file without a record");
                found.not_removed += 1;
            }
        }
    }
    found.missing = rows
        .iter()
        .filter(|r| r.uploaded_at < settled && !held_keys.contains(r.storage_key.as_str()))
        .map(|r| r.id.clone())
        .collect();
    Ok(found)
}
